package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// Personal data (DESIGN.md, "Integrity and privacy"): a participant's name
// and contact details reach the application in clear and leave it only
// sealed with the participant's own key, before the domain records the
// event and the ledger hashes it. The domain and the ledger never see them
// in clear; destroying the key erases them everywhere the event went.

// Keys is the key store port: one key per person (here a participant id),
// held outside the ledger. Open and Seal return an error wrapping
// events.ErrErased once the person's key was destroyed; Destroy may be
// retried.
type Keys interface {
	Seal(ctx context.Context, person string, plaintext []byte) (events.Sealed, error)
	Open(ctx context.Context, person string, sealed events.Sealed) ([]byte, error)
	Destroy(ctx context.Context, person string) error
}

// Details are a participant's personal details in clear.
type Details struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	// Erased is set when the details were erased: the other fields are
	// then empty and can never be read again.
	Erased bool `json:"-"`
}

// Erased is how an erased person is shown wherever a name would be.
const Erased = "erased"

// empty reports whether no detail is given.
func (d Details) empty() bool { return d.Name == "" && d.Email == "" && d.Phone == "" }

// Longest details accepted; an email address is at most 254 characters
// (RFC 5321).
const (
	maxPersonName = 200
	maxEmail      = 254
	maxPhone      = 40
)

// check validates the details, naming the field and the rule.
func (d Details) check() error {
	bad := func(field, format string, args ...any) error {
		return events.Errorf(events.EINVALID, "participant.%s: %s", field, fmt.Sprintf(format, args...))
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"name", d.Name, maxPersonName}, {"email", d.Email, maxEmail}, {"phone", d.Phone, maxPhone}} {
		if n := utf8.RuneCountInString(f.v); n > f.max {
			return bad(f.name, "at most %d characters, got %d", f.max, n)
		}
		if !utf8.ValidString(f.v) || strings.IndexFunc(f.v, unicode.IsControl) >= 0 {
			return bad(f.name, "must be valid text without control characters")
		}
		if f.v != strings.TrimSpace(f.v) {
			return bad(f.name, "must not start or end with spaces")
		}
	}
	if d.Email != "" {
		local, host, ok := strings.Cut(d.Email, "@")
		if !ok || local == "" || host == "" || strings.ContainsAny(d.Email, " \t") || strings.Contains(host, "@") {
			return bad("email", "must be an address such as name@example.org")
		}
	}
	if d.Phone != "" && strings.IndexFunc(d.Phone, func(r rune) bool { return !strings.ContainsRune("0123456789 +-().", r) }) >= 0 {
		return bad("phone", "must be digits, spaces and + - ( ) . only")
	}
	return nil
}

// sealBlock pads the plaintext to a multiple of this many bytes, so that
// the ciphertext's length tells little about the length of a name.
const sealBlock = 64

