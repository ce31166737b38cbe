package yamltree

import (
	"fmt"
	"strings"
	"unsafe"
)

// parser is the fast path: a hand-written reader for the block-style YAML
// that yaml.v2 and ferry write. It follows libyaml's (yaml.v3's) rules
// for what it accepts, so that it builds exactly the tree yaml.v3 would.
// When it meets a construct it does not implement it sets bailed and the
// document is re-read by the fallback.
//
// Nodes are written once, straight into their final place: every depth
// has its own chunk of Nodes (levels[depth]), and since only one
// collection is open per depth at a time, a collection's children are
// consecutive in that chunk and become its children without copying.
// Scalars are substrings of src unless they need unescaping or folding,
// in which case they are built in buf.
type parser struct {
	src       string
	pos       int   // current offset in src
	line      int32 // line of pos, 1-based
	lineStart int   // offset of the start of that line
	ascii     bool  // src is all ASCII: columns are byte offsets

	// atContent: pos is at the first non-blank character of a content
	// line whose indentation is contentIndent (nextContent already ran).
	atContent     bool
	contentIndent int
	marker        bool // nextContent stopped at a "---" or "..." line
	markerSeen    bool // marker was set at some point (the parallel parse refuses such text)

	lim     Limits
	nodes   int
	deepest int     // the deepest collection opened (for the parallel parse's depth check)
	levels  []level // levels[d] holds the children of the open collection at depth d
	lvl     int     // the level new nodes go to
	buf     []byte
	bufAt   int // start in buf of the scalar being built

	err      *SyntaxError
	errFinal bool // err is not a syntax error yaml.v3 could disagree with
	bailed   bool
	bailWhy  string
}

// Byte classes for scanning.
var (
	// plainStop marks the bytes that may end a plain scalar on its line.
	plainStop = [256]bool{':': true, '#': true, '\n': true}
	// notPlainStart marks indicators that cannot start a plain scalar
	// ('-', '?' and ':' can when a non-blank follows).
	notPlainStart = [256]bool{
		',': true, '[': true, ']': true, '{': true, '}': true, '#': true, '&': true, '*': true,
		'!': true, '|': true, '>': true, '\'': true, '"': true, '%': true, '@': true, '`': true,
	}
)

// maxSimpleKey is libyaml's limit on the length of an implicit key.
const maxSimpleKey = 1024

// run parses the document; panicked reports a bug caught so that the
// fallback can still answer.
func (p *parser) run() (root *Node, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			root, panicked = nil, true
		}
	}()
	p.levels = make([]level, 1, 16)
	root = p.document()
	if p.bailed || p.err != nil {
		return nil, false
	}
	return root, false
}

func (p *parser) document() *Node {
	s := p.src
	m := p.nextContent()
	if p.marker {
		if !strings.HasPrefix(s[p.pos:], "---") {
			p.bail(`"..." before any document`)
			return nil
		}
		// An explicit start: allow only a comment after it on its line.
		i := p.pos + 3
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && s[i] != '\n' && !(s[i] == '#' && s[i-1] == ' ') {
			p.bail(`content after "---"`)
			return nil
		}
		p.skipToNextLine(i)
		p.marker = false
		m = p.nextContent()
		if m < 0 {
			// "---" with no content is a null document: leave its
			// position to yaml.v3.
			p.bail("explicit empty document")
			return nil
		}
	}
	if m < 0 {
		return nil // empty: nothing but blanks and comments
	}
	if !p.blockNode(m, -1, 0) {
		return nil
	}
	root := &p.levels[0].nodes[0]

	m = p.nextContent()
	if m >= 0 {
		p.fail(p.pos, "unexpected content after the document (bad indentation?)")
		return nil
	}
	if !p.marker {
		return root // end of input
	}
	if strings.HasPrefix(s[p.pos:], "---") {
		p.failFinal(p.pos, errMultiDoc)
		return nil
	}
	// "..." ends the document: only comments may follow, or another
	// document, which we refuse.
	i := p.pos + 3
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] != '\n' && !(s[i] == '#' && s[i-1] == ' ') {
		p.bail(`content after "..."`)
		return nil
	}
	p.skipToNextLine(i)
	p.marker = false
	if p.nextContent() < 0 && !p.marker {
		return root
	}
	if p.marker && strings.HasPrefix(s[p.pos:], "---") {
		p.failFinal(p.pos, errMultiDoc)
		return nil
	}
	p.bail(`content after "..."`) // yaml.v3 decides what it is
	return nil
}

