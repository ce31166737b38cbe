package description

import (
	"math/rand"
	"testing"
	"time"
)

// parseUTC must agree with time.Parse(time.RFC3339Nano) whenever it
// answers: random timestamps, valid and not, of the form it reads.
func TestParseUTCAgreesWithTimeParse(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	cases := []string{
		"2024-01-02T03:04:05Z", "2024-02-29T23:59:59.999999999Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
		"2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567891Z",
		"2024-01-01T00:00:00.5Z", "0000-01-01T00:00:00Z", "2024-01-01T00:00:00+01:00", "2024-1-01T00:00:00Z",
		"2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "+024-01-01T00:00:00Z", "2024-01-01T00:00:00.12a4Z",
	}
	digits := func(n, max int) string {
		b := make([]byte, n)
		v := r.Intn(max + 1)
		for i := n - 1; i >= 0; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
		return string(b)
	}
	for i := 0; i < 100000; i++ {
		s := digits(4, 9999) + "-" + digits(2, 13) + "-" + digits(2, 32) + "T" + digits(2, 25) + ":" + digits(2, 61) + ":" + digits(2, 61)
		if k := r.Intn(11); k > 0 {
			s += "." + digits(k, 1<<30)
		}
		cases = append(cases, s+"Z")
	}
	for _, s := range cases {
		got, ok := parseUTC(s)
		want, err := time.Parse(time.RFC3339Nano, s)
		if ok && (err != nil || got != want) {
			t.Fatalf("parseUTC(%q) = %v, time.Parse gives %v, %v", s, got, want, err)
		}
		if !ok && err == nil && len(s) <= 30 && s[len(s)-1] == 'Z' && s[4] == '-' {
			t.Errorf("parseUTC(%q) refused what time.Parse reads (%v)", s, want)
		}
	}
}
