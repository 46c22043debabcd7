package esdb

import (
	"net/url"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

// DefaultPrefix starts the names of the EventStoreDB streams of a ledger
// whose connection string names no other.
const DefaultPrefix = "mentorledger:"

// prefixParam is the connection string parameter naming the ledger's
// stream prefix: esdb://host:2113?tls=false&ledgerPrefix=school-a:
const prefixParam = "ledgerprefix"

// parseConnection reads a connection string: the client's configuration,
// and the ledger prefix when the string names one ("" otherwise).
func parseConnection(conn string) (*esdb.Configuration, string, error) {
	base, query, _ := strings.Cut(conn, "?")
	var prefix string
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return nil, "", events.Errorf(events.EINVALID, "ledger %s: query: %v", redact(conn), err)
		}
		for k, v := range q {
			if strings.ToLower(k) == prefixParam {
				if len(v) > 0 {
					prefix = v[len(v)-1]
				}
				delete(q, k)
			}
		}
		if len(q) > 0 {
			base += "?" + q.Encode()
		}
	}
	cfg, err := esdb.ParseConnectionString(base)
	if err != nil {
		return nil, "", events.Errorf(events.EINVALID, "ledger %s: %v", redact(conn), err)
	}
	if prefix != "" {
		if err := checkPrefix(prefix); err != nil {
			return nil, "", err
		}
	}
	return cfg, prefix, nil
}

// checkPrefix refuses prefixes that would put the ledger among
// EventStoreDB's system streams or mix it with every other stream.
func checkPrefix(p string) error {
	switch {
	case p == "":
		return events.Errorf(events.EINVALID, "ledger prefix: must not be empty")
	case strings.HasPrefix(p, "$"):
		return events.Errorf(events.EINVALID, "ledger prefix %q: must not start with $ (EventStoreDB's system streams)", p)
	}
	return nil
}

// redact hides the password of a connection string in messages.
func redact(conn string) string {
	scheme, rest, ok := strings.Cut(conn, "://")
	if !ok {
		return conn
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return conn
	}
	if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
		return scheme + "://" + user + ":***@" + host
	}
	return conn
}
