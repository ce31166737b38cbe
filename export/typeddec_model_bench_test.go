package export

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// BenchmarkDecodeModel compares, for each collection of the model group
// (issue 11), decoding with the typed internal/jujudoc document against
// export's hand-walked decoder. A hand decoder is kept only where the
// typed one is more than 10% slower; its comment has the figures.
func BenchmarkDecodeModel(b *testing.B) { benchPairs(b, modelDecoders) }

// modelDecoders are the model group's collections with their typed and
// hand decoders.
var modelDecoders = []decoderPair{
	{jujudb.Models, (*exporter).typedDecodeModel, (*exporter).decodeModel},
	{jujudb.Statuses, (*exporter).typedDecodeStatus, (*exporter).decodeStatus},
	{jujudb.StatusesHistory, (*exporter).typedDecodeHistory, (*exporter).decodeHistory},
	{jujudb.Constraints, (*exporter).typedDecodeConstraints, (*exporter).decodeConstraints},
	{jujudb.Annotations, (*exporter).typedDecodeAnnotations, (*exporter).decodeAnnotations},
	{jujudb.Settings, (*exporter).typedDecodeSettings, (*exporter).decodeSettings},
	{jujudb.Blocks, (*exporter).typedDecodeBlock, (*exporter).decodeBlock},
	{jujudb.Sequence, (*exporter).typedDecodeSequence, (*exporter).decodeSequence},
	{jujudb.ModelUsers, (*exporter).typedDecodeModelUser, (*exporter).decodeModelUser},
	{jujudb.ModelUserLastConnection, (*exporter).typedDecodeLastConnection, (*exporter).decodeLastConnection},
}

// TestTypedDecodeModelMatchesHand checks that each typed decoder of the
// benchmark fills the exporter as the hand one does (checkPairsMatch), so
// that the figures compare like with like.
func TestTypedDecodeModelMatchesHand(t *testing.T) { checkPairsMatch(t, modelDecoders) }

// typedDecodeModel decodes a models document with jujudoc.ModelDoc. Its
// _id is the model's UUID, so it is read without the model-prefix check.
func (x *exporter) typedDecodeModel(d *dec) {
	var doc jujudoc.ModelDoc
	if !d.unmarshal(&doc) {
		return
	}
	x.model = modelDoc{
		id: doc.UUID, name: doc.Name, typ: doc.Type, life: int(doc.Life), owner: doc.Owner,
		migrationMode: doc.MigrationMode, environVersion: int(doc.EnvironVersion), cloud: doc.Cloud,
		region: doc.CloudRegion, credential: doc.CloudCredential, availableTools: doc.AvailableTools,
		passwordHash: doc.PasswordHash, slaLevel: doc.SLA.Level, slaOwner: doc.SLA.Owner, slaCreds: doc.SLA.Credentials,
		meterCode: doc.MeterStatus.Code, meterInfo: doc.MeterStatus.Info,
	}
	if len(doc.SLA.Credentials) == 0 {
		x.model.slaCreds = nil // as dec.binary gives it
	}
	if !d.has("type") {
		d.missing("type")
	} else if doc.Type != "iaas" && doc.Type != "caas" {
		d.fail("type", ErrInvalid, "model type %q is neither iaas nor caas", doc.Type)
	}
	if doc.Owner == "" {
		d.missing("owner")
	}
}

// has reports whether the document has a top-level field, for typed
// decoders that must tell an absent required field from a zero one.
func (d *dec) has(field string) bool {
	_, err := d.doc.LookupErr(field)
	return err == nil
}

// requireFields records the first of fields the document lacks.
func requireFields(d *dec, fields ...string) {
	for _, f := range fields {
		if !d.has(f) {
			d.missing(f)
			return
		}
	}
}

