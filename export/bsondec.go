package export

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// dec walks the fields of one raw BSON document once, in stored order.
// Callers switch on key() and take the value with one of the typed getters;
// the first problem is kept (with the collection, the document's _id and
// the field's dotted path) and stops the walk. It allocates nothing but the
// values it returns.
type dec struct {
	coll   string
	doc    bson.Raw // the whole top-level document, for the _id in errors
	prefix string   // dotted path of this sub-document, with a trailing '.'
	rest   []byte
	k      []byte
	v      bsoncore.Value
	err    *error_ // shared with sub-decoders
}

// error_ holds the first error of a document and its sub-documents.
type error_ struct{ e *Error }

func newDec(coll string, doc bson.Raw) dec {
	d := dec{coll: coll, doc: doc, err: &error_{}}
	if len(doc) < 5 || int(int32(uint32(doc[0])|uint32(doc[1])<<8|uint32(doc[2])<<16|uint32(doc[3])<<24)) != len(doc) {
		d.fail("", jujuErrMalformed, "malformed BSON document")
		return d
	}
	d.rest = doc[4 : len(doc)-1]
	return d
}

var jujuErrMalformed = ErrInvalid

// next moves to the next field; false at the end or after an error.
func (d *dec) next() bool {
	if d.err.e != nil || len(d.rest) == 0 {
		return false
	}
	el, rest, ok := bsoncore.ReadElement(d.rest)
	if !ok {
		d.fail("", ErrInvalid, "malformed BSON element")
		return false
	}
	k, err := el.KeyBytesErr()
	if err != nil {
		d.fail("", ErrInvalid, "malformed BSON key")
		return false
	}
	v, err := el.ValueErr()
	if err != nil {
		d.k = k
		d.fail(string(k), ErrInvalid, "malformed BSON value")
		return false
	}
	d.k, d.v, d.rest = k, v, rest
	return true
}

// key is the current field's name. Used in a switch, string(d.k) does not
// allocate.
func (d *dec) key() []byte { return d.k }

// ok reports whether no error has been recorded.
func (d *dec) ok() bool { return d.err.e == nil }

// error returns the first error, or nil.
func (d *dec) error() error {
	if d.err.e == nil {
		return nil
	}
	return d.err.e
}

func (d *dec) docID() string {
	v, err := bsoncore.Document(d.doc).LookupErr("_id")
	if err != nil {
		return ""
	}
	if s, ok := v.StringValueOK(); ok {
		return s
	}
	if oid, ok := v.ObjectIDOK(); ok {
		return "ObjectId(" + hex.EncodeToString(oid[:]) + ")"
	}
	return v.String()
}

func (d *dec) fail(field string, kind error, format string, args ...any) {
	if d.err.e != nil {
		return
	}
	if field != "" {
		field = d.prefix + field
	} else if d.prefix != "" {
		field = d.prefix[:len(d.prefix)-1]
	}
	d.err.e = newErr(d.coll, d.docID(), field, kind, format, args...)
}

// failHere records an error on the current field.
func (d *dec) failHere(kind error, format string, args ...any) {
	d.fail(string(d.k), kind, format, args...)
}

// missing records that a required field is absent (call after the walk).
func (d *dec) missing(field string) {
	d.fail(field, ErrMissing, "missing")
}

func (d *dec) typeErr(want string) {
	d.failHere(ErrType, "expected %s, got %s", want, typeName(d.v.Type))
}

func typeName(t bsoncore.Type) string {
	switch t {
	case bsoncore.TypeDouble:
		return "double"
	case bsoncore.TypeString:
		return "string"
	case bsoncore.TypeEmbeddedDocument:
		return "document"
	case bsoncore.TypeArray:
		return "array"
	case bsoncore.TypeBinary:
		return "binary"
	case bsoncore.TypeUndefined:
		return "undefined"
	case bsoncore.TypeObjectID:
		return "objectId"
	case bsoncore.TypeBoolean:
		return "bool"
	case bsoncore.TypeDateTime:
		return "datetime"
	case bsoncore.TypeNull:
		return "null"
	case bsoncore.TypeRegex:
		return "regex"
	case bsoncore.TypeInt32:
		return "int32"
	case bsoncore.TypeTimestamp:
		return "timestamp"
	case bsoncore.TypeInt64:
		return "int64"
	case bsoncore.TypeDecimal128:
		return "decimal128"
	}
	return fmt.Sprintf("BSON type 0x%02x", byte(t))
}

