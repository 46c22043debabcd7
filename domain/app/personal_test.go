package app_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/keystore"
)

// countingKeys is the real key store, counting seals.
type countingKeys struct {
	*keystore.Store
	seals int
}

func (k *countingKeys) Seal(ctx context.Context, person string, plaintext []byte) (events.Sealed, error) {
	k.seals++
	return k.Store.Seal(ctx, person, plaintext)
}

// withKeys gives s a key store in the test's temporary directory.
func withKeys(tb testing.TB, s *app.Service) *countingKeys {
	tb.Helper()
	ks, err := keystore.Open(filepath.Join(tb.TempDir(), "keys.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ks.Close() })
	k := &countingKeys{Store: ks}
	s.Keys = k
	return k
}

func grace() app.RegisterPerson {
	return app.RegisterPerson{
		RegisterParticipant: domain.RegisterParticipant{ParticipantID: "m9", ProgrammeID: prog, Role: events.RoleMentor,
			Organisation: "Org B", RegisteredOn: d("2024-12-02")},
		Name: "Grace Hopper", Email: "grace.hopper@org-b.example", Phone: "+44 20 7946 0018",
	}
}

func TestRegisterPersonRecordsOnlyCiphertext(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	withKeys(t, s)
	setUp(t, s)
	ok(t)(s.RegisterPerson(ctx, "coord", grace()))
	envs, err := s.Store.ReadStream(ctx, domain.ParticipantStream("m9"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(envs), 1; got != want {
		t.Fatalf("events=%d, want %d", got, want)
	}
	payload := string(envs[0].Payload)
	for _, clear := range []string{"Grace", "Hopper", "grace.hopper", "org-b.example", "20 7946"} {
		if strings.Contains(payload, clear) {
			t.Errorf("payload holds %q in clear: %s", clear, payload)
		}
	}
	p, err := events.Decode(&envs[0])
	if err != nil {
		t.Fatal(err)
	}
	if reg := p.(events.ParticipantRegistered); reg.Personal == nil || reg.Personal.Ciphertext == "" {
		t.Fatalf("no sealed details in %s", payload)
	}
	got, err := s.PersonalDetails(ctx, "m9")
	if err != nil {
		t.Fatal(err)
	}
	if want := (app.Details{Name: "Grace Hopper", Email: "grace.hopper@org-b.example", Phone: "+44 20 7946 0018"}); got != want {
		t.Fatalf("details=%+v, want %+v", got, want)
	}
}

func TestParticipantWithoutDetailsHasNoPersonalField(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	k := withKeys(t, s)
	setUp(t, s)
	if k.seals != 0 {
		t.Fatalf("%d seals for participants without details", k.seals)
	}
	envs, err := s.Store.ReadStream(ctx, domain.ParticipantStream("m1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(envs[0].Payload), "personal") {
		t.Fatalf("payload %s has a personal field", envs[0].Payload)
	}
	got, err := s.PersonalDetails(ctx, "m1")
	if err != nil || got != (app.Details{}) {
		t.Fatalf("details=%+v, %v; want none", got, err)
	}
}

func TestForgetPersonErasesTheDetailsAndRecordsIt(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	withKeys(t, s)
	setUp(t, s)
	ok(t)(s.RegisterPerson(ctx, "coord", grace()))
	c.Set("2025-03-01T10:00:00Z")
	res, err := s.ForgetPerson(ctx, "coord", "m9", d("2025-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Version, int64(2); got != want {
		t.Fatalf("version=%d, want %d", got, want)
	}
	envs, err := s.Store.ReadStream(ctx, domain.ParticipantStream("m9"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := envs[0].Type, "participant.personal_data_erased"; got != want {
		t.Fatalf("type=%s, want %s", got, want)
	}
	if got, want := string(envs[0].Payload), `{"participant_id":"m9","erased_on":"2025-03-01"}`; got != want {
		t.Fatalf("payload=%s, want %s", got, want)
	}
	got, err := s.PersonalDetails(ctx, "m9")
	if err != nil || got != (app.Details{Erased: true}) {
		t.Fatalf("details=%+v, %v; want erased", got, err)
	}
	people, err := s.Participants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(people), 5; got != want {
		t.Fatalf("participants=%d, want %d", got, want)
	}
	for _, p := range people {
		if p.ParticipantID == "m9" && (!p.Erased || p.Name != "") {
			t.Fatalf("m9 listed as %+v, want erased", p)
		}
	}

	_, err = s.ForgetPerson(ctx, "coord", "m9", d("2025-03-01"))
	wantCode(t, err, events.ECONFLICT, "participant m9: personal data already erased on 2025-03-01")
	_, err = s.ForgetPerson(ctx, "coord", "m99", d("2025-03-01"))
	wantCode(t, err, events.ENOTFOUND, "participant m99: not found")
	_, err = s.ForgetPerson(ctx, "coord", "m1", d("2025-03-02"))
	wantCode(t, err, events.EINVALID, "participant.personal_data_erased.erased_on: must not be in the future (today is 2025-03-01), got 2025-03-02")
}

func TestForgetPersonRetriesAfterTheKeyIsGone(t *testing.T) {
	// The key was destroyed but the append did not happen (a crash between
	// the two): the details read as erased, and forgetting again records it.
	ctx := context.Background()
	s, _ := newService(t)
	k := withKeys(t, s)
	setUp(t, s)
	ok(t)(s.RegisterPerson(ctx, "coord", grace()))
	if err := k.Destroy(ctx, "m9"); err != nil {
		t.Fatal(err)
	}
	got, err := s.PersonalDetails(ctx, "m9")
	if err != nil || !got.Erased {
		t.Fatalf("details=%+v, %v; want erased", got, err)
	}
	ok(t)(s.ForgetPerson(ctx, "coord", "m9", d("2025-01-06")))
}

func TestRegisterPersonRules(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	k := withKeys(t, s)
	setUp(t, s)
	c := grace()
	c.Email = "not an address"
	_, err := s.RegisterPerson(ctx, "coord", c)
	wantCode(t, err, events.EINVALID, "participant.email: must be an address such as name@example.org")
	c = grace()
	c.Name = strings.Repeat("x", 201)
	_, err = s.RegisterPerson(ctx, "coord", c)
	wantCode(t, err, events.EINVALID, "participant.name: at most 200 characters, got 201")
	c = grace()
	c.Personal = &events.Sealed{KeyID: "0123456789abcdef0123456789abcdef", Nonce: "AAAAAAAAAAAAAAAA", Ciphertext: "AAAAAAAAAAAAAAAAAAAAAAAA"}
	_, err = s.RegisterPerson(ctx, "coord", c)
	wantCode(t, err, events.EINVALID, "participant.registered.personal: sealed by the application")
	c = grace()
	c.Organisation = "Org Z"
	_, err = s.RegisterPerson(ctx, "coord", c)
	wantCode(t, err, events.EINVALID, "participant.registered.organisation")
	if k.seals != 0 {
		t.Fatalf("%d seals for rejected registrations, want none", k.seals)
	}
	c = grace()
	c.ParticipantID = "m1"
	_, err = s.RegisterPerson(ctx, "coord", c)
	wantCode(t, err, events.ECONFLICT, "participant m1 is already registered")
	if k.seals != 0 {
		t.Fatalf("%d seals for rejected registrations, want none", k.seals)
	}
}

func TestWithoutAKeyStoreNoDetailsAreTaken(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	_, err := s.RegisterPerson(ctx, "coord", grace())
	if err == nil || !strings.Contains(err.Error(), "no key store") {
		t.Fatalf("err=%v, want no key store", err)
	}
	if _, err := s.ForgetPerson(ctx, "coord", "m1", d("2025-01-06")); err == nil || errors.Is(err, events.ErrErased) {
		t.Fatalf("forget without a key store: err=%v", err)
	}
}
