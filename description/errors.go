package description

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrorKind classifies an Error so that callers can react to a class of
// problem without matching message text.
type ErrorKind uint8

const (
	// KindSyntax: the bytes are not valid YAML, or break a reader limit.
	KindSyntax ErrorKind = iota + 1
	// KindType: a value has the wrong type (a list where a string belongs).
	KindType
	// KindUnknownField: a key the entity does not have at its version.
	KindUnknownField
	// KindMissingField: a required key is absent.
	KindMissingField
	// KindVersion: a version ferry does not read.
	KindVersion
	// KindInvalid: a value of the right type that breaks a rule (a bad name,
	// a bad time, an unparsable address).
	KindInvalid
	// KindReference: a reference to an entity that does not exist.
	KindReference
	// KindDuplicate: two entities with the same identity.
	KindDuplicate
)

// Sentinel errors, one per kind, so that errors.Is(err, ErrUnknownField)
// works on any error ferry returns, however wrapped.
var (
	ErrSyntax       = errors.New("invalid YAML")
	ErrType         = errors.New("wrong type")
	ErrUnknownField = errors.New("unknown field")
	ErrMissingField = errors.New("missing field")
	ErrVersion      = errors.New("unsupported version")
	ErrInvalid      = errors.New("invalid value")
	ErrReference    = errors.New("dangling reference")
	ErrDuplicate    = errors.New("duplicate")
)

func (k ErrorKind) sentinel() error {
	switch k {
	case KindSyntax:
		return ErrSyntax
	case KindType:
		return ErrType
	case KindUnknownField:
		return ErrUnknownField
	case KindMissingField:
		return ErrMissingField
	case KindVersion:
		return ErrVersion
	case KindInvalid:
		return ErrInvalid
	case KindReference:
		return ErrReference
	case KindDuplicate:
		return ErrDuplicate
	}
	return nil
}

// String names the kind.
func (k ErrorKind) String() string {
	if s := k.sentinel(); s != nil {
		return s.Error()
	}
	return "error"
}

// Error is one problem with a description: where it is (file, line, column
// and the path of the value in the tree) and what is wrong. Line and Column
// are zero for a tree built in code rather than read from a file.
type Error struct {
	File   string
	Line   int
	Column int
	Path   string // e.g. applications[2].units[0].machine
	Kind   ErrorKind
	Msg    string
	Err    error // the underlying error, if any (e.g. a *VersionError)
}

// Error renders "file:line:col: path: message", leaving out what is
// unknown (the column of some syntax errors, the position of an error in a
// tree built in code).
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
		if e.Column > 0 { // unknown for some syntax errors
			b.WriteString(strconv.Itoa(e.Column))
			b.WriteByte(':')
		}
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap gives the kind's sentinel and the underlying error.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	if s := e.Kind.sentinel(); s != nil {
		errs = append(errs, s)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// VersionError says that an entity's version is one ferry does not read.
type VersionError struct {
	Entity    string // e.g. "machines"
	Version   int
	Supported []int
	// Hint says where a version ferry refuses on purpose comes from (the
	// v6 side branch, Juju 4.0), when known.
	Hint string
}

func (e *VersionError) Error() string {
	vs := make([]string, len(e.Supported))
	for i, v := range e.Supported {
		vs[i] = strconv.Itoa(v)
	}
	msg := fmt.Sprintf("%s version %d is not supported (ferry reads %s)", e.Entity, e.Version, strings.Join(vs, ", "))
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// ErrorList is every problem found in one document, in document order. It
// is returned as a single error; errors.As finds *Error in it.
type ErrorList []*Error

// Error renders one problem per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As look at every problem.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Err returns l as an error, or nil when l is empty (so that a nil
// ErrorList never becomes a non-nil error interface).
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
