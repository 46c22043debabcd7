package reports

import (
	"slices"
	"testing"
)

func TestConcat(t *testing.T) {
	a, b := []string{"e1", "e2"}, []string{"e3"}
	if got := concat(); got == nil || len(got) != 0 {
		t.Fatalf("concat() = %#v, want an empty list, not nil", got)
	}
	if got := concat(nil, []string{}); got == nil || len(got) != 0 {
		t.Fatalf("concat of empty lists = %#v, want an empty list, not nil", got)
	}
	if got := concat(a, b); !slices.Equal(got, []string{"e1", "e2", "e3"}) {
		t.Fatalf("concat(a, b) = %v", got)
	}
	// One non-empty list comes back as it is, capped: appending to the
	// verdict's list copies and leaves the list it came from alone.
	big := make([]string, 2, 8)
	copy(big, a)
	got := concat(nil, big, nil)
	if !slices.Equal(got, a) || cap(got) != len(got) {
		t.Fatalf("concat(nil, big, nil) = %v (cap %d), want %v capped", got, cap(got), a)
	}
	_ = append(got, "x")
	if big[:3][2] == "x" {
		t.Fatal("appending to concat's result wrote into its source")
	}
}
