package yamltree

import (
	"encoding/binary"
	"fmt"
	"unsafe"
)

// Parse reads the single YAML document in data with DefaultLimits.
// See ParseLimits.
func Parse(data []byte) (*Node, error) {
	return ParseLimits(data, DefaultLimits())
}

// ParseLimits reads the single YAML document in data and returns its root
// node, or (nil, nil) when data holds no document (only blanks and
// comments). Errors are *SyntaxError.
//
// To avoid copying, scalar values may point into data: the caller must not
// modify data while the tree is in use.
func ParseLimits(data []byte, lim Limits) (*Node, error) {
	root, err, _ := parse(data, lim)
	return root, err
}

// path tells tests which way a document was read.
type path uint8

const (
	pathFast         path = iota + 1 // the fast parser produced the answer
	pathFallback                     // the document used a construct the fast parser leaves to yaml.v3
	pathOverruled                    // the fast parser reported a syntax error but yaml.v3 read the document
	pathFastPanicked                 // the fast parser panicked (a bug) and yaml.v3 read the document
)

func parse(data []byte, lim Limits) (root *Node, err error, how path) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxInputBytes {
		return nil, &SyntaxError{Msg: fmt.Sprintf("input is %d bytes, over the limit of %d bytes", len(data), lim.MaxInputBytes)}, pathFast
	}
	if len(data) >= 2 && (data[0] == 0xFE && data[1] == 0xFF || data[0] == 0xFF && data[1] == 0xFE) {
		// UTF-16: only yaml.v3 decodes it.
		root, err = parseFallback(data, lim)
		return root, err, pathFallback
	}
	src := text(data)
	// Large input: validate and parse chunks in parallel, validating in
	// the chunks' goroutines since validate is itself a full pass.
	if root, ok := parseParallel(src, lim, parallelChunks(len(src)), false, false); ok {
		return root, nil, pathFast
	}
	ascii, complexText, verr := validate(src, 0)
	if verr != nil {
		return nil, verr, pathFast
	}
	return parseSequential(data, src, lim, ascii, complexText)
}

// text is data as the string the fast parser reads: without a UTF-8 BOM,
// which is not part of the first line's columns.
func text(data []byte) string {
	src := unsafe.String(unsafe.SliceData(data), len(data))
	if len(src) >= 3 && src[:3] == "\xEF\xBB\xBF" {
		src = src[3:]
	}
	return src
}

// parseChecked parses data whose text src has passed validate: large
// input in parallel chunks when it can, else (and when that fails in any
// way) sequentially.
func parseChecked(data []byte, src string, lim Limits, ascii, complexText bool) (root *Node, err error, how path) {
	if !complexText {
		if root, ok := parseParallel(src, lim, parallelChunks(len(src)), true, ascii); ok {
			return root, nil, pathFast
		}
	}
	return parseSequential(data, src, lim, ascii, complexText)
}

// parseSequential parses data whose text src has passed validate with one
// parser, handing it to yaml.v3 when the fast parser cannot answer.
func parseSequential(data []byte, src string, lim Limits, ascii, complexText bool) (root *Node, err error, how path) {
	if complexText {
		root, err = parseFallback(data, lim)
		return root, err, pathFallback
	}
	p := parser{src: src, ascii: ascii, lim: lim, line: 1}
	root, panicked := p.run()
	switch {
	case panicked:
		root, err = parseFallback(data, lim)
		return root, err, pathFastPanicked
	case p.bailed:
		root, err = parseFallback(data, lim)
		return root, err, pathFallback
	case p.err != nil && !p.errFinal:
		// Make sure the fast parser did not reject valid YAML: yaml.v3
		// must agree that this is an error. Ours has the better position.
		if root2, err2 := parseFallback(data, lim); err2 == nil {
			return root2, nil, pathOverruled
		}
		return nil, p.err, pathFast
	case p.err != nil:
		return nil, p.err, pathFast
	}
	return root, nil, pathFast
}

