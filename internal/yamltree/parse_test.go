package yamltree

import (
	"strings"
	"testing"
)

// mayNeedFallback reports documents that yaml.v2 writes with constructs
// the fast path leaves to yaml.v3: complex keys ("? "), which it uses for
// keys holding line breaks, and the Unicode line breaks and BOM that only
// yaml.v3 handles.
func mayNeedFallback(doc []byte) bool {
	s := string(doc)
	return strings.HasPrefix(s, "? ") || strings.Contains(s, "\n? ") || strings.Contains(s, " ? ") ||
		strings.ContainsAny(s, "\u0085\u2028\u2029\ufeff")
}

func TestParseMatchesYAMLv3OnEdgeCases(t *testing.T) {
	for _, c := range edgeCases {
		t.Run(c.name, func(t *testing.T) {
			got, err, how := parse([]byte(c.doc), DefaultLimits())
			want, werr := parseFallback([]byte(c.doc), DefaultLimits())
			if err != nil || werr != nil {
				t.Fatalf("Parse error %v, yaml.v3 error %v, on %q", err, werr, c.doc)
			}
			if d := diffTrees(got, want); d != "" {
				t.Fatalf("Parse and yaml.v3 differ on %q: %s\nParse:\n%syaml.v3:\n%s", c.doc, d, dumpTree(got), dumpTree(want))
			}
			if c.fast && how != pathFast {
				t.Errorf("%q took path %d, want the fast path", c.doc, how)
			}
			if !c.fast && how != pathFallback {
				t.Errorf("%q took path %d, want the fallback", c.doc, how)
			}
		})
	}
}

func TestParseMatchesYAMLv3OnRandomDocuments(t *testing.T) {
	for _, d := range randomDocs(t, 1, 3000) {
		got, err, how := parse(d, DefaultLimits())
		if err != nil {
			t.Fatalf("Parse: %v on\n%s", err, d)
		}
		if how == pathFastPanicked || how == pathOverruled {
			t.Fatalf("the fast path failed (path %d) on\n%s", how, d)
		}
		want, werr := parseFallback(d, DefaultLimits())
		if werr != nil {
			t.Fatalf("yaml.v3: %v on\n%s", werr, d)
		}
		if diff := diffTrees(got, want); diff != "" {
			t.Fatalf("Parse and yaml.v3 differ: %s on\n%s", diff, d)
		}
	}
}

func TestParseTakesTheFastPathOnYAMLv2Output(t *testing.T) {
	fast := 0
	for _, d := range randomDocs(t, 2, 3000) {
		_, err, how := parse(d, DefaultLimits())
		if err != nil {
			t.Fatalf("Parse: %v on\n%s", err, d)
		}
		if how == pathFast {
			fast++
		} else if !mayNeedFallback(d) {
			p := parser{src: string(d), lim: DefaultLimits().withDefaults(), line: 1}
			p.run()
			t.Errorf("yaml.v2 output took path %d (%s):\n%s", how, p.bailWhy, d)
		}
	}
	if fast < 2700 {
		t.Errorf("only %d of 3000 documents took the fast path", fast)
	}
	if _, _, how := parse(jujuDoc(50), DefaultLimits()); how != pathFast {
		t.Errorf("a juju-shaped document took path %d", how)
	}
}

func TestResolveMatchesYAMLv2OnRandomDocuments(t *testing.T) {
	for i, d := range randomDocs(t, 3, 2000) {
		root, err := Parse(d)
		if err != nil {
			t.Fatalf("Parse: %v on\n%s", err, d)
		}
		checkAgainstV2(t, "random document "+itoa(i), d, root)
	}
	for _, c := range edgeCases {
		if strings.Contains(c.name, "UTF-16") || strings.Contains(c.name, "as key") {
			continue // yaml.v2 reads only UTF-8, and has no hashable value for a [] key
		}
		root, err := Parse([]byte(c.doc))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		checkAgainstV2(t, c.name, []byte(c.doc), root)
	}
	d := jujuDoc(20)
	root, err := Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstV2(t, "a juju-shaped document", d, root)
}

