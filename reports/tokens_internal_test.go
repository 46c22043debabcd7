package reports

import (
	"strconv"
	"testing"
)

func FuzzParseDecimalAgreesWithStrconv(f *testing.F) {
	for _, s := range []string{"0", "-0", "7", "-42", "123456789012345678", "1234567890123456789", "9223372036854775807",
		"-9223372036854775808", "9223372036854775808", "", "-", "+1", "1e3", " 1", "١", "00012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := strconv.ParseInt(s, 10, 64)
		got, ok := parseDecimal(s)
		if s != "" && s[0] == '+' { // tokens never write a plus; strconv takes one
			if ok && got != want {
				t.Fatalf("%q: %d, strconv %d", s, got, want)
			}
			return
		}
		if ok != (err == nil) || (ok && got != want) {
			t.Fatalf("%q: %d %v, strconv %d %v", s, got, ok, want, err)
		}
	})
}
