package description

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/modelferry/ferry/internal/yamltree"
)

// ReadOptions tune Read.
type ReadOptions struct {
	// SkipValidation returns the model as read, without checking its
	// references and rules (Model.Validate).
	SkipValidation bool
	// Limits bound the parser (depth, size, aliases); zero means
	// yamltree.DefaultLimits.
	Limits *yamltree.Limits
	// MaxInputBytes is the largest input read, overriding Limits; zero
	// means DefaultMaxInputBytes. A larger file is refused before it is
	// read, a longer stream as soon as it is longer.
	MaxInputBytes int64
	// Versions, when set, receives the versions of the entities that tell
	// the format generations apart (see Generation).
	Versions *DocumentVersions
}

// DefaultMaxInputBytes is the largest input Read, ReadFile and ReadFrom
// accept unless ReadOptions.MaxInputBytes says otherwise: 256 MiB.
const DefaultMaxInputBytes = yamltree.DefaultMaxInputBytes

func (o ReadOptions) limits() yamltree.Limits {
	lim := yamltree.DefaultLimits()
	if o.Limits != nil {
		lim = *o.Limits
	}
	if o.MaxInputBytes > 0 {
		lim.MaxInputBytes = o.MaxInputBytes
	}
	return lim
}

// Read decodes a description in any version ferry reads, upgrades every
// entity to its current version and validates the result. name is the file
// name used in errors. On failure the error is an ErrorList with every
// problem found, each with file:line:col and the path of the value.
func Read(name string, data []byte) (*Model, error) {
	return ReadWithOptions(name, data, ReadOptions{})
}

// ReadFile reads and decodes the file at path.
func ReadFile(path string) (*Model, error) {
	return ReadFileWithOptions(path, ReadOptions{})
}

// ReadFileWithOptions is ReadFile with options. A regular file larger than
// the input limit is refused from its size, before it is read; any other
// file (a device, a pipe) is read as a stream and counted.
func ReadFileWithOptions(path string, opts ReadOptions) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return readFrom(path, f, size, opts)
}

// ReadFrom reads and decodes a description from r, a stream such as
// standard input: it is read in chunks, each checked as it arrives, and
// refused as soon as it is longer than the input limit.
func ReadFrom(name string, r io.Reader, opts ReadOptions) (*Model, error) {
	return readFrom(name, r, 0, opts)
}

func readFrom(name string, r io.Reader, size int64, opts ReadOptions) (*Model, error) {
	root, err := yamltree.ParseReader(r, size, opts.limits())
	return decodeTree(name, root, err, opts)
}

// ReadWithOptions is Read with options.
func ReadWithOptions(name string, data []byte, opts ReadOptions) (*Model, error) {
	root, err := yamltree.ParseLimits(data, opts.limits())
	return decodeTree(name, root, err, opts)
}

// decodeTree decodes what the parser returned.
func decodeTree(name string, root *node, err error, opts ReadOptions) (*Model, error) {
	if err != nil {
		var se *yamltree.SyntaxError
		if !errors.As(err, &se) {
			return nil, err // reading failed: not a problem of the description
		}
		return nil, ErrorList{{File: name, Line: se.Line, Column: se.Col, Kind: KindSyntax, Msg: se.Msg, Err: err}}
	}
	if root == nil {
		return nil, ErrorList{{File: name, Line: 1, Column: 1, Kind: KindSyntax, Msg: "empty document: a model description is a mapping with a version"}}
	}
	d := &decoder{file: name, found: opts.Versions}
	m := new(Model)
	modelFormat.decode(d, root, 0, m)
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	if opts.SkipValidation {
		return m, nil
	}
	if errs := m.validate(); len(errs) > 0 {
		for _, e := range errs {
			e.File = name
			if n := locate(root, e.Path); n != nil {
				e.Line, e.Column = int(n.Line), int(n.Col)
			}
		}
		return nil, errs
	}
	return m, nil
}

// locate finds the node a validation path names in the wire tree, or the
// deepest node on the way there. Validation paths use wire keys but skip
// the wire's envelopes: a collection wrapper {version, <list>: [...]} is
// indexed directly (machines[3]) and a versioned envelope such as
// status: {version, status: {...}} is looked through.
func locate(root *node, path string) *node {
	cur := root
	for _, s := range parsePath(path) {
		next := step(cur, s)
		if next == nil {
			return cur
		}
		cur = next
	}
	return cur
}

func step(n *node, s seg) *node {
	if s.idx >= 0 {
		if n.Kind == yamltree.MappingNode { // a wrapper: index its list
			for i := 0; i < len(n.Children()); i += 2 {
				if v := &n.Children()[i+1]; n.Children()[i].Value != "version" && v.Kind == yamltree.SequenceNode {
					n = v
					break
				}
			}
		}
		if n.Kind == yamltree.SequenceNode && s.idx < len(n.Children()) {
			return &n.Children()[s.idx]
		}
		return nil
	}
	if n.Kind != yamltree.MappingNode {
		return nil
	}
	if v := n.Get(s.key); v != nil {
		return v
	}
	// Look through an envelope: {version: N, <one key>: {...}}.
	if len(n.Children()) == 4 && n.Get("version") != nil {
		for i := 0; i < 4; i += 2 {
			if n.Children()[i].Value != "version" {
				return step(&n.Children()[i+1], s)
			}
		}
	}
	return nil
}

// parsePath splits "applications[2].units[0].machine" into segments.
func parsePath(p string) []seg {
	var segs []seg
	for p != "" {
		switch {
		case p[0] == '.':
			p = p[1:]
		case strings.HasPrefix(p, `["`):
			// A quoted key: ["a b"].
			q, err := strconv.QuotedPrefix(p[1:])
			k, err2 := strconv.Unquote(q)
			if err != nil || err2 != nil || !strings.HasPrefix(p[1+len(q):], "]") {
				return segs
			}
			segs = append(segs, seg{key: k, idx: -1})
			p = p[len(q)+2:]
		case p[0] == '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return segs
			}
			i, err := strconv.Atoi(p[1:end])
			if err != nil {
				// A map key in brackets: ports[unit/0].
				segs = append(segs, seg{key: strings.Trim(p[1:end], `"`), idx: -1})
			} else {
				segs = append(segs, seg{idx: i})
			}
			p = p[end+1:]
		default:
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			segs = append(segs, seg{key: p[:end], idx: -1})
			p = p[end:]
		}
	}
	return segs
}
