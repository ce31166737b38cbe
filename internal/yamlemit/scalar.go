package yamlemit

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// Scalar styles, as yaml.v2's emitter names them.
type style uint8

const (
	stylePlain style = iota
	styleSingle
	styleDouble
	styleLiteral
)

// scalarInfo is what yaml.v2's analyze_scalar learns about a scalar, plus
// the counts the writer's fast paths need. One pass over the text fills it.
type scalarInfo struct {
	runes     int  // characters, which is what yaml.v2 counts columns in
	invalid   bool // not valid UTF-8: yaml.v2 writes it as !!binary
	space     bool // contains ' ', the only place lines are folded
	newline   bool // contains '\n', which makes yaml.v2 ask for a literal block
	multiline bool // contains any line break character
	uniBreak  bool // contains NEL, LS or PS, line breaks other than \r and \n
	escape    bool // contains '"' or '\\', which double quoting escapes
	special   bool // contains a character yaml.v2 must escape
	plainOK   bool // yaml.v2's block_plain_allowed
	singleOK  bool // yaml.v2's single_quoted_allowed
	blockOK   bool // yaml.v2's block_allowed
}

// ordinary marks the ASCII characters with no effect on a scalar's style
// anywhere but the first position, so the analysis loop can skip them.
var ordinary = func() (t [256]bool) {
	for c := 0x21; c <= 0x7E; c++ {
		t[c] = true
	}
	t[':'] = false
	t['#'] = false
	t['"'] = false
	t['\\'] = false
	return t
}()

// plainStart marks the ordinary characters that may start a plain scalar
// whatever follows them: not indicators, and not '-', '?' or ':' which are
// indicators when a space follows.
var plainStart = func() (t [256]bool) {
	t = ordinary
	for _, c := range "#,[]{}&*!|>'\"%@`?:-" {
		t[c] = false
	}
	return t
}()

// What the previous character was, for the analysis rules that look back.
const (
	prevOther = iota
	prevSpace
	prevBreak
	prevBlank // tab or NUL: whitespace for "#" but neither space nor break
)

// analyze is yaml.v2's analyze_scalar for block context. It fills a
// through a pointer (the struct is too big to return cheaply) and skips runs
// of ordinary characters, which is all most scalars contain.
func analyze(s string, a *scalarInfo) {
	*a = scalarInfo{}
	n := len(s)
	if n == 0 {
		a.plainOK = true
		a.singleOK = true
		return
	}
	a.runes = n
	var blockInd, leadSpace, trailSpace, breakSpace, spaceBreak bool
	if n >= 3 && (s[:3] == "---" || s[:3] == "...") {
		blockInd = true
	}
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		blockInd = true
	case '?', ':', '-':
		if n == 1 || s[1] == ' ' || s[1] == '\t' {
			blockInd = true
		}
	}
	i := 0
	for i < n && ordinary[s[i]] {
		i++
	}
	if i == n {
		a.plainOK = !blockInd
		a.singleOK = true
		a.blockOK = true
		return
	}
	prev := prevOther
	for ; i < n; i++ {
		c := s[i]
		if ordinary[c] {
			prev = prevOther
			continue
		}
		switch {
		case c == ' ':
			a.space = true
			if i == 0 {
				leadSpace = true
			}
			if i == n-1 {
				trailSpace = true
			}
			if prev == prevBreak {
				breakSpace = true
			}
			prev = prevSpace
		case c == '\n':
			a.newline = true
			a.multiline = true
			if prev == prevSpace {
				spaceBreak = true
			}
			prev = prevBreak
		case c == ':':
			if i+1 == n || s[i+1] == ' ' || s[i+1] == '\t' {
				blockInd = true
			}
			prev = prevOther
		case c == '#':
			if i > 0 && prev != prevOther {
				blockInd = true
			}
			prev = prevOther
		case c == '"' || c == '\\':
			a.escape = true
			prev = prevOther
		case c < 0x80:
			// Control characters and DEL are not printable.
			a.special = true
			switch c {
			case '\r':
				a.multiline = true
				if prev == prevSpace {
					spaceBreak = true
				}
				prev = prevBreak
			case '\t', 0:
				prev = prevBlank
			default:
				prev = prevOther
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				a.invalid = true
				return
			}
			a.runes -= size - 1
			if !printable(r) {
				a.special = true
			}
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				a.multiline = true
				a.uniBreak = true
				if prev == prevSpace {
					spaceBreak = true
				}
				prev = prevBreak
			} else {
				prev = prevOther
			}
			i += size - 1
		}
	}
	a.plainOK = !(leadSpace || trailSpace || a.special || a.multiline || blockInd)
	a.singleOK = !(breakSpace || spaceBreak || a.special)
	a.blockOK = !(trailSpace || spaceBreak || a.special)
}

