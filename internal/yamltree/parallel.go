package yamltree

import (
	"runtime"
	"strings"
	"sync"
)

// parallelMin is the input size from which the fast parser splits the text
// into chunks parsed on separate goroutines. Below about a MiB the parse
// takes a few milliseconds at most, and the goroutines, the search for
// split points and the stitching would eat much of the gain. A variable so
// that tests can lower it and split small inputs.
var parallelMin = 1 << 20

// maxChunks caps the chunks: the decode that follows the parse is
// sequential, so more cores than this save little of the whole read.
const maxChunks = 4

// parallelChunks is how many chunks to parse text of n bytes in, or 0 or 1
// for one sequential parse.
func parallelChunks(n int) int {
	if n < parallelMin {
		return 0
	}
	return min(runtime.GOMAXPROCS(0), maxChunks)
}

// The parallel parse splits the text at the starts of lines that begin,
// after an indentation of c spaces, a block mapping's key ("name:") or a
// block sequence's item ("- x"), and that follow a line indented more
// (so that they close something and are not a collection's first entry).
// Each chunk is parsed on its own, as fragments: the entries from its
// first line on continue a collection at indentation c; when that
// collection ends at a line indented less (or, for an indentless sequence
// such as "key:\n- x", at a key at the same indentation), the next
// fragment continues a collection there, and so on. Stitching appends each
// fragment's entries to the collection it continues: the one at its
// indentation on the right spine of the tree built from the earlier
// chunks (the root, its last value, that value's last entry...). Only a
// fully clean result is used: when any chunk fails, bails or panics, or a
// check below does not hold, the caller runs the sequential parse, so
// every error and every fallback to yaml.v3 stays exactly as before.
//
// Why a clean chunked parse builds the sequential parse's tree: the
// parser reads forward, so a chunk's parse is the sequential parse of
// that stretch of text, up to where the latter looks past the chunk's end
// at the next chunk's first line L, indented c. L must hold content (a
// blank line may belong to a kept literal, "|+", before it, and a line
// reading as a comment may be a literal's content). Whatever is open
// there, the chunk sees the end of input instead, and the two agree,
// given the stitching checks (a spine collection at exactly c, of L's
// kind):
//   - a quoted scalar left open needs its closing quote: the chunk fails
//     with "unexpected end of stream";
//   - a plain scalar continues only on lines indented past its parent
//     collection, and a literal's lines are indented past it too; L
//     continues a collection on the spine, so it is indented no more than
//     the innermost one: both scalars end at L, as at the end of input;
//   - an empty value ("key:", "-") is an empty scalar in both, unless L
//     starts a collection in it, which the stitching refuses (there is no
//     spine collection of L's kind at c), as it refuses what the
//     sequential parse calls bad indentation or a missing key;
//   - block collections indented more than c end at L as at the end of
//     input, and so does a sequence at c when L is a key (going back to
//     the mapping at c it is the value of, which the stitching checks);
//   - flow collections, anchors, aliases and tags are not read by the fast
//     parser (it bails), so none is open across a split;
//   - so the sequential parse continues the spine collection at c with L,
//     in the loop of mapping or sequence, which is what the chunk calls:
//     the loop's body depends only on c.
//
// The rest is checked on the stitched result: that the first chunk's root
// is a mapping at column 1, that no chunk met "---" or "..." (after which
// the sequential parse would see a second document or refuse content),
// that no continued mapping has a key repeated across chunks (each chunk
// checks only its own keys), that the whole tree stays within MaxNodes,
// and that it is no deeper than MaxDepth (a chunk cannot know how deep its
// first fragment is; it counts depths relative to it). Scalar limits are
// per scalar and hold per chunk as they are.

// maxSplitIndent bounds the indentation of a split line: chunks count
// depth from 2*c+3 down (see parseChunk), and models split well at small
// indentations.
const maxSplitIndent = 32

// fragment is the part of a chunk that continues one collection.
type fragment struct {
	coll   *Node // the chunk's node for the collection; its children are the entries
	indent int   // the collection's indentation
	deep   int   // how much deeper than the collection the fragment goes
}

// chunk is one chunk's result.
type chunk struct {
	frags []fragment // for the first chunk, only the root
	nodes int        // nodes counted against MaxNodes
	ok    bool
}

// parseParallel parses src in n chunks, or reports !ok when it cannot or
// may not (see above). validated says src has passed validate and ascii
// is its result; otherwise each chunk is validated as it is parsed and
// any error, or text only the fallback reads, refuses.
func parseParallel(src string, lim Limits, n int, validated, ascii bool) (root *Node, ok bool) {
	if n < 2 {
		return nil, false
	}
	starts, lines := splitPoints(src, n)
	return parseAt(src, lim, starts, lines, validated, ascii)
}