// --- positions and errors ---

// colAt returns the 1-based column of offset i on the current line.
func (p *parser) colAt(i int) int32 {
	if p.ascii {
		return int32(i - p.lineStart + 1)
	}
	return int32(runeCount(p.src[p.lineStart:i]) + 1)
}

// bail hands the document to the fallback; where records the reason for
// tests and debugging.
func (p *parser) bail(where string) {
	if !p.bailed {
		p.bailed, p.bailWhy = true, fmt.Sprintf("%d: %s", p.line, where)
	}
}

// fail records a syntax error at offset i, which must be on the current
// line.
func (p *parser) fail(i int, msg string) bool {
	if p.err == nil {
		p.err = &SyntaxError{Line: int(p.line), Col: int(p.colAt(i)), Msg: msg}
	}
	return false
}

// failFinal records an error that yaml.v3 need not confirm: limits,
// duplicate keys, several documents.
func (p *parser) failFinal(i int, msg string) bool {
	p.fail(i, msg)
	p.errFinal = true
	return false
}

func (p *parser) failFinalAt(line, col int32, msg string) bool {
	if p.err == nil {
		p.err = &SyntaxError{Line: int(line), Col: int(col), Msg: msg}
		p.errFinal = true
	}
	return false
}

// --- lines ---

// blankz reports whether offset i is a blank, a line break or the end.
func (p *parser) blankz(i int) bool {
	if i >= len(p.src) {
		return true
	}
	c := p.src[i]
	return c == ' ' || c == '\n' || c == '\t'
}

// newline records that the line break at offset i-1 was consumed.
func (p *parser) newline(i int) {
	p.line++
	p.lineStart = i
}

// skipToNextLine moves past the line break at or after offset i (through
// any comment), or to the end of input.
func (p *parser) skipToNextLine(i int) {
	s := p.src
	p.atContent = false
	if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
		p.pos = i + k + 1
		p.newline(p.pos)
		return
	}
	p.pos = len(s)
}

// nextContent moves from a line start to the first character of the next
// line that holds content (not blank, not only a comment) and returns its
// indentation. It returns -1 at the end of input, at a document marker
// (setting marker), and on a construct the fast path leaves alone.
func (p *parser) nextContent() int {
	if p.atContent {
		return p.contentIndent
	}
	if p.marker || p.bailed || p.err != nil {
		return -1
	}
	s := p.src
	i := p.pos
	for {
		ls := i
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			p.pos = len(s)
			return -1
		}
		switch s[i] {
		case '\n':
			i++
			p.newline(i)
			continue
		case '#':
			k := strings.IndexByte(s[i:], '\n')
			if k < 0 {
				p.pos = len(s)
				return -1
			}
			i += k + 1
			p.newline(i)
			continue
		case '\t':
			p.bail("tab in indentation") // tabs near indentation: yaml.v3 has subtle rules
			return -1
		}
		p.pos = i
		if i == ls && i+3 <= len(s) && (s[i:i+3] == "---" || s[i:i+3] == "...") && p.blankz(i+3) {
			p.marker, p.markerSeen = true, true
			return -1
		}
		p.atContent = true
		p.contentIndent = i - ls
		return p.contentIndent
	}
}

// endLine finishes a line after a quoted scalar or an empty flow
// collection at offset i: only blanks and a comment may follow.
func (p *parser) endLine(i int) bool {
	s := p.src
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	switch {
	case i >= len(s), s[i] == '\n':
	case s[i] == '#' && (s[i-1] == ' ' || s[i-1] == '\t'):
	case s[i] == ':' && p.blankz(i+1):
		return p.fail(i, "mapping values are not allowed in this context")
	case s[i] == '#':
		p.bail("comment without a blank after a scalar") // libyaml reads `"a"#b` as a comment
		return false
	default:
		return p.fail(i, "unexpected text after a quoted scalar or flow collection")
	}
	p.skipToNextLine(i)
	return true
}

// --- node storage ---

// level is the chunk of Nodes for one depth.
type level struct {
	nodes []Node // the current chunk; len is what is used
	start int    // where the open collection's children begin
}

