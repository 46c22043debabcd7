// Package esdb is the ledger on EventStoreDB, through the official gRPC
// client (github.com/EventStore/EventStore-Client-Go/v4/esdb). It
// implements events.Store and keeps the same hash chain and digests as the
// embedded backend, so events.Verify (without GapFree) checks either.
//
// # Streams
//
// A ledger lives in the EventStoreDB streams whose names start with its
// prefix (default DefaultPrefix; the connection string's ledgerPrefix
// parameter or WithPrefix choose another), so that several ledgers, and
// EventStoreDB's own streams, can share a server. Ledger stream S is
// EventStoreDB stream prefix+S; the ledger's digest stream $ledger-digests
// becomes prefix+"$ledger-digests", which EventStoreDB does not treat as a
// system stream. Callers may still not append to streams starting with "$".
//
// # Versions and positions
//
// Ledger versions count from 1, EventStoreDB revisions from 0: version v is
// revision v-1, Exact(v) is esdb.StreamRevision{Value: v-1} and NoStream is
// esdb.NoStream{}. The store never sends esdb.Any{}: every event's hash
// covers the hash of the event before it in its stream, so an append is
// sealed against the stream head it read and sent at that head's revision;
// when the caller said Any and another writer got in first, the store reads
// the new head, seals again and retries.
//
// events.Position is the event's commit position in $all. EventStoreDB
// records every event written through gRPC as a transaction of its own,
// whose commit and prepare positions are both the event's log position, so
// the commit position alone names the event, is unique and orders the
// ledger like $all does. Converting back, position P is
// esdb.Position{Commit: P, Prepare: P}; 0 is the start of $all. Positions are
// byte offsets in the transaction log: ordered, never consecutive.
// Reading a stream needs the server to report $all positions on stream
// reads (EventStoreDB 22.6 and later); with an older server the store looks
// the positions up in its index of the ledger instead.
//
// # Event ids and metadata
//
// An event id that is a UUID in canonical form is the EventStoreDB event
// id, so EventStoreDB's own duplicate detection applies to a retried
// append. Any other id is turned into a name-based UUID (SHA-1) and itself
// kept in the metadata. The payload is the event data, content type JSON;
// the metadata (JSON) carries hash, prev_hash, actor, correlation_id,
// causation_id, schema_version, recorded_at and the event's place in the
// append that recorded it (append_index of append_size), which tells a
// retried append from a different one reusing its ids.
//
// EventStoreDB has no index by event id and accepts one id in two streams,
// so the store keeps an index of the ledger's event ids in memory (about a
// hundred bytes an event), read from $all on the first append that needs
// it and kept up to date before every decision. Two processes recording the
// same new id in two different streams at the same moment can both succeed;
// within one stream EventStoreDB's expected revision decides.
//
// # Batches
//
// EventStoreDB (up to 24.x, and the v4 client) appends to one stream
// atomically but has no transaction over several streams. AppendBatch
// therefore checks every expected version and event id before it writes
// anything, writes each stream's requests as one atomic append, and writes
// the streams with conditional expectations before those that take Any,
// so that a stale expectation, an id already used or a lost race on the
// first conditional stream records nothing. Only a lost race on a second
// conditional stream, or a server that stays unavailable half way, leaves
// part of a batch recorded; the error then wraps ErrPartialBatch and names
// the streams written. A reader can see a multi-stream batch while it is
// being written. Appends to a single stream are all or nothing.
//
// # Reads, subscriptions, digests
//
// ReadAll reads $all from the position and keeps the ledger's streams (the
// v4 client has no server-side filter on reads). Subscribe is a catch-up
// subscription to $all with a server-side filter on the ledger's prefix,
// resubscribed from the last delivered event when the connection drops.
// Transient failures (unavailable, deadline, not leader, aborted) are
// retried with backoff while the client reconnects; the official client
// closes itself for good when it finds no node, and is then started
// again. An append that may have been recorded before the failure is
// looked up before it is retried, so it is never recorded twice.
//
// A store that appends keeps a running digest of the ledger as it reads it
// from $all and records a ledger.digest event every DigestEvery events,
// when idle and on Close, exactly as the embedded backend does; the digest
// is appended at the digest stream's expected revision, so two processes
// never record two digests of one range.
package esdb