func TestParseRootKinds(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		kind Kind // 0: no document
	}{
		{"empty input", "", 0},
		{"only blanks", " \n\n   \n", 0},
		{"only comments", "# a\n  # b\n", 0},
		{"a sequence root", "- a\n- b\n", SequenceNode},
		{"a scalar root", "just text\n", ScalarNode},
		{"a quoted scalar root", "'x'\n", ScalarNode},
		{"a mapping root", "a: b\n", MappingNode},
		{"an explicit empty document", "---\n", ScalarNode},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, err := Parse([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			if c.kind == 0 {
				if root != nil {
					t.Fatalf("got %s, want no document", dumpTree(root))
				}
				return
			}
			if root == nil || root.Kind != c.kind {
				t.Fatalf("got %s, want kind %d", dumpTree(root), c.kind)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	doc := "a: 'it''s'\nb: \"tab\\there \\u00e9\"\nc: |2-\n   indented\n  text\nd: long text\n  folded onto\n\n  lines\ne:\n- x\n- - y\nf: {}\n"
	root, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		key, value string
		style      Style
		line, col  int32
	}{
		{"a", "it's", SingleQuoted, 1, 4},
		{"b", "tab\there é", DoubleQuoted, 2, 4},
		{"c", " indented\ntext", Literal, 3, 4},
		{"d", "long text folded onto\nlines", Plain, 6, 4},
	}
	for _, c := range cases {
		n := root.Get(c.key)
		if n == nil || n.Value != c.value || n.Style != c.style || n.Line != c.line || n.Col != c.col {
			t.Errorf("Get(%q) = %v, want value %q style %d at %d:%d", c.key, n, c.value, c.style, c.line, c.col)
		}
	}
	if e := root.Get("e"); e.Kind != SequenceNode || e.Len() != 2 || e.Children()[1].Kind != SequenceNode || e.Line != 11 || e.Col != 1 {
		t.Errorf("e = %s", dumpTree(e))
	}
	if f := root.Get("f"); f.Kind != MappingNode || f.Style != Flow || f.Len() != 0 {
		t.Errorf("f = %s", dumpTree(f))
	}
	if root.Get("missing") != nil || root.Get("a").Get("x") != nil {
		t.Error("Get found a missing key")
	}
	if root.Len() != 6 {
		t.Errorf("Len = %d, want 6", root.Len())
	}
}

func TestParseKeepsScalarsInTheInput(t *testing.T) {
	data := []byte("key: value\n")
	root, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	// Documented: scalars that need no unescaping share the input.
	data[5] = 'V'
	if got := root.Get("key").Value; got != "Value" {
		t.Errorf("value = %q: not zero-copy", got)
	}
}

// Tags are stored after a node's children (Node.ExplicitTag): a tagged
// collection must still report exactly its own children, and a tagged
// scalar none.
func TestExplicitTagAfterChildren(t *testing.T) {
	root, err := Parse([]byte("!!map {a: !!str 1, b: !!seq [x, !!int 2]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if root.ExplicitTag() != "!!map" || len(root.Children()) != 4 {
		t.Fatalf("root: tag %q, %d children; want !!map, 4", root.ExplicitTag(), len(root.Children()))
	}
	a := root.Get("a")
	if a.ExplicitTag() != "!!str" || a.Value != "1" || a.Children() != nil {
		t.Errorf("a: tag %q value %q children %d; want !!str \"1\" none", a.ExplicitTag(), a.Value, len(a.Children()))
	}
	b := root.Get("b")
	if b.ExplicitTag() != "!!seq" || len(b.Children()) != 2 || b.Children()[1].ExplicitTag() != "!!int" || b.Children()[0].ExplicitTag() != "" {
		t.Errorf("b: tag %q, %d children", b.ExplicitTag(), len(b.Children()))
	}
	if k := root.Children()[0]; k.ExplicitTag() != "" || k.Value != "a" {
		t.Errorf("key a: tag %q value %q", k.ExplicitTag(), k.Value)
	}
}
