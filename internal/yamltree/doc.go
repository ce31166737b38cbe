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
package yamltree
