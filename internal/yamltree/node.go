package yamltree

// Kind says what a Node holds.
type Kind uint8

const (
	// ScalarNode is a single value: Value holds its text (after unescaping).
	ScalarNode Kind = iota + 1
	// MappingNode holds key/value pairs in Children: key, value, key, value...
	MappingNode
	// SequenceNode holds its items in Children.
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
type Node struct {
	Kind     Kind
	Style    Style
	Line     int32
	Col      int32
	Tag      string // explicit tag as written (e.g. "!!str"), "" when none
	Value    string
	Children []Node
}
