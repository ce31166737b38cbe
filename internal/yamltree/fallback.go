package yamltree

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// parseFallback reads any YAML with gopkg.in/yaml.v3 and converts its nodes.
// It is the slow, complete path: the fast parser hands over every document
// that uses a construct it does not implement.
func parseFallback(data []byte, lim Limits) (root *Node, err error) {
	defer func() {
		// yaml.v3 is not ours: whatever it does, Parse must not panic.
		if r := recover(); r != nil {
			root, err = nil, &SyntaxError{Msg: fmt.Sprintf("yaml: internal error: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, v3Error(err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, v3Error(err)
		}
		return nil, &SyntaxError{Line: next.Line, Col: next.Column, Msg: errMultiDoc}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, nil
	}
	c := converter{lim: lim}
	root = new(Node)
	if err := c.convert(root, doc.Content[0], 0, false); err != nil {
		return nil, err
	}
	return root, nil
}

const errMultiDoc = "multiple documents in one stream are not supported"

// v3Error turns a yaml.v3 error ("yaml: line N: msg") into a SyntaxError.
// yaml.v3 reports no column, so Col stays 0.
func v3Error(err error) *SyntaxError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, rest[i+2:]
			}
		}
	}
	return &SyntaxError{Line: line, Msg: msg}
}

// converter copies a yaml.v3 tree into Nodes, expanding aliases and
// enforcing the limits that yaml.v3 itself does not know about.
type converter struct {
	lim      Limits
	nodes    int
	expanded int
	active   map[*yaml.Node]bool // anchored nodes being converted: cycles
	sizes    map[*yaml.Node]int  // memoised expanded sizes of alias targets
}

func (c *converter) convert(dst *Node, n *yaml.Node, depth int, inAlias bool) error {
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if t == nil {
			return &SyntaxError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("unknown anchor %q referenced", n.Value)}
		}
		if c.active[t] {
			return &SyntaxError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("anchor %q value contains itself", n.Value)}
		}
		if !inAlias {
			// Count the whole expansion before copying anything, so that a
			// billion laughs fails at once and allocates nothing.
			size := c.size(t)
			if size > c.lim.MaxAliasExpansion-c.expanded {
				return &SyntaxError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("alias %q expands to too many nodes (limit %d)", n.Value, c.lim.MaxAliasExpansion)}
			}
			c.expanded += size
			if size > c.lim.MaxNodes-c.nodes {
				return &SyntaxError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("document has too many nodes (limit %d)", c.lim.MaxNodes)}
			}
		}
		if c.active == nil {
			c.active = make(map[*yaml.Node]bool)
		}
		c.active[t] = true
		err := c.convert(dst, t, depth, true)
		delete(c.active, t)
		return err
	}
	c.nodes++
	if c.nodes > c.lim.MaxNodes {
		return &SyntaxError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("document has too many nodes (limit %d)", c.lim.MaxNodes)}
	}
	*dst = Node{Line: int32(n.Line), Col: int32(n.Column)}
	tag := ""
	if n.Style&yaml.TaggedStyle != 0 {
		tag = n.Tag
	}
	switch n.Kind {
	case yaml.ScalarNode:
		dst.Kind = ScalarNode
		switch {
		case n.Style&yaml.DoubleQuotedStyle != 0:
			dst.Style = DoubleQuoted
		case n.Style&yaml.SingleQuotedStyle != 0:
			dst.Style = SingleQuoted
		case n.Style&yaml.LiteralStyle != 0:
			dst.Style = Literal
		case n.Style&yaml.FoldedStyle != 0:
			dst.Style = Folded
		}
		if len(n.Value) > c.lim.MaxScalarBytes {
			return &SyntaxError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("scalar is longer than %d bytes", c.lim.MaxScalarBytes)}
		}
		dst.Value = n.Value
		if tag != "" {
			dst.setChildren(nil, tag)
			return checkTag(dst)
		}
		return nil
	case yaml.MappingNode, yaml.SequenceNode:
		dst.Kind = SequenceNode
		if n.Kind == yaml.MappingNode {
			dst.Kind = MappingNode
		}
		if n.Style&yaml.FlowStyle != 0 {
			dst.Style = Flow
		}
		if depth+1 > c.lim.MaxDepth {
			return errDepth(int(dst.Line), int(dst.Col), c.lim.MaxDepth)
		}
		var kids []Node
		if len(n.Content) > 0 {
			kids = make([]Node, len(n.Content))
			for i, ch := range n.Content {
				if err := c.convert(&kids[i], ch, depth+1, inAlias); err != nil {
					return err
				}
			}
		}
		dst.setChildren(kids, tag)
		if dst.Kind == MappingNode {
			if err := checkDuplicateKeys(dst.Children()); err != nil {
				return err
			}
		}
		return nil
	}
	return &SyntaxError{Line: n.Line, Col: n.Column, Msg: "unsupported YAML node"}
}

// size is the number of nodes n expands to, aliases included, saturating
// well below overflow.
func (c *converter) size(n *yaml.Node) int {
	const ceiling = 1 << 50
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 1
		}
		n = n.Alias
	}
	if s, ok := c.sizes[n]; ok {
		return s
	}
	if c.sizes == nil {
		c.sizes = make(map[*yaml.Node]int)
	}
	c.sizes[n] = 1 // a cycle counts once; convert reports it
	s := 1
	for _, ch := range n.Content {
		s += c.size(ch)
		if s > ceiling {
			s = ceiling
		}
	}
	c.sizes[n] = s
	return s
}

