package yamlemit

import (
	"math"
	"strconv"
	"time"
)

// The layout constants of yaml.v2's emitter as Marshal configures it.
const (
	bestIndent = 2   // spaces per nesting level
	bestWidth  = 80  // scalars fold at the first usable space past this column
	maxKeyLen  = 128 // longer keys are written in "? key" form
)

type frameKind uint8

const (
	seqFrame frameKind = iota + 1
	mapFrame
)

// frame is one open collection. Nothing is written when a collection is
// opened: yaml.v2 decides between block style and an empty {} or [] only
// when it sees the next event, so the writer decides at the first child or
// at the close.
type frame struct {
	kind frameKind
	// started is set once the first child has been written, which makes
	// the collection block style.
	started bool
	// mappingCtx records that the collection is a mapping's value; a block
	// sequence there is not indented (yaml.v2's "indentless" sequence).
	mappingCtx bool
	// wantValue is set in a mapping between a key and its value.
	wantValue bool
	// simpleKey records whether the pending key was written as "key:" (true)
	// or in "? key" form, which changes how the value starts.
	simpleKey bool
	// savedIndent is the indentation to restore when the collection closes.
	savedIndent int
}

// Writer writes one YAML document, byte for byte as gopkg.in/yaml.v2 v2.4.0
// Marshal writes the equivalent Go value. Callers open and close
// collections and write keys and scalars in document order; the first node
// written is the document's root. Mapping keys are written in the order
// given: callers that mirror a Go map must sort its keys as yaml.v2 does,
// with SortedKeys (Value sorts by itself).
//
// Misuse, such as a value in a mapping without a key or a close that does
// not match the open, panics: it is a bug in the caller, not a data error.
// Create Writers with NewWriter.
type Writer struct {
	buf   []byte
	stack []frame

	// The emitter state yaml.v2 keeps, with the same meanings, because
	// its spacing decisions depend on all of it.
	indent     int  // current block indentation; -1 outside the root
	column     int  // characters (not bytes) written on the current line
	whitespace bool // the last thing written was whitespace
	indention  bool // only indentation has been written on this line

	rootDone bool

	// Scratch space reused across calls so that sorting map keys in Value
	// does not allocate per map.
	strKeys []string
	anyKeys []anyKey
}

// NewWriter returns a Writer that appends the document to buf, which may be
// nil. Passing a previous document's buffer truncated to length 0 reuses its
// memory.
func NewWriter(buf []byte) *Writer {
	w := &Writer{}
	w.Reset(buf)
	return w
}

// Reset discards the state of any document in progress and starts a new one
// appended to buf, keeping the Writer's scratch memory for reuse.
func (w *Writer) Reset(buf []byte) {
	w.buf = buf
	w.stack = w.stack[:0]
	w.indent = -1
	w.column = 0
	w.whitespace = true
	w.indention = true
	w.rootDone = false
	w.strKeys = w.strKeys[:0]
	w.anyKeys = w.anyKeys[:0]
}

// Bytes returns the document written so far. It is complete, with its final
// newline, once the root node has been closed. The slice aliases the
// Writer's buffer and is valid until the next write or Reset.
func (w *Writer) Bytes() []byte { return w.buf }

// BeginMapping opens a mapping. It is written as a block mapping, or as {}
// if EndMapping follows immediately.
func (w *Writer) BeginMapping() { w.beginCollection(mapFrame) }

// EndMapping closes the innermost open collection, which must be a mapping
// with no key awaiting its value.
func (w *Writer) EndMapping() {
	f := w.top("EndMapping")
	if f.kind != mapFrame {
		panic("yamlemit: EndMapping closes a sequence")
	}
	if f.wantValue {
		panic("yamlemit: EndMapping after a key without a value")
	}
	w.endCollection(f, '{', '}')
}

// BeginSequence opens a sequence. It is written as a block sequence, or as
// [] if EndSequence follows immediately.
func (w *Writer) BeginSequence() { w.beginCollection(seqFrame) }

// EndSequence closes the innermost open collection, which must be a
// sequence.
func (w *Writer) EndSequence() {
	f := w.top("EndSequence")
	if f.kind != seqFrame {
		panic("yamlemit: EndSequence closes a mapping")
	}
	w.endCollection(f, '[', ']')
}

func (w *Writer) top(op string) *frame {
	if len(w.stack) == 0 {
		panic("yamlemit: " + op + " without an open collection")
	}
	return &w.stack[len(w.stack)-1]
}