// slot returns the next free Node of the current level, zeroed.
func (p *parser) slot() *Node {
	lv := &p.levels[p.lvl]
	n := len(lv.nodes)
	if n == cap(lv.nodes) {
		lv.grow()
		n = len(lv.nodes)
	}
	lv.nodes = lv.nodes[:n+1]
	return &lv.nodes[n]
}

// grow starts a new chunk, moving the open collection's children to it.
// Chunks double up to a size at which one allocation per chunk is
// negligible.
func (lv *level) grow() {
	open := lv.nodes[lv.start:]
	size := min(max(2*cap(lv.nodes), 32), 1<<14)
	size = max(size, 2*len(open))
	nb := make([]Node, len(open), size)
	copy(nb, open)
	lv.nodes, lv.start = nb, 0
}

// open starts a collection at depth d: its children go to levels[d].
func (p *parser) open(d int) (saved int) {
	for len(p.levels) <= d {
		p.levels = append(p.levels, level{})
	}
	lv := &p.levels[d]
	lv.start = len(lv.nodes)
	saved, p.lvl = p.lvl, d
	return saved
}

// count accounts for one more node against MaxNodes.
func (p *parser) count(line, col int32) bool {
	p.nodes++
	if p.nodes > p.lim.MaxNodes {
		return p.failFinalAt(line, col, fmt.Sprintf("document has too many nodes (limit %d)", p.lim.MaxNodes))
	}
	return true
}

func (p *parser) pushScalar(style Style, line, col int32, v string) bool {
	if !p.count(line, col) {
		return false
	}
	n := p.slot()
	n.Kind, n.Style, n.Line, n.Col, n.Value = ScalarNode, style, line, col, v
	return true
}

// close ends the collection open at the current level and adds its node
// to the parent level.
func (p *parser) close(kind Kind, line, col int32, saved int) bool {
	lv := &p.levels[p.lvl]
	kids := lv.nodes[lv.start:len(lv.nodes):len(lv.nodes)]
	lv.start = len(lv.nodes)
	p.lvl = saved
	if !p.count(line, col) {
		return false
	}
	n := p.slot()
	n.Kind, n.Line, n.Col = kind, line, col
	n.setChildren(kids, "")
	return true
}

// Scalars that need building go to buf; finished ones are never written
// again, so strings can point into it.
func (p *parser) bufStart() { p.bufAt = len(p.buf) }

func (p *parser) bufGrow(n int) {
	if len(p.buf)+n <= cap(p.buf) {
		return
	}
	cur := p.buf[p.bufAt:]
	// Doubling, but never past what the scalar limit lets one scalar hold.
	size := max(min(max(32<<10, 2*(len(cur)+n)), p.lim.MaxScalarBytes+1), len(cur)+n)
	nb := make([]byte, len(cur), size)
	copy(nb, cur)
	p.buf, p.bufAt = nb, 0
}

func (p *parser) bufString(s string) {
	// Never hold more than MaxScalarBytes+1: callers check tooLong after
	// appending, and a 100 MB scalar must not cost 100 MB to reject.
	if room := p.lim.MaxScalarBytes + 1 - p.bufLen(); len(s) > room {
		s = s[:max(room, 0)]
	}
	p.bufGrow(len(s))
	p.buf = append(p.buf, s...)
}

func (p *parser) bufByte(c byte) {
	p.bufGrow(1)
	p.buf = append(p.buf, c)
}

func (p *parser) bufBreaks(n int) {
	n = min(n, max(p.lim.MaxScalarBytes+1-p.bufLen(), 0))
	p.bufGrow(n)
	for ; n > 0; n-- {
		p.buf = append(p.buf, '\n')
	}
}

func (p *parser) bufLen() int { return len(p.buf) - p.bufAt }

func (p *parser) bufValue() string {
	if len(p.buf) == p.bufAt {
		return ""
	}
	return unsafe.String(&p.buf[p.bufAt], len(p.buf)-p.bufAt)
}

func (p *parser) tooLong(n int, line, col int32) bool {
	if n > p.lim.MaxScalarBytes {
		p.failFinalAt(line, col, fmt.Sprintf("scalar is longer than %d bytes", p.lim.MaxScalarBytes))
		return true
	}
	return false
}

// --- block structure ---

