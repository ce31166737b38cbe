package yamlemit

import (
	"math"
	"math/bits"
	"strconv"
	"time"
)

// resolveHint classifies a first byte the way yaml.v2's resolve table does:
// only text starting with one of these can resolve to anything but a string.
var resolveHint = func() (t [256]byte) {
	t['+'] = 'S'
	t['-'] = 'S'
	for c := '0'; c <= '9'; c++ {
		t[c] = 'D'
	}
	for _, c := range "yYnNtTfFoO~" {
		t[c] = 'M'
	}
	t['.'] = '.'
	return t
}()

// needsQuote reports whether yaml.v2's encoder double-quotes s because,
// written plain, YAML 1.1 would read it back as something other than a
// string (yaml.v2's resolve), or because it is a base 60 float. It works
// without allocating for all but pathological input.
func needsQuote(s string) bool {
	if s == "" {
		return true // null
	}
	switch resolveHint[s[0]] {
	case 0:
		return false
	case 'M':
		return isKeyword(s)
	case '.':
		return isKeyword(s) || isDotFloat(s)
	}
	// 'D' and 'S': an int, a float, a timestamp or a base 60 number.
	return isKeyword(s) || isTimestamp(s) || isNumber(s) || isBase60Float(s)
}

// isKeyword reports whether s is one of YAML 1.1's spellings of a bool,
// null, infinity or NaN that yaml.v2 recognises.
func isKeyword(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES",
		"n", "N", "no", "No", "NO",
		"true", "True", "TRUE",
		"false", "False", "FALSE",
		"on", "On", "ON",
		"off", "Off", "OFF",
		"~", "null", "Null", "NULL",
		".nan", ".NaN", ".NAN",
		".inf", ".Inf", ".INF",
		"+.inf", "+.Inf", "+.INF",
		"-.inf", "-.Inf", "-.INF":
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isDotFloat reports whether strconv.ParseFloat accepts s, which starts
// with '.', as yaml.v2 asks it to. Go's syntax allows '_' between digits.
func isDotFloat(s string) bool {
	i := 1
	digits := false
	for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
		digits = digits || s[i] != '_'
		i++
	}
	if !digits {
		return false
	}
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return false
		}
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
			i++
		}
		if i != len(s) {
			return false
		}
	}
	for j := 0; j < len(s); j++ {
		if s[j] == '_' && (!isDigit(s[j-1]) || j+1 == len(s) || !isDigit(s[j+1])) {
			return false
		}
	}
	return floatInRange(s)
}

// floatInRange reports whether well-formed decimal float text parses
// without overflow. Small exponents cannot overflow, so strconv (which
// allocates its error) only sees the rare large ones.
func floatInRange[T string | []byte](p T) bool {
	intDigits, exp, i := 0, 0, 0
	for i < len(p) && p[i] != 'e' && p[i] != 'E' {
		if p[i] == '.' {
			for i < len(p) && p[i] != 'e' && p[i] != 'E' {
				i++
			}
			break
		}
		if isDigit(p[i]) {
			intDigits++
		}
		i++
	}
	if i < len(p) {
		i++
		neg := false
		if p[i] == '+' || p[i] == '-' {
			neg = p[i] == '-'
			i++
		}
		for ; i < len(p); i++ {
			if isDigit(p[i]) && exp < 100000 {
				exp = exp*10 + int(p[i]-'0')
			}
		}
		if neg {
			exp = -exp
		}
	}
	if intDigits+exp <= 300 {
		return true
	}
	_, err := strconv.ParseFloat(string(p), 64)
	return err == nil
}

// isTimestamp reports whether yaml.v2 would read s as a timestamp. Every
// form it accepts starts with a four-digit year and a dash, and uses only
// the characters below, so time.Parse (which allocates its errors) sees
// little else.
func isTimestamp(s string) bool {
	if len(s) < 5 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) || s[4] != '-' {
		return false
	}
	for i := 5; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c), c == '-', c == 'T', c == 't', c == ':', c == '.', c == ',', c == 'Z', c == '+', c == ' ':
		default:
			return false
		}
	}
	for _, layout := range [...]string{
		"2006-1-2T15:4:5.999999999Z07:00",
		"2006-1-2t15:4:5.999999999Z07:00",
		"2006-1-2 15:4:5.999999999",
		"2006-1-2",
	} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// isNumber reports whether yaml.v2 resolves s, with its underscores