func errDepth(line, col, max int) *SyntaxError {
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf("document is nested too deeply (limit %d)", max)}
}

// checkTag rejects scalars whose explicit standard tag does not fit their
// text, as yaml.v2 does when it decodes them, so that Resolve never has to
// fail.
func checkTag(n *Node) error {
	switch n.ExplicitTag() {
	case "!!null", "!!bool", "!!int", "!!float", "!!timestamp":
		if _, _, err := resolveTagged(n.ExplicitTag(), n.Value); err != "" {
			return &SyntaxError{Line: int(n.Line), Col: int(n.Col), Msg: err}
		}
	case "!!binary":
		if _, err := base64.StdEncoding.DecodeString(n.Value); err != nil {
			return &SyntaxError{Line: int(n.Line), Col: int(n.Col), Msg: "!!binary value contains invalid base64 data"}
		}
	}
	return nil
}

// checkDuplicateKeys reports the first key that repeats an earlier scalar
// key of the same mapping. Mappings of up to 64 keys, the usual case, use
// a 64-bit filter of cheap hashes and compare strings only on a hit; large
// ones use a map so the check stays linear.
func checkDuplicateKeys(kv []Node) *SyntaxError {
	n := len(kv) / 2
	if n < 2 {
		return nil
	}
	if n <= 64 {
		var hs [64]uint8
		var seen uint64
		for j := 0; j < n; j++ {
			kj := &kv[2*j]
			if kj.Kind != ScalarNode {
				continue
			}
			h := keyHash(kj.Value)
			if seen&(1<<h) != 0 {
				for i := 0; i < j; i++ {
					if ki := &kv[2*i]; hs[i] == h && ki.Kind == ScalarNode && sameKey(ki, kj) {
						return errDuplicate(ki, kj)
					}
				}
			}
			seen |= 1 << h
			hs[j] = h
		}
		return nil
	}
	first := make(map[string]int, n)
	for j := 0; j < len(kv); j += 2 {
		kj := &kv[j]
		if kj.Kind != ScalarNode {
			continue
		}
		i, ok := first[kj.Value]
		if !ok {
			first[kj.Value] = j
			continue
		}
		// Same text: rare enough to rescan for a key that is really equal.
		for ; i < j; i += 2 {
			if ki := &kv[i]; ki.Kind == ScalarNode && sameKey(ki, kj) {
				return errDuplicate(ki, kj)
			}
		}
	}
	return nil
}

// keySet finds a repeated key as each key of a mapping is read, with the
// same filter-then-map scheme as checkDuplicateKeys.
type keySet struct {
	hs    [64]uint8
	seen  uint64
	n     int            // keys added
	first map[string]int // key text -> index in kv, past 64 keys
}

// add checks the last key of kv (keys at even indexes, the last one with
// no value yet) against the ones before it.
func (ks *keySet) add(kv []Node) *SyntaxError {
	j := len(kv) - 1
	kj := &kv[j]
	n := ks.n
	ks.n++
	if n < 64 {
		h := keyHash(kj.Value)
		if ks.seen&(1<<h) != 0 {
			for i := 0; i < n; i++ {
				if ki := &kv[2*i]; ks.hs[i] == h && ki.Kind == ScalarNode && sameKey(ki, kj) {
					return errDuplicate(ki, kj)
				}
			}
		}
		ks.seen |= 1 << h
		ks.hs[n] = h
		return nil
	}
	if ks.first == nil {
		ks.first = make(map[string]int, 2*n)
		for i := 2*n - 2; i >= 0; i -= 2 {
			ks.first[kv[i].Value] = i
		}
	}
	i, ok := ks.first[kj.Value]
	if !ok {
		ks.first[kj.Value] = j
		return nil
	}
	for ; i < j; i += 2 {
		if ki := &kv[i]; ki.Kind == ScalarNode && sameKey(ki, kj) {
			return errDuplicate(ki, kj)
		}
	}
	return nil
}

// sameKey reports whether two scalar keys are equal as yaml.v2 would
// read them: the same text, and the same resolved value, so that 1 and
// "1" (an int and a string) are different keys.
func sameKey(a, b *Node) bool {
	if a.Value != b.Value {
		return false
	}
	if a.ExplicitTag() == "" && b.ExplicitTag() == "" && (a.Style == Plain) == (b.Style == Plain) {
		return true
	}
	ta, va := a.Resolve()
	tb, vb := b.Resolve()
	return ta == tb && va == vb
}

// keyHash is a 6-bit hash of a key from its length and three of its bytes.
func keyHash(s string) uint8 {
	if s == "" {
		return 0
	}
	h := uint(len(s))*0x9E + uint(s[0])*7 + uint(s[len(s)-1])*13 + uint(s[len(s)/2])*31
	return uint8((h ^ h>>6) & 63)
}

func errDuplicate(first, again *Node) *SyntaxError {
	return &SyntaxError{Line: int(again.Line), Col: int(again.Col),
		Msg: fmt.Sprintf("duplicate key %q (first defined at %d:%d)", again.Value, first.Line, first.Col)}
}