// blockNode parses the node at pos, the first character of a content line
// or of the rest of a line after "- ". c is its column (0-based; the
// text before it is ASCII), parent the indentation of the enclosing block
// collection (-1 at the root).
func (p *parser) blockNode(c, parent, depth int) bool {
	p.atContent = false
	s := p.src
	i := p.pos
	line, col := p.line, int32(c+1)
	switch ch := s[i]; ch {
	case '-':
		if p.blankz(i + 1) {
			return p.sequence(c, depth)
		}
	case '|':
		return p.literal(parent, line, col)
	case '"', '\'':
		v, multi, ok := p.quoted(ch, line, col)
		if !ok {
			return false
		}
		j := p.pos
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == ':' && p.blankz(j+1) {
			if multi {
				return p.fail(j, "mapping values are not allowed in this context")
			}
			p.pos = i
			return p.mapping(c, depth)
		}
		style := DoubleQuoted
		if ch == '\'' {
			style = SingleQuoted
		}
		return p.endLine(j) && p.pushScalar(style, line, col, v)
	case '[', '{':
		return p.emptyFlow(i, line, col)
	case '?', ':':
		if p.blankz(i + 1) {
			p.bail("complex key or empty key")
			return false
		}
	default:
		if notPlainStart[ch] {
			p.bail("node property, flow collection or reserved indicator")
			return false
		}
	}
	end, stop, reason := p.plainLine(i)
	if reason == ':' {
		return p.mapping(c, depth)
	}
	return p.plain(i, end, stop, reason, parent, line, col)
}

// emptyFlow reads "[]" or "{}" at offset i; anything else in flow style
// goes to the fallback.
func (p *parser) emptyFlow(i int, line, col int32) bool {
	s := p.src
	kind, closer := SequenceNode, byte(']')
	if s[i] == '{' {
		kind, closer = MappingNode, '}'
	}
	if i+1 >= len(s) || s[i+1] != closer {
		p.bail("non-empty flow collection")
		return false
	}
	j := i + 2
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j < len(s) && s[j] == ':' && p.blankz(j+1) {
		p.bail("flow collection as a key")
		return false
	}
	if !p.endLine(i+2) || !p.count(line, col) {
		return false
	}
	n := p.slot()
	n.Kind, n.Style, n.Line, n.Col = kind, Flow, line, col
	return true
}

// mapping parses a block mapping whose first key is at pos, column c.
func (p *parser) mapping(c, depth int) bool {
	depth++
	p.deepest = max(p.deepest, depth)
	line, col := p.line, int32(c+1)
	if depth > p.lim.MaxDepth {
		return p.failFinalAt(line, col, errDepth(int(line), int(col), p.lim.MaxDepth).Msg)
	}
	saved := p.open(depth)
	s := p.src
	var keys keySet
	for {
		p.atContent = false
		start := p.pos
		if !p.key(c) {
			return false
		}
		// Check the key before its value is read, so that a repeated
		// key is reported at its line however much follows it.
		lv := &p.levels[p.lvl]
		if err := keys.add(lv.nodes[lv.start:]); err != nil {
			p.err, p.errFinal = err, true
			return false
		}
		if !p.value(c, depth) {
			return false
		}
		if p.pos <= start {
			p.bail("no progress in a mapping") // a bug; never loop forever
			return false
		}
		m := p.nextContent()
		if m != c {
			if m > c {
				return p.fail(p.pos, "bad indentation of a mapping entry")
			}
			break
		}
		if s[p.pos] == '-' && p.blankz(p.pos+1) {
			return p.fail(p.pos, "did not find expected key")
		}
	}
	return p.close(MappingNode, line, col, saved)
}

// key reads a mapping key at pos (column c) and the ':' after it.
func (p *parser) key(c int) bool {
	s := p.src
	i := p.pos
	line, col := p.line, int32(c+1)
	switch ch := s[i]; ch {
	case '"', '\'':
		v, multi, ok := p.quoted(ch, line, col)
		if !ok {
			return false
		}
		j := p.pos
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if multi || j >= len(s) || s[j] != ':' || !p.blankz(j+1) {
			return p.failAt(line, col, "could not find expected ':' after key")
		}
		if j-i > maxSimpleKey {
			p.bail("key longer than 1024")
			return false
		}
		style := DoubleQuoted
		if ch == '\'' {
			style = SingleQuoted
		}
		p.pos = j + 1
		return p.pushScalar(style, line, col, v)
	case '-', '?', ':':
		if p.blankz(i + 1) {
			if ch == '-' {
				return p.fail(i, "did not find expected key")
			}
			p.bail("complex key or empty key")
			return false
		}
	default:
		if notPlainStart[ch] {
			p.bail("node property, flow collection or reserved indicator")
			return false
		}
	}
	end, stop, reason := p.plainLine(i)
	if reason != ':' {
		return p.fail(i, "could not find expected ':' after key")
	}
	if stop-i > maxSimpleKey {
		p.bail("key longer than 1024")
		return false
	}
	p.pos = stop + 1
	return p.pushScalar(Plain, line, col, s[i:end])
}

