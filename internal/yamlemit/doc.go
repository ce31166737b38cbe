// Package yamlemit writes block-style YAML byte for byte as
// gopkg.in/yaml.v2 v2.4.0's Marshal writes the same values, which is what
// juju/description v5 emits. It is a streaming writer: callers open and close
// mappings and sequences and write scalars in order; nothing is reflected on
// except by Value, which serves free-form data such as model config.
//
// yaml.v2 itself is far too slow for ferry's targets (it reflects over
// every value and runs a general event emitter), so this package reproduces
// its output rules directly: key and scalar styles, quoting, 80-column
// folding, literal blocks, the un-indented block sequence under a mapping key,
// {} and [] for empty collections, and yaml.v2's map key order.
package yamlemit
