package esdb

import (
	"errors"
	"fmt"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrStreamDeleted is wrapped by the errors of reads and appends on a
// stream that was deleted in EventStoreDB, outside the ledger. Those
// errors carry the code events.ENOTFOUND.
var ErrStreamDeleted = errors.New("stream deleted in EventStoreDB")

// ErrUnavailable is wrapped by the errors of calls that failed because the
// server could not be reached or did not answer in time, after the store's
// retries when the call was retried.
var ErrUnavailable = errors.New("EventStoreDB unavailable")

// ErrPartialBatch is wrapped by the error of an AppendBatch that recorded
// some of its streams before another failed (see the package comment).
var ErrPartialBatch = errors.New("batch partly recorded")

// classifyCode is the kind of failure an EventStoreDB error code means, or
// nil for codes the store does not treat specially.
func classifyCode(code esdb.ErrorCode) error {
	switch code {
	case esdb.ErrorCodeWrongExpectedVersion:
		return errWrongVersion
	case esdb.ErrorCodeResourceNotFound:
		return errNoStream
	case esdb.ErrorCodeStreamDeleted:
		return ErrStreamDeleted
	case esdb.ErrorUnavailable, esdb.ErrorCodeDeadlineExceeded, esdb.ErrorCodeNotLeader, esdb.ErrorAborted:
		// The client reconnects by itself (to the leader, for NotLeader):
		// the call can be made again.
		return ErrUnavailable
	case esdb.ErrorCodeAccessDenied, esdb.ErrorCodeUnauthenticated:
		return errDenied
	case esdb.ErrorCodeConnectionClosed:
		return errClientClosed
	}
	return nil
}

// classifyStatus does for a bare gRPC status what classifyCode does for
// the client's errors: some calls return the transport's error as it is.
func classifyStatus(code codes.Code) error {
	switch code {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Aborted:
		return ErrUnavailable
	case codes.NotFound:
		return errNoStream
	case codes.PermissionDenied, codes.Unauthenticated:
		return errDenied
	}
	return nil
}

// classify wraps a client error with its kind, when it has one.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var kind error
	var ee *esdb.Error
	if errors.As(err, &ee) {
		kind = classifyCode(ee.Code())
	} else if st, ok := status.FromError(err); ok {
		kind = classifyStatus(st.Code())
	}
	if kind == nil {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}

// conflict is the error of an append whose expectation the stream does not
// meet: events.ErrConcurrency, code ECONFLICT.
func conflict(stream string, expected events.ExpectedVersion, version int64) error {
	return fmt.Errorf("append %s: expected version %d, stream is at version %d: %w", stream, expected, version, events.ErrConcurrency)
}

// deleted is the error of a read or append on a stream deleted in
// EventStoreDB: code ENOTFOUND, wrapping ErrStreamDeleted and the cause.
func deleted(op, stream string, err error) error {
	return fmt.Errorf("%w: %w", events.Errorf(events.ENOTFOUND, "%s %s: the stream was deleted in EventStoreDB, outside the ledger", op, stream), err)
}

// reusedID is the error of an append whose ids were recorded, but not by an
// identical append.
func reusedID(stream string) error {
	return fmt.Errorf("append %s: %w", stream, events.ErrDuplicateID)
}
