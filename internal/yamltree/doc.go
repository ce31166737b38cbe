// Package yamltree parses a YAML document into a tree of Nodes that keep the
// line and column of every node, so that errors can name file:line:col.
//
// A hand-written fast path reads the block-style YAML that juju/description
// and ferry write (block mappings and sequences, plain, quoted and literal
// scalars, empty flow collections, comments) at a small multiple of memory
// bandwidth. Anything else that is valid YAML (flow collections, anchors and
// aliases, tags, folded scalars, complex keys) falls back to gopkg.in/yaml.v3,
// whose nodes are converted, so any valid YAML still reads. Scalars resolve
// by YAML 1.1 rules as gopkg.in/yaml.v2 resolves them, because that is what
// juju/description reads with.
//
// Both paths build the same tree: same kinds, styles, values, lines and
// columns (columns count characters, as yaml.v3 does). Beyond yaml.v3,
// Parse rejects duplicate keys and streams of several documents, and
// bounds depth, node count, scalar size and alias expansion (Limits), so
// that hostile input fails fast with bounded memory.
//
// For speed, scalars that need no unescaping are substrings of the input
// and built ones share large buffers: the caller must not modify the
// input after Parse, and a tree keeps its input alive while in use.
package yamltree
