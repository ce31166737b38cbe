package yamltree

import "unsafe"

// Kind says what a Node holds.
type Kind uint8

const (
	// ScalarNode is a single value: Value holds its text (after unescaping).
	ScalarNode Kind = iota + 1
	// MappingNode holds key/value pairs in Children(): key, value, key, value...
	MappingNode
	// SequenceNode holds its items in Children().
	SequenceNode
)

// Style records how a scalar was written, which decides how it resolves:
// only plain scalars resolve to null, bool, int or float (YAML 1.1 rules).
type Style uint8

const (
	// Plain is an unquoted scalar, or a block mapping or sequence.
	Plain Style = iota
	// SingleQuoted is a 'quoted' scalar.
	SingleQuoted
	// DoubleQuoted is a "quoted" scalar, the only style with escapes.
	DoubleQuoted
	// Literal is a | block scalar.
	Literal
	// Folded is a > block scalar.
	Folded
	// Flow is a flow collection ({} or [...]); for mappings and sequences only.
	Flow
)

// Node is one YAML node with the position of its first character.
// Line and Col are 1-based. Mappings and sequences keep their children
// inline (not behind pointers) so that a parsed document is a few large
// allocations rather than one per node.
//
// A Node is 40 bytes: the children are a pointer and a count rather than a
// slice, and the rare explicit tag is kept after the children (see
// ExplicitTag) rather than in a field of its own. Nodes are most of what
// reading a description allocates (a 10,000-machine model has about 1.5
// million), and this layout took them from 72 bytes to 40.
type Node struct {
	Kind  Kind
	Style Style
	flags uint8
	Line  int32
	Col   int32
	nkids int32 // number of children; the tag, if any, is at kids[nkids]
	Value string
	kids  *Node
}

// hasTag marks a Node whose explicit tag is stored at kids[nkids].
const hasTag uint8 = 1

// Children returns a mapping's keys and values (key, value, key, value...)
// or a sequence's items; nil for a scalar or an empty collection.
func (n *Node) Children() []Node {
	if n.nkids == 0 {
		return nil
	}
	return unsafe.Slice(n.kids, n.nkids)
}

// ExplicitTag is the tag as written (e.g. "!!str"), "" when none.
func (n *Node) ExplicitTag() string {
	if n.flags&hasTag == 0 {
		return ""
	}
	return unsafe.Slice(n.kids, n.nkids+1)[n.nkids].Value
}

// setChildren makes kids n's children and tag its explicit tag. A tag
// costs a copy of the children, with one more Node at the end to hold it:
// only the fallback reads tags, and they are rare.
func (n *Node) setChildren(kids []Node, tag string) {
	n.nkids = int32(len(kids))
	if tag != "" {
		all := make([]Node, len(kids)+1)
		copy(all, kids)
		all[len(kids)].Value = tag
		n.kids, n.flags = &all[0], n.flags|hasTag
		return
	}
	n.flags &^= hasTag
	if len(kids) == 0 {
		n.kids = nil
		return
	}
	n.kids = &kids[0]
}