// printable is yaml.v2's is_printable for a non-ASCII character. It is
// narrower than Unicode's idea: characters outside the Basic Multilingual
// Plane, such as emoji, are escaped.
func printable(r rune) bool {
	return r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF
}

// selectStyle is yaml.v2's select_scalar_style for block context: it turns
// the style Marshal asked for into one the text allows.
func (a *scalarInfo) selectStyle(s style, simpleKey bool, empty bool) style {
	if simpleKey && a.multiline {
		s = styleDouble
	}
	if s == stylePlain {
		if !a.plainOK || empty && simpleKey {
			s = styleSingle
		}
	}
	if s == styleSingle && !a.singleOK {
		s = styleDouble
	}
	if s == styleLiteral && (!a.blockOK || simpleKey) {
		s = styleDouble
	}
	return s
}

// writeString writes a string scalar, as a key if key is set, and reports
// whether a key was simple (written inline, not in "? key" form).
func (w *Writer) writeString(s string, key bool) (simple bool) {
	// Fast path for the common case of a word: printable ASCII without
	// spaces or characters that matter after the first, which is plain
	// unless its first character is an indicator or it reads as a
	// non-string.
	i := 0
	for i < len(s) && ordinary[s[i]] {
		i++
	}
	if i == len(s) && i > 0 && (!key || i <= maxKeyLen) && plainStart[s[0]] &&
		!needsQuote(s) && !(i >= 3 && (s[:3] == "---" || s[:3] == "...")) {
		if !w.whitespace {
			w.buf = append(w.buf, ' ')
			w.column++
		}
		w.buf = append(w.buf, s...)
		w.column += len(s)
		w.whitespace = false
		w.indention = false
		return true
	}

	var a scalarInfo
	analyze(s, &a)
	if a.invalid {
		return w.writeBinary(s, key)
	}
	// The style Marshal asks for: yaml.v2's encoder.stringv.
	want := stylePlain
	if a.newline {
		want = styleLiteral
	} else if needsQuote(s) {
		want = styleDouble
	}
	if key {
		simple = !a.multiline && len(s) <= maxKeyLen
		if !simple {
			w.writeIndicator('?', true, false, true)
		}
	}
	w.writeScalar(s, &a, a.selectStyle(want, simple, len(s) == 0), !simple)
	return simple
}

// writeBinary writes invalid UTF-8 as yaml.v2 does: base64 tagged !!binary,
// broken into lines of 70 characters (a literal block) when longer.
func (w *Writer) writeBinary(s string, key bool) (simple bool) {
	enc := encodeBase64(s)
	var a scalarInfo
	analyze(enc, &a)
	want := stylePlain
	if a.newline {
		want = styleLiteral
	}
	const tag = "!!binary"
	if key {
		simple = !a.multiline && len(enc)+len(tag) <= maxKeyLen
		if !simple {
			w.writeIndicator('?', true, false, true)
		}
	}
	if !w.whitespace {
		w.buf = append(w.buf, ' ')
		w.column++
	}
	w.buf = append(w.buf, tag...)
	w.column += len(tag)
	w.whitespace = false
	w.indention = false
	w.writeScalar(enc, &a, a.selectStyle(want, simple, false), !simple)
	return simple
}

// encodeBase64 is yaml.v2's layout of !!binary text: lines of 70 base64
// characters, each ending in a newline, unless the whole fits on one line.
func encodeBase64(s string) string {
	const lineLen = 70
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	if len(enc) < lineLen {
		return enc
	}
	var b strings.Builder
	b.Grow(len(enc) + len(enc)/lineLen + 1)
	for i := 0; i < len(enc); i += lineLen {
		b.WriteString(enc[i:min(i+lineLen, len(enc))])
		b.WriteByte('\n')
	}
	return b.String()
}

// writeScalar writes analysed text in the chosen style. allowBreaks is false
// for simple keys, which yaml.v2 never folds.
func (w *Writer) writeScalar(s string, a *scalarInfo, st style, allowBreaks bool) {
	indent := w.scalarIndent()
	switch st {
	case stylePlain:
		w.writePlain(s, a, indent, allowBreaks)
	case styleSingle:
		w.writeSingle(s, indent, allowBreaks)
	case styleDouble:
		w.writeDouble(s, a, indent, allowBreaks)
	default:
		// A literal block leaves the line state as its last line left
		// it: after a final line break the next line needs no new one.
		w.writeLiteral(s, a, indent)
		return
	}
	w.whitespace = false
	w.indention = false
}