// isNull reports a null (or undefined) value, which mgo decodes as the
// zero value of any Go type; the getters below treat it so.
func (d *dec) isNull() bool {
	return d.v.Type == bsoncore.TypeNull || d.v.Type == bsoncore.TypeUndefined
}

// str returns a string field ("" for null).
func (d *dec) str() string {
	if s, ok := d.v.StringValueOK(); ok {
		return s
	}
	if !d.isNull() {
		d.typeErr("string")
	}
	return ""
}

// integer returns an int32 or int64 field (0 for null). Juju writes Go int
// as int32 and int64/uint64 as int64; either width is accepted wherever an
// integer is expected, since no value is lost.
func (d *dec) integer() int64 {
	switch d.v.Type {
	case bsoncore.TypeInt32:
		return int64(d.v.Int32())
	case bsoncore.TypeInt64:
		return d.v.Int64()
	}
	if !d.isNull() {
		d.typeErr("integer")
	}
	return 0
}

func (d *dec) int() int { return int(d.integer()) }

// uint returns a non-negative integer.
func (d *dec) uint() uint64 {
	i := d.integer()
	if i < 0 {
		d.failHere(ErrInvalid, "negative value %d", i)
		return 0
	}
	return uint64(i)
}

// nanos returns an int64 Unix-nanosecond time (statuses.updated and
// friends). A datetime here is refused: its unit is not the one Juju uses,
// and Juju's own exporter refuses it too.
func (d *dec) nanos() int64 {
	switch d.v.Type {
	case bsoncore.TypeInt64:
		return d.v.Int64()
	case bsoncore.TypeInt32:
		return int64(d.v.Int32())
	}
	d.typeErr("int64 (Unix nanoseconds)")
	return 0
}

func (d *dec) boolean() bool {
	if b, ok := d.v.BooleanOK(); ok {
		return b
	}
	if !d.isNull() {
		d.typeErr("bool")
	}
	return false
}

// time returns a datetime field in UTC; mgo's zero datetime and null give
// the zero time.
func (d *dec) time() time.Time {
	if ms, ok := d.v.DateTimeOK(); ok {
		return jujudb.DateTimeToTime(ms)
	}
	if !d.isNull() {
		d.typeErr("datetime")
	}
	return time.Time{}
}

// timePtr returns nil for a zero or null time.
func (d *dec) timePtr() *time.Time {
	t := d.time()
	if t.IsZero() {
		return nil
	}
	return &t
}

func (d *dec) binary() []byte {
	if _, b, ok := d.v.BinaryOK(); ok {
		return append([]byte(nil), b...)
	}
	if !d.isNull() {
		d.typeErr("binary")
	}
	return nil
}

// sub returns a decoder over the current field's document; isDoc is false
// (and no error recorded) for null.
func (d *dec) sub() (dec, bool) {
	var raw []byte
	switch d.v.Type {
	case bsoncore.TypeEmbeddedDocument, bsoncore.TypeArray:
		raw = d.v.Data
	default:
		if !d.isNull() {
			d.typeErr("document")
		}
		return dec{}, false
	}
	return dec{coll: d.coll, doc: d.doc, prefix: d.prefix + string(d.k) + ".", rest: raw[4 : len(raw)-1], err: d.err}, true
}

// subDoc is sub for a field that must be a document (not an array).
func (d *dec) subDoc() (dec, bool) {
	if d.v.Type == bsoncore.TypeArray {
		d.typeErr("document")
		return dec{}, false
	}
	return d.sub()
}

// subArr is sub for a field that must be an array.
func (d *dec) subArr() (dec, bool) {
	if d.v.Type == bsoncore.TypeEmbeddedDocument {
		d.typeErr("array")
		return dec{}, false
	}
	return d.sub()
}

