package yamltree

import (
	"errors"
	"fmt"
	"io"
)

// ParseReader reads its input in chunks: bad bytes in the first 64 KiB of
// /dev/zero or of a binary file are refused after one read, and the rest
// is read a MiB at a time, each chunk checked as it arrives.
const (
	firstChunk = 64 << 10
	readChunk  = 1 << 20
)

// ParseReader reads the single YAML document in r and parses it as
// ParseLimits does. size is the input's size when known (from stat), or
// 0 for a stream. Input over lim.MaxInputBytes is refused: before reading
// when size says so, otherwise as soon as more bytes than that arrive.
// Each chunk is checked for NUL, control characters and bad UTF-8 as soon
// as it is read, so that such input is refused at its first chunk.
func ParseReader(r io.Reader, size int64, lim Limits) (*Node, error) {
	lim = lim.withDefaults()
	if size > lim.MaxInputBytes {
		return nil, &SyntaxError{Msg: fmt.Sprintf("input is %d bytes, over the limit of %d bytes", size, lim.MaxInputBytes)}
	}
	// One byte more than the size, so that reaching the end needs no
	// second buffer; a file that grows while read grows the buffer.
	buf := make([]byte, 0, max(size+1, firstChunk))
	checked := 0 // text(buf)[:checked] has passed validate
	ascii, complexText, utf16 := true, false, false
	for eof := false; !eof; {
		if len(buf) == cap(buf) {
			// Doubling keeps the peak at three times the input.
			nb := make([]byte, len(buf), min(2*int64(cap(buf)), lim.MaxInputBytes+1))
			copy(nb, buf)
			buf = nb
		}
		want := readChunk
		if len(buf) == 0 {
			want = firstChunk
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+want)])
		buf = buf[:len(buf)+n]
		switch {
		case errors.Is(err, io.EOF):
			eof = true
		case err != nil:
			return nil, fmt.Errorf("reading input: %w", err)
		}
		if int64(len(buf)) > lim.MaxInputBytes {
			return nil, &SyntaxError{Msg: fmt.Sprintf("input is longer than the limit of %d bytes", lim.MaxInputBytes)}
		}
		if len(buf) < 3 && !eof || utf16 {
			continue // not enough to see a BOM yet, or UTF-16 (for yaml.v3 to decode)
		}
		if checked == 0 && len(buf) >= 2 && (buf[0] == 0xFE && buf[1] == 0xFF || buf[0] == 0xFF && buf[1] == 0xFE) {
			utf16 = true
			continue
		}
		src := text(buf)
		end := len(src)
		if !eof {
			end = completeRunes(src)
		}
		a, c, verr := validate(src[:end], checked)
		if verr != nil {
			return nil, verr
		}
		ascii, complexText, checked = ascii && a, complexText || c, end
	}
	if utf16 {
		return ParseLimits(buf, lim)
	}
	root, err, _ := parseChecked(buf, text(buf), lim, ascii, complexText)
	return root, err
}

// completeRunes returns the length of s without an incomplete UTF-8
// sequence at its end, which the next chunk may complete.
func completeRunes(s string) int {
	for k := 1; k <= 3 && k <= len(s); k++ {
		c := s[len(s)-k]
		if c&0xC0 == 0x80 {
			continue // a continuation byte: look further back
		}
		need := 1
		switch {
		case c&0xE0 == 0xC0:
			need = 2
		case c&0xF0 == 0xE0:
			need = 3
		case c&0xF8 == 0xF0:
			need = 4
		}
		if need > k {
			return len(s) - k
		}
		break
	}
	return len(s)
}
