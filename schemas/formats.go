package schemas

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// formats replace or add to the library's formats so that whatever the
// schemas accept, the Go types in package events decode:
//
//   - date: events.ParseDate, the parser of events.Date.
//   - date-time: RFC 3339 with an upper-case T and Z and at most nine
//     fractional digits, which time.Time also accepts (time.Time alone
//     accepts a comma before the fraction and offsets of 24 hours).
//   - int64 and uint64: an integer in the range of the Go type, written
//     without fraction or exponent (encoding/json rejects 1.0 and 1e2 for
//     Go integers and -0 for unsigned ones).
var formats = []*jsonschema.Format{
	{Name: "date", Validate: validateDate},
	{Name: "date-time", Validate: validateDateTime},
	{Name: "int64", Validate: func(v any) error { return validateInteger(v, true) }},
	{Name: "uint64", Validate: func(v any) error { return validateInteger(v, false) }},
}

var (
	errDateTime = errors.New("not an RFC 3339 date-time")
	errInteger  = errors.New("not an integer in range")
)

func validateDate(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	_, err := events.ParseDate(s)
	return err
}

func validateDateTime(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	if !isDateTime(s) {
		return errDateTime
	}
	return nil
}

// isDateTime reports whether s is 2006-01-02T15:04:05[.fraction](Z|±hh:mm)
// and time.Time parses it.
func isDateTime(s string) bool {
	const fixed = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(fixed)+1 {
		return false
	}
	for i := 0; i < len(fixed); i++ {
		if fixed[i] == 'd' {
			if !isDigit(s[i]) {
				return false
			}
		} else if s[i] != fixed[i] {
			return false
		}
	}
	rest := s[len(fixed):]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 || n > 10 {
			return false
		}
		rest = rest[n:]
	}
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
		isDigit(rest[1]) && isDigit(rest[2]) && isDigit(rest[4]) && isDigit(rest[5]) &&
		rest[1] <= '2' && (rest[1] < '2' || rest[2] <= '3') && rest[4] <= '5':
	default:
		return false
	}
	var t time.Time
	return t.UnmarshalText([]byte(s)) == nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func validateInteger(v any, signed bool) error {
	n, ok := v.(json.Number)
	if !ok {
		return nil // the library decodes numbers as json.Number
	}
	var err error
	if signed {
		_, err = strconv.ParseInt(string(n), 10, 64)
	} else {
		_, err = strconv.ParseUint(string(n), 10, 64)
	}
	if err != nil {
		return errInteger
	}
	return nil
}
