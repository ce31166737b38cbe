package yamltree

import (
	"math"
	"testing"

	yaml2 "gopkg.in/yaml.v2"
)

// plainScalars are written unquoted after "v: "; each must resolve as
// yaml.v2 resolves it.
var plainScalars = []string{
	"", "~", "null", "Null", "NULL", "nULL",
	"y", "Y", "yes", "Yes", "YES", "yEs", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "tRUE",
	"false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "oN",
	"0", "-0", "+0", "12", "-12", "+12", "012", "-012", "08", "0o17", "0x1F", "0X1f", "-0x1F", "+0x1F",
	"0b101", "-0b101", "0b", "0x", "1_000", "1__0", "_1", "1_", "0x_1F", "0b1_0",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
	"18446744073709551615", "18446744073709551616", "0xFFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFF",
	"0b1111111111111111111111111111111111111111111111111111111111111111",
	"1.5", "-1.5", "+1.5", ".5", "-.5", "+.5", "5.", "1e3", "1E3", "1e+3", "1e-3", "1.5e3", "1_0.5", "1.2.3",
	"1e", "e3", "1e400", "-1e400", "0.1_0", "1.0e", ".e3", "0x1p3", "infinity", "inf", "nan",
	".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", ".nAn", "+.nan",
	"1:20", "1:20:30", "-1:20", "1:20.5", "190:20:30.15",
	"2024-01-02", "2024-01-02T03:04:05Z", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10",
	"2024-1-2", "2024-13-45", "12345-01-01", "2024-01-02x",
	"<<", "=", "--", "-a", "+a", ".", "..", "a", "hello world", "0.", "+", "+-1", "-+1", "0b2",
	"1,000", "$1", "1 000", "12abc", "0777", "0o", "0xg",
}

func TestResolveMatchesYAMLv2(t *testing.T) {
	for _, s := range plainScalars {
		doc := "v: " + s + "\n"
		root, err := Parse([]byte(doc))
		if err != nil {
			t.Errorf("Parse(%q): %v", doc, err)
			continue
		}
		n := root.Get("v")
		if n.Style != Plain {
			t.Errorf("%q is not plain", s)
		}
		var want map[string]any
		if err := yaml2.Unmarshal([]byte(doc), &want); err != nil {
			t.Errorf("yaml.v2 cannot read %q: %v", doc, err)
			continue
		}
		tag, got := n.Resolve()
		if !sameValue(got, want["v"]) {
			t.Errorf("Resolve(%q) = %T %#v (%v), yaml.v2 gives %T %#v", s, got, got, tag, want["v"], want["v"])
		}
		if wantTag := tagOf(want["v"]); tag != wantTag {
			t.Errorf("Resolve(%q) tag %v, want %v", s, tag, wantTag)
		}
		if n.IsNull() != (want["v"] == nil) {
			t.Errorf("IsNull(%q) = %v", s, n.IsNull())
		}
	}
}

func tagOf(v any) Tag {
	switch v.(type) {
	case nil:
		return NullTag
	case bool:
		return BoolTag
	case int, int64, uint64:
		return IntTag
	case float64:
		return FloatTag
	}
	return StrTag
}

func TestResolveQuotedAndBlockScalarsAreStrings(t *testing.T) {
	root, err := Parse([]byte("a: '12'\nb: \"true\"\nc: |\n  null\nd: ''\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "c", "d"} {
		n := root.Get(k)
		if tag, v := n.Resolve(); tag != StrTag || v != n.Value {
			t.Errorf("%s resolves to %v %#v, want the string %q", k, tag, v, n.Value)
		}
		if n.IsNull() {
			t.Errorf("%s is null", k)
		}
	}
	if tag, v := root.Resolve(); tag != MapTag || v != nil {
		t.Errorf("a mapping resolves to %v %v", tag, v)
	}
	var missing *Node
	if tag, v := missing.Resolve(); tag != NullTag || v != nil || !missing.IsNull() {
		t.Errorf("a nil node resolves to %v %v", tag, v)
	}
}

func TestResolveExplicitTags(t *testing.T) {
	cases := []struct {
		name  string
		value string
		tag   Tag
		want  any
	}{
		{"a string tag keeps digits a string", "!!str 12", StrTag, "12"},
		{"an int tag reads a quoted number", "!!int '12'", IntTag, 12},
		{"an int tag reads hexadecimal", "!!int 0x10", IntTag, 16},
		{"a float tag turns an int into a float", "!!float 1", FloatTag, 1.0},
		{"a float tag reads a float", "!!float 1.5", FloatTag, 1.5},
		{"a bool tag reads yes", "!!bool yes", BoolTag, true},
		{"a null tag reads the empty string", "!!null ''", NullTag, nil},
		{"a null tag reads tilde", "!!null ~", NullTag, nil},
		{"a binary tag decodes base64", "!!binary aGVsbG8=", BinaryTag, "hello"},
		{"a timestamp tag keeps the text", "!!timestamp 2001-12-14", StrTag, "2001-12-14"},
		{"a long-form tag", "!<tag:yaml.org,2002:int> '7'", IntTag, 7},
		{"a local tag keeps the text", "!custom 12", StrTag, "12"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := "v: " + c.value + "\n"
			root, err := Parse([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			tag, got := root.Get("v").Resolve()
			if tag != c.tag || !sameValue(got, c.want) {
				t.Errorf("Resolve = %v %#v, want %v %#v", tag, got, c.tag, c.want)
			}
			var v2 map[string]any
			if err := yaml2.Unmarshal([]byte(doc), &v2); err != nil {
				t.Fatalf("yaml.v2: %v", err)
			}
			if !sameValue(got, v2["v"]) {
				t.Errorf("Resolve = %#v, yaml.v2 gives %#v", got, v2["v"])
			}
		})
	}
}

func TestExplicitTagsThatDoNotFitAreErrors(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"v: !!int abc\n", "1:4: cannot decode !!str `abc` as a !!int"},
		{"v: !!bool 1\n", "1:4: cannot decode !!int `1` as a !!bool"},
		{"v: !!null x\n", "1:4: cannot decode !!str `x` as a !!null"},
		{"v: !!float 18446744073709551615\n", "1:4: cannot decode !!int `18446744073709551615` as a !!float"},
		{"v: !!timestamp yesterday\n", "1:4: cannot decode !!str `yesterday` as a !!timestamp"},
		{"v: !!binary '***'\n", "1:4: !!binary value contains invalid base64 data"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) error %v, want %q", c.doc, err, c.want)
		}
		var v2 any
		if yaml2.Unmarshal([]byte(c.doc), &v2) == nil {
			t.Errorf("yaml.v2 accepts %q", c.doc)
		}
	}
}

func TestTagString(t *testing.T) {
	for tag, want := range map[Tag]string{NullTag: "!!null", BoolTag: "!!bool", IntTag: "!!int", FloatTag: "!!float",
		StrTag: "!!str", BinaryTag: "!!binary", MapTag: "!!map", SeqTag: "!!seq", 0: "!!unknown"} {
		if got := tag.String(); got != want {
			t.Errorf("Tag(%d).String() = %q, want %q", tag, got, want)
		}
	}
}

func TestResolveSpecialFloats(t *testing.T) {
	root, _ := Parse([]byte("a: .nan\nb: -.inf\n"))
	if _, v := root.Get("a").Resolve(); !math.IsNaN(v.(float64)) {
		t.Errorf(".nan resolves to %v", v)
	}
	if _, v := root.Get("b").Resolve(); v != math.Inf(-1) {
		t.Errorf("-.inf resolves to %v", v)
	}
}
