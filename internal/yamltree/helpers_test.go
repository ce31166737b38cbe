package yamltree

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	yaml2 "gopkg.in/yaml.v2"
)

// diffTrees returns "" when a and b are the same tree, else where and how
// they first differ.
func diffTrees(a, b *Node) string {
	return diffNode(a, b, "$")
}

func diffNode(a, b *Node, at string) string {
	if a == nil || b == nil {
		if a == nil && b == nil {
			return ""
		}
		return fmt.Sprintf("%s: one tree is nil (%v vs %v)", at, a == nil, b == nil)
	}
	if a.Kind != b.Kind || a.Style != b.Style || a.Line != b.Line || a.Col != b.Col || a.ExplicitTag() != b.ExplicitTag() || a.Value != b.Value || len(a.Children()) != len(b.Children()) {
		return fmt.Sprintf("%s: %s vs %s", at, describe(a), describe(b))
	}
	for i := range a.Children() {
		if d := diffNode(&a.Children()[i], &b.Children()[i], fmt.Sprintf("%s[%d]", at, i)); d != "" {
			return d
		}
	}
	return ""
}

func describe(n *Node) string {
	return fmt.Sprintf("{kind %d style %d at %d:%d tag %q value %q children %d}", n.Kind, n.Style, n.Line, n.Col, n.ExplicitTag(), n.Value, len(n.Children()))
}

// dumpTree renders a tree for failure messages.
func dumpTree(n *Node) string {
	var sb strings.Builder
	var walk func(n *Node, ind string)
	walk = func(n *Node, ind string) {
		fmt.Fprintf(&sb, "%s%s\n", ind, describe(n))
		for i := range n.Children() {
			walk(&n.Children()[i], ind+"  ")
		}
	}
	if n == nil {
		return "<nil>\n"
	}
	walk(n, "")
	return sb.String()
}

// toValue converts a tree to Go values the way yaml.v2 Unmarshal into
// interface{} builds them.
func toValue(n *Node) (any, error) {
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case MappingNode:
		m := make(map[any]any, len(n.Children())/2)
		for i := 0; i+1 < len(n.Children()); i += 2 {
			k, err := toValue(&n.Children()[i])
			if err != nil {
				return nil, err
			}
			if k != nil && !reflect.TypeOf(k).Comparable() {
				return nil, fmt.Errorf("unhashable key at %d:%d", n.Children()[i].Line, n.Children()[i].Col)
			}
			if f, ok := k.(float64); ok && math.IsNaN(f) {
				return nil, fmt.Errorf("NaN key")
			}
			v, err := toValue(&n.Children()[i+1])
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, nil
	case SequenceNode:
		s := make([]any, len(n.Children()))
		for i := range n.Children() {
			v, err := toValue(&n.Children()[i])
			if err != nil {
				return nil, err
			}
			s[i] = v
		}
		return s, nil
	}
	_, v := n.Resolve()
	return v, nil
}