func (w *Writer) beginCollection(kind frameKind) {
	inMapping := w.beginNode()
	w.stack = append(w.stack, frame{kind: kind, mappingCtx: inMapping})
}

func (w *Writer) endCollection(f *frame, open, close byte) {
	if f.started {
		w.indent = f.savedIndent
	} else {
		// yaml.v2 writes an empty collection in flow style.
		w.writeIndicator(open, true, true, false)
		w.writeIndicator(close, false, false, false)
	}
	w.stack = w.stack[:len(w.stack)-1]
	w.endNode()
}

// startBlock is yaml.v2's increase_indent for a block collection's first
// child.
func (w *Writer) startBlock(f *frame, indentless bool) {
	f.started = true
	f.savedIndent = w.indent
	if w.indent < 0 {
		w.indent = 0
	} else if !indentless {
		w.indent += bestIndent
	}
}

// beginNode writes what precedes a node in its parent: the "- " of a
// sequence item or the ":" after a mapping key. It reports whether the node
// is a mapping value.
func (w *Writer) beginNode() bool {
	if len(w.stack) == 0 {
		if w.rootDone {
			panic("yamlemit: the document already has a root node")
		}
		return false
	}
	f := &w.stack[len(w.stack)-1]
	if f.kind == seqFrame {
		if !f.started {
			w.startBlock(f, f.mappingCtx && !w.indention)
		}
		w.writeIndent(w.indent)
		w.writeIndicator('-', true, false, true)
		return false
	}
	if !f.wantValue {
		panic("yamlemit: a mapping value needs a key first")
	}
	if f.simpleKey {
		w.writeIndicator(':', false, false, false)
	} else {
		w.writeIndent(w.indent)
		w.writeIndicator(':', true, false, true)
	}
	return true
}

// endNode records that a node is complete: the mapping expects its next key,
// or the document ends after its root.
func (w *Writer) endNode() {
	if len(w.stack) == 0 {
		// yaml.v2's document end: a final line break unless already at the
		// start of an empty line.
		w.writeIndent(-1)
		w.rootDone = true
		return
	}
	f := &w.stack[len(w.stack)-1]
	if f.kind == mapFrame {
		f.wantValue = false
	}
}

// beginKey starts a mapping key and returns its mapping.
func (w *Writer) beginKey() *frame {
	if len(w.stack) == 0 {
		panic("yamlemit: a key outside a mapping")
	}
	f := &w.stack[len(w.stack)-1]
	if f.kind != mapFrame {
		panic("yamlemit: a key inside a sequence")
	}
	if f.wantValue {
		panic("yamlemit: a key where the previous key's value is due")
	}
	if !f.started {
		w.startBlock(f, false)
	}
	w.writeIndent(w.indent)
	f.wantValue = true
	return f
}

// scalarIndent is the indentation yaml.v2 uses inside a scalar node (for
// folded lines and literal blocks): one level deeper than its parent, or one
// level at the root.
func (w *Writer) scalarIndent() int {
	if w.indent < 0 {
		return bestIndent
	}
	return w.indent + bestIndent
}

// Key writes a string mapping key, styled as yaml.v2 styles a string key:
// plain, quoted, or in "? key" form when it is longer than 128 bytes or
// spans lines.
func (w *Writer) Key(k string) {
	f := w.beginKey()
	f.simpleKey = w.writeString(k, true)
}

// KeyValue writes a mapping key that is not a string, such as the int keys
// of a map[int]string, formatted as yaml.v2 formats the same value. It
// accepts the scalar types Value accepts and panics on any other.
func (w *Writer) KeyValue(k any) {
	if s, ok := k.(string); ok {
		w.Key(s)
		return
	}
	f := w.beginKey()
	simple, ok := w.scalar(k, true)
	if !ok {
		panic("yamlemit: KeyValue: unsupported key type")
	}
	f.simpleKey = simple
}

// String writes a string scalar in the style yaml.v2 chooses for it.
func (w *Writer) String(s string) {
	w.beginNode()
	w.writeString(s, false)
	w.endNode()
}

// Int writes a signed integer.
func (w *Writer) Int(i int64) {
	w.beginNode()
	w.intBody(i)
	w.endNode()
}

// Uint writes an unsigned integer.
func (w *Writer) Uint(u uint64) {
	w.beginNode()
	w.uintBody(u)
	w.endNode()
}

