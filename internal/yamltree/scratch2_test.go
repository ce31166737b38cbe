package yamltree

import (
	"fmt"
	"strings"
	"testing"
)

func TestScratchRandom(t *testing.T) {
	docs := randomDocs(t, 1, 3000)
	bad := 0
	paths := map[path]int{}
	for i, d := range docs {
		got, err, how := parse(d, DefaultLimits())
		paths[how]++
		want, werr := parseFallback(d, DefaultLimits())
		if (err != nil) != (werr != nil) {
			t.Errorf("doc %d: err %v vs %v\n%s", i, err, werr, d)
			bad++
		} else if dd := diffTrees(got, want); dd != "" {
			t.Errorf("doc %d (path %d): %s\n%s", i, how, dd, d)
			bad++
		}
		if bad > 5 {
			break
		}
	}
	t.Logf("paths %v", paths)
}

func TestScratchShow(t *testing.T) {
	docs := randomDocs(t, 1, 5)
	for _, d := range docs {
		t.Logf("\n%s", d)
	}
}

func TestScratchFallbacks(t *testing.T) {
	docs := randomDocs(t, 1, 3000)
	n := 0
	for _, d := range docs {
		_, _, how := parse(d, DefaultLimits())
		if how != pathFast && n < 30 {
			n++
			p := parser{src: string(d), lim: DefaultLimits().withDefaults(), line: 1, ascii: true}; p.run(); ln := 0; fmt.Sscanf(p.bailWhy, "%d", &ln); ls := strings.Split(string(d), "\n"); if ln > 0 && ln <= len(ls) { t.Logf("%d %s: %q", how, p.bailWhy, ls[ln-1]) } else { t.Logf("%d %s %q", how, p.bailWhy, d) }
		}
	}
}
