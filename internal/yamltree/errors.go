package yamltree

import "strconv"

// SyntaxError reports why a document cannot be read and where. It carries no
// file name: the caller knows the file and prefixes it, giving the usual
// file:line:col form.
type SyntaxError struct {
	Line int // 1-based; 0 when the position is unknown
	Col  int // 1-based, counted in characters; 0 when unknown
	Msg  string
}

// Error returns "LINE:COL: MSG".
func (e *SyntaxError) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// Limits bounds the resources one Parse may use, so that a hostile or broken
// file fails with an error instead of exhausting memory or the stack.
// A zero or negative field means "use the default".
type Limits struct {
	// MaxDepth is the deepest nesting of mappings and sequences allowed.
	MaxDepth int
	// MaxNodes is the most nodes (scalars, mappings, sequences) a document
	// may have, aliases expanded.
	MaxNodes int
	// MaxScalarBytes is the longest scalar value allowed, in bytes.
	MaxScalarBytes int
	// MaxAliasExpansion is the most nodes that alias expansion may create in
	// total; it stops "billion laughs" documents early.
	MaxAliasExpansion int
	// MaxInputBytes is the largest input ParseReader reads; a larger file
	// is refused before it is read, a longer stream as soon as it is
	// longer.
	MaxInputBytes int64
}

// DefaultMaxInputBytes is the default input limit, 256 MiB: ten times the
// 27 MB of a 10,000-machine model, and small enough that reading a file
// that size (at most 3x its size in memory when it is refused early) is
// harmless.
const DefaultMaxInputBytes = 256 << 20

// DefaultLimits returns limits generous for any real model description
// (juju documents nest about 12 deep) yet small enough that hostile input
// fails fast.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth:          256,
		MaxNodes:          20_000_000, // ~0.64 GB of 32-byte nodes; a 10,000-machine model has ~1.5 million
		MaxScalarBytes:    64 << 20,
		MaxAliasExpansion: 1_000_000,
		MaxInputBytes:     DefaultMaxInputBytes,
	}
}

// withDefaults fills unset fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = d.MaxNodes
	}
	if l.MaxScalarBytes <= 0 {
		l.MaxScalarBytes = d.MaxScalarBytes
	}
	if l.MaxAliasExpansion <= 0 {
		l.MaxAliasExpansion = d.MaxAliasExpansion
	}
	if l.MaxInputBytes <= 0 {
		l.MaxInputBytes = d.MaxInputBytes
	}
	return l
}
