package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// scopes knows, for each stream of the ledger, the programme it belongs to
// and, for a relationship, its parties: what the access rules need. It is
// read from the ledger (the events that open streams carry their
// programme) and caught up whenever a lookup misses, so a stream opened a
// moment ago is found.
type scopes struct {
	ledger events.Reader
	mu     sync.RWMutex
	pos    events.Position
	byName map[string]access.Scope
	// catchUp serialises catching up.
	catchUp sync.Mutex
}

func newScopes(ledger events.Reader) *scopes {
	return &scopes{ledger: ledger, byName: map[string]access.Scope{}}
}

// opener is the part of a payload that says where a stream belongs.
type opener struct {
	ProgrammeID    string   `json:"programme_id"`
	RelationshipID string   `json:"relationship_id"`
	ParticipantID  string   `json:"participant_id"`
	SurveyID       string   `json:"survey_id"`
	MentorIDs      []string `json:"mentor_ids"`
	MenteeIDs      []string `json:"mentee_ids"`
}

// update catches the index up with the ledger.
func (s *scopes) update(ctx context.Context) error {
	s.catchUp.Lock()
	defer s.catchUp.Unlock()
	for {
		s.mu.RLock()
		after := s.pos
		s.mu.RUnlock()
		page, err := s.ledger.ReadAll(ctx, after, 10000)
		if err != nil {
			return fmt.Errorf("scopes: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		s.mu.Lock()
		for i := range page {
			s.note(&page[i])
		}
		s.pos = page[len(page)-1].Position
		s.mu.Unlock()
	}
}

// note records the scope an event opens; called with mu held.
func (s *scopes) note(e *events.Envelope) {
	if _, known := s.byName[e.Stream]; known || strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
		return
	}
	var o opener
	if json.Unmarshal(e.Payload, &o) != nil {
		return
	}
	sc := access.Scope{Programme: o.ProgrammeID}
	switch {
	case e.Type == "relationship.matched":
		sc.Relationship = o.RelationshipID
		sc.Parties = append(append([]string{}, o.MentorIDs...), o.MenteeIDs...)
	case e.Type == "participant.registered":
		sc.Participant = o.ParticipantID
	case e.Type == "evaluation.survey_issued" || o.ProgrammeID != "":
	default:
		return
	}
	if sc.Programme != "" {
		s.byName[e.Stream] = sc
	}
}

// stream returns the scope of a stream, catching up once when unknown.
func (s *scopes) stream(ctx context.Context, stream string) (access.Scope, error) {
	s.mu.RLock()
	sc, ok := s.byName[stream]
	s.mu.RUnlock()
	if ok {
		return sc, nil
	}
	if err := s.update(ctx); err != nil {
		return access.Scope{}, err
	}
	s.mu.RLock()
	sc = s.byName[stream]
	s.mu.RUnlock()
	return sc, nil
}

// ofEvent returns the scope of an event about to be recorded, from its
// payload and the index: a new relationship's parties come from the
// match itself, everything else from the stream it refers to.
func (s *scopes) ofEvent(ctx context.Context, eventType string, payload json.RawMessage) (access.Scope, error) {
	var o opener
	if err := json.Unmarshal(payload, &o); err != nil {
		return access.Scope{}, events.Errorf(events.EINVALID, "body: must be a JSON object: %v", err)
	}
	switch {
	case eventType == "relationship.matched":
		return access.Scope{Programme: o.ProgrammeID, Relationship: o.RelationshipID,
			Parties: append(append([]string{}, o.MentorIDs...), o.MenteeIDs...)}, nil
	case eventType == "participant.registered":
		return access.Scope{Programme: o.ProgrammeID, Participant: o.ParticipantID}, nil
	case o.RelationshipID != "":
		return s.stream(ctx, domain.RelationshipStream(o.RelationshipID))
	case o.ParticipantID != "":
		return s.stream(ctx, domain.ParticipantStream(o.ParticipantID))
	case o.SurveyID != "" && o.ProgrammeID == "":
		return s.stream(ctx, domain.SurveyStream(o.SurveyID))
	}
	return access.Scope{Programme: o.ProgrammeID}, nil
}

// relationship returns a relationship's scope; ENOTFOUND when none.
func (s *scopes) relationship(ctx context.Context, id string) (access.Scope, error) {
	sc, err := s.stream(ctx, domain.RelationshipStream(id))
	if err != nil {
		return sc, err
	}
	if sc.Relationship == "" {
		return sc, notYours("relationship", id)
	}
	return sc, nil
}

// notYours is the answer about a relationship, a participant, a survey or
// a stream that does not exist, and also about one that exists but that the
// caller may not use while their role could use one of their own: whether
// someone else's relationship or record exists is itself personal data, so
// the two answers are the same 404, word for word. A role that may never
// use such a thing is refused with 403: that reveals nothing about any one.
func notYours(kind, id string) error {
	return events.Errorf(events.ENOTFOUND, "%s: no %s %q that you may use", kind, kind, id)
}

// target names what an event is recorded in when that is a relationship,
// a participant or a survey (the kind and its id), as ofEvent finds its
// scope; "" for a new relationship or participant and programme events.
func target(eventType string, payload json.RawMessage) (kind, id string) {
	var o opener
	if json.Unmarshal(payload, &o) != nil || eventType == "relationship.matched" || eventType == "participant.registered" {
		return "", ""
	}
	switch {
	case o.RelationshipID != "":
		return "relationship", o.RelationshipID
	case o.ParticipantID != "":
		return "participant", o.ParticipantID
	case o.SurveyID != "" && o.ProgrammeID == "":
		return "survey", o.SurveyID
	}
	return "", ""
}
