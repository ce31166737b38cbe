package yamltree

import "testing"

func TestScratchSize(t *testing.T) {
	d := benchDoc()
	t.Logf("size %d", len(d))
	t.Logf("\n%s", d[:6000])
}
