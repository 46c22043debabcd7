// Package domain holds the aggregates of a mentoring programme — Programme,
// Participant and Relationship — and the rules of the guidance they enforce.
//
// Each aggregate is folded from the payloads of its stream (LoadProgramme,
// LoadParticipant, LoadRelationship). A command is a method that checks the
// rules and records an event; state changes only in the aggregate's apply
// function, and Changes returns what the commands recorded. The package is
// pure: no I/O, no context and no clock. Dates come in the commands; the
// application layer (domain/app) reads and appends streams.
//
// Where the guidance recommends rather than requires (meet once a month, no
// more than two hours, an agreement at the first meeting, an action plan as
// early as possible, a neutral venue), the fact is recorded as it happened and
// the reports flag it; the commands reject only what the guidance rules out
// or what cannot be true.
package domain
