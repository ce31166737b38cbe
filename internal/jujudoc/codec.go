package jujudoc

import (
	"bytes"
	"errors"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// encoders are reused: an encoder keeps no state between documents but
// costs an allocation to set up.
var encoders = sync.Pool{New: func() any { return new(encoder) }}

type encoder struct {
	buf bytes.Buffer
	enc *bson.Encoder
}

// Marshal encodes a document as Juju's mgo driver would store it: a nil
// slice or map as an empty array or document (mgo never writes null for
// them), not as the official driver's null.
func Marshal(v any) (bson.Raw, error) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	if e.enc == nil {
		e.enc = bson.NewEncoder(bson.NewDocumentWriter(&e.buf))
		e.enc.NilSliceAsEmpty()
		e.enc.NilMapAsEmpty()
		e.enc.NilByteSliceAsEmpty()
	}
	if err := e.enc.Encode(v); err != nil {
		// A failed encode leaves the writer mid-document: start afresh.
		e.enc = nil
		return nil, err
	}
	return bson.Raw(bytes.Clone(e.buf.Bytes())), nil
}

// Fields encodes a document and returns its elements, each value kept as
// the encoded bytes (bson.RawValue), for a caller that builds a bson.D
// around them (the importer adds _id, model-uuid and txn-revno).
func Fields(v any) (bson.D, error) {
	raw, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	els, err := raw.Elements()
	if err != nil {
		return nil, err
	}
	d := make(bson.D, len(els))
	for i, el := range els {
		d[i] = bson.E{Key: el.Key(), Value: el.Value()}
	}
	return d, nil
}

// FieldError is a field Unmarshal could not decode: Field is its dotted
// path in the document ("tools.size", "addresses.0.value").
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// Unmarshal decodes a stored document into v. Fields v does not declare
// are ignored, as Juju's own decoding ignores them; a null decodes as the
// zero value, as mgo decodes it. A value of the wrong type gives a
// *FieldError naming the field.
func Unmarshal(doc bson.Raw, v any) error {
	err := bson.Unmarshal(doc, v)
	if err == nil {
		return nil
	}
	var de *bson.DecodeError
	if errors.As(err, &de) {
		inner := de.Unwrap()
		// Nested DecodeErrors each hold their own part of the path.
		for {
			var d2 *bson.DecodeError
			if !errors.As(inner, &d2) {
				break
			}
			inner = d2.Unwrap()
		}
		return &FieldError{Field: strings.Join(de.Keys(), "."), Err: inner}
	}
	return err
}
