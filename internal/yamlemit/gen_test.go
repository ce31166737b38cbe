package yamlemit

import (
	"math"
	"math/rand"
	"strings"
	"time"
)

// The random data the differential tests feed to both this package and
// yaml.v2: values and strings chosen to hit every style rule.

// trickyWords are whole strings that each exercise a quoting rule: YAML 1.1
// spellings of bools, nulls and numbers, indicators, timestamps and text
// that only looks like them.
var trickyWords = []string{
	"", " ", "  ", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
	"true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "on", "On", "ON",
	"off", "Off", "OFF", "oN", "~", "null", "Null", "NULL", "nULL", "nil",
	".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf",
	"+.INF", ".iNf", "inf", "+inf", "nan", "NaN", "<<", "<", "=",
	"0", "00", "012", "08", "09", "0x1F", "0X1f", "0x", "0xG", "0o17", "0O17",
	"0o8", "0b101", "0B101", "0b", "0b2", "0b-101", "0b+101", "-0b101",
	"-0b-1", "+0b1", "1_000", "_1", "1_", "1__0", "0_x1F", "1e3", "1E3",
	"1e+3", "1e-3", "1e", "e1", ".5", "-.5", "+.5", "5.", "-5.", ".", "..",
	"...", "....", ".5e3", "._5", ".5_5", ".5e1_0", ".e1", "1e400", "-1e400",
	".1e400", "1e-400", "1.5e308", "1.8e308", "+1", "-1", "+", "-", "--",
	"---", "--- a", "-a", "- a", "-\ta", "+12", "-0", "+0", "1.2.3",
	"10.0.0.1", "192.168.1.254/24", "9223372036854775807",
	"9223372036854775808", "-9223372036854775808", "-9223372036854775809",
	"18446744073709551615", "18446744073709551616", "+9223372036854775808",
	"0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "-0x8000000000000000",
	"0b1111111111111111111111111111111111111111111111111111111111111111",
	"0b11111111111111111111111111111111111111111111111111111111111111111",
	"123456789012345678901234567890", "1:20", "1:20:30", "-1:20",
	"+1:20.5", "1:60", "1:5", "1:05:", "1_0:20", "12:30:45.123", "1:2:3.4_5",
	"190:20:30.15", "a:b", "a: b", "a:", ":a", ":", "?", "? a", "?a",
	"#", "#a", "a#b", "a #b", "a\t#b", "a\u2028#b", "&a", "*a", "!a", "!!str",
	"|", "|-", ">", "'", "''", "'a'", "\"", "\"a\"", "%", "%a", "@", "@a",
	"`", "`a", ",", ",a", "a,b", "[", "[a]", "]", "{", "{a}", "}", "a[b]",
	"a{b}", "a?b", "a!b", "a&b", "a*b", "a|b", "a>b", "a%b", "a@b", "a`b",
	"a'b", "a\"b", "a\\b", "\\", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
	"2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10",
	"2001-12-14 21:59:43.10 -5", "2002-12-14", "2001-12-14T21:59:43Z",
	"2001-12-14T21:59:43,5Z", "2001-1-1", "2001-13-01", "2001-02-30",
	"2001-12-14x", "20011-12-14", "200-12-14", "2001-", "2001-1",
	"0001-01-01T00:00:00Z", "2001-12-14 21:59", "é", "中文", "日本語のテキスト",
	"\u00a0", "a\u00a0b", "\u0085", "a\u0085b", "\u2028", "a\u2028b",
	"a\u2029b", "\ufeff", "\ufeffa b", "a\ufeff", "\ufffd", "\ufffe",
	"\uffff", "\ue000", "\ud7ff", "😀", "a😀b", "e\u0301", "\u0080",
	"\u009f", "\x7f", "a\x00b", "\x00", "\x01", "\x1b", "\x07\x08\x0b\x0c",
	"\t", "a\tb", "\ta", "a\t", "\r", "a\rb", "a\r\nb", "\r\n", "\n",
	"\n\n", "a\n", "a\n\n", "a\n\n\n", "\na", "\n\na", " \na", "a \nb",
	"a\n b", "a\n\tb", "a\n\n b", " a", "a ", " a ", "a  b", "a   b  c",
	"\xff", "\xfe\xff", "\xc3", "a\xc3", "\xe2\x82", "\xed\xa0\x80",
	"\xf4\x90\x80\x80", "\xc0\xaf", "abc\x80def",
}

var words = []string{
	"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "juju",
	"machine", "unit", "application", "charm", "relation", "model", "status",
	"active", "idle", "a", "ok", "x", "alpha-beta", "k8s", "ch:amd64/jammy/x",
	"10.0.0.1", "fe80::1", "https://example.com/a?b=c#d", "key:value",
	"it's", "\"quoted\"", "back\\slash", "tab\there", "ünïcödé", "中文",
	"😀", "#hash", "-dash", "?q", ":colon", "colon:", "…", "\u00a0",
	"averyveryveryverylongwordwithoutanyspacesthatkeepsgoingandgoingandgoingpastthefoldcolumn",
}

