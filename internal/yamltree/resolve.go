package yamltree

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"time"
)

// Tag names the type a scalar resolves to, after the YAML 1.1 rules that
// gopkg.in/yaml.v2 (and so juju/description) applies.
type Tag uint8

const (
	NullTag   Tag = iota + 1 // nil
	BoolTag                  // bool
	IntTag                   // int, or int64/uint64 when it does not fit int
	FloatTag                 // float64
	StrTag                   // string
	BinaryTag                // string holding the decoded bytes of a !!binary scalar
	MapTag                   // a mapping; Resolve gives no value for it
	SeqTag                   // a sequence; Resolve gives no value for it
)

// String returns the YAML short form of the tag, e.g. "!!int".
func (t Tag) String() string {
	switch t {
	case NullTag:
		return "!!null"
	case BoolTag:
		return "!!bool"
	case IntTag:
		return "!!int"
	case FloatTag:
		return "!!float"
	case StrTag:
		return "!!str"
	case BinaryTag:
		return "!!binary"
	case MapTag:
		return "!!map"
	case SeqTag:
		return "!!seq"
	}
	return "!!unknown"
}

// Resolve returns the type and Go value of a scalar as yaml.v2 Unmarshal
// into interface{} would produce it: nil, bool, int (int64 or uint64 when
// out of int's range), float64 or string. Only plain scalars resolve to
// non-strings; quoted and block scalars are strings. Explicit standard tags
// are honoured (Parse has already rejected values that do not fit them).
// Timestamps stay strings, as yaml.v2 leaves them in interface{}.
// A nil node resolves to null; mappings and sequences give (MapTag, nil)
// and (SeqTag, nil).
func (n *Node) Resolve() (Tag, any) {
	if n == nil {
		return NullTag, nil
	}
	switch n.Kind {
	case MappingNode:
		return MapTag, nil
	case SequenceNode:
		return SeqTag, nil
	}
	if n.ExplicitTag() != "" {
		t, v, _ := resolveTagged(n.ExplicitTag(), n.Value)
		return t, v
	}
	if n.Style != Plain {
		return StrTag, n.Value
	}
	return resolvePlain(n.Value)
}

// IsString reports whether Resolve gives StrTag, without building the
// value: most scalars are strings, and boxing each into an interface only
// to throw it away was a large share of what reading a model allocated.
func (n *Node) IsString() bool {
	if n == nil || n.Kind != ScalarNode {
		return false
	}
	if n.ExplicitTag() == "" {
		if n.Style != Plain {
			return true
		}
		if plainStrByShape(n.Value) {
			return true
		}
	}
	t, _ := n.Resolve()
	return t == StrTag
}

// IsNull reports whether n is absent or a scalar that resolves to null
// (an empty plain scalar, ~, null, Null, NULL, or anything tagged !!null).
func (n *Node) IsNull() bool {
	if n == nil {
		return true
	}
	if n.Kind != ScalarNode {
		return false
	}
	if n.ExplicitTag() != "" {
		return n.ExplicitTag() == "!!null"
	}
	if n.Style != Plain {
		return false
	}
	switch n.Value {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

// Get returns the value of the first scalar key equal to key in a mapping,
// or nil when n is not a mapping or has no such key. It scans linearly:
// mappings in model descriptions are small.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Children()); i += 2 {
		if k := &n.Children()[i]; k.Kind == ScalarNode && k.Value == key {
			return &n.Children()[i+1]
		}
	}
	return nil
}

// Len returns the number of items of a sequence, pairs of a mapping, or 0.
func (n *Node) Len() int {
	switch {
	case n == nil:
		return 0
	case n.Kind == MappingNode:
		return len(n.Children()) / 2
	case n.Kind == SequenceNode:
		return len(n.Children())
	}
	return 0
}

// resolveHint classifies the first byte of a plain scalar the way yaml.v2
// does: only these can start anything but a string.
var resolveHint = [256]byte{
	'+': 'S', '-': 'S',
	'0': 'D', '1': 'D', '2': 'D', '3': 'D', '4': 'D', '5': 'D', '6': 'D', '7': 'D', '8': 'D', '9': 'D',
	'y': 'M', 'Y': 'M', 'n': 'M', 'N': 'M', 't': 'M', 'T': 'M', 'f': 'M', 'F': 'M', 'o': 'M', 'O': 'M', '~': 'M',
	'.': '.',
}

// resolvePlain resolves an untagged plain scalar: yaml.v2's resolve("", s)
// followed by its interface{} decoding.
func resolvePlain(in string) (Tag, any) {
	if in == "" {
		return NullTag, nil
	}
	hint := resolveHint[in[0]]
	if hint == 0 {
		return StrTag, in
	}
	if t, v, ok := resolveWord(in); ok {
		return t, v
	}
	switch hint {
	case '.':
		if f, err := strconv.ParseFloat(in, 64); err == nil {
			return FloatTag, f
		}
	case 'D', 'S':
		if notNumber(in) {
			return StrTag, in
		}
		if t, v, ok := resolveNumber(in); ok {
			return t, v
		}
	}
	return StrTag, in
}

// notNumber reports whether a plain scalar starting with a digit or sign
// cannot be a number, from its bytes alone. yaml.v2 would first try a
// timestamp, but a timestamp stays a string in interface{} and nothing
// starting "YYYY-" parses as a number either, so that costly check is
// skipped.
func notNumber(in string) bool {
	return looksLikeDate(in) || !numberShaped(in)
}

