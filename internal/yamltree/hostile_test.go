package yamltree

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func billionLaughs() string {
	var sb strings.Builder
	sb.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for c := 'b'; c <= 'j'; c++ {
		p := string(c - 1)
		sb.WriteString(string(c) + ": &" + string(c) + " [")
		for i := 0; i < 9; i++ {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("*" + p)
		}
		sb.WriteString("]\n")
	}
	return sb.String()
}

func TestHostileInputs(t *testing.T) {
	big := strings.Repeat("x", 100<<20)
	cases := []struct {
		name    string
		doc     string
		lim     Limits
		wantErr string // "" when the document must parse
	}{
		{"a billion laughs", billionLaughs(), DefaultLimits(), `7:8: alias "f" expands to too many nodes (limit 1000000)`},
		{"an alias to its own anchor", "a: &a [x, *a]\n", DefaultLimits(), `1:11: anchor "a" value contains itself`},
		{"10,000 nested block sequences", strings.Repeat("- ", 10_000) + "x\n", DefaultLimits(), "1:513: document is nested too deeply (limit 256)"},
		{"10,000 nested block mappings", nestedMappings(10_000), DefaultLimits(), "257:257: document is nested too deeply (limit 256)"},
		{"10,000 nested flow sequences", strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n", DefaultLimits(), "1:257: document is nested too deeply (limit 256)"},
		{"100,000 nested flow sequences", strings.Repeat("[", 100_000) + "\n", DefaultLimits(), "0:0: exceeded max depth of 10000"},
		{"10,000 nested block sequences within a raised limit", strings.Repeat("- ", 10_000) + "x\n", Limits{MaxDepth: 20_000}, ""},
		{"a 100 MB plain scalar", "a: " + big + "\n", Limits{MaxScalarBytes: 1 << 20}, "1:4: scalar is longer than 1048576 bytes"},
		{"a 100 MB double-quoted scalar with escapes", "a: \"\\t" + big + "\"\n", Limits{MaxScalarBytes: 1 << 20}, "1:4: scalar is longer than 1048576 bytes"},
		{"a 100 MB literal scalar", "a: |\n  " + big + "\n", Limits{MaxScalarBytes: 1 << 20}, "1:4: scalar is longer than 1048576 bytes"},
		{"too many nodes", strings.Repeat("- x\n", 1000), Limits{MaxNodes: 100}, "101:3: document has too many nodes (limit 100)"},
		{"too many nodes through aliases", "a: &a [x, y]\nb: [*a, *a, *a]\n", Limits{MaxNodes: 10}, "2:9: document has too many nodes (limit 10)"},
		{"an alias expansion over the limit", "a: &a [x, y]\nb: *a\nc: *a\n", Limits{MaxAliasExpansion: 5}, `3:4: alias "a" expands to too many nodes (limit 5)`},
		{"invalid UTF-8", "a: \xc0\x80\n", DefaultLimits(), "1:4: invalid UTF-8 byte 0xC0"},
		{"a NUL byte", "\x00", DefaultLimits(), "1:1: control character U+0000 is not allowed"},
		{"a list root", "- a\n", DefaultLimits(), ""},
		{"a scalar root", "a\n", DefaultLimits(), ""},
		{"empty input", "", DefaultLimits(), ""},
		{"several documents", "a\n---\nb\n---\nc\n", DefaultLimits(), "2:1: multiple documents in one stream are not supported"},
		{"several documents through the fallback", "a: &x 1\n---\nb\n", DefaultLimits(), "2:1: multiple documents in one stream are not supported"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			data := []byte(c.doc)
			start := time.Now()
			mem := allocated(func() { _, err = ParseLimits(data, c.lim) })
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if mem > 64<<20 {
				t.Errorf("allocated %d MB", mem>>20)
			}
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.wantErr != "" && err == nil:
				t.Fatalf("no error, want %q", c.wantErr)
			case c.wantErr != "" && err.Error() != c.wantErr:
				t.Fatalf("error\n got %q\nwant %q", err, c.wantErr)
			}
		})
	}
}

func nestedMappings(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(strings.Repeat(" ", i))
		sb.WriteString("k:\n")
	}
	return sb.String()
}

func TestLimitsDefaults(t *testing.T) {
	d := DefaultLimits()
	if d.MaxDepth != 256 || d.MaxNodes != 20_000_000 || d.MaxScalarBytes != 64<<20 || d.MaxAliasExpansion != 1_000_000 {
		t.Errorf("DefaultLimits() = %+v", d)
	}
	if got := (Limits{}).withDefaults(); got != d {
		t.Errorf("zero Limits resolve to %+v, want the defaults", got)
	}
}
