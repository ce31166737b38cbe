package description

import (
	"fmt"
	"io"

	"github.com/modelferry/ferry/internal/yamlemit"
)

// WriteOptions tune WriteWithOptions.
type WriteOptions struct {
	// Target is the generation to write; the zero Target means
	// LatestTarget.
	Target Target
	// AllowLoss writes even when the target cannot hold something the
	// tree has. The output then lacks those values; the error returned
	// with it is still the *LossError that lists them, so that a caller
	// can report them (the CLI prints them on stderr).
	AllowLoss bool
	// SizeHint, when positive, is the expected size of the output in
	// bytes (for a rewrite, the input's size): the buffer starts that
	// large instead of doubling its way up, which saves copies and, in a
	// short-lived process, pages touched.
	SizeHint int
}

// Write encodes m in the newest generation (LatestTarget), byte for byte as
// juju/description writes the same model. The same tree always gives the
// same bytes: slices keep their order and maps are written sorted.
func Write(m *Model) (out []byte, err error) {
	return AppendWrite(nil, m)
}

// AppendWrite is Write appending to buf, so that callers writing many models
// can reuse one buffer.
func AppendWrite(buf []byte, m *Model) (out []byte, err error) {
	return appendWrite(buf, m, LatestTarget)
}

// WriteWithOptions encodes m for opts.Target, byte for byte as that
// juju/description release writes the same model. When the target cannot
// hold a value of the tree (a charm's metadata for a target before
// applications v13, say), it writes nothing and returns a *LossError that
// lists every such value by path, unless opts.AllowLoss is set: then it
// returns the bytes and the *LossError together.
func WriteWithOptions(m *Model, opts WriteOptions) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("description: cannot write a nil model")
	}
	t := opts.Target
	if t.Release == "" {
		t = LatestTarget
	}
	lost := Losses(m, t)
	if len(lost) > 0 && !opts.AllowLoss {
		return nil, &LossError{Target: t, Losses: lost}
	}
	var buf []byte
	if opts.SizeHint > 0 {
		// A little over the hint, so that an output slightly longer than
		// its input (a target with more fields) still fits.
		buf = make([]byte, 0, opts.SizeHint+opts.SizeHint/8)
	}
	out, err := appendWrite(buf, m, t)
	if err != nil {
		return nil, err
	}
	if len(lost) > 0 {
		return out, &LossError{Target: t, Losses: lost, Written: true}
	}
	return out, nil
}

func appendWrite(buf []byte, m *Model, t Target) (out []byte, err error) {
	if m == nil {
		return nil, fmt.Errorf("description: cannot write a nil model")
	}
	defer func() {
		if r := recover(); r != nil {
			ve, ok := r.(*valueError)
			if !ok {
				panic(r)
			}
			out, err = nil, fmt.Errorf("description: %w", ve)
		}
	}()
	e := &encoder{w: yamlemit.NewWriter(buf), t: t}
	writeModel(e, m)
	return e.w.Bytes(), nil
}

// WriteTo writes m to w (see Write).
func WriteTo(w io.Writer, m *Model) error {
	b, err := Write(m)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
