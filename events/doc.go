// Package events holds the ledger's contracts: the envelope every recorded
// event travels in, the payloads of the event types with their stable
// namespaced names, the Store interface every backend implements, the hash
// chain and its verification.
//
// Event type names are stored forever: never rename one; add a new schema
// version and an upcaster instead.
package events
