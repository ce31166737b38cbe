package yamltree

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// seqParse is the sequential parse, the reference for the parallel one:
// parse with the parallel path off.
func seqParse(data []byte, lim Limits) (*Node, error, path) {
	old := parallelMin
	parallelMin = math.MaxInt
	defer func() { parallelMin = old }()
	return parse(data, lim)
}

// parseSplit parses data in chunks starting at starts (offsets of line
// starts in its text, after any BOM), the first being 0.
func parseSplit(data []byte, lim Limits, starts []int) (*Node, bool) {
	src := text(data)
	lines := make([]int32, len(starts))
	for k, s := range starts {
		lines[k] = 1 + int32(strings.Count(src[:s], "\n"))
	}
	return parseAt(src, lim.withDefaults(), starts, lines, false, false)
}

// lineStarts returns the offsets of the starts of all lines but the first.
func lineStarts(data []byte) []int {
	src := text(data)
	var out []int
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' && i+1 < len(src) {
			out = append(out, i+1)
		}
	}
	return out
}

// checkSplit parses data split at starts and, when the parallel parse
// accepts, requires the sequential parse to give the same tree (and
// yaml.v3 too when it reads the document). It reports acceptance.
func checkSplit(t *testing.T, name string, data []byte, lim Limits, starts []int) bool {
	t.Helper()
	got, ok := parseSplit(data, lim, starts)
	if !ok {
		return false
	}
	want, err, how := seqParse(data, lim)
	if err != nil || how != pathFast {
		t.Errorf("%s split at %v: the parallel parse accepts what the sequential one does not (%v, path %d)\n%q", name, starts, err, how, data)
		return true
	}
	if d := diffTrees(got, want); d != "" {
		t.Errorf("%s split at %v: parallel and sequential trees differ: %s", name, starts, d)
	}
	if ref, err := parseFallback(data, lim.withDefaults()); err == nil {
		if d := diffTrees(got, ref); d != "" {
			t.Errorf("%s split at %v: parallel and yaml.v3 trees differ: %s", name, starts, d)
		}
	}
	return true
}

// checkPublic requires Parse with the parallel path on for small input to
// give exactly what the sequential parse gives: tree, error and path.
func checkPublic(t *testing.T, name string, data []byte, lim Limits) {
	t.Helper()
	want, werr, whow := seqParse(data, lim)
	old := parallelMin
	parallelMin = 1
	got, err, how := parse(data, lim)
	parallelMin = old
	if fmt.Sprint(err) != fmt.Sprint(werr) || how != whow {
		t.Errorf("%s: parallel-enabled parse gives %v (path %d), sequential %v (path %d)", name, err, how, werr, whow)
		return
	}
	if d := diffTrees(got, want); d != "" {
		t.Errorf("%s: parallel-enabled and sequential trees differ: %s", name, d)
	}
}

// checkAllSplits tries every split into two chunks at a line start, the
// splits splitPoints picks for 2 to 8 chunks, and (for short documents)
// every split into three.
func checkAllSplits(t *testing.T, name string, data []byte, lim Limits, every int) {
	t.Helper()
	ls := lineStarts(data)
	for i := 0; i < len(ls); i += every {
		checkSplit(t, name, data, lim, []int{0, ls[i]})
	}
	if len(ls) <= 40 {
		for i := range ls {
			for j := i + 1; j < len(ls); j++ {
				checkSplit(t, name, data, lim, []int{0, ls[i], ls[j]})
			}
		}
	}
	for n := 2; n <= 8; n++ {
		starts, _ := splitPoints(text(data), n)
		checkSplit(t, name, data, lim, starts)
	}
	checkPublic(t, name, data, lim)
}