// value reads the value after a key's ':' (pos is just after it); c is
// the mapping's indentation.
func (p *parser) value(c, depth int) bool {
	s := p.src
	colon := p.pos - 1
	i := p.pos
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) || s[i] == '\n' || s[i] == '#' {
		// The value is on the following lines, or empty.
		line, col := p.line, p.colAt(colon+1)
		p.skipToNextLine(i)
		m := p.nextContent()
		if m > c {
			return p.blockNode(m, c, depth)
		}
		if m == c && s[p.pos] == '-' && p.blankz(p.pos+1) {
			return p.sequence(c, depth) // yaml.v2 writes "key:\n- item"
		}
		if m == c && (s[p.pos] == '|' || s[p.pos] == '>') {
			p.bail("block scalar at the key's indentation") // libyaml takes it as the value
			return false
		}
		return p.pushScalar(Plain, line, col, "")
	}
	p.pos = i
	line, col := p.line, p.colAt(i)
	switch ch := s[i]; ch {
	case '|':
		return p.literal(c, line, col)
	case '"', '\'':
		v, _, ok := p.quoted(ch, line, col)
		if !ok || !p.endLine(p.pos) {
			return false
		}
		style := DoubleQuoted
		if ch == '\'' {
			style = SingleQuoted
		}
		return p.pushScalar(style, line, col, v)
	case '[', '{':
		return p.emptyFlow(i, line, col)
	case '-':
		if p.blankz(i + 1) {
			return p.fail(i, "block sequence entries are not allowed in this context")
		}
	case '?', ':':
		if p.blankz(i + 1) {
			p.bail("complex key or empty key in a value")
			return false
		}
	default:
		if notPlainStart[ch] {
			p.bail("node property, flow collection, folded scalar or reserved indicator")
			return false
		}
	}
	end, stop, reason := p.plainLine(i)
	if reason == ':' {
		return p.fail(stop, "mapping values are not allowed in this context")
	}
	return p.plain(i, end, stop, reason, c, line, col)
}

// sequence parses a block sequence whose first "-" is at pos, column c.
func (p *parser) sequence(c, depth int) bool {
	depth++
	p.deepest = max(p.deepest, depth)
	line, col := p.line, int32(c+1)
	if depth > p.lim.MaxDepth {
		return p.failFinalAt(line, col, errDepth(int(line), int(col), p.lim.MaxDepth).Msg)
	}
	saved := p.open(depth)
	s := p.src
	for {
		p.atContent = false
		dash := p.pos
		i := dash + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && s[i] == '\t' {
			p.bail(`tab after "-"`)
			return false
		}
		if i >= len(s) || s[i] == '\n' || s[i] == '#' {
			eLine, eCol := p.line, int32(c+2)
			p.skipToNextLine(i)
			if m := p.nextContent(); m > c {
				if !p.blockNode(m, c, depth) {
					return false
				}
			} else if m == c && (s[p.pos] == '|' || s[p.pos] == '>') {
				p.bail("block scalar at the entry's indentation") // libyaml takes it as the item
				return false
			} else if !p.pushScalar(Plain, eLine, eCol, "") {
				return false
			}
		} else {
			p.pos = i
			if !p.blockNode(c+i-dash, c, depth) {
				return false
			}
		}
		if p.pos <= dash {
			p.bail("no progress in a sequence") // a bug; never loop forever
			return false
		}
		m := p.nextContent()
		if m != c || s[p.pos] != '-' || !p.blankz(p.pos+1) {
			if m > c {
				return p.fail(p.pos, "bad indentation of a sequence entry")
			}
			break
		}
	}
	return p.close(SequenceNode, line, col, saved)
}

// --- scalars ---