// charLen is the length of the UTF-8 sequence a lead byte starts.
func charLen(c byte) int {
	switch {
	case c < 0x80:
		return 1
	case c < 0xE0:
		return 2
	case c < 0xF0:
		return 3
	}
	return 4
}

// isBreakAt reports whether s[i:] starts with a line break character as
// yaml.v2 sees them: CR, LF, NEL, LS or PS.
func isBreakAt(s string, i int) bool {
	switch s[i] {
	case '\r', '\n':
		return true
	case 0xC2:
		return i+1 < len(s) && s[i+1] == 0x85
	case 0xE2:
		return i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9)
	}
	return false
}

// writePlain is yaml.v2's write_plain_scalar. A plain scalar has no line
// breaks and no leading or trailing space.
func (w *Writer) writePlain(s string, a *scalarInfo, indent int, allowBreaks bool) {
	if !w.whitespace {
		w.buf = append(w.buf, ' ')
		w.column++
	}
	// No space can fall past the fold column: copy it whole.
	if !allowBreaks || !a.space || w.column+a.runes <= bestWidth+1 {
		w.buf = append(w.buf, s...)
		w.column += a.runes
		return
	}
	spaces := false
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' {
			if !spaces && w.column > bestWidth && i+1 < len(s) && s[i+1] != ' ' {
				w.writeIndent(indent)
			} else {
				w.buf = append(w.buf, ' ')
				w.column++
			}
			i++
			spaces = true
			continue
		}
		// Copy up to the next space in one go.
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		w.buf = append(w.buf, s[i:j]...)
		w.column += utf8.RuneCountInString(s[i:j])
		w.indention = false
		spaces = false
		i = j
	}
}

// writeSingle is yaml.v2's write_single_quoted_scalar.
func (w *Writer) writeSingle(s string, indent int, allowBreaks bool) {
	w.writeIndicator('\'', true, false, false)
	spaces, breaks := false, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if allowBreaks && !spaces && w.column > bestWidth && i > 0 && i < len(s)-1 && s[i+1] != ' ' {
				w.writeIndent(indent)
			} else {
				w.buf = append(w.buf, ' ')
				w.column++
			}
			i++
			spaces = true
		case isBreakAt(s, i):
			if !breaks && c == '\n' {
				w.buf = append(w.buf, '\n')
				w.column = 0
			}
			i = w.writeBreak(s, i)
			w.indention = true
			breaks = true
		default:
			if breaks {
				w.writeIndent(indent)
			}
			if c == '\'' {
				w.buf = append(w.buf, '\'')
				w.column++
			}
			size := charLen(c)
			w.buf = append(w.buf, s[i:i+size]...)
			w.column++
			i += size
			w.indention = false
			spaces, breaks = false, false
		}
	}
	w.writeIndicator('\'', false, false, false)
}

// writeBreak is yaml.v2's write_break: LF becomes a line break; any other
// break character is copied, and starts a new line as far as columns go.
func (w *Writer) writeBreak(s string, i int) int {
	if s[i] == '\n' {
		w.buf = append(w.buf, '\n')
		w.column = 0
		return i + 1
	}
	size := charLen(s[i])
	w.buf = append(w.buf, s[i:i+size]...)
	w.column = 0
	return i + size
}

const hexDigits = "0123456789ABCDEF"

// writeDouble is yaml.v2's write_double_quoted_scalar.
func (w *Writer) writeDouble(s string, a *scalarInfo, indent int, allowBreaks bool) {
	w.writeIndicator('"', true, false, false)
	// yaml.v2's is_bom looks at the start of the text, not at the current
	// character, so text that starts with a BOM has every character escaped.
	bom := strings.HasPrefix(s, "\uFEFF")
	if !bom && !a.special && !a.escape && !a.multiline &&
		(!allowBreaks || !a.space || w.column+a.runes <= bestWidth+1) {
		w.buf = append(w.buf, s...)
		w.column += a.runes
		w.writeIndicator('"', false, false, false)
		return
	}
	spaces := false
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		size := 1
		if c < 0x80 {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		escape := bom || c == '"' || c == '\\'
		if !escape {
			if c < 0x80 {
				escape = c < 0x20 || c == 0x7F
			} else {
				escape = !printable(r) || r == 0x2028 || r == 0x2029
			}
		}
		switch {
		case escape:
			i += size
			w.writeEscape(r)
			spaces = false
		case c == ' ':
			if allowBreaks && !spaces && w.column > bestWidth && i > 0 && i < len(s)-1 {
				w.writeIndent(indent)
				if s[i+1] == ' ' {
					w.buf = append(w.buf, '\\')
					w.column++
				}
			} else {
				w.buf = append(w.buf, ' ')
				w.column++
			}
			i++
			spaces = true
		default:
			w.buf = append(w.buf, s[i:i+size]...)
			w.column++
			i += size
			spaces = false
		}
	}
	w.writeIndicator('"', false, false, false)
}

