package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
)

// grpcClient is the logClient of a real server, over the official client.
// The official client reconnects by itself after a failure (to the leader,
// for NotLeader), but when it cannot find a node at all it closes itself
// for good: grpcClient then starts a new one, and reports the failure as
// transient, so the store's retries reconnect.
type grpcClient struct {
	cfg    *esdb.Configuration
	mu     sync.Mutex
	c      *esdb.Client
	closed bool
	lost   error // the last transient failure: why a client may have closed itself
}

func newGRPCClient(cfg *esdb.Configuration) (*grpcClient, error) {
	c, err := esdb.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	return &grpcClient{cfg: cfg, c: c}, nil
}

// client is the client to call.
func (g *grpcClient) client() *esdb.Client {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.c
}

// fail classifies the error of a call made on c, replacing c when it
// closed itself.
func (g *grpcClient) fail(c *esdb.Client, err error) error {
	err = classify(err)
	g.mu.Lock()
	defer g.mu.Unlock()
	if errors.Is(err, ErrUnavailable) {
		g.lost = err
	}
	if !errors.Is(err, errClientClosed) || g.closed {
		return err
	}
	if g.c == c {
		fresh, nerr := esdb.NewClient(g.cfg)
		if nerr != nil {
			return fmt.Errorf("%w: %w", err, nerr)
		}
		g.c = fresh
	}
	if g.lost != nil {
		return fmt.Errorf("%w: the client gave up on the server and was started again (%w)", ErrUnavailable, g.lost)
	}
	return fmt.Errorf("%w: the client closed itself and was started again: %w", ErrUnavailable, err)
}

func (g *grpcClient) appendEvents(ctx context.Context, stream string, expected esdb.ExpectedRevision, evs []esdb.EventData) (esdb.WriteResult, error) {
	c := g.client()
	res, err := c.AppendToStream(ctx, stream, esdb.AppendToStreamOptions{ExpectedRevision: expected}, evs...)
	if err != nil {
		return esdb.WriteResult{}, g.fail(c, err)
	}
	return *res, nil
}

func (g *grpcClient) readStream(ctx context.Context, stream string, from esdb.StreamPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error) {
	c := g.client()
	rs, err := c.ReadStream(ctx, stream, esdb.ReadStreamOptions{Direction: dir, From: from}, count)
	if err != nil {
		return nil, g.fail(c, err)
	}
	out, err := drain(rs, count)
	if err != nil {
		return nil, g.fail(c, err)
	}
	return out, nil
}

func (g *grpcClient) readAll(ctx context.Context, from esdb.AllPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error) {
	c := g.client()
	rs, err := c.ReadAll(ctx, esdb.ReadAllOptions{Direction: dir, From: from}, count)
	if err != nil {
		return nil, g.fail(c, err)
	}
	out, err := drain(rs, count)
	if err != nil {
		return nil, g.fail(c, err)
	}
	return out, nil
}

// drain reads a read's events to its end.
func drain(rs *esdb.ReadStream, count uint64) ([]esdb.RecordedEvent, error) {
	defer rs.Close()
	out := make([]esdb.RecordedEvent, 0, min(count, 1024))
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if ev.Event != nil { // links are not resolved, so Event is the event read
			out = append(out, *ev.Event)
		}
	}
}

func (g *grpcClient) subscribeAll(ctx context.Context, from esdb.AllPosition, prefix string) (feed, error) {
	c := g.client()
	sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{
		From:   from,
		Filter: &esdb.SubscriptionFilter{Type: esdb.StreamFilterType, Prefixes: []string{prefix}},
	})
	if err != nil {
		return nil, g.fail(c, err)
	}
	return grpcFeed{g, c, sub}, nil
}

func (g *grpcClient) close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	return g.c.Close()
}

type grpcFeed struct {
	g   *grpcClient
	c   *esdb.Client
	sub *esdb.Subscription
}

func (f grpcFeed) next() (*esdb.RecordedEvent, error) {
	for {
		ev := f.sub.Recv()
		switch {
		case ev.EventAppeared != nil && ev.EventAppeared.Event != nil:
			return ev.EventAppeared.Event, nil
		case ev.SubscriptionDropped != nil:
			return nil, f.g.fail(f.c, ev.SubscriptionDropped.Error)
		}
		// Checkpoints, caught up, fell behind: nothing to deliver.
	}
}

func (f grpcFeed) close() { _ = f.sub.Close() }