// plainLine scans a plain scalar's text on the line from offset i. It
// returns the end of the text (trailing blanks dropped), where scanning
// stopped, and why: ':' (a key indicator), '#' (a comment) or '\n' (end
// of line or input).
func (p *parser) plainLine(i int) (end, stop int, reason byte) {
	s := p.src
	j := i
	for {
		for j < len(s) && !plainStop[s[j]] {
			j++
		}
		if j >= len(s) {
			reason = '\n'
			break
		}
		c := s[j]
		if c == '\n' {
			reason = '\n'
			break
		}
		if c == ':' {
			if p.blankz(j + 1) {
				reason = ':'
				break
			}
		} else if j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
			reason = '#'
			break
		}
		j++
	}
	end = j
	for end > i && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	return end, j, reason
}

// plain finishes a plain scalar whose first line's text is src[i:end],
// following it onto continuation lines indented more than parent.
func (p *parser) plain(i, end, stop int, reason byte, parent int, line, col int32) bool {
	s := p.src
	if p.tooLong(end-i, line, col) {
		return false
	}
	if reason == '#' {
		p.skipToNextLine(stop)
		return p.pushScalar(Plain, line, col, s[i:end])
	}
	first := s[i:end]
	building := false
	pos := stop // at '\n' or the end
	for pos < len(s) {
		// Find the next line with content, counting line breaks.
		breaks := 0
		q := pos
		var ls int
		for {
			q++
			breaks++
			ls = q
			for q < len(s) && s[q] == ' ' {
				q++
			}
			if q < len(s) && s[q] == '\n' {
				continue
			}
			break
		}
		if q >= len(s) {
			// Only blank lines to the end.
			p.line += int32(breaks)
			p.lineStart = ls
			p.pos = len(s)
			break
		}
		if s[q] == '\t' {
			p.bail("tab in a continuation line")
			return false
		}
		ind := q - ls
		if ind <= parent || s[q] == '#' ||
			ind == 0 && q+3 <= len(s) && (s[q:q+3] == "---" || s[q:q+3] == "...") && p.blankz(q+3) {
			// The scalar ended on its last text line.
			p.line += int32(breaks)
			p.lineStart = ls
			p.pos = ls
			if ind <= parent && s[q] != '#' && !(ind == 0 && (s[q] == '-' || s[q] == '.')) {
				// Save nextContent from scanning this line again.
				p.pos, p.atContent, p.contentIndent = q, true, ind
			}
			break
		}
		p.line += int32(breaks)
		p.lineStart = ls
		e2, st2, r2 := p.plainLine(q)
		if r2 == ':' {
			return p.fail(st2, "mapping values are not allowed in this context")
		}
		if !building {
			p.bufStart()
			p.bufString(first)
			building = true
		}
		if breaks == 1 {
			p.bufByte(' ')
		} else {
			p.bufBreaks(breaks - 1)
		}
		p.bufString(s[q:e2])
		if p.tooLong(p.bufLen(), line, col) {
			return false
		}
		if r2 == '#' {
			p.skipToNextLine(st2)
			break
		}
		pos = st2
		p.pos = pos
	}
	if pos >= len(s) {
		p.pos = len(s)
	}
	if !building {
		return p.pushScalar(Plain, line, col, first)
	}
	return p.pushScalar(Plain, line, col, p.bufValue())
}

// quoted reads a quoted scalar starting at pos (the quote) and leaves pos
// after the closing quote. multi reports that it spanned lines.
func (p *parser) quoted(q byte, line, col int32) (v string, multi, ok bool) {
	s := p.src
	i := p.pos + 1
	for j := i; j < len(s); j++ {
		c := s[j]
		if c == q {
			if q == '\'' && j+1 < len(s) && s[j+1] == '\'' {
				break
			}
			if p.tooLong(j-i, line, col) {
				return "", false, false
			}
			p.pos = j + 1
			return s[i:j], false, true
		}
		if c == '\n' || c == '\\' && q == '"' {
			break
		}
	}
	return p.quotedSlow(q, line, col)
}