// splitCases are documents with a line at which a split must be refused
// (accept false: the sequential parse reads across it, fails or bails)
// or accepted (accept true: the parallel parse must be usable there).
var splitCases = []struct {
	name   string
	doc    string
	at     string // the split is at the first line starting with this
	accept bool
	lim    Limits
}{
	{"a double-quoted scalar over a key-like line", "a: \"x\nb: y\"\nc: d\n", "b: y", false, Limits{}},
	{"a single-quoted scalar over a key-like line", "a: 'x\nb: y'\nc: d\n", "b: y", false, Limits{}},
	{"a double-quoted scalar over an item-like line", "a:\n- \"x\n- y\"\n- z\n", "- y", false, Limits{}},
	{"a flow mapping over a split", "a: {x: 1,\nb: 2}\nc: d\n", "b: 2", false, Limits{}},
	{"a flow sequence over a split", "a: [1,\nb, 2]\nc: d\n", "b, 2", false, Limits{}},
	{"a literal block scalar ends at the next key", "a: |\n  x\n\n  y\nb: z\n", "b: z", true, Limits{}},
	{"a kept literal's trailing lines", "a: |+\n  x\n\n\nb: z\n", "b: z", true, Limits{}},
	{"inside a literal block scalar", "a: |\n  x\n  y: 1\nb: z\n", "  y: 1", false, Limits{}},
	{"inside an item's literal", "a:\n- |\n  x\n  y: 1\n- z\n", "  y: 1", false, Limits{}},
	{"an alias to an anchor in the chunk before", "a: &x 1\nb: *x\n", "b: ", false, Limits{}},
	{"a top-level key repeated across chunks", "a: 1\nb: 2\na: 3\n", "a: 3", false, Limits{}},
	{"a nested key repeated across chunks", "m:\n  x: 1\n  y:\n    z: 1\n  x: 2\nn: 3\n", "  x: 2", false, Limits{}},
	{"a quoted key equal to a plain one across chunks", "a: 1\nb:\n  c: 2\n\"a\": 3\n", "\"a\": 3", false, Limits{}},
	{"a second document", "a: 1\n---\nb: 2\n", "b: 2", false, Limits{}},
	{"a marker line right at the split", "a:\n  x: 1\n--- \nb: 2\n", "--- ", false, Limits{}},
	{"content after a document end", "a: 1\n...\n# c\nb: 2\n", "b: 2", false, Limits{}},
	{"a directive", "%YAML 1.1\n---\na: 1\nb: 2\n", "b: 2", false, Limits{}},
	{"an explicit document start", "---\na:\n  x: 1\nb: 2\n", "b: 2", false, Limits{}},
	{"comments at column 0 before the split", "a:\n  x: 1\n# c\n\n  y: 2\nb: 3\n", "  y: 2", true, Limits{}},
	{"a split at a comment line", "a:\n  x: 1\n# c\nb: 3\n", "# c", false, Limits{}},
	{"a split at a literal's comment-like line", "a: |\n  x\n  # y\nb: 3\n", "  # y", false, Limits{}},
	{"a split at a kept literal's blank line", "a: |+\n  x\n\n\nb: 3\n", "\n", false, Limits{}},
	{"a BOM", "\xEF\xBB\xBFa:\n  x: 1\nb: 2\n", "b: 2", true, Limits{}},
	{"CRLF line ends", "a:\r\n  x: 1\r\nb: 2\r\n", "b: 2", false, Limits{}},
	{"a NEL in the later chunk", "a:\n  x: 1\nb: 2\u0085c\n", "b: 2", false, Limits{}},
	{"invalid UTF-8 in the later chunk", "a:\n  x: 1\nb: \xff\n", "b: ", false, Limits{}},
	{"a non-indentless sequence", "a:\n  - 1\n  - 2\nb: 3\n", "  - 2", true, Limits{}},
	{"an indentless sequence", "a:\n- 1\n- 2\nb: 3\n", "- 2", true, Limits{}},
	{"an indentless sequence's first item", "a:\n- 1\n- 2\nb: 3\n", "- 1", false, Limits{}},
	{"a nested indentless sequence and its mapping", "m:\n  v: 1\n  items:\n  - id: 1\n    x: 2\n  - id: 2\n  w: 3\nn: 4\n", "  w: 3", true, Limits{}},
	{"a nested indentless sequence's item", "m:\n  v: 1\n  items:\n  - id: 1\n    x:\n      y: 2\n  - id: 2\n  w: 3\nn: 4\n", "  - id: 2", true, Limits{}},
	{"an item after a sequence indented more", "a:\n  - 1\n- 2\n", "- 2", false, Limits{}},
	{"an item where the value is a mapping", "a:\n  x: 1\n- 2\n", "- 2", false, Limits{}},
	{"an indented item where the value is a mapping", "a:\n  x: 1\n  - 2\n", "  - 2", false, Limits{}},
	{"a key after a sequence that is not indentless", "a:\n  - 1\n  b: 2\n", "  b: 2", false, Limits{}},
	{"a key after a nested sequence item", "- - 1\n  - 2\n  b: 2\n", "  b: 2", false, Limits{}},
	{"a mapping's first key after an empty value", "a:\n  x: 1\n", "  x: 1", false, Limits{}},
	{"a plain scalar's continuation", "a: x\n  y\nb: z\n", "  y", false, Limits{}},
	{"a plain scalar's key-like continuation", "a: x\n  b: y\n", "  b: y", false, Limits{}},
	{"a key indented past its mapping", "a: 1\n  b: 2\n", "  b: 2", false, Limits{}},
	{"a root sequence", "- a\n- b\n", "- b", false, Limits{}},
	{"an indented root mapping", "  a: 1\n  b:\n    c: 2\nd: 3\n", "d: 3", false, Limits{}},
	{"non-ASCII text", "a:\n  é: ü\n  x: 1\nb: ñ\n", "  x: 1", true, Limits{}},
	{"the node limit, exceeded only by the sum", "a:\n- 1\n- 2\n- 3\nb:\n- 4\n- 5\n", "b:", false, Limits{MaxNodes: 9}},
	{"the node limit, just met", "a:\n- 1\n- 2\n- 3\nb:\n- 4\n- 5\n", "b:", true, Limits{MaxNodes: 10}},
	{"the depth limit, exceeded in the later chunk", "a:\n  b:\n    x: 1\n    c:\n      d: 1\n", "    c:", false, Limits{MaxDepth: 3}},
	{"the depth limit, just met", "a:\n  b:\n    x: 1\n    c:\n      d: 1\n", "    c:", true, Limits{MaxDepth: 4}},
	{"a syntax error in the later chunk", "a: 1\nb: 2\nc: d: e\n", "b: 2", false, Limits{}},
	{"a tab in the later chunk's indentation", "a:\n  x: 1\nb:\n\tc: 2\n", "b:", false, Limits{}},
}

