package yamltree

import (
	"math/rand"
	"testing"
)

// The shortcuts that skip work must never change an answer: numberShaped
// may only refuse what resolveNumber refuses, and IsString must agree with
// Resolve. Random short strings over the bytes that matter (digits, signs,
// dots, exponents, base prefixes, hex letters, words) probe both.
func TestShortcutsAgreeWithResolve(t *testing.T) {
	const alphabet = "0123456789+-._eExXoObBaAfFnNyYtT~: /"
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		b := make([]byte, 1+r.Intn(7))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		s := string(b)
		if _, _, ok := resolveNumber(s); ok && !numberShaped(s) {
			t.Fatalf("numberShaped(%q) = false, but resolveNumber reads it", s)
		}
		for _, st := range []Style{Plain, DoubleQuoted} {
			n := &Node{Kind: ScalarNode, Style: st, Value: s}
			tag, _ := n.Resolve()
			if got := n.IsString(); got != (tag == StrTag) {
				t.Fatalf("IsString(%q, style %d) = %v, Resolve says %v", s, st, got, tag)
			}
			checkDecimalInt(t, n)
		}
	}
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"10.0.3.4", false}, {"3.6.14-ubuntu-amd64", false}, {"0f1e2d3c", false}, {"1.2.3", false},
		{"12", true}, {"-1_000", true}, {"1.5e+3", true}, {"0x1F", true}, {"-0b101", true}, {".5", true},
	} {
		if got := numberShaped(c.s); got != c.want {
			t.Errorf("numberShaped(%q) = %v, want %v", c.s, got, c.want)
		}
	}
	for _, s := range []string{"0", "-0", "7", "-42", "123456789012345678", "-123456789012345678", "1234567890123456789", "9223372036854775807", "-9223372036854775808", "012", "1_0"} {
		checkDecimalInt(t, &Node{Kind: ScalarNode, Value: s})
	}
	tagged := &Node{Kind: ScalarNode, Value: "12"}
	tagged.setChildren(nil, "!!int")
	if tagged.IsString() {
		t.Error(`IsString(!!int "12") = true`)
	}
	if _, ok := tagged.DecimalInt(); ok {
		t.Error(`DecimalInt(!!int "12") = true: tagged scalars are left to Resolve`)
	}
	if (&Node{Kind: MappingNode}).IsString() || (*Node)(nil).IsString() {
		t.Error("IsString is true for a mapping or nil")
	}
}

// checkDecimalInt checks that when DecimalInt answers, Resolve gives the
// same int.
func checkDecimalInt(t *testing.T, n *Node) {
	t.Helper()
	v, ok := n.DecimalInt()
	if !ok {
		return
	}
	tag, rv := n.Resolve()
	var want int64
	switch x := rv.(type) {
	case int:
		want = int64(x)
	case int64:
		want = x
	default:
		t.Fatalf("DecimalInt(%q) = %d, but Resolve gives %v %v", n.Value, v, tag, rv)
	}
	if tag != IntTag || want != v {
		t.Fatalf("DecimalInt(%q) = %d, Resolve gives %v %v", n.Value, v, tag, rv)
	}
}
