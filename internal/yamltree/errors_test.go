package yamltree

import (
	"errors"
	"testing"
)

// errorCases are documents Parse must reject, with the exact position
// and message.
var errorCases = []struct {
	name string
	doc  string
	want string
}{
	{"invalid UTF-8", "a: b\nc: d\xffe\n", "2:5: invalid UTF-8 byte 0xFF"},
	{"invalid UTF-8 after multi-byte characters", "é: ü\xc3(\n", "1:5: invalid UTF-8 byte 0xC3"},
	{"a truncated UTF-8 sequence at the end", "a: \xe2\x82", "1:4: invalid UTF-8 byte 0xE2"},
	{"an encoded surrogate", "a: \xed\xa0\x80\n", "1:4: invalid UTF-8 byte 0xED"},
	{"a NUL byte", "a: b\x00\n", "1:5: control character U+0000 is not allowed"},
	{"a NUL byte in a comment", "a: 1\n# \x00\n", "2:3: control character U+0000 is not allowed"},
	{"a bell character", "a:\n  b: \x07\n", "2:6: control character U+0007 is not allowed"},
	{"a DEL character", "\x7f: 1\n", "1:1: control character U+007F is not allowed"},
	{"a C1 control character", "a: x\u0080\n", "1:5: control character U+0080 is not allowed"},
	{"a non-character", "a: \uffff\n", "1:4: control character U+FFFF is not allowed"},
	{"a second document", "a: 1\n---\nb: 2\n", "2:1: multiple documents in one stream are not supported"},
	{"a second document after an end marker", "a: 1\n...\n---\nb: 2\n", "3:1: multiple documents in one stream are not supported"},
	{"a second empty document", "- 1\n---\n", "2:1: multiple documents in one stream are not supported"},
	{"a duplicate key", "a: 1\nb: 2\na: 3\n", `3:1: duplicate key "a" (first defined at 1:1)`},
	{"a duplicate key in a nested mapping", "x:\n  k: 1\n  k: 2\n", `3:3: duplicate key "k" (first defined at 2:3)`},
	{"a duplicate key written with other quoting", "- 'k': 1\n  k: 2\n", `2:3: duplicate key "k" (first defined at 1:3)`},
	{"a duplicate empty key", "'': 1\n\"\": 2\n", `2:1: duplicate key "" (first defined at 1:1)`},
	{"a duplicate key in a large mapping", largeMapping(100, "k5"), `101:1: duplicate key "k5" (first defined at 6:1)`},
	{"a duplicate key in a fallback document", "a: &x 1\nb: 2\na: *x\n", `3:1: duplicate key "a" (first defined at 1:1)`},
	{"a value after a value", "a: b: c\n", "1:5: mapping values are not allowed in this context"},
	{"a key without a colon", "a: 1\nb\n", "2:1: could not find expected ':' after key"},
	{"a quoted key spanning lines", "'a\n  b': 1\n", "2:5: mapping values are not allowed in this context"},
	{"a plain continuation holding a key", "a: b\n  c: d\n", "2:4: mapping values are not allowed in this context"},
	{"a mapping entry indented too little", "a:\n  b: 1\n c: 2\n", "3:2: bad indentation of a mapping entry"},
	{"a mapping entry indented too much after a quoted value", "a: 'x'\n  b: 1\n", "2:3: bad indentation of a mapping entry"},
	{"a sequence entry indented too much", "- 'x'\n  - y\n", "2:3: bad indentation of a sequence entry"},
	{"a sequence entry in a mapping", "a: 1\n- b\n", "2:1: did not find expected key"},
	{"a key after a root sequence", "- a\nb: 1\n", "2:1: unexpected content after the document (bad indentation?)"},
	{"a sequence on a key's line", "a: - b\n", "1:4: block sequence entries are not allowed in this context"},
	{"an unterminated single-quoted scalar", "a: 'x\n", "1:4: found unexpected end of stream while scanning a quoted scalar"},
	{"an unterminated double-quoted scalar", "a:\n  - \"x", "2:5: found unexpected end of stream while scanning a quoted scalar"},
	{"a document marker inside a quoted scalar", "a: 'x\n---\n'\n", "2:1: found unexpected document indicator while scanning a quoted scalar"},
	{"an unknown escape", "a: \"x\\qy\"\n", "1:6: found unknown escape character while parsing a quoted scalar"},
	{"a short hexadecimal escape", "a: \"\\x4\"\n", "1:5: did not find expected hexadecimal number while parsing a quoted scalar"},
	{"a surrogate escape", "a: \"\\ud800\"\n", "1:5: found invalid Unicode character escape code while parsing a quoted scalar"},
	{"an escape beyond Unicode that overflows 32 bits", "a: \"\\U80000000\"\n", "1:5: found invalid Unicode character escape code while parsing a quoted scalar"},
	{"text after a quoted scalar", "a: 'x' y\n", "1:8: unexpected text after a quoted scalar or flow collection"},
	{"a zero indentation indicator", "a: |0\n  x\n", "1:5: found an indentation indicator equal to 0 while scanning a block scalar"},
	{"text after a block scalar header", "a: |x\n", "1:5: did not find expected comment or line break while scanning a block scalar"},
	{"a tab indenting a block scalar", "a: |\n \tx\n", "2:2: found a tab character where an indentation space is expected"},
	// Errors found by the yaml.v3 fallback carry its message and line only.
	{"a tab in indentation", "a:\n\tb: 1\n", "2:0: found character that cannot start any token"},
	{"a tab after a dash", "- \tx\n", "0:0: found character that cannot start any token"},
	{"a next-line character in a plain scalar", "a: x\u0085y\n", "2:0: could not find expected ':'"},
	{"a key longer than libyaml's limit", longKey + ": 1\n", "0:0: mapping values are not allowed in this context"},
	{"content after a document end marker", "a: 1\n...\nb\n", "2:0: did not find expected <document start>"},
	{"an empty key", ": x\n", "0:0: did not find expected key"},
	{"an unclosed flow sequence", "a: [1, 2\n", "1:0: did not find expected ',' or ']'"},
	{"an unknown anchor", "a: *x\n", "0:0: unknown anchor 'x' referenced"},
	{"a quoted value used as a key", "a: \"b\": c\n", "1:7: mapping values are not allowed in this context"},
}

