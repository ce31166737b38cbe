package yamltree

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics or hangs, that every split the
// parallel parse accepts gives the sequential parse's tree, that the fast path
// never panics (a panic would be hidden by the fallback), and that when
// yaml.v3 reads the input, Parse builds the same tree; when only one of
// them rejects it, that must be one of our own checks (duplicate keys,
// limits, several documents).
func FuzzParse(f *testing.F) {
	for _, c := range edgeCases {
		f.Add([]byte(c.doc))
	}
	for _, c := range errorCases {
		f.Add([]byte(c.doc))
	}
	for _, d := range randomDocs(f, 7, 40) {
		f.Add(d)
	}
	for _, s := range []string{billionLaughs(), "a: &a [x, *a]\n", strings.Repeat("- ", 1000) + "x\n",
		nestedMappings(100), strings.Repeat("[", 1000) + strings.Repeat("]", 1000), "a\n---\nb\n"} {
		f.Add([]byte(s))
	}
	lim := Limits{MaxDepth: 64, MaxNodes: 100_000, MaxScalarBytes: 1 << 20, MaxAliasExpansion: 10_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err, how := parse(data, lim)
		checkParallelFuzz(t, data, lim, got, err, how)
		switch how {
		case pathFastPanicked:
			t.Fatalf("the fast path panicked on %q", data)
		case pathOverruled:
			t.Fatalf("the fast path rejected what yaml.v3 reads, on %q", data)
		case pathFallback:
			return // the answer is the reference itself
		}
		want, werr := parseFallback(data, lim)
		switch {
		case err == nil && werr == nil:
			if d := diffTrees(got, want); d != "" {
				t.Fatalf("fast path and yaml.v3 differ on %q: %s", data, d)
			}
		case err == nil && werr != nil:
			t.Fatalf("the fast path accepts %q, which yaml.v3 rejects: %v", data, werr)
		case err != nil && werr == nil:
			if !isOwnCheck(err) {
				t.Fatalf("the fast path rejects %q (%v), which yaml.v3 reads", data, err)
			}
		}
	})
}

// isOwnCheck reports errors that come from checks yaml.v3 does not make.
func isOwnCheck(err error) bool {
	msg := err.Error()
	for _, s := range []string{"duplicate key", "too many nodes", "nested too deeply", "longer than", "multiple documents", "expands to too many"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// checkParallelFuzz requires every split of data that the parallel parse
// accepts (at each line start, and where splitPoints puts 2 to 4 chunks)
// to give the tree of the sequential parse, which gave want, werr, how.
func checkParallelFuzz(t *testing.T, data []byte, lim Limits, want *Node, werr error, how path) {
	var splits [][]int
	for _, i := range lineStarts(data) {
		splits = append(splits, []int{0, i})
	}
	for n := 2; n <= 4; n++ {
		starts, _ := splitPoints(text(data), n)
		splits = append(splits, starts)
	}
	for _, starts := range splits {
		got, ok := parseSplit(data, lim, starts)
		if !ok {
			continue
		}
		if werr != nil || how != pathFast {
			t.Fatalf("split at %v, the parallel parse accepts %q, which the sequential one does not (%v, path %d)", starts, data, werr, how)
		}
		if d := diffTrees(got, want); d != "" {
			t.Fatalf("split at %v, parallel and sequential parses differ on %q: %s", starts, data, d)
		}
	}
}
