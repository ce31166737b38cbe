package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/modelferry/ferry/migrate"
)

// TestRateAndLeft: no rate or time left from one item out of thousands
// after a few milliseconds (the "7m46s left" at 1/2,054); shown
// after 2 s, or at 5% of the work.
func TestRateAndLeft(t *testing.T) {
	for _, c := range []struct {
		name string
		e    migrate.Event
		want string
	}{
		{"first of thousands", migrate.Event{Done: 1, Total: 2054, Unit: "documents", Elapsed: 227 * time.Millisecond}, ""},
		{"4% after 1.9s", migrate.Event{Done: 80, Total: 2000, Unit: "documents", Elapsed: 1900 * time.Millisecond}, ""},
		{"5% too soon", migrate.Event{Done: 100, Total: 2000, Unit: "documents", Elapsed: 100 * time.Millisecond}, ""},
		{"5% after 0.5s", migrate.Event{Done: 100, Total: 2000, Unit: "documents", Elapsed: 500 * time.Millisecond}, "200 docs/s, 10s left"},
		{"1% after 2s", migrate.Event{Done: 20, Total: 2000, Unit: "log entries", Elapsed: 2 * time.Second}, "10 entries/s, 3m18s left"},
		{"done", migrate.Event{Done: 2000, Total: 2000, Unit: "documents", Elapsed: 4 * time.Second}, "500 docs/s"},
		{"bytes", migrate.Event{Done: 1, Total: 10, Bytes: 4 << 20, TotalBytes: 12 << 20, Unit: "blobs", Elapsed: 2 * time.Second}, "2.0 MiB/s, 4s left"},
		{"nothing yet", migrate.Event{Done: 0, Total: 10, Unit: "blobs", Elapsed: 5 * time.Second}, ""},
	} {
		if got := rateAndLeft(c.e); got != c.want {
			t.Errorf("%s: rateAndLeft = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestProgressLinesWaitForRate: the log lines of a phase carry a rate
// and time left only from the line where they mean something.
func TestProgressLinesWaitForRate(t *testing.T) {
	var buf bytes.Buffer
	p := &progressOutput{w: &buf, lastLine: map[migrate.Phase]time.Time{}}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.event(migrate.Event{Kind: migrate.EventProgress, Phase: migrate.Import, Done: 1, Total: 2054, Unit: "documents", Time: start, Elapsed: 200 * time.Millisecond})
	p.event(migrate.Event{Kind: migrate.EventProgress, Phase: migrate.Import, Done: 1000, Total: 2054, Unit: "documents", Time: start.Add(3 * time.Second), Elapsed: 3200 * time.Millisecond})
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), buf.String())
	}
	if !strings.HasSuffix(lines[0], "[import] 1/2054 documents (0%)") {
		t.Errorf("first line %q: want no rate or time left", lines[0])
	}
	if !strings.HasSuffix(lines[1], "[import] 1000/2054 documents (48%), 312 docs/s, 3s left") {
		t.Errorf("second line %q: want a rate and time left", lines[1])
	}
}