// strings returns an array of strings; null gives nil and an empty array a
// non-nil empty slice.
func (d *dec) strings() []string {
	a, ok := d.subArr()
	if !ok {
		return nil
	}
	out := []string{}
	for a.next() {
		out = append(out, a.str())
	}
	return out
}

// stringMap returns a document of strings; keys are unescaped when
// unescape is set.
func (d *dec) stringMap(unescape bool) map[string]string {
	s, ok := d.subDoc()
	if !ok {
		return nil
	}
	out := map[string]string{}
	for s.next() {
		k := string(s.k)
		if unescape {
			k = jujudb.UnescapeKey(k)
		}
		out[k] = s.str()
	}
	return out
}

// anyMap returns a document as free-form data, the way mgo decodes it into
// map[string]interface{}: int32 as int, int64 as int64, double as float64,
// nested documents as maps, arrays as []any, datetimes as UTC times,
// binary as []byte and null as nil. With unescape, keys are unescaped at
// every depth (settings, secret data); without, they are kept (status data).
func (d *dec) anyMap(unescape bool) map[string]any {
	s, ok := d.subDoc()
	if !ok {
		return nil
	}
	return s.anyMapBody(unescape)
}

func (d *dec) anyMapBody(unescape bool) map[string]any {
	out := map[string]any{}
	for d.next() {
		k := string(d.k)
		if unescape {
			k = jujudb.UnescapeKey(k)
		}
		out[k] = d.anyValue(unescape)
	}
	return out
}

func (d *dec) anyValue(unescape bool) any {
	v := d.v
	switch v.Type {
	case bsoncore.TypeString:
		return v.StringValue()
	case bsoncore.TypeInt32:
		return int(v.Int32())
	case bsoncore.TypeInt64:
		return v.Int64()
	case bsoncore.TypeDouble:
		return v.Double()
	case bsoncore.TypeBoolean:
		return v.Boolean()
	case bsoncore.TypeNull, bsoncore.TypeUndefined:
		return nil
	case bsoncore.TypeDateTime:
		return jujudb.DateTimeToTime(v.DateTime())
	case bsoncore.TypeBinary:
		_, b := v.Binary()
		return append([]byte(nil), b...)
	case bsoncore.TypeEmbeddedDocument:
		s, _ := d.sub()
		return s.anyMapBody(unescape)
	case bsoncore.TypeArray:
		s, _ := d.sub()
		out := []any{}
		for s.next() {
			out = append(out, s.anyValue(unescape))
		}
		return out
	case bsoncore.TypeObjectID:
		oid := v.ObjectID()
		return hex.EncodeToString(oid[:])
	}
	d.failHere(ErrType, "cannot use a %s value in free-form data", typeName(v.Type))
	return nil
}

// typed decodes the whole document into v, one of internal/jujudoc's
// typed Juju documents, and checks its _id (a string field DocID, tagged
// "_id", of v). A field of the wrong type is recorded with its dotted
// path, as the hand-walked decoders do. It reports whether v may be used.
func (x *exporter) typed(d *dec, v any) bool {
	if !typedGlobal(d, v) {
		return false
	}
	id, err := bsoncore.Document(d.doc).LookupErr("_id")
	if err != nil {
		d.missing("_id")
		return false
	}
	full, ok := id.StringValueOK()
	if !ok {
		d.fail("_id", ErrType, "expected string, got %s", typeName(id.Type))
		return false
	}
	if _, ok := jujudb.LocalID(x.uuid, full); !ok {
		d.fail("_id", ErrInvalid, "does not start with the model's UUID %q", x.uuid+":")
		return false
	}
	return true
}

// typedGlobal is typed for a document of a global collection, whose _id
// is not the model's and is left to the caller.
func typedGlobal(d *dec, v any) bool {
	if !d.ok() {
		return false
	}
	if err := jujudoc.Unmarshal(d.doc, v); err != nil {
		var fe *jujudoc.FieldError
		if errors.As(err, &fe) {
			d.fail(fe.Field, ErrType, "%v", fe.Err)
		} else {
			d.fail("", ErrInvalid, "malformed BSON document: %v", err)
		}
		return false
	}
	return true
}
