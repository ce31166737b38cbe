package description

import (
	"encoding/base64"
	"time"

	"github.com/modelferry/ferry/internal/yamlemit"
)

// encoder writes the hub tree in the wire format of one target. The helpers
// mirror the struct tags of juju/description: str always writes its key,
// strOmit leaves it out when empty (omitempty), and so on, so that the
// output is byte for byte what juju/description writes.
type encoder struct {
	w *yamlemit.Writer
	t Target // the generation being written
}

func (e *encoder) str(k, v string) { e.w.Key(k); e.w.String(v) }
func (e *encoder) strOmit(k, v string) {
	if v != "" {
		e.str(k, v)
	}
}
func (e *encoder) int(k string, v int) { e.w.Key(k); e.w.Int(int64(v)) }
func (e *encoder) intOmit(k string, v int) {
	if v != 0 {
		e.int(k, v)
	}
}
func (e *encoder) int64(k string, v int64) { e.w.Key(k); e.w.Int(v) }
func (e *encoder) uint(k string, v uint64) { e.w.Key(k); e.w.Uint(v) }
func (e *encoder) uintOmit(k string, v uint64) {
	if v != 0 {
		e.uint(k, v)
	}
}
func (e *encoder) bool(k string, v bool) { e.w.Key(k); e.w.Bool(v) }
func (e *encoder) boolOmit(k string, v bool) {
	if v {
		e.bool(k, v)
	}
}
func (e *encoder) time(k string, t time.Time) { e.w.Key(k); e.w.Time(t) }

// timeOmit leaves out a nil or zero instant: yaml.v2's omitempty asks
// time.Time's IsZero, even behind a pointer.
func (e *encoder) timeOmit(k string, t *time.Time) {
	if t != nil && !t.IsZero() {
		e.time(k, *t)
	}
}
func (e *encoder) base64Omit(k string, b []byte) {
	if len(b) > 0 {
		e.str(k, base64.StdEncoding.EncodeToString(b))
	}
}

func (e *encoder) strings(k string, v []string) {
	e.w.Key(k)
	e.w.BeginSequence()
	for _, s := range v {
		e.w.String(s)
	}
	e.w.EndSequence()
}
func (e *encoder) stringsOmit(k string, v []string) {
	if len(v) > 0 {
		e.strings(k, v)
	}
}

func (e *encoder) stringMap(k string, m map[string]string) {
	e.w.Key(k)
	if err := e.w.Value(m); err != nil {
		panic(err) // map[string]string is always writable
	}
}
func (e *encoder) stringMapOmit(k string, m map[string]string) {
	if len(m) > 0 {
		e.stringMap(k, m)
	}
}

// anyMap writes free-form data. Values come from YAML or BSON and so are
// always of kinds the writer takes; anything else is a bug in the caller.
func (e *encoder) anyMap(k string, m map[string]any) {
	e.w.Key(k)
	if m == nil {
		e.w.BeginMapping()
		e.w.EndMapping()
		return
	}
	if err := e.w.Value(m); err != nil {
		panic(&valueError{path: k, err: err})
	}
}
func (e *encoder) anyMapOmit(k string, m map[string]any) {
	if len(m) > 0 {
		e.anyMap(k, m)
	}
}

// valueError carries a free-form value the writer cannot write out of the
// encoder to Write, which returns it as an error.
type valueError struct {
	path string
	err  error
}

func (v *valueError) Error() string { return v.path + ": " + v.err.Error() }