func largeMapping(n int, dup string) string {
	s := ""
	for i := 0; i < n; i++ {
		s += "k" + itoa(i) + ": v\n"
	}
	return s + dup + ": again\n"
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestParseErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			root, err := Parse([]byte(c.doc))
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want error %q", c.doc, dumpTree(root), c.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T, want *SyntaxError", c.doc, err)
			}
			if err.Error() != c.want {
				t.Errorf("Parse(%q) error\n got %q\nwant %q", c.doc, err.Error(), c.want)
			}
		})
	}
}

func TestDuplicateKeysCompareResolvedValues(t *testing.T) {
	for _, doc := range []string{"1: a\n\"1\": b\n", "true: a\n'true': b\n", largeMapping(70, "'7'") + "7: x\n"} {
		if _, err := Parse([]byte(doc)); err != nil {
			t.Errorf("Parse(%q): %v; an int key and a string key with the same text are different keys", doc, err)
		}
	}
}

func TestValidateChecksEveryByteOfAWord(t *testing.T) {
	for b := 0; b < 256; b++ {
		for k := 0; k < 16; k++ {
			buf := []byte("aaaaaaaaaaaaaaaa")
			buf[k] = byte(b)
			_, complexText, err := validate(string(buf), 0)
			bad := b < 0x20 && b != '\n' && b != '\t' && b != '\r' || b >= 0x7F
			if (err != nil) != bad {
				t.Fatalf("validate with byte 0x%02X at %d: error %v", b, k, err)
			}
			if err != nil && err.Col != k+1 {
				t.Fatalf("validate with byte 0x%02X at %d: column %d", b, k, err.Col)
			}
			if complexText != (b == '\r') {
				t.Fatalf("validate with byte 0x%02X at %d: complex %v", b, k, complexText)
			}
		}
	}
}