// nastyString returns a string from a mix of generators designed to cover
// yaml.v2's style rules.
func nastyString(r *rand.Rand) string {
	switch r.Intn(14) {
	case 0, 1, 2:
		return trickyWords[r.Intn(len(trickyWords))]
	case 3, 4:
		return sentence(r, 50+r.Intn(251))
	case 5:
		// Pieces glued together, to combine rules.
		var b strings.Builder
		for n := 1 + r.Intn(4); n > 0; n-- {
			b.WriteString(trickyWords[r.Intn(len(trickyWords))])
			if r.Intn(2) == 0 {
				b.WriteString(words[r.Intn(len(words))])
			}
		}
		return b.String()
	case 6:
		// Multi-line text, sometimes with indentation and blank lines.
		var b strings.Builder
		for n := 1 + r.Intn(5); n > 0; n-- {
			switch r.Intn(6) {
			case 0:
				b.WriteString("  ")
			case 1:
				b.WriteString(" ")
			}
			b.WriteString(sentence(r, r.Intn(120)))
			b.WriteString(strings.Repeat("\n", r.Intn(3)))
		}
		return b.String()
	case 7:
		// Spaces in awkward places around a word or sentence.
		s := sentence(r, r.Intn(100))
		return strings.Repeat(" ", r.Intn(3)) + s + strings.Repeat(" ", r.Intn(3))
	case 8:
		// Random bytes, mostly printable.
		b := make([]byte, r.Intn(40))
		for i := range b {
			if r.Intn(4) == 0 {
				b[i] = byte(r.Intn(256))
			} else {
				b[i] = byte(0x20 + r.Intn(0x5f))
			}
		}
		return string(b)
	case 9:
		// Random runes from interesting ranges.
		var b strings.Builder
		for n := r.Intn(30); n > 0; n-- {
			switch r.Intn(6) {
			case 0:
				b.WriteRune(rune(r.Intn(0x80)))
			case 1:
				b.WriteRune(rune(0x80 + r.Intn(0x780)))
			case 2:
				b.WriteRune(rune(0x2000 + r.Intn(0x100)))
			case 3:
				b.WriteRune(rune(0xD000 + r.Intn(0x3000)))
			case 4:
				b.WriteRune(rune(0xFE00 + r.Intn(0x200)))
			default:
				b.WriteRune(rune(0x10000 + r.Intn(0x20000)))
			}
		}
		return b.String()
	case 10:
		// Long invalid UTF-8, for multi-line !!binary.
		b := make([]byte, 40+r.Intn(200))
		r.Read(b)
		b[0] = 0xff
		return string(b)
	case 11:
		// Long words with ": " and " #" inside a sentence.
		s := sentence(r, 60+r.Intn(100))
		i := r.Intn(len(s) + 1)
		return s[:i] + []string{": ", " #", ":", "#", " - ", "\t"}[r.Intn(6)] + s[i:]
	case 12:
		return words[r.Intn(len(words))]
	}
	return sentence(r, r.Intn(50))
}

// sentence returns about n bytes of words separated by spaces, with
// occasional runs of spaces.
func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
			if r.Intn(15) == 0 {
				b.WriteString(strings.Repeat(" ", 1+r.Intn(2)))
			}
		}
		b.WriteString(words[r.Intn(len(words))])
	}
	return b.String()
}

// randomKey returns a mapping key: usually short, sometimes nasty, long
// (around yaml.v2's 128-byte simple key limit) or multi-line.
func randomKey(r *rand.Rand) string {
	switch r.Intn(10) {
	case 0, 1:
		return nastyString(r)
	case 2:
		n := 120 + r.Intn(20)
		return strings.Repeat("k", n)
	case 3:
		return sentence(r, 100+r.Intn(100))
	case 4:
		return trickyWords[r.Intn(len(trickyWords))]
	}
	return words[r.Intn(len(words))] + []string{"", "-1", "2", "_x", "10", "-id"}[r.Intn(6)]
}

var zones = []*time.Location{
	time.UTC,
	time.FixedZone("A", 3600),
	time.FixedZone("B", -5*3600-30*60),
	time.FixedZone("C", 5*3600+45*60+30),
}

func randomTime(r *rand.Rand) time.Time {
	switch r.Intn(6) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(1+r.Intn(12000), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), 0, zones[r.Intn(len(zones))])
	}
	nanos := []int{0, r.Intn(1e9), r.Intn(1000) * 1e6, r.Intn(1e6) * 1000, 500e6}[r.Intn(5)]
	return time.Date(1990+r.Intn(50), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), nanos, zones[r.Intn(len(zones))])
}

