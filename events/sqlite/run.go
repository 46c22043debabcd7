package sqlite

import "time"

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
			s.notify.Signal()
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
				s.notify.Signal()
			}
			if s.cfg.idleDigest > 0 && w.uncovered > 0 {
				idle.Reset(s.cfg.idleDigest)
			}
		case <-idle.C:
			if wrote, _ := w.writeDigest(); wrote {
				s.notify.Signal()
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
				s.notify.Signal()
			}
			return
		}
	}
}
