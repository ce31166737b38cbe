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
// A Node is 32 bytes. A mapping's or sequence's Value is always "", so its
// children are kept in Value's data pointer (with a length of 0, Value
// still reads as "") and their number in nkids. The rare explicit tag is
// kept after the children (see ExplicitTag) rather than in a field of its
// own; a tagged scalar's tag is stored just before its Value's bytes, its
// length in nkids. Nodes are most of what reading a description allocates
// (the 10,000-machine benchmark model has about 2.2 million), and this
// layout took them from 72 bytes to 32.
type Node struct {
	Kind  Kind
	Style Style
	flags uint8
	Line  int32
	Col   int32
	nkids int32 // children (collections), or the tag's length (tagged scalars)
	Value string
}

// hasTag marks a Node with an explicit tag: at kids[nkids] for a mapping or
// sequence, in the nkids bytes before Value's for a scalar.
const hasTag uint8 = 1

// kids is the first child of a mapping or sequence, nil when it has none.
func (n *Node) kids() *Node {
	return (*Node)(unsafe.Pointer(unsafe.StringData(n.Value)))
}

// Children returns a mapping's keys and values (key, value, key, value...)
// or a sequence's items; nil for a scalar or an empty collection.
func (n *Node) Children() []Node {
	if n.nkids == 0 || n.Kind == ScalarNode {
		return nil
	}
	return unsafe.Slice(n.kids(), n.nkids)
}

// ExplicitTag is the tag as written (e.g. "!!str"), "" when none.
func (n *Node) ExplicitTag() string {
	if n.flags&hasTag == 0 {
		return ""
	}
	if n.Kind == ScalarNode {
		return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(n.Value)), -int(n.nkids))), n.nkids)
	}
	return unsafe.Slice(n.kids(), n.nkids+1)[n.nkids].Value
}

// setChildren makes kids n's children and tag its explicit tag. A tag
// costs a copy of the children, with one more Node at the end to hold it:
// only the fallback reads tags, and they are rare. For a scalar (whose
// Value must already be set), kids is ignored and the tag and Value are
// copied together.
func (n *Node) setChildren(kids []Node, tag string) {
	if n.Kind == ScalarNode {
		n.flags &^= hasTag
		n.nkids = 0
		if tag != "" {
			// tag, Value, and one byte more so that Value's data pointer
			// stays inside the allocation even when Value is empty.
			b := make([]byte, len(tag)+len(n.Value)+1)
			copy(b, tag)
			copy(b[len(tag):], n.Value)
			n.Value = unsafe.String(&b[len(tag)], len(n.Value))
			n.nkids, n.flags = int32(len(tag)), n.flags|hasTag
		}
		return
	}
	n.nkids = int32(len(kids))
	if tag != "" {
		all := make([]Node, len(kids)+1)
		copy(all, kids)
		all[len(kids)].Value = tag
		n.setKids(&all[0])
		n.flags |= hasTag
		return
	}
	n.flags &^= hasTag
	if len(kids) == 0 {
		n.setKids(nil)
		return
	}
	n.setKids(&kids[0])
}

// setKids stores the first child in Value's data pointer, Value staying "".
func (n *Node) setKids(first *Node) {
	n.Value = unsafe.String((*byte)(unsafe.Pointer(first)), 0)
}