func TestParallelSplitCases(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // so that Parse splits in checkPublic
	for _, c := range splitCases {
		data := []byte(c.doc)
		src := text(data)
		at := strings.Index("\n"+src, "\n"+c.at)
		if at <= 0 {
			t.Fatalf("%s: no line starts with %q", c.name, c.at)
		}
		if got := checkSplit(t, c.name, data, c.lim, []int{0, at}); got != c.accept {
			t.Errorf("%s: split at %q accepted %v, want %v", c.name, c.at, got, c.accept)
		}
		checkAllSplits(t, c.name, data, c.lim, 1)
		// Padded large enough for Parse's own split points.
		big := c.doc + strings.Repeat("# padding\n", 20) + "zz:\n" + strings.Repeat("- pad\n", 50)
		if strings.HasPrefix(c.doc, "- ") {
			big = c.doc + strings.Repeat("- pad\n", 50)
		}
		checkPublic(t, c.name+" (padded)", []byte(big), c.lim)
	}
}

func TestParallelEdgeAndErrorCases(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // so that Parse splits in checkPublic
	for _, c := range edgeCases {
		checkAllSplits(t, c.name, []byte(c.doc), Limits{}, 1)
	}
	for _, c := range errorCases {
		checkAllSplits(t, c.name, []byte(c.doc), Limits{}, 1)
	}
	for i, d := range randomDocs(t, 11, 60) {
		checkAllSplits(t, fmt.Sprintf("random doc %d", i), d, Limits{}, 1)
	}
}

