// Package schemas holds the ledger's data contracts at rest: one JSON Schema
// (draft 2020-12) per event type and schema version, embedded in FS as
// events/<type>.v<version>.json, the validator that checks payloads against
// them, and the upcasters that rewrite payloads written in an older schema
// version into the current one.
//
// The schemas are the contract for anyone reading the ledger without Go; the
// Go structs in package events are the contract for everyone else. The tests
// keep the two in step: every registered type has a schema, every schema
// property is a json field of its struct and the other way round, and every
// enumeration matches the events package's constants.
package schemas
