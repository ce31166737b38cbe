package yamlemit

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// sortKeys sorts string map keys in yaml.v2's order. That order is not
// transitive for some key sets (see naturalLess), where yaml.v2's own output
// varies with Go's random map iteration; sorting bytewise first makes the
// result a function of the key set, so the Writer's output never varies.
func sortKeys(keys []string) {
	slices.Sort(keys)
	slices.SortFunc(keys, compareKeys)
}

// compareKeys orders distinct string keys as yaml.v2 does; for two distinct
// strings exactly one is naturalLess than the other.
func compareKeys(a, b string) int {
	switch {
	case a == b:
		return 0
	case naturalLess(a, b):
		return -1
	}
	return 1
}

// naturalLess is yaml.v2's order for string map keys (keyList.Less in
// sorter.go), computed over the strings in place instead of over rune
// slices: at the first differing character, letters sort by code point and
// after non-letters, and runs of digits compare as numbers, so "a2" sorts
// before "a10". Its handling of leading zeros makes it intransitive:
// "a0a" < "a1" < "a01" < "a0a".
func naturalLess(a, b string) bool {
	// nonZeroRun records whether the run of digits just before the current
	// position holds a digit other than '0'; yaml.v2 looks back over that
	// run when one side of the first difference is a '0'.
	nonZeroRun := false
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ra, sa := decode(a, i)
		rb, sb := decode(b, j)
		if ra == rb {
			if unicode.IsDigit(ra) {
				nonZeroRun = nonZeroRun || ra != '0'
			} else {
				nonZeroRun = false
			}
			i += sa
			j += sb
			continue
		}
		al, bl := unicode.IsLetter(ra), unicode.IsLetter(rb)
		if al && bl {
			return ra < rb
		}
		if al || bl {
			return bl
		}
		var an, bn int64
		if (ra == '0' || rb == '0') && nonZeroRun {
			an, bn = 1, 1
		}
		// yaml.v2 accumulates each digit run from the current position into
		// an int64 as r-'0', wrapping on overflow and taking any Unicode
		// digit's code point offset; both are reproduced.
		ad, bd := 0, 0
		for k := i; k < len(a); {
			r, s := decode(a, k)
			if !unicode.IsDigit(r) {
				break
			}
			an = an*10 + int64(r-'0')
			ad++
			k += s
		}
		for k := j; k < len(b); {
			r, s := decode(b, k)
			if !unicode.IsDigit(r) {
				break
			}
			bn = bn*10 + int64(r-'0')
			bd++
			k += s
		}
		if an != bn {
			return an < bn
		}
		if ad != bd {
			return ad < bd
		}
		return ra < rb
	}
	// One is a prefix of the other, in characters.
	return i >= len(a) && j < len(b)
}

// decode returns the character at s[i:] as []rune(s) would see it, with
// invalid bytes as utf8.RuneError of width one.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}
