package yamltree

import "testing"

func TestScratchEdge(t *testing.T) {
	for _, c := range edgeCases {
		got, err, how := parse([]byte(c.doc), DefaultLimits())
		want, werr := parseFallback([]byte(c.doc), DefaultLimits())
		if (err != nil) != (werr != nil) {
			t.Errorf("%s: err %v vs %v", c.name, err, werr)
			continue
		}
		if d := diffTrees(got, want); d != "" {
			t.Errorf("%s (path %d): %s\n%s", c.name, how, d, dumpTree(want))
		}
		if c.fast != (how == pathFast) {
			p := parser{src: c.doc, lim: DefaultLimits().withDefaults(), line: 1, ascii: true}
			p.run()
			t.Errorf("%s: path %d, want fast=%v (%s) err=%v", c.name, how, c.fast, p.bailWhy, err)
		}
	}
}
