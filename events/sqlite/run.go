package sqlite

import (
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// run is the writer goroutine: it commits queued jobs in groups, records
// a digest when idle, and on Close commits what is queued, records a final
// digest and stops.
func (s *Store) run() {
	defer close(s.done)
	w := s.w
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	group := make([]*job, 0, maxGroupRequests)
	commit := func(first *job) {
		group = append(group[:0], first)
		n := first.n
	drain:
		for len(group) < maxGroupRequests && n < maxGroupEvents {
			select {
			case j := <-s.jobs:
				group = append(group, j)
				n += j.n
			default:
				break drain
			}
		}
		wrote := w.commitGroup(group)
		for _, j := range group {
			close(j.done)
		}
		clear(group)
		if wrote {
			s.signal()
		}
	}
	for {
		select {
		case j := <-s.jobs:
			commit(j)
			if s.cfg.idleDigest > 0 && w.uncovered > 0 {
				idle.Reset(s.cfg.idleDigest)
			}
		case b := <-s.bulks:
			// A bulk append has the writer to itself until it ends.
			if s.runBulk(b) {
				s.signal()
			}
			if s.cfg.idleDigest > 0 && w.uncovered > 0 {
				idle.Reset(s.cfg.idleDigest)
			}
		case <-idle.C:
			if wrote, _ := w.writeDigest(); wrote {
				s.signal()
			}
		case <-s.quit:
			// Close holds off new jobs: what is queued is all there is.
			for len(s.jobs) > 0 {
				commit(<-s.jobs)
			}
			if s.skipFinalDigest {
				return
			}
			wrote, err := w.writeDigest()
			s.closeErr = err
			if wrote {
				s.signal()
			}
			return
		}
	}
}

// signal records what the writer has committed and wakes the readers
// waiting for new events. Only the writer goroutine calls it.
func (s *Store) signal() {
	s.committed.Store(int64(s.w.next) - 1)
	s.notify.Signal()
}

// capacityFor is how many events a read of up to limit events after
// position after should make room for: as many as this process knows
// are there (positions are gap-free), at least small (usually the live
// subscription's few new events), so that a page of thousands is not
// grown by doubling, copying every envelope about twice.
func (s *Store) capacityFor(after events.Position, limit int) int {
	n := s.committed.Load() - int64(after)
	return int(max(min(int64(limit), n), int64(min(limit, 32))))
}
