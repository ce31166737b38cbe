package export

import (
	"errors"
	"fmt"
)

// Error reports a document the export cannot use: a field missing or of the
// wrong BSON type, or a reference to an entity that does not exist.
type Error struct {
	Collection string // e.g. "units"
	ID         string // the document's _id as stored (with its model prefix), "" if unknown
	Field      string // dotted path of the field, "" when the whole document is at fault
	Err        error  // what is wrong
}

func (e *Error) Error() string {
	s := fmt.Sprintf("export: collection %q", e.Collection)
	if e.ID != "" {
		s += fmt.Sprintf(", _id %q", e.ID)
	}
	if e.Field != "" {
		s += fmt.Sprintf(", field %q", e.Field)
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors an *Error wraps, for errors.Is.
var (
	// ErrType: a field holds a BSON type the export cannot use.
	ErrType = errors.New("wrong BSON type")
	// ErrMissing: a required field or document is absent.
	ErrMissing = errors.New("missing")
	// ErrReference: a document names an entity that does not exist.
	ErrReference = errors.New("dangling reference")
	// ErrInvalid: a value is present and typed right but makes no sense.
	ErrInvalid = errors.New("invalid value")
	// ErrModelNotFound: no model has the UUID or name asked for.
	ErrModelNotFound = errors.New("model not found")
)

// detail wraps a sentinel with a message, so that errors.Is finds the
// sentinel and Error prints only the message.
type detail struct {
	kind error
	msg  string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.kind }

func newErr(coll, id, field string, kind error, format string, args ...any) *Error {
	return &Error{Collection: coll, ID: id, Field: field, Err: &detail{kind: kind, msg: fmt.Sprintf(format, args...)}}
}
