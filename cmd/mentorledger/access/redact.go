package access

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Redact reduces an event payload to what an overseer may see: ids, dates,
// numbers and true/false. Free text — meeting topics, actions, notes,
// locations — and sealed personal details are dropped, and
// "redacted": true says so. The event's hash is unchanged, so the chain
// can still be checked against the ledger.
func Redact(payload json.RawMessage) json.RawMessage {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(payload, &fields); err != nil {
		return json.RawMessage(`{"redacted":true}`)
	}
	kept := map[string]json.RawMessage{"redacted": json.RawMessage("true")}
	for k, v := range fields {
		if keepField(k, v) {
			kept[k] = v
		}
	}
	out, err := json.Marshal(kept)
	if err != nil {
		return json.RawMessage(`{"redacted":true}`)
	}
	return out
}

// keepField keeps identifiers, dates and plain numbers or booleans.
func keepField(name string, v json.RawMessage) bool {
	for _, suffix := range []string{"_id", "_ids", "_on", "_at", "_for"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return false
	}
	switch v[0] {
	case 't', 'f', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return true
	}
	return false
}