// parseAt parses src in chunks starting at starts, which are line starts
// (the first 0) on lines.
func parseAt(src string, lim Limits, starts []int, lines []int32, validated, ascii bool) (root *Node, ok bool) {
	if len(starts) < 2 {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			root, ok = nil, false // a bug in the stitching: the sequential parse answers
		}
	}()
	res := make([]chunk, len(starts))
	var wg sync.WaitGroup
	for k := 1; k < len(starts); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[k] = parseChunk(src, starts, lines, k, lim, validated, ascii)
		}()
	}
	res[0] = parseChunk(src, starts, lines, 0, lim, validated, ascii)
	wg.Wait()
	return stitch(res, lim)
}

// splitPoints returns the offsets at which the chunks start (the first at
// 0) and their line numbers: about n chunks of balanced size, each after
// the first starting at a line splitLine accepts.
func splitPoints(src string, n int) (starts []int, lines []int32) {
	starts, lines = append(starts, 0), append(lines, 1)
	for j := 1; j < n; j++ {
		prev := starts[len(starts)-1]
		i := max(j*len(src)/n, prev+1)
		if i >= len(src) {
			break
		}
		// To the start of the line at or after i.
		if src[i-1] != '\n' {
			k := strings.IndexByte(src[i:], '\n')
			if k < 0 {
				break
			}
			i += k + 1
		}
		// The indentation of the line before, which splitLine needs.
		ls := strings.LastIndexByte(src[:i-1], '\n') + 1
		before := lineIndent(src, ls)
		for i < len(src) && !splitLine(src, i, before) {
			before = lineIndent(src, i)
			k := strings.IndexByte(src[i:], '\n')
			if k < 0 {
				i = len(src)
				break
			}
			i += k + 1
		}
		if i >= len(src) {
			break // no split point in the rest
		}
		// Count line breaks once, chunk by chunk.
		lines = append(lines, lines[len(lines)-1]+int32(strings.Count(src[prev:i], "\n")))
		starts = append(starts, i)
	}
	return starts, lines
}

// lineIndent is the indentation of the line starting at i, or -1 when it
// is blank or holds only a comment.
func lineIndent(src string, i int) int {
	c := 0
	for i+c < len(src) && src[i+c] == ' ' {
		c++
	}
	if i+c >= len(src) || src[i+c] == '\n' || src[i+c] == '#' {
		return -1
	}
	return c
}

// splitLine reports whether a chunk may start at the line starting at i,
// the line before it being indented before (-1: blank or a comment): a
// line indented less than that, starting with a key's first character
// (one that can only start a plain scalar, never an indicator, nor a
// marker such as "---", "..." or "%") or an item's "- " or "-" alone.
func splitLine(src string, i, before int) bool {
	c := lineIndent(src, i)
	if c < 0 || c >= before || c > maxSplitIndent {
		return false
	}
	switch ch := src[i+c]; {
	case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9', ch == '_':
		return true
	case ch == '-':
		j := i + c + 1
		return j < len(src) && (src[j] == ' ' || src[j] == '\n')
	}
	return false
}

// parseChunk parses chunk k of src. Its parser reads only the chunk, from
// its first line's number: columns need nothing more, since chunks start
// at line starts.
func parseChunk(src string, starts []int, lines []int32, k int, lim Limits, validated, ascii bool) (r chunk) {
	defer func() {
		if recover() != nil {
			r = chunk{} // a bug: the sequential parse answers
		}
	}()
	end := len(src)
	if k+1 < len(starts) {
		end = starts[k+1]
	}
	s := src[starts[k]:end]
	if !validated {
		// Chunks end at line breaks, so no character spans two. An
		// error is reported, with its position in the whole text, by
		// the sequential parse; text with CRs or NELs is for the fallback.
		a, complexText, err := validate(s, 0)
		if err != nil || complexText {
			return chunk{}
		}
		ascii = a
	}
	p := parser{src: s, ascii: ascii, lim: lim, line: lines[k], levels: make([]level, 1, 16)}
	if k == 0 {
		root := p.document()
		if p.bailed || p.err != nil || p.markerSeen || root == nil || root.Kind != MappingNode || root.Col != 1 {
			return chunk{}
		}
		return chunk{frags: []fragment{{coll: root, indent: 0, deep: p.deepest}}, nodes: p.nodes, ok: true}
	}
	// Depths count from d0 for the first fragment's collection, one less
	// for each fragment after it: fragments' indentations fall (or stay,
	// from an indentless sequence to its mapping, once per indentation),
	// so there are at most 2*(c+1) and depths stay at 1 or more. The
	// limit is raised by d0, so that no depth the whole document allows
	// fails here; stitch checks the true depths.
	c := p.nextContent()
	if c < 0 || c > maxSplitIndent || p.line != lines[k] {
		// The first line must hold content: blank lines can belong to
		// a kept literal ("|+") before them, and a line that reads as a
		// comment can be a literal's content.
		return chunk{}
	}
	d0 := 2*c + 3
	p.lim.MaxDepth += d0
	var frags []fragment
	var items []bool
	for d := d0; ; d-- {
		m := p.nextContent()
		if m < 0 {
			break
		}
		item := p.src[p.pos] == '-' && p.blankz(p.pos+1)
		if n := len(frags); n > 0 && (m > frags[n-1].indent || m == frags[n-1].indent && (!items[n-1] || item)) {
			return chunk{} // the sequential parse fails here
		}
		p.deepest = d
		var ok bool
		if item {
			ok = p.sequence(m, d-1)
		} else {
			ok = p.mapping(m, d-1)
		}
		if !ok {
			return chunk{}
		}
		frags = append(frags, fragment{indent: m, deep: p.deepest - d})
		items = append(items, item)
	}
	if p.bailed || p.err != nil || p.markerSeen {
		return chunk{}
	}
	// Taken last: the level's nodes may have moved while it grew.
	for i := range frags {
		frags[i].coll = &p.levels[0].nodes[i]
	}
	return chunk{frags: frags, nodes: p.nodes, ok: true}
}