// typedDecodeStatus decodes a statuses document with jujudoc.StatusDoc;
// every field is required, and statusdata must not be null.
func (x *exporter) typedDecodeStatus(d *dec) {
	var doc jujudoc.StatusDoc
	if !x.typed(d, &doc) {
		return
	}
	requireFields(d, "status", "statusinfo", "statusdata", "updated")
	if d.ok() && doc.StatusData == nil && bsonNull(d, "statusdata") {
		d.fail("statusdata", ErrType, "expected document, got null")
	}
	s := &description.Status{Value: doc.Status, Message: doc.StatusInfo, Updated: jujudb.NanosToTime(doc.Updated)}
	if m := freeMap(d, "statusdata", doc.StatusData, false); len(m) > 0 {
		s.Data = m
	}
	if d.ok() {
		local, _ := jujudb.LocalID(x.uuid, doc.DocID)
		x.statuses[local] = s
	}
}

func bsonNull(d *dec, field string) bool {
	v, err := bson.Raw(d.doc).LookupErr(field)
	return err == nil && (v.Type == bson.TypeNull || v.Type == bson.TypeUndefined)
}

// typedDecodeHistory decodes a statuseshistory document with
// jujudoc.HistoricalStatusDoc; the raw _id (an ObjectId) orders ties.
func (x *exporter) typedDecodeHistory(d *dec) {
	var doc jujudoc.HistoricalStatusDoc
	if !d.unmarshal(&doc) {
		return
	}
	requireFields(d, "globalkey", "updated")
	var e histEntry
	if id, err := bson.Raw(d.doc).LookupErr("_id"); err == nil {
		e.oid = append([]byte{byte(id.Type)}, id.Value...)
	}
	e.s = description.Status{Value: doc.Status, Message: doc.StatusInfo, Updated: jujudb.NanosToTime(doc.Updated)}
	if m := freeMap(d, "statusdata", doc.StatusData, false); len(m) > 0 {
		e.s.Data = m
	}
	if d.ok() {
		x.history[doc.GlobalKey] = append(x.history[doc.GlobalKey], e)
	}
}

