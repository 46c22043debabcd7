package natsbus

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmjetstream "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/jetstream"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
)

// AckWait is how long JetStream waits for a worker to acknowledge a batch
// before it delivers it again.
const AckWait = 5 * time.Minute

// InactiveThreshold is how long a worker's durable consumer outlives the
// worker: one not started again within it is deleted by the server (and a
// worker started later begins again from the stream's first batch,
// skipping what its views hold).
const InactiveThreshold = 7 * 24 * time.Hour

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// ConsumerName is the durable JetStream consumer of the worker with the
// given name.
func ConsumerName(worker string) string {
	return "mentorledger-" + unsafeName.ReplaceAllString(worker, "_")
}

// resumeConsumer returns a watermill-nats resource initializer that
// (re)creates the worker's durable consumer: one batch in flight at a time,
// so batches are applied in stream order even when one is redelivered,
// starting after the last batch the old consumer had acknowledged, provided
// the views hold it. Recreating it, rather than binding to it, means a
// batch left unacknowledged by a worker that was killed is delivered again
// at once instead of after AckWait.
func resumeConsumer(name string, checkpoint func(context.Context) (events.Position, error)) wmjetstream.ResourceInitializer {
	return func(ctx context.Context, js jetstream.JetStream, _ string) (jetstream.Consumer, func(context.Context, watermill.LoggerAdapter), error) {
		s, err := ensureStream(ctx, js)
		if err != nil {
			return nil, nil, err
		}
		cp, err := checkpoint(ctx)
		if err != nil {
			return nil, nil, err
		}
		start, err := resumeSequence(ctx, s, name, cp)
		if err != nil {
			return nil, nil, err
		}
		cfg := jetstream.ConsumerConfig{
			Durable:           name,
			Description:       "mentorledger projection worker",
			AckPolicy:         jetstream.AckExplicitPolicy,
			AckWait:           AckWait,
			MaxAckPending:     1,
			InactiveThreshold: InactiveThreshold,
			DeliverPolicy:     jetstream.DeliverAllPolicy,
		}
		if start > 1 {
			cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, start
		}
		c, err := s.CreateConsumer(ctx, cfg)
		if err != nil {
			return nil, nil, fmt.Errorf("create consumer %s: %w", name, err)
		}
		return c, nil, nil
	}
}

// resumeSequence deletes the worker's consumer if it exists and returns the
// stream sequence to start from: just after the consumer's acknowledged
// floor when the views hold that batch, else 1 (the views were replaced or
// are behind: every batch is read again and those held are skipped).
func resumeSequence(ctx context.Context, s jetstream.Stream, name string, cp events.Position) (uint64, error) {
	c, err := s.Consumer(ctx, name)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("consumer %s: %w", name, err)
	}
	start := uint64(1)
	if acked := c.CachedInfo().AckFloor.Stream; acked > 0 {
		m, err := s.GetMsg(ctx, acked)
		if err == nil {
			if last, err := lastPositionOf(m.Header); err == nil && last <= cp {
				start = acked + 1
			}
		}
	}
	if err := s.DeleteConsumer(ctx, name); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return 0, fmt.Errorf("delete consumer %s: %w", name, err)
	}
	return start, nil
}