// validate checks the text s[from:] as yaml.v3's reader does: valid UTF-8
// and no control characters YAML forbids; errors are positioned in all of
// s, so that input can be checked chunk by chunk as it is read. It also
// reports whether the text is all ASCII (columns are then byte offsets)
// and whether it contains line breaks other than "\n" (CR, NEL, LS, PS) or
// an inner BOM, which only the fallback handles.
func validate(s string, from int) (ascii, complexText bool, err *SyntaxError) {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	ascii = true
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	i := from
	for i < len(s) {
		if i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			// Exact per-byte tests, so that the many newlines do not
			// send words to the byte loop: flag bytes >= 0x80, == 0x7F,
			// or < 0x20 other than '\n' and '\t'.
			low := w &^ highs
			ge20 := (low + 0x60*ones) & highs
			nl, tab, del := w^(0x0A*ones), w^(0x09*ones), w^(0x7F*ones)
			isNL := ^(((nl &^ highs) + 0x7F*ones) | nl) & highs
			isTab := ^(((tab &^ highs) + 0x7F*ones) | tab) & highs
			isDel := ^(((del &^ highs) + 0x7F*ones) | del) & highs
			if (w&highs)|(^ge20&highs&^isNL&^isTab)|isDel == 0 {
				i += 8
				continue
			}
		}
		for end := min(i+8, len(s)); i < end; {
			c := s[i]
			switch {
			case c >= 0x20 && c < 0x7F, c == '\n', c == '\t':
				i++
			case c == '\r':
				complexText = true
				i++
			case c < 0x80:
				return ascii, complexText, errAt(s, i, fmt.Sprintf("control character %U is not allowed", rune(c)))
			default:
				ascii = false
				r, size := decodeRune(s[i:])
				if size == 0 {
					return ascii, complexText, errAt(s, i, fmt.Sprintf("invalid UTF-8 byte 0x%02X", c))
				}
				switch {
				case r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF:
					complexText = true
				case r < 0xA0 || r == 0xFFFE || r == 0xFFFF:
					return ascii, complexText, errAt(s, i, fmt.Sprintf("control character %U is not allowed", r))
				}
				i += size
			}
		}
	}
	return ascii, complexText, nil
}

// decodeRune decodes one UTF-8 sequence, returning size 0 when it is
// invalid (including surrogates and overlong forms).
func decodeRune(s string) (rune, int) {
	c := s[0]
	var r rune
	var n int
	switch {
	case c < 0x80:
		return rune(c), 1
	case c&0xE0 == 0xC0:
		r, n = rune(c&0x1F), 2
	case c&0xF0 == 0xE0:
		r, n = rune(c&0x0F), 3
	case c&0xF8 == 0xF0:
		r, n = rune(c&0x07), 4
	default:
		return 0, 0
	}
	if len(s) < n {
		return 0, 0
	}
	for k := 1; k < n; k++ {
		if s[k]&0xC0 != 0x80 {
			return 0, 0
		}
		r = r<<6 | rune(s[k]&0x3F)
	}
	switch {
	case n == 2 && r < 0x80, n == 3 && r < 0x800, n == 4 && (r < 0x10000 || r > 0x10FFFF),
		r >= 0xD800 && r <= 0xDFFF:
		return 0, 0
	}
	return r, n
}

// errAt builds an error for byte offset i of s, finding its line and
// column the slow way: errors are rare.
func errAt(s string, i int, msg string) *SyntaxError {
	line, ls := 1, 0
	for k := 0; k < i; k++ {
		if s[k] == '\n' {
			line++
			ls = k + 1
		}
	}
	return &SyntaxError{Line: line, Col: runeCount(s[ls:i]) + 1, Msg: msg}
}

// runeCount counts characters, treating every byte that is not a UTF-8
// continuation byte as the start of one.
func runeCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}
