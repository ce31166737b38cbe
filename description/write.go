package description

import (
	"fmt"
	"io"

	"github.com/modelferry/ferry/internal/yamlemit"
)

// Write encodes m in the current version of the format, byte for byte as
// juju/description v5.0.4 writes the same model. The same tree always gives
// the same bytes: slices keep their order and maps are written sorted.
func Write(m *Model) (out []byte, err error) {
	return AppendWrite(nil, m)
}

// AppendWrite is Write appending to buf, so that callers writing many models
// can reuse one buffer.
func AppendWrite(buf []byte, m *Model) (out []byte, err error) {
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
	e := &encoder{w: yamlemit.NewWriter(buf)}
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