var floats = []float64{
	0, math.Copysign(0, -1), 1, -1, 1.5, 0.1, 1e21, 1e20, 123456789, 1e-7,
	1e-5, 1.0000001, math.MaxFloat64, math.SmallestNonzeroFloat64,
	math.Inf(1), math.Inf(-1), math.NaN(), 3.14159, -2.5e-10, 100,
}

// randomScalar returns a scalar of any type Value supports.
func randomScalar(r *rand.Rand) any {
	switch r.Intn(16) {
	case 0, 1, 2, 3, 4, 5:
		return nastyString(r)
	case 6:
		return r.Int63() - r.Int63()
	case 7:
		return []any{0, 1, -1, math.MaxInt64, math.MinInt64, int8(-8), int16(300), int32(-70000), uint(7), uint8(255), uint16(65535), uint32(1 << 31), uint64(math.MaxUint64), uintptr(9)}[r.Intn(14)]
	case 8:
		return floats[r.Intn(len(floats))]
	case 9:
		return float32(floats[r.Intn(len(floats))]) + float32(r.Intn(3))/10
	case 10:
		return r.Float64() * math.Pow(10, float64(r.Intn(40)-20))
	case 11:
		return r.Intn(2) == 0
	case 12:
		return nil
	case 13:
		return randomTime(r)
	case 14:
		return time.Duration(r.Int63n(1e12))
	}
	return r.Intn(100)
}

// randomValue returns free-form data of the kinds juju keeps in config and
// settings maps, nested up to depth levels.
func randomValue(r *rand.Rand, depth int) any {
	if depth <= 0 || r.Intn(3) == 0 {
		return randomScalar(r)
	}
	n := r.Intn(6)
	switch r.Intn(12) {
	case 0, 1, 2:
		m := make(map[string]any)
		for _, k := range consistentKeys(r, n) {
			m[k] = randomValue(r, depth-1)
		}
		return m
	case 3, 4, 5:
		s := make([]any, n)
		for i := range s {
			s[i] = randomValue(r, depth-1)
		}
		return s
	case 6:
		// Mixed key types, ordered numbers first by value, then strings.
		m := make(map[any]any)
		for _, k := range consistentKeys(r, n) {
			m[k] = randomValue(r, depth-1)
		}
		for i := r.Intn(4); i > 0; i-- {
			switch r.Intn(5) {
			case 0:
				m[r.Intn(20)-10] = randomValue(r, depth-1)
			case 1:
				m[float64(r.Intn(20))/2] = randomValue(r, depth-1)
			case 2:
				m[r.Intn(2) == 0] = randomValue(r, depth-1)
			case 3:
				m[uint8(r.Intn(20))] = randomValue(r, depth-1)
			default:
				m[nil] = randomValue(r, depth-1)
			}
		}
		return m
	case 7:
		s := make([]string, n)
		for i := range s {
			s[i] = nastyString(r)
		}
		if n == 0 && r.Intn(2) == 0 {
			s = nil
		}
		return s
	case 8:
		m := make(map[string]string)
		for _, k := range consistentKeys(r, n) {
			m[k] = nastyString(r)
		}
		if n == 0 && r.Intn(2) == 0 {
			m = nil
		}
		return m
	case 9:
		m := make(map[int]string)
		for i := 0; i < n; i++ {
			m[r.Intn(200)-100] = nastyString(r)
		}
		return m
	case 10:
		// Empty and nil collections.
		return []any{map[string]any{}, []any{}, map[string]any(nil), []any(nil), []string{}, map[int]string{}, map[any]any{}}[r.Intn(7)]
	}
	return []any{randomValue(r, depth-1)}
}

// consistentKeys returns up to n distinct keys on which yaml.v2's key order
// is a true order. yaml.v2's order is not transitive in general (see
// TestNaturalOrderIsNotTransitive), and on such key sets its own output
// depends on Go's random map iteration, so no fixed output could match it.
func consistentKeys(r *rand.Rand, n int) []string {
	var keys []string
	seen := map[string]bool{}
	for tries := 0; len(keys) < n && tries < 4*n; tries++ {
		k := randomKey(r)
		if seen[k] {
			continue
		}
		if keyOrderConsistent(append(keys, k)) {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	return keys
}

// keyOrderConsistent reports whether naturalLess is transitive on keys.
func keyOrderConsistent(keys []string) bool {
	for _, a := range keys {
		for _, b := range keys {
			if a == b || !naturalLess(a, b) {
				continue
			}
			for _, c := range keys {
				if c != a && c != b && naturalLess(b, c) && !naturalLess(a, c) {
					return false
				}
			}
		}
	}
	return true
}
