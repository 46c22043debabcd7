package sqlite

import (
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// defaultBulkMin is the smallest job applyBulk takes on. Below it, or when
// the ledger already holds more than twice the job, growing the unique
// indexes row by row is cheaper than building them again.
const defaultBulkMin = 50_000

func (w *writer) bulkWorthIt(j *job) bool {
	return !j.ordinary && (w.bulkAlways || j.n >= w.bulkMin && int64(j.n)*2 >= int64(w.next-1))
}

// applyBulk appends a large job, such as an import, with the unique
// indexes on id and (stream, version) dropped, then builds them again in
// one pass: several times faster than growing them row by row, above all
// for ids from the caller, which land all over the id index. It is a fast
// path for the expected case and gives up, undoing everything, on anything
// else — a stale expected version, an id already recorded — so that
// applyJob handles the job the ordinary way. fatal means the transaction
// can no longer be trusted.
func (w *writer) applyBulk(j *job, group headMap, now time.Time) (n int, ok bool, fatal error) {
	// Stream heads come from the indexes: look them all up first.
	pre := headMap{}
	for _, r := range j.reqs {
		h, err := w.head(r.stream, group)
		if err != nil {
			return 0, false, err
		}
		pre[r.stream] = h
	}
	if err := exec(w.st.saveJob); err != nil {
		return 0, false, err
	}
	start := w.next
	giveUp := func() (int, bool, error) {
		w.next = start
		j.res = nil
		if err := exec(w.st.undoJob); err != nil {
			return 0, false, err
		}
		return 0, false, exec(w.st.releaseJob)
	}
	for _, q := range []string{dropIDIndex, dropStreamIndex} {
		if _, err := w.conn.ExecContext(bg, q); err != nil {
			return giveUp()
		}
	}
	// Check every expected version and give each request its positions
	// first; then seal on one goroutine, request by request in ledger order,
	// while this one inserts what is sealed in multi-row statements, so a
	// job of many small requests (an import in the file's order) is written
	// as fast as one large request.
	local := headMap{}
	j.res = make([]events.AppendResult, len(j.reqs))
	firsts := make([]events.Position, len(j.reqs))
	for i := range j.reqs {
		r := &j.reqs[i]
		h, _ := w.head(r.stream, local, pre)
		if r.expected != events.Any && int64(r.expected) != h.version {
			return giveUp()
		}
		firsts[i] = w.next
		w.next += events.Position(len(r.envs))
		h.version += int64(len(r.envs))
		local[r.stream] = h
		if len(r.envs) > 1 {
			if err := w.ins.appended(firsts[i], w.next-1); err != nil {
				return giveUp()
			}
		}
	}
	all := make([]events.Envelope, 0, j.n)
	for i := range j.reqs {
		all = append(all, j.reqs[i].envs...)
	}
	sealed := make(chan int, 8) // all[:n] are sealed
	heads := headMap{}
	go func() {
		defer close(sealed)
		var hs hasher
		at, ready := 0, 0
		for i := range j.reqs {
			r := &j.reqs[i]
			// Only the maps: this goroutine must not touch the connection.
			h, ok := heads[r.stream]
			if !ok {
				h = pre[r.stream]
			}
			h = hs.chain(all[at:at+len(r.envs)], h, firsts[i], now)
			heads[r.stream] = h
			at += len(r.envs)
			j.res[i] = events.AppendResult{Stream: r.stream, Version: h.version, First: firsts[i], Last: firsts[i] + events.Position(len(r.envs)) - 1}
			if at-ready >= sealChunk {
				sealed <- at
				ready = at
			}
		}
		if ready < at {
			sealed <- at
		}
	}()
	var ierr error
	done := 0
	for to := range sealed {
		if ierr == nil {
			ierr = w.insert(all[done:to])
		}
		done = to
	}
	if ierr != nil {
		return giveUp()
	}
	at := 0
	for i := range j.reqs {
		copy(j.reqs[i].envs, all[at:at+len(j.reqs[i].envs)])
		at += len(j.reqs[i].envs)
	}
	local = heads
	// A recorded id, in the ledger or earlier in the group, fails here.
	for _, q := range []string{createIDIndex, createStreamIndex} {
		if _, err := w.conn.ExecContext(bg, q); err != nil {
			return giveUp()
		}
	}
	if err := exec(w.st.releaseJob); err != nil {
		return 0, false, err
	}
	for s, h := range local {
		group[s] = h
	}
	for _, r := range j.reqs {
		for k := range r.envs {
			e := &r.envs[k]
			w.digest.Add(e.Position, e.Stream, e.Version, e.Hash)
		}
		n += len(r.envs)
	}
	w.uncovered += int64(n)
	w.bulks.Add(1)
	return n, true, nil
}