// Float writes a float64 as yaml.v2 does: the shortest text that
// round-trips ('g' format), so 1.0 is written as 1 and 1e21 as 1e+21, with
// .inf, -.inf and .nan for the special values.
func (w *Writer) Float(f float64) {
	w.beginNode()
	w.floatBody(f, 64)
	w.endNode()
}

// Bool writes true or false.
func (w *Writer) Bool(b bool) {
	w.beginNode()
	w.boolBody(b)
	w.endNode()
}

// Null writes null, which is how yaml.v2 writes a nil pointer or interface
// (a nil map or slice is an empty collection instead).
func (w *Writer) Null() {
	w.beginNode()
	w.nullBody()
	w.endNode()
}

// Time writes a timestamp as yaml.v2 v2.4.0 writes a time.Time: its
// RFC 3339 form with nanoseconds, unquoted, so the zero time is
// 0001-01-01T00:00:00Z.
func (w *Writer) Time(t time.Time) {
	w.beginNode()
	w.timeBody(t)
	w.endNode()
}

// The bodies of non-string scalars. Their text is ASCII, has no spaces and
// is always plain, so it needs none of the analysis a string does.

func (w *Writer) intBody(i int64) {
	w.plainStart()
	n := len(w.buf)
	w.buf = strconv.AppendInt(w.buf, i, 10)
	w.plainEnd(len(w.buf) - n)
}

func (w *Writer) uintBody(u uint64) {
	w.plainStart()
	n := len(w.buf)
	w.buf = strconv.AppendUint(w.buf, u, 10)
	w.plainEnd(len(w.buf) - n)
}

// floatBody formats with the value's own precision, as yaml.v2 does, so a
// float32 0.1 is 0.1 and not 0.10000000149011612.
func (w *Writer) floatBody(f float64, bits int) {
	w.plainStart()
	n := len(w.buf)
	switch {
	case math.IsInf(f, 1):
		w.buf = append(w.buf, ".inf"...)
	case math.IsInf(f, -1):
		w.buf = append(w.buf, "-.inf"...)
	case math.IsNaN(f):
		w.buf = append(w.buf, ".nan"...)
	default:
		w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, bits)
	}
	w.plainEnd(len(w.buf) - n)
}

func (w *Writer) boolBody(b bool) {
	w.plainStart()
	if b {
		w.buf = append(w.buf, "true"...)
		w.plainEnd(4)
	} else {
		w.buf = append(w.buf, "false"...)
		w.plainEnd(5)
	}
}

func (w *Writer) nullBody() {
	w.plainStart()
	w.buf = append(w.buf, "null"...)
	w.plainEnd(4)
}

func (w *Writer) timeBody(t time.Time) {
	w.plainStart()
	n := len(w.buf)
	w.buf = t.AppendFormat(w.buf, time.RFC3339Nano)
	w.plainEnd(len(w.buf) - n)
}

// plainStart and plainEnd bracket an ASCII plain scalar with no spaces,
// which needs none of the analysis a string does.
func (w *Writer) plainStart() {
	if !w.whitespace {
		w.buf = append(w.buf, ' ')
		w.column++
	}
}

func (w *Writer) plainEnd(n int) {
	w.column += n
	w.whitespace = false
	w.indention = false
}

// writeIndent is yaml.v2's write_indent: start a new line unless the
// cursor is already at the start of a fresh line, then pad to indent.
func (w *Writer) writeIndent(indent int) {
	if indent < 0 {
		indent = 0
	}
	if !w.indention || w.column > indent || (w.column == indent && !w.whitespace) {
		w.buf = append(w.buf, '\n')
		w.column = 0
	}
	if pad := indent - w.column; pad > 0 {
		for pad > len(spaces) {
			w.buf = append(w.buf, spaces...)
			pad -= len(spaces)
		}
		w.buf = append(w.buf, spaces[:pad]...)
		w.column = indent
	}
	w.whitespace = true
	w.indention = true
}

const spaces = "                                                                "

// writeIndicator is yaml.v2's write_indicator for a one-byte indicator.
func (w *Writer) writeIndicator(c byte, needWhitespace, isWhitespace, isIndention bool) {
	if needWhitespace && !w.whitespace {
		w.buf = append(w.buf, ' ')
		w.column++
	}
	w.buf = append(w.buf, c)
	w.column++
	w.whitespace = isWhitespace
	w.indention = w.indention && isIndention
}