// removed, to an int or float: strconv's base-prefixed integers in int64
// or uint64 range, YAML-style decimal floats, and "0b" followed by a signed
// binary number.
func isNumber(s string) bool {
	var arr [64]byte
	var p []byte
	if len(s) <= len(arr) {
		p = arr[:0]
	} else {
		p = make([]byte, 0, len(s))
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_':
		case isDigit(c), c >= 'a' && c <= 'f', c >= 'A' && c <= 'F',
			c == 'x', c == 'X', c == 'o', c == 'O', c == '+', c == '-', c == '.':
			p = append(p, c)
		default:
			// No number of any form contains anything else.
			return false
		}
	}
	if len(p) == 0 {
		return false
	}
	if intOK(p) || yamlFloatOK(p) {
		return true
	}
	if len(p) > 2 && p[0] == '0' && p[1] == 'b' {
		return signedOK(p[2:], 2)
	}
	return false
}

// intOK reports whether strconv.ParseInt(p, 0, 64) or
// strconv.ParseUint(p, 0, 64) succeeds.
func intOK(p []byte) bool {
	return signedOK(p, 0)
}

// signedOK reports whether strconv.ParseInt(p, base, 64) or
// strconv.ParseUint(p, base, 64) succeeds, for base 0 or 2.
func signedOK(p []byte, base int) bool {
	if len(p) == 0 {
		return false
	}
	sign := byte(0)
	if p[0] == '+' || p[0] == '-' {
		sign = p[0]
		p = p[1:]
	}
	v, ok := parseUint(p, base)
	switch {
	case !ok:
		return false
	case sign == 0:
		return true
	case sign == '-':
		return v <= 1<<63
	}
	return v <= math.MaxInt64
}

// parseUint is strconv.ParseUint(p, base, 64) for base 0 (with Go's base
// prefixes) or 2, on text without underscores.
func parseUint(p []byte, base int) (uint64, bool) {
	if len(p) == 0 {
		return 0, false
	}
	if base == 0 {
		base = 10
		if p[0] == '0' {
			switch {
			case len(p) >= 3 && (p[1] == 'b' || p[1] == 'B'):
				base, p = 2, p[2:]
			case len(p) >= 3 && (p[1] == 'o' || p[1] == 'O'):
				base, p = 8, p[2:]
			case len(p) >= 3 && (p[1] == 'x' || p[1] == 'X'):
				base, p = 16, p[2:]
			default:
				base, p = 8, p[1:]
			}
		}
	}
	var n uint64
	for _, c := range p {
		var d byte
		switch {
		case isDigit(c):
			d = c - '0'
		case c >= 'a' && c <= 'z':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'Z':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		if int(d) >= base {
			return 0, false
		}
		hi, lo := bits.Mul64(n, uint64(base))
		lo, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			return 0, false
		}
		n = lo
	}
	return n, true
}

// yamlFloatOK reports whether p matches yaml.v2's float pattern
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ and parses without
// overflow.
func yamlFloatOK(p []byte) bool {
	i := 0
	if i < len(p) && (p[i] == '+' || p[i] == '-') {
		i++
	}
	if i < len(p) && p[i] == '.' {
		i++
		start := i
		for i < len(p) && isDigit(p[i]) {
			i++
		}
		if i == start {
			return false
		}
	} else {
		start := i
		for i < len(p) && isDigit(p[i]) {
			i++
		}
		if i == start {
			return false
		}
		if i < len(p) && p[i] == '.' {
			i++
			for i < len(p) && isDigit(p[i]) {
				i++
			}
		}
	}
	if i < len(p) && (p[i] == 'e' || p[i] == 'E') {
		i++
		if i < len(p) && (p[i] == '+' || p[i] == '-') {
			i++
		}
		start := i
		for i < len(p) && isDigit(p[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	if i != len(p) {
		return false
	}
	return floatInRange(p)
}

// isBase60Float matches yaml.v2's base 60 pattern,
// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$, which it quotes for
// the sake of YAML 1.1 readers although it reads such text as a string.
func isBase60Float(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i >= len(s) || !isDigit(s[i]) {
		return false
	}
	for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
		i++
	}
	groups := 0
	for i < len(s) && s[i] == ':' {
		i++
		switch {
		case i+1 < len(s) && s[i] >= '0' && s[i] <= '5' && isDigit(s[i+1]):
			i += 2
		case i < len(s) && isDigit(s[i]):
			i++
		default:
			return false
		}
		groups++
	}
	if groups == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
			i++
		}
	}
	return i == len(s)
}