func TestParallelFixtures(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // so that Parse splits in checkPublic
	n := 0
	for _, dir := range []string{"../../testdata/fixtures", "testdata"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			lines := strings.Count(string(data), "\n")
			checkAllSplits(t, path, data, Limits{}, max(1, lines/25))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 10 {
		t.Fatalf("only %d fixtures found", n)
	}
}

// bigModel writes a model shaped as yaml.v2 writes juju's descriptions:
// top-level keys, collections wrapped in a versioned mapping with an
// indentless sequence at column 2, and one indentless sequence at column 0.
func bigModel(machines, apps int) []byte {
	var sb strings.Builder
	sb.WriteString("version: 12\nowner: admin\nconfig:\n  name: big\n  uuid: \"d1a5\"\n")
	sb.WriteString("machines:\n  version: 3\n  machines:\n")
	for i := 0; i < machines; i++ {
		fmt.Fprintf(&sb, "  - id: \"%d\"\n    nonce: 'n-%d'\n    jobs:\n    - host-units\n    instance:\n      status:\n        value: running\n        data: {}\n", i, i)
		fmt.Fprintf(&sb, "    notes: |\n      line one\n      line %d\n\n    tags: []\n    containers:\n      version: 1\n      containers:\n      - id: %d/lxd/0\n        series: noble\n", i, i)
	}
	sb.WriteString("applications:\n")
	for i := 0; i < apps; i++ {
		fmt.Fprintf(&sb, "- name: app%d\n  units:\n  - name: app%d/0\n    é: \"ü\\n\"\n  - name: app%d/1\n  config:\n    k: a long\n      plain value\n", i, i, i)
	}
	sb.WriteString("relations:\n  version: 1\n  relations: []\ncloud: lxd\n")
	return []byte(sb.String())
}

func TestParallelBigModel(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // so that Parse splits in checkPublic
	data := bigModel(300, 120)
	src := text(data)
	for n := 2; n <= 8; n++ {
		starts, _ := splitPoints(src, n)
		if len(starts) < n {
			t.Errorf("%d chunks wanted, %d split points found", n, len(starts))
		}
		if !checkSplit(t, "big model", data, Limits{}, starts) {
			t.Errorf("%d chunks: the parallel parse refused the big model", n)
		}
	}
	ls := lineStarts(data)
	for i := 0; i < len(ls); i += 97 {
		checkSplit(t, "big model", data, Limits{}, []int{0, ls[i], ls[min(i+500, len(ls)-1)]})
	}
	checkPublic(t, "big model", data, Limits{})
	// The node limit: met exactly, then exceeded by one.
	want, err, _ := seqParse(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	total := countNodes(want)
	starts, _ := splitPoints(src, 4)
	if !checkSplit(t, "big model at its node count", data, Limits{MaxNodes: total}, starts) {
		t.Errorf("refused at MaxNodes equal to its %d nodes", total)
	}
	if checkSplit(t, "big model over its node count", data, Limits{MaxNodes: total - 1}, starts) {
		t.Errorf("accepted at MaxNodes one below its %d nodes", total)
	}
	checkPublic(t, "big model over its node count", data, Limits{MaxNodes: total - 1})
}

func countNodes(n *Node) int {
	c := 1
	for i := range n.Children() {
		c += countNodes(&n.Children()[i])
	}
	return c
}

// Parse itself takes the parallel path on large input when it may.
func TestParallelUsedByParse(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	data := bigModel(4000, 500)
	if len(data) < parallelMin {
		t.Fatalf("the model is %d bytes, under the threshold of %d", len(data), parallelMin)
	}
	src := text(data)
	if _, ok := parseParallel(src, DefaultLimits(), parallelChunks(len(src)), false, false); !ok {
		t.Fatal("the parallel parse refused the big model")
	}
	checkPublic(t, "big model via Parse", data, Limits{})
	root, err := ParseReader(strings.NewReader(string(data)), int64(len(data)), DefaultLimits())
	want, werr, _ := seqParse(data, Limits{})
	if err != nil || werr != nil {
		t.Fatal(err, werr)
	}
	if d := diffTrees(root, want); d != "" {
		t.Errorf("ParseReader: %s", d)
	}
}