// quotedSlow reads a quoted scalar that has escapes or line breaks,
// following libyaml's folding rules exactly.
func (p *parser) quotedSlow(q byte, line, col int32) (string, bool, bool) {
	s := p.src
	i := p.pos + 1
	multi := false
	p.bufStart()
	for {
		if i == p.lineStart && i+3 <= len(s) && (s[i:i+3] == "---" || s[i:i+3] == "...") && p.blankz(i+3) {
			p.fail(i, "found unexpected document indicator while scanning a quoted scalar")
			return "", false, false
		}
		if i >= len(s) {
			p.failAt(line, col, "found unexpected end of stream while scanning a quoted scalar")
			return "", false, false
		}
		leadingBlanks := false
		for i < len(s) {
			c := s[i]
			if c == ' ' || c == '\t' || c == '\n' {
				break
			}
			if q == '\'' {
				if c == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						p.bufByte('\'')
						i += 2
						continue
					}
					break
				}
			} else if c == '"' {
				break
			} else if c == '\\' {
				if i+1 < len(s) && s[i+1] == '\n' {
					i += 2
					p.newline(i)
					multi, leadingBlanks = true, true
					break
				}
				n, ok := p.escape(i)
				if !ok || p.tooLong(p.bufLen(), line, col) {
					return "", false, false
				}
				i = n
				continue
			}
			// Copy a run of ordinary bytes at once.
			j := i + 1
			for j < len(s) {
				c := s[j]
				if c == ' ' || c == '\t' || c == '\n' || c == q || c == '\\' {
					break
				}
				j++
			}
			p.bufString(s[i:j])
			i = j
			if p.tooLong(p.bufLen(), line, col) {
				return "", false, false
			}
		}
		if p.tooLong(p.bufLen(), line, col) {
			return "", false, false
		}
		if i < len(s) && s[i] == q {
			break
		}
		// Blanks and line breaks.
		blankStart := i
		leadingBreak := false
		trailing := 0
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			if s[i] == '\n' {
				if !leadingBlanks {
					leadingBreak, leadingBlanks = true, true
				} else {
					trailing++
				}
				i++
				p.newline(i)
				multi = true
			} else {
				i++
			}
		}
		if leadingBlanks {
			if leadingBreak && trailing == 0 {
				p.bufByte(' ')
			} else {
				p.bufBreaks(trailing)
			}
		} else {
			p.bufString(s[blankStart:i])
		}
	}
	p.pos = i + 1
	return p.bufValue(), multi, true
}

func (p *parser) failAt(line, col int32, msg string) bool {
	if p.err == nil {
		p.err = &SyntaxError{Line: int(line), Col: int(col), Msg: msg}
	}
	return false
}

// escape decodes the double-quoted escape sequence at offset i (the
// backslash) into buf and returns the offset after it.
func (p *parser) escape(i int) (int, bool) {
	s := p.src
	if i+1 >= len(s) {
		return i, p.fail(i, "found unknown escape character while parsing a quoted scalar")
	}
	var b byte
	n := 0
	switch s[i+1] {
	case '0':
		b = 0
	case 'a':
		b = '\a'
	case 'b':
		b = '\b'
	case 't', '\t':
		b = '\t'
	case 'n':
		b = '\n'
	case 'v':
		b = '\v'
	case 'f':
		b = '\f'
	case 'r':
		b = '\r'
	case 'e':
		b = 0x1B
	case ' ', '"', '\'', '\\':
		b = s[i+1]
	case 'N':
		p.bufString("\u0085")
		return i + 2, true
	case '_':
		p.bufString("\u00A0")
		return i + 2, true
	case 'L':
		p.bufString("\u2028")
		return i + 2, true
	case 'P':
		p.bufString("\u2029")
		return i + 2, true
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return i, p.fail(i, "found unknown escape character while parsing a quoted scalar")
	}
	if n == 0 {
		p.bufByte(b)
		return i + 2, true
	}
	var r uint32 // eight hex digits overflow a rune
	for k := 0; k < n; k++ {
		j := i + 2 + k
		if j >= len(s) {
			return i, p.fail(i, "did not find expected hexadecimal number while parsing a quoted scalar")
		}
		c := s[j]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return i, p.fail(i, "did not find expected hexadecimal number while parsing a quoted scalar")
		}
		r = r<<4 | uint32(d)
	}
	if r >= 0xD800 && r <= 0xDFFF || r > 0x10FFFF {
		return i, p.fail(i, "found invalid Unicode character escape code while parsing a quoted scalar")
	}
	var tmp [4]byte
	k := encodeRune(tmp[:], rune(r))
	p.bufString(unsafe.String(&tmp[0], k))
	return i + 2 + n, true
}