// sameValue is reflect.DeepEqual that also takes NaN as equal to NaN.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case map[any]any:
		y, ok := b.(map[any]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// checkAgainstV2 compares Resolve-based values with yaml.v2's Unmarshal.
func checkAgainstV2(t *testing.T, name string, data []byte, root *Node) {
	t.Helper()
	var want any
	if err := yaml2.Unmarshal(data, &want); err != nil {
		t.Errorf("%s: yaml.v2 cannot read the document: %v\n%s", name, err, data)
		return
	}
	got, err := toValue(root)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if !sameValue(got, want) {
		t.Errorf("%s: values differ from yaml.v2\n got: %#v\nwant: %#v\ndoc:\n%s", name, got, want, data)
	}
}

// --- random documents as yaml.v2 writes them ---

var (
	wordList = []string{"juju", "machine", "unit", "started", "idle", "lxd", "ubuntu", "focal", "jammy",
		"application", "relation", "endpoint", "a", "b", "x", "the", "and", "status", "message", "é", "日本",
		"ünïcödé", "🙂", "k8s", "0", "1", "-", "--", "?", ":", "#", "%", "@", "&", "*", "!", "|", ">", "'", `"`,
		"{", "}", "[", "]", ",", "\\", "~", "a:b", "a: b", "a #b", "a#b", "- x", "? y", "...", "---"}
	trickyScalars = []string{"", " ", "  ", "yes", "No", "ON", "off", "y", "n", "Y", "N", "true", "False",
		"null", "Null", "~", "NULL", "0", "-0", "+1", "12", "012", "0x1F", "0X1f", "0b101", "-0b11", "0o17",
		"1_000", "1e3", "1E-3", ".5", "-.5", "5.", "1.5", "+.inf", "-.Inf", ".nan", ".NaN", "1:20", "1:20:30.5",
		"2024-01-02", "2024-01-02T03:04:05Z", "2001-12-14 21:59:43.10", "9223372036854775807",
		"9223372036854775808", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
		"0x", "0b", "_", "1_", "_1", "1__0", "1.2.3", "v1.2", "=", "<<", "- ", "-", "--- x", "... x",
		"a\nb", "a\n\nb", "\n", "\na", "a\n", "a\n\n", " a\nb ", "a\tb", "\t", "a\x01b", "\x7f", "\u0085",
		"\u2028", "\ufeff", "tab\there", "quote's", `dq"s`, `back\slash`, "# not comment", "a #b", "a: b",
		"key:", ":", "::", "-1", "- 1", "-a", "?a", ":a", "@a", "`a", "%a", "!a", "&a", "*a", "|", ">", "[a]", "{a}",
		"a]", "a,b", "é", "  lead", "trail  ", " both ", "0.", "+", "+0x10", "0xffffffffffffffff", "1e400",
	}
)

func randWord(r *rand.Rand) string { return wordList[r.Intn(len(wordList))] }

func randString(r *rand.Rand) string {
	switch r.Intn(10) {
	case 0, 1:
		return trickyScalars[r.Intn(len(trickyScalars))]
	case 2: // long text that yaml.v2 folds at 80 columns
		n := 10 + r.Intn(40)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = randWord(r)
		}
		sep := " "
		if r.Intn(4) == 0 {
			sep = "  "
		}
		return strings.Join(ws, sep)
	case 3: // multi-line text
		n := 1 + r.Intn(5)
		ls := make([]string, n)
		for i := range ls {
			if r.Intn(4) > 0 {
				ls[i] = strings.Repeat(" ", r.Intn(3)) + randWord(r) + " " + randWord(r)
			}
		}
		s := strings.Join(ls, "\n")
		if r.Intn(2) == 0 {
			s += strings.Repeat("\n", r.Intn(3))
		}
		return s
	case 4: // random bytes from a tricky alphabet
		const alpha = "ab :#-'\"\\\n\t{}[],&*!|>%@`?~é日\x00\x1b"
		rs := []rune(alpha)
		n := r.Intn(12)
		var sb strings.Builder
		for i := 0; i < n; i++ {
			sb.WriteRune(rs[r.Intn(len(rs))])
		}
		return sb.String()
	case 5:
		return strings.Repeat(" ", r.Intn(3)) + randWord(r) + strings.Repeat(" ", r.Intn(3))
	default:
		return randWord(r) + "-" + randWord(r)
	}
}

func randKey(r *rand.Rand) string {
	for {
		var k string
		switch r.Intn(6) {
		case 0:
			k = trickyScalars[r.Intn(len(trickyScalars))]
		case 1:
			k = randWord(r) + " " + randWord(r)
		default:
			k = randWord(r)
		}
		if k != "<<" && !strings.ContainsAny(k, "\n") && len(k) < 60 {
			return k
		}
	}
}

func randValue(r *rand.Rand, depth int) any {
	k := r.Intn(12)
	if depth > 5 {
		k = 5 + r.Intn(7)
	}
	switch k {
	case 0, 1, 2:
		m := map[string]any{}
		for i, n := 0, r.Intn(6); i < n; i++ {
			m[randKey(r)] = randValue(r, depth+1)
		}
		return m
	case 3:
		m := map[any]any{}
		for i, n := 0, r.Intn(4); i < n; i++ {
			switch r.Intn(3) {
			case 0:
				m[r.Intn(100)-50] = randValue(r, depth+1)
			case 1:
				m[r.Intn(2) == 0] = randValue(r, depth+1)
			default:
				m[randKey(r)] = randValue(r, depth+1)
			}
		}
		return m
	case 4:
		s := make([]any, r.Intn(5))
		for i := range s {
			s[i] = randValue(r, depth+1)
		}
		return s
	case 5:
		return r.Intn(2000) - 1000
	case 6:
		return []float64{0.5, -1.25, 1e21, 3.0, 1e-7}[r.Intn(5)]
	case 7:
		return r.Intn(2) == 0
	case 8:
		return nil
	default:
		return randString(r)
	}
}

// randomDocs returns n documents written by yaml.v2.Marshal.
func randomDocs(tb testing.TB, seed int64, n int) [][]byte {
	r := rand.New(rand.NewSource(seed))
	docs := make([][]byte, 0, n)
	for len(docs) < n {
		var v any
		if r.Intn(5) == 0 {
			v = randValue(r, 0)
		} else {
			m := map[string]any{}
			for i, k := 0, 1+r.Intn(6); i < k; i++ {
				m[randKey(r)] = randValue(r, 1)
			}
			v = m
		}
		b, err := yaml2.Marshal(v)
		if err != nil {
			tb.Fatalf("yaml.v2 cannot marshal %#v: %v", v, err)
		}
		docs = append(docs, b)
	}
	return docs
}
