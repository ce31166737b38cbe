package jujudoc

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// Free is a free-form value of a document (a charm option's default, an
// action's parameter schema). It encodes V as the driver encodes an any,
// and decodes into the plain Go values the description tree holds:
// string, int (int32), int64, float64, bool, nil, map[string]any and
// []any, where the driver would give bson.D and bson.A.
type Free struct{ V any }

// MarshalBSONValue encodes V.
func (f Free) MarshalBSONValue() (byte, []byte, error) {
	if f.V == nil {
		return byte(bson.TypeNull), nil, nil
	}
	t, b, err := bson.MarshalValue(f.V)
	return byte(t), b, err
}

// UnmarshalBSONValue decodes a stored value into plain Go values.
func (f *Free) UnmarshalBSONValue(t byte, data []byte) error {
	v, err := plain(bsoncore.Value{Type: bsoncore.Type(t), Data: data})
	f.V = v
	return err
}

func plain(v bsoncore.Value) (any, error) {
	switch v.Type {
	case bsoncore.TypeString:
		return v.StringValue(), nil
	case bsoncore.TypeInt32:
		return int(v.Int32()), nil
	case bsoncore.TypeInt64:
		return v.Int64(), nil
	case bsoncore.TypeDouble:
		return v.Double(), nil
	case bsoncore.TypeBoolean:
		return v.Boolean(), nil
	case bsoncore.TypeNull, bsoncore.TypeUndefined:
		return nil, nil
	case bsoncore.TypeEmbeddedDocument:
		els, err := v.Document().Elements()
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, len(els))
		for _, el := range els {
			if out[el.Key()], err = plain(el.Value()); err != nil {
				return nil, &FieldError{Field: el.Key(), Err: err}
			}
		}
		return out, nil
	case bsoncore.TypeArray:
		vals, err := v.Array().Values()
		if err != nil {
			return nil, err
		}
		out := make([]any, len(vals))
		for i, e := range vals {
			if out[i], err = plain(e); err != nil {
				return nil, &FieldError{Field: fmt.Sprint(i), Err: err}
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot use a BSON %s value in free-form data", v.Type)
}
