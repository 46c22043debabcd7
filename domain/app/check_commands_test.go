package app

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func TestCheckCoversEveryEventType(t *testing.T) {
	for _, ti := range events.Types() {
		if _, ok := commands[ti.Name]; !ok && ti.Name != (events.Digest{}).EventType() {
			t.Errorf("no command checks %s", ti.Name)
		}
	}
	for name := range commands {
		if _, ok := events.Lookup(name); !ok {
			t.Errorf("command for unregistered type %s", name)
		}
	}
}