// typedDecodeConstraints decodes a constraints document with
// jujudoc.ConstraintsDoc.
func (x *exporter) typedDecodeConstraints(d *dec) {
	var doc jujudoc.ConstraintsDoc
	if !x.typed(d, &doc) {
		return
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	count := func(field string, n *int64) uint64 {
		if n == nil {
			return 0
		}
		if *n < 0 {
			d.fail(field, ErrInvalid, "negative value %d", *n)
			return 0
		}
		return uint64(*n)
	}
	list := func(s *[]string) []string {
		if s == nil {
			return nil
		}
		return nilIfEmpty(*s)
	}
	c := &description.Constraints{
		Architecture:     str(doc.Arch),
		CPUCores:         count("cpucores", doc.CPUCores),
		CPUPower:         count("cpupower", doc.CPUPower),
		Memory:           count("mem", doc.Mem),
		RootDisk:         count("rootdisk", doc.RootDisk),
		RootDiskSource:   str(doc.RootDiskSource),
		InstanceType:     str(doc.InstanceType),
		Container:        str(doc.Container),
		Tags:             list(doc.Tags),
		Spaces:           list(doc.Spaces),
		Zones:            list(doc.Zones),
		VirtType:         str(doc.VirtType),
		AllocatePublicIP: doc.AllocatePublicIP != nil && *doc.AllocatePublicIP,
		ImageID:          str(doc.ImageID),
	}
	if d.ok() {
		if constraintsEmpty(c) {
			c = nil
		}
		local, _ := jujudb.LocalID(x.uuid, doc.DocID)
		x.constraints[local] = c
	}
}

// typedDecodeAnnotations decodes an annotations document with
// jujudoc.AnnotationsDoc; every annotation is a string (null reads as "").
func (x *exporter) typedDecodeAnnotations(d *dec) {
	var doc jujudoc.AnnotationsDoc
	if !x.typed(d, &doc) {
		return
	}
	requireFields(d, "globalkey")
	ann := make(map[string]string, len(doc.Annotations))
	for _, e := range doc.Annotations {
		switch v := e.Value.(type) {
		case string:
			ann[e.Key] = v
		case nil:
			ann[e.Key] = ""
		default:
			d.fail("annotations."+e.Key, ErrType, "expected string, got %T", v)
		}
	}
	if d.ok() && len(ann) > 0 {
		x.annotations[doc.GlobalKey] = ann
	}
}

// typedDecodeSettings decodes a settings document with jujudoc.SettingsDoc.
func (x *exporter) typedDecodeSettings(d *dec) {
	var doc jujudoc.SettingsDoc
	if !x.typed(d, &doc) {
		return
	}
	requireFields(d, "settings")
	settings := freeMap(d, "settings", doc.Settings, true)
	if d.ok() {
		if settings == nil {
			settings = map[string]any{}
		}
		local, _ := jujudb.LocalID(x.uuid, doc.DocID)
		x.settings[local] = settings
	}
}

// typedDecodeBlock decodes a blocks document with jujudoc.BlockDoc.
func (x *exporter) typedDecodeBlock(d *dec) {
	var doc jujudoc.BlockDoc
	if !x.typed(d, &doc) {
		return
	}
	requireFields(d, "type")
	if d.ok() {
		x.blocks[jujudb.BlockType(doc.Type).MigrationValue()] = doc.Message
	}
}

// typedDecodeSequence decodes a sequence document with jujudoc.SequenceDoc.
func (x *exporter) typedDecodeSequence(d *dec) {
	var doc jujudoc.SequenceDoc
	if !x.typed(d, &doc) {
		return
	}
	requireFields(d, "name", "counter")
	if d.ok() {
		x.sequences[doc.Name] = int(doc.Counter)
	}
}

// typedDecodeModelUser decodes a modelusers document with
// jujudoc.UserAccessDoc.
func (x *exporter) typedDecodeModelUser(d *dec) {
	var doc jujudoc.UserAccessDoc
	if !x.typed(d, &doc) {
		return
	}
	if doc.UserName == "" {
		d.missing("user")
	}
	if d.ok() {
		x.modelUsers = append(x.modelUsers, &modelUserDoc{docID: doc.DocID, user: doc.UserName,
			displayName: doc.DisplayName, createdBy: doc.CreatedBy, created: utcTime(doc.DateCreated)})
	}
}

// typedDecodeLastConnection decodes a modelUserLastConnection document
// with jujudoc.ModelUserLastConnectionDoc.
func (x *exporter) typedDecodeLastConnection(d *dec) {
	var doc jujudoc.ModelUserLastConnectionDoc
	if !x.typed(d, &doc) {
		return
	}
	if doc.UserName == "" {
		d.missing("user")
	}
	if d.ok() {
		x.lastConn[strings.ToLower(doc.UserName)] = utcTime(doc.LastConnection)
	}
}

// freeMap turns a decoded free-form document into the values mgo gives
// (see dec.anyMap): int32 as int, datetimes as UTC times, binary as
// []byte, ObjectIds as hex; keys unescaped when unescape is set. A value
// of another BSON type is recorded with its path under field.
func freeMap(d *dec, field string, doc bson.D, unescape bool) map[string]any {
	if doc == nil {
		return nil
	}
	out := make(map[string]any, len(doc))
	for _, e := range doc {
		k := e.Key
		if unescape {
			k = jujudb.UnescapeKey(k)
		}
		out[k] = freeValue(d, field+"."+e.Key, e.Value, unescape)
	}
	return out
}

func freeValue(d *dec, path string, v any, unescape bool) any {
	switch x := v.(type) {
	case string, int64, float64, bool, nil:
		return x
	case int32:
		return int(x)
	case bson.DateTime:
		return jujudb.DateTimeToTime(int64(x))
	case bson.Binary:
		return append([]byte(nil), x.Data...)
	case bson.ObjectID:
		return hex.EncodeToString(x[:])
	case bson.D:
		m := freeMap(d, path, x, unescape)
		if m == nil {
			m = map[string]any{}
		}
		return m
	case bson.A:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = freeValue(d, fmt.Sprintf("%s.%d", path, i), e, unescape)
		}
		return out
	}
	d.fail(path, ErrType, "cannot use a %T value in free-form data", v)
	return nil
}

// utcTime maps the zero time the driver decodes from mgo's zero datetime
// (in UTC) to time.Time{}, as jujudb.DateTimeToTime does.
func utcTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