// seal encrypts the details with the participant's key.
func (s *Service) seal(ctx context.Context, participantID string, d Details) (*events.Sealed, error) {
	if s.Keys == nil {
		return nil, errors.New("personal details given, but the service has no key store")
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	// Trailing spaces are insignificant JSON whitespace.
	if r := len(b) % sealBlock; r != 0 {
		b = append(b, bytes.Repeat([]byte{' '}, sealBlock-r)...)
	}
	sealed, err := s.Keys.Seal(ctx, participantID, b)
	clear(b)
	if err != nil {
		return nil, fmt.Errorf("seal personal details of %s: %w", participantID, err)
	}
	return &sealed, nil
}

// RegisterPerson is the application's command to register a participant:
// the domain's command and the person's details in clear, which the
// application seals with the participant's key before the domain records
// participant.registered. All three details are optional; with none, no key
// is created and the event carries no personal field.
type RegisterPerson struct {
	domain.RegisterParticipant
	Name, Email, Phone string
}

// RegisterPerson records a mentor or mentee joining a programme, with
// their personal details sealed; the programme must exist. The details are
// sealed only once the domain's rules pass, so a rejected registration
// creates no key.
func (s *Service) RegisterPerson(ctx context.Context, actor string, c RegisterPerson) (events.AppendResult, error) {
	reg := c.RegisterParticipant
	if reg.Personal != nil {
		return events.AppendResult{}, events.Errorf(events.EINVALID,
			"participant.registered.personal: sealed by the application from name, email and phone, not given by the caller")
	}
	details := Details{Name: c.Name, Email: c.Email, Phone: c.Phone}
	if err := details.check(); err != nil {
		return events.AppendResult{}, err
	}
	return handle(ctx, s, actor, domain.ParticipantStream(reg.ParticipantID), domain.LoadParticipant, func(p *domain.Participant) error {
		prog, err := s.programme(ctx, reg.ProgrammeID)
		if err != nil {
			return err
		}
		if details.empty() || p.Registered() {
			// Nothing to seal, or the domain refuses a second registration.
			if err := p.Register(reg, prog); err != nil {
				return err
			}
			return s.notFuture(events.ParticipantRegistered(reg), "registered_on", reg.RegisteredOn)
		}
		// The participant is not registered, so a fresh one decides the
		// same: try the rules on it before creating a key.
		if err := domain.LoadParticipant(nil).Register(reg, prog); err != nil {
			return err
		}
		if err := s.notFuture(events.ParticipantRegistered(reg), "registered_on", reg.RegisteredOn); err != nil {
			return err
		}
		if reg.Personal, err = s.seal(ctx, reg.ParticipantID, details); err != nil {
			return err
		}
		return p.Register(reg, prog)
	})
}

// ForgetPerson erases a participant's personal details: it destroys their
// key, then records participant.personal_data_erased dated on. The
// participant must exist; forgetting twice is a conflict. The key is
// destroyed before the event is appended, so the ledger never says
// "erased" while the key exists; if the append then fails, a retry
// destroys again (a no-op) and appends.
func (s *Service) ForgetPerson(ctx context.Context, actor, participantID string, on events.Date) (events.AppendResult, error) {
	c := domain.ErasePersonalData{ParticipantID: participantID, ErasedOn: on}
	return s.participantCommand(ctx, actor, participantID, func(p *domain.Participant) error {
		if err := p.ErasePersonalData(c); err != nil {
			return err
		}
		if err := s.notFuture(events.PersonalDataErased(c), "erased_on", on); err != nil {
			return err
		}
		if s.Keys == nil {
			return errors.New("forget: the service has no key store")
		}
		if err := s.Keys.Destroy(ctx, participantID); err != nil {
			return fmt.Errorf("destroy key of %s: %w", participantID, err)
		}
		return nil
	})
}

// PersonalDetails returns a participant's details in clear, or Erased set
// once they were erased; empty details when none were recorded.
func (s *Service) PersonalDetails(ctx context.Context, participantID string) (Details, error) {
	p, err := s.participant(ctx, participantID)
	if err != nil {
		return Details{}, err
	}
	if !p.Registered() {
		return Details{}, events.Errorf(events.ENOTFOUND, "participant %s: not found", participantID)
	}
	return s.open(ctx, participantID, p.Personal(), isErased(p))
}

func isErased(p *domain.Participant) bool {
	_, erased := p.PersonalDataErased()
	return erased
}

// open decrypts sealed details.
func (s *Service) open(ctx context.Context, participantID string, sealed *events.Sealed, erased bool) (Details, error) {
	switch {
	case erased:
		return Details{Erased: true}, nil
	case sealed == nil:
		return Details{}, nil
	case s.Keys == nil:
		return Details{}, errors.New("personal details are sealed, but the service has no key store")
	}
	b, err := s.Keys.Open(ctx, participantID, *sealed)
	if errors.Is(err, events.ErrErased) {
		// The key is gone though the erasure is not (yet) recorded: the
		// details are erased all the same.
		return Details{Erased: true}, nil
	}
	if err != nil {
		return Details{}, fmt.Errorf("open personal details of %s: %w", participantID, err)
	}
	var d Details
	err = json.Unmarshal(b, &d)
	clear(b)
	if err != nil {
		return Details{}, fmt.Errorf("open personal details of %s: %w", participantID, err)
	}
	return d, nil
}

// Person is one participant as the participants listing shows them.
type Person struct {
	ParticipantID string
	ProgrammeID   string
	Role          string
	Organisation  string
	RegisteredOn  events.Date
	Details
}

// Participants lists every participant in the order they were registered,
// with their details opened (or Erased). It reads the whole ledger: it is
// for the operator's listing, not for a request path.
func (s *Service) Participants(ctx context.Context) ([]Person, error) {
	var (
		out    []Person
		sealed = map[string]*events.Sealed{}
		erased = map[string]bool{}
		after  events.Position
	)
	const page = 10000
	for {
		envs, err := s.Store.ReadAll(ctx, after, page)
		if err != nil {
			return nil, fmt.Errorf("read ledger: %w", err)
		}
		for i := range envs {
			e := &envs[i]
			after = e.Position
			if e.Type != (events.ParticipantRegistered{}).EventType() && e.Type != (events.PersonalDataErased{}).EventType() {
				continue
			}
			p, err := events.Decode(e)
			if err != nil {
				return nil, fmt.Errorf("read ledger: position %d: %s", e.Position, err.Error())
			}
			switch p := p.(type) {
			case events.ParticipantRegistered:
				out = append(out, Person{ParticipantID: p.ParticipantID, ProgrammeID: p.ProgrammeID, Role: p.Role,
					Organisation: p.Organisation, RegisteredOn: p.RegisteredOn})
				sealed[p.ParticipantID] = p.Personal
			case events.PersonalDataErased:
				erased[p.ParticipantID] = true
			}
		}
		if len(envs) < page {
			break
		}
	}
	for i := range out {
		id := out[i].ParticipantID
		d, err := s.open(ctx, id, sealed[id], erased[id])
		if err != nil {
			return nil, err
		}
		out[i].Details = d
	}
	return out, nil
}
