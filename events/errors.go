package events

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer; the HTTP layer maps them to statuses.
const (
	EINVALID   = "invalid"   // input breaks a rule: 422
	ECONFLICT  = "conflict"  // expected version or state conflict: 409
	ENOTFOUND  = "not_found" // stream or entity does not exist: 404
	EFORBIDDEN = "forbidden" // caller may not do this: 403
	EINTERNAL  = "internal"  // anything else: 500
)

// Error is an error with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if errors.Is(err, ErrConcurrency) || errors.Is(err, ErrDuplicateID) {
		return ECONFLICT
	}
	return EINTERNAL
}

// ErrConcurrency is returned when an append's expected version does not
// match the stream's current version.
var ErrConcurrency = errors.New("concurrency conflict: stream version does not match expected version")

// ErrDuplicateID is returned when an event id is already recorded but the
// append is not an exact retry of the append that recorded it.
var ErrDuplicateID = errors.New("event id already recorded by a different append")

// ErrClosed is returned by a store that has been closed.
var ErrClosed = errors.New("store closed")