// open is a collection on the right spine of the tree being stitched.
type open struct {
	n      *Node
	indent int
	depth  int
	parts  [][]Node // its entries, chunk by chunk
}

// stitch builds the root mapping from the chunks' results, or reports
// !ok when the sequential parse must answer.
func stitch(res []chunk, lim Limits) (*Node, bool) {
	nodes := 0
	for i := range res {
		if !res[i].ok {
			return nil, false
		}
		nodes += res[i].nodes - len(res[i].frags) // fragments' own nodes are not in the tree
	}
	if nodes+1 > lim.MaxNodes { // +1: the root
		return nil, false
	}
	root := new(Node)
	*root = *res[0].frags[0].coll
	if res[0].frags[0].deep > lim.MaxDepth {
		return nil, false
	}
	spine := []open{{n: root, indent: 0, depth: 1, parts: [][]Node{root.Children()}}}
	spine = descend(spine)
	for _, r := range res[1:] {
		for _, f := range r.frags {
			for len(spine) > 0 && spine[len(spine)-1].indent > f.indent {
				if !finish(&spine[len(spine)-1]) {
					return nil, false
				}
				spine = spine[:len(spine)-1]
			}
			kind := f.coll.Kind
			// A key after an indentless sequence goes back to its mapping.
			if n := len(spine); kind == MappingNode && n >= 2 && spine[n-1].n.Kind == SequenceNode &&
				spine[n-1].indent == f.indent && spine[n-2].indent == f.indent {
				if !finish(&spine[n-1]) {
					return nil, false
				}
				spine = spine[:n-1]
			}
			n := len(spine)
			if n == 0 || spine[n-1].indent != f.indent || spine[n-1].n.Kind != kind {
				return nil, false
			}
			o := &spine[n-1]
			if o.depth+f.deep > lim.MaxDepth {
				return nil, false
			}
			o.parts = append(o.parts, f.coll.Children())
			spine = descend(spine)
		}
	}
	for i := len(spine) - 1; i >= 0; i-- {
		if !finish(&spine[i]) {
			return nil, false
		}
	}
	return root, true
}

// descend extends the spine with the last entry of its last collection,
// and that entry's last entry, as long as they are block collections.
func descend(spine []open) []open {
	for {
		o := &spine[len(spine)-1]
		last := o.parts[len(o.parts)-1]
		if len(last) == 0 {
			return spine
		}
		n := &last[len(last)-1]
		if n.Kind == ScalarNode || n.Style != Plain || n.flags&hasTag != 0 || n.nkids == 0 {
			return spine
		}
		// A block collection starts a line after blanks and "- ", so
		// its column is its indentation.
		spine = append(spine, open{n: n, indent: int(n.Col) - 1, depth: o.depth + 1, parts: [][]Node{n.Children()}})
	}
}

// finish gives a collection the entries of all its parts, reporting
// false for a key repeated across them.
func finish(o *open) bool {
	if len(o.parts) == 1 {
		return true
	}
	total := 0
	for _, p := range o.parts {
		total += len(p)
	}
	all := make([]Node, 0, total)
	for _, p := range o.parts {
		all = append(all, p...)
	}
	if o.n.Kind == MappingNode {
		var keys keySet
		for j := 0; j < len(all); j += 2 {
			if keys.add(all[:j+1]) != nil {
				return false
			}
		}
	}
	o.n.setChildren(all, "")
	return true
}