// encodeRune writes r as UTF-8 the way libyaml does (which, unlike
// utf8.EncodeRune, keeps every value it accepted).
func encodeRune(b []byte, r rune) int {
	switch {
	case r <= 0x7F:
		b[0] = byte(r)
		return 1
	case r <= 0x7FF:
		b[0] = byte(0xC0 | r>>6)
		b[1] = byte(0x80 | r&0x3F)
		return 2
	case r <= 0xFFFF:
		b[0] = byte(0xE0 | r>>12)
		b[1] = byte(0x80 | (r>>6)&0x3F)
		b[2] = byte(0x80 | r&0x3F)
		return 3
	}
	b[0] = byte(0xF0 | r>>18)
	b[1] = byte(0x80 | (r>>12)&0x3F)
	b[2] = byte(0x80 | (r>>6)&0x3F)
	b[3] = byte(0x80 | r&0x3F)
	return 4
}

// literal reads a literal block scalar whose '|' is at pos; parent is the
// indentation of the enclosing block collection.
func (p *parser) literal(parent int, line, col int32) bool {
	s := p.src
	i := p.pos + 1
	chomp, incr := 0, 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		chomp = 1
		if s[i] == '-' {
			chomp = -1
		}
		i++
		if i < len(s) && isDigit(s[i]) {
			if s[i] == '0' {
				return p.fail(i, "found an indentation indicator equal to 0 while scanning a block scalar")
			}
			incr = int(s[i] - '0')
			i++
		}
	} else if i < len(s) && isDigit(s[i]) {
		if s[i] == '0' {
			return p.fail(i, "found an indentation indicator equal to 0 while scanning a block scalar")
		}
		incr = int(s[i] - '0')
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			chomp = 1
			if s[i] == '-' {
				chomp = -1
			}
			i++
		}
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && s[i] == '#' {
		for i < len(s) && s[i] != '\n' {
			i++
		}
	}
	if i < len(s) && s[i] != '\n' {
		return p.fail(i, "did not find expected comment or line break while scanning a block scalar")
	}
	if i < len(s) {
		i++
		p.newline(i)
	}
	indent := 0
	if incr > 0 {
		if parent >= 0 {
			indent = parent + incr
		} else {
			indent = incr
		}
	}
	p.bufStart()
	trailing := 0
	var ok bool
	if i, ok = p.blockBreaks(i, &indent, &trailing, parent); !ok {
		return false
	}
	leadingBreak := false
	for i < len(s) && i-p.lineStart == indent {
		if leadingBreak {
			p.bufByte('\n')
		}
		p.bufBreaks(trailing)
		trailing = 0
		eol := strings.IndexByte(s[i:], '\n')
		if eol < 0 {
			eol = len(s)
		} else {
			eol += i
		}
		p.bufString(s[i:eol])
		if p.tooLong(p.bufLen(), line, col) {
			return false
		}
		i = eol
		leadingBreak = false
		if i < len(s) {
			i++
			p.newline(i)
			leadingBreak = true
		}
		if i, ok = p.blockBreaks(i, &indent, &trailing, parent); !ok {
			return false
		}
	}
	if chomp != -1 && leadingBreak {
		p.bufByte('\n')
	}
	if chomp == 1 {
		p.bufBreaks(trailing)
	}
	// Stop at the start of the line that ended the scalar.
	p.pos = p.lineStart
	if i >= len(s) {
		p.pos = len(s)
	}
	return p.pushScalar(Literal, line, col, p.bufValue())
}

// blockBreaks skips the indentation and empty lines before a block
// scalar's next content line, counting line breaks, and settles the
// indentation if it was not given (libyaml's scan_block_scalar_breaks).
func (p *parser) blockBreaks(i int, indent, breaks *int, parent int) (int, bool) {
	s := p.src
	maxIndent := 0
	for {
		for (*indent == 0 || i-p.lineStart < *indent) && i < len(s) && s[i] == ' ' {
			i++
		}
		maxIndent = max(maxIndent, i-p.lineStart)
		if (*indent == 0 || i-p.lineStart < *indent) && i < len(s) && s[i] == '\t' {
			return i, p.fail(i, "found a tab character where an indentation space is expected")
		}
		if i >= len(s) || s[i] != '\n' {
			break
		}
		i++
		p.newline(i)
		*breaks++
	}
	if *indent == 0 {
		*indent = max(maxIndent, parent+1, 1)
	}
	return i, true
}