// plainStrByShape reports whether resolvePlain gives StrTag for in, when
// in's bytes alone decide it: for IsString, which must not box the value.
// Timestamps and addresses start with a digit, and boxing each one just
// to learn it was a string was 40% of the objects a model read allocated.
func plainStrByShape(in string) bool {
	if in == "" {
		return false
	}
	switch resolveHint[in[0]] {
	case 0:
		return true // resolvePlain's first test: only these bytes start non-strings
	case 'D', 'S':
		_, _, word := resolveWord(in) // "-.inf" is not number-shaped but a float
		return !word && notNumber(in)
	}
	return false
}

// DecimalInt returns the value of a plain, untagged scalar written as a
// decimal integer without a leading zero or '_' (what writers emit), and
// false for anything else, which Resolve must then decide. It gives what
// Resolve would, without boxing the value in an interface.
func (n *Node) DecimalInt() (int64, bool) {
	if n == nil || n.Kind != ScalarNode || n.Style != Plain || n.flags&hasTag != 0 {
		return 0, false
	}
	s := n.Value
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	// Up to 18 digits cannot overflow int64; "0" alone, since a leading
	// zero makes an octal number.
	if len(s) == 0 || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// resolveWord looks up the YAML 1.1 words for null, booleans and special
// floats (yaml.v2's resolve map).
func resolveWord(in string) (Tag, any, bool) {
	switch in {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return BoolTag, true, true
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return BoolTag, false, true
	case "~", "null", "Null", "NULL":
		return NullTag, nil, true
	case ".nan", ".NaN", ".NAN":
		return FloatTag, math.NaN(), true
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return FloatTag, math.Inf(1), true
	case "-.inf", "-.Inf", "-.INF":
		return FloatTag, math.Inf(-1), true
	}
	return 0, nil, false
}

// looksLikeDate is yaml.v2's quick timestamp check: four digits and '-'.
func looksLikeDate(s string) bool {
	return len(s) > 4 && s[4] == '-' && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// intValue returns v as int when it fits, as yaml.v2 does, else as int64.
func intValue(v int64) any {
	if v == int64(int(v)) {
		return int(v)
	}
	return v
}

// numberShaped reports whether resolveNumber could accept s, from its bytes
// alone: addresses, versions and hashes start with a digit too, and
// strconv allocates an error for each one it refuses. Anything that may
// hold a base prefix (0x, 0o, 0b) is left to strconv; otherwise a number
// has only signs, digits, '_', one '.' and an exponent's e or E.
func numberShaped(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c|0x20 == 'x', c|0x20 == 'o', c|0x20 == 'b':
			// A base prefix, perhaps after '_' (which strconv drops): no
			// other letter can come before it in a number.
			return true
		case isDigit(c), c == '_', c == 'e', c == 'E', c == '+', c == '-':
		case c == '.':
			if dots++; dots > 1 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// resolveNumber is the numeric part of yaml.v2's resolve: integers in any
// base strconv accepts (after removing '_'), uint64 beyond int64, then
// YAML-style floats.
func resolveNumber(in string) (Tag, any, bool) {
	plain := in
	if strings.IndexByte(in, '_') >= 0 {
		plain = strings.ReplaceAll(in, "_", "")
	}
	if v, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return IntTag, intValue(v), true
	}
	if v, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return IntTag, v, true
	}
	if isYAMLFloat(plain) {
		if f, err := strconv.ParseFloat(plain, 64); err == nil {
			return FloatTag, f, true
		}
	}
	if rest, ok := strings.CutPrefix(plain, "0b"); ok {
		if v, err := strconv.ParseInt(rest, 2, 64); err == nil {
			return IntTag, intValue(v), true
		}
		if v, err := strconv.ParseUint(rest, 2, 64); err == nil {
			return IntTag, v, true
		}
	} else if rest, ok := strings.CutPrefix(plain, "-0b"); ok {
		if v, err := strconv.ParseInt("-"+rest, 2, 64); err == nil {
			return IntTag, int(v), true
		}
	}
	return 0, nil, false
}

// isYAMLFloat matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
// without a regexp.
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// resolveTagged resolves a scalar with an explicit tag as yaml.v2 does,
// returning a non-empty message (yaml.v2's wording) when the text does not
// fit a standard tag.
func resolveTagged(tag, in string) (Tag, any, string) {
	var want Tag
	switch tag {
	case "!!str":
		return StrTag, in, ""
	case "!!binary":
		b, err := base64.StdEncoding.DecodeString(in)
		if err != nil {
			return StrTag, in, "!!binary value contains invalid base64 data"
		}
		return BinaryTag, string(b), ""
	case "!!null":
		want = NullTag
	case "!!bool":
		want = BoolTag
	case "!!int":
		want = IntTag
	case "!!float":
		want = FloatTag
	case "!!timestamp":
		if looksLikeDate(in) {
			for _, f := range timestampFormats {
				if _, err := time.Parse(f, in); err == nil {
					return StrTag, in, ""
				}
			}
		}
		t, _ := resolveTyped(in)
		return StrTag, in, "cannot decode " + t.String() + " `" + in + "` as a !!timestamp"
	default:
		// Other tags are not resolvable: yaml.v2 keeps the text.
		return StrTag, in, ""
	}
	t, v := resolveTyped(in)
	if t == want {
		return t, v, ""
	}
	if want == FloatTag && t == IntTag {
		switch x := v.(type) {
		case int:
			return FloatTag, float64(x), ""
		case int64:
			return FloatTag, float64(x), ""
		}
	}
	return StrTag, in, "cannot decode " + t.String() + " `" + in + "` as a " + want.String()
}

// resolveTyped is resolvePlain without the timestamp shortcut's effect on
// the reported type: yaml.v2 does not try timestamps under !!int and the
// like, and a string is a string either way.
func resolveTyped(in string) (Tag, any) {
	return resolvePlain(in)
}

// timestampFormats are those yaml.v2 accepts for !!timestamp.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}