// writeEscape writes one escape sequence the way yaml.v2 spells it.
func (w *Writer) writeEscape(r rune) {
	n := len(w.buf)
	w.buf = append(w.buf, '\\')
	switch r {
	case 0x00:
		w.buf = append(w.buf, '0')
	case 0x07:
		w.buf = append(w.buf, 'a')
	case 0x08:
		w.buf = append(w.buf, 'b')
	case 0x09:
		w.buf = append(w.buf, 't')
	case 0x0A:
		w.buf = append(w.buf, 'n')
	case 0x0B:
		w.buf = append(w.buf, 'v')
	case 0x0C:
		w.buf = append(w.buf, 'f')
	case 0x0D:
		w.buf = append(w.buf, 'r')
	case 0x1B:
		w.buf = append(w.buf, 'e')
	case '"':
		w.buf = append(w.buf, '"')
	case '\\':
		w.buf = append(w.buf, '\\')
	case 0x85:
		w.buf = append(w.buf, 'N')
	case 0xA0:
		w.buf = append(w.buf, '_')
	case 0x2028:
		w.buf = append(w.buf, 'L')
	case 0x2029:
		w.buf = append(w.buf, 'P')
	default:
		var digits int
		switch {
		case r <= 0xFF:
			w.buf = append(w.buf, 'x')
			digits = 2
		case r <= 0xFFFF:
			w.buf = append(w.buf, 'u')
			digits = 4
		default:
			w.buf = append(w.buf, 'U')
			digits = 8
		}
		for k := (digits - 1) * 4; k >= 0; k -= 4 {
			w.buf = append(w.buf, hexDigits[(r>>uint(k))&0xF])
		}
	}
	w.column += len(w.buf) - n
}

// writeLiteral is yaml.v2's write_literal_scalar, with its block scalar
// header: an indentation indicator when the text starts with a space or
// break, and "-" (strip) or "+" (keep) chomping for no or several final
// breaks.
func (w *Writer) writeLiteral(s string, a *scalarInfo, indent int) {
	w.writeIndicator('|', true, false, false)
	if s[0] == ' ' || isBreakAt(s, 0) {
		w.writeIndicator('0'+bestIndent, false, false, false)
	}
	last := len(s) - 1
	for s[last]&0xC0 == 0x80 {
		last--
	}
	var chomp byte
	if !isBreakAt(s, last) {
		chomp = '-'
	} else if last == 0 {
		chomp = '+'
	} else {
		prev := last - 1
		for s[prev]&0xC0 == 0x80 {
			prev--
		}
		if isBreakAt(s, prev) {
			chomp = '+'
		}
	}
	if chomp != 0 {
		w.writeIndicator(chomp, false, false, false)
	}
	w.buf = append(w.buf, '\n')
	w.column = 0
	w.indention = true
	w.whitespace = true

	if a.uniBreak {
		breaks := true
		for i := 0; i < len(s); {
			if isBreakAt(s, i) {
				i = w.writeBreak(s, i)
				w.indention = true
				breaks = true
				continue
			}
			if breaks {
				w.writeIndent(indent)
			}
			size := charLen(s[i])
			w.buf = append(w.buf, s[i:i+size]...)
			w.column++
			i += size
			w.indention = false
			breaks = false
		}
		return
	}
	// Only LF breaks: write line by line. Empty lines get no indentation.
	for len(s) > 0 {
		j := strings.IndexByte(s, '\n')
		line := s
		if j >= 0 {
			line = s[:j]
		}
		if len(line) > 0 {
			w.writeIndent(indent)
			w.buf = append(w.buf, line...)
			w.column += utf8.RuneCountInString(line)
			w.indention = false
		}
		if j < 0 {
			return
		}
		w.buf = append(w.buf, '\n')
		w.column = 0
		w.indention = true
		s = s[j+1:]
	}
}
