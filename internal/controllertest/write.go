package controllertest

import (
	"context"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
)

// The layout this package cannot carry from a description, and so what a
// model read back differs in (see Canonical):
//   - Leader: leadership lives in the lease store, not MongoDB (ref §7).
//   - FirewallRules: Juju 3.x keeps them in model config (ref §6.51).
//   - Series of machines and applications, an application's cs-channel,
//     and a model subnet's space name and provider space id: Juju 3.x
//     stores none of them.
//   - Times are stored with millisecond precision, except status times
//     (nanoseconds).

// WriteModel writes m into db (a controller's "juju" database) in the
// reference's layout, as the documents of one model beside any others
// already there. Global documents (the model, its credential, users,
// permissions, external controllers, image metadata) are added to the
// global collections.
func WriteModel(ctx context.Context, db *mongo.Database, m *description.Model) error {
	w, err := Documents(m)
	if err != nil {
		return err
	}
	return w.Insert(ctx, db)
}

// Docs is a controller database's documents by collection, ready to insert.
type Docs struct {
	uuid  string
	order []string
	colls map[string][]any
}

// Collections lists the collections with documents, in the order added.
func (d *Docs) Collections() []string { return d.order }

// Of returns the documents of one collection.
func (d *Docs) Of(coll string) []any { return d.colls[coll] }

// Count is the number of documents in all.
func (d *Docs) Count() int {
	n := 0
	for _, ds := range d.colls {
		n += len(ds)
	}
	return n
}

// Insert writes the documents into db, in batches. Documents of global
// collections replace any with the same _id, since several models share
// them (the admin user, a cloud credential).
func (d *Docs) Insert(ctx context.Context, db *mongo.Database) error {
	const batch = 2000
	for _, coll := range d.order {
		docs := d.colls[coll]
		if globalColls[coll] {
			for _, doc := range docs {
				id := doc.(bson.D)[0].Value
				_, err := db.Collection(coll).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
				if err != nil {
					return fmt.Errorf("controllertest: writing %v into %s: %w", id, coll, err)
				}
			}
			continue
		}
		for i := 0; i < len(docs); i += batch {
			end := min(i+batch, len(docs))
			if _, err := db.Collection(coll).InsertMany(ctx, docs[i:end]); err != nil {
				return fmt.Errorf("controllertest: inserting into %s: %w", coll, err)
			}
		}
	}
	return nil
}

// globalColls are the global collections this package writes (ref §3).
var globalColls = map[string]bool{
	"models": true, "users": true, "cloudCredentials": true, "permissions": true,
	"externalControllers": true, "cloudimagemetadata": true, "secretBackends": true,
}

func (d *Docs) add(coll string, doc bson.D) {
	if _, ok := d.colls[coll]; !ok {
		d.order = append(d.order, coll)
	}
	d.colls[coll] = append(d.colls[coll], doc)
}

// local adds a model-scoped document: _id "<uuid>:<id>", model-uuid and
// txn-revno (int32 2, as a transactional insert writes it; ref §5).
func (d *Docs) local(coll, id string, fields bson.D) {
	doc := bson.D{{Key: "_id", Value: d.uuid + ":" + id}, {Key: "model-uuid", Value: d.uuid}}
	doc = append(doc, fields...)
	doc = append(doc, bson.E{Key: "txn-revno", Value: int32(2)})
	d.add(coll, doc)
}

// raw adds a model-scoped document of a collection written without
// transactions: no txn-revno (ref §5).
func (d *Docs) raw(coll, id string, fields bson.D) {
	doc := bson.D{{Key: "_id", Value: d.uuid + ":" + id}, {Key: "model-uuid", Value: d.uuid}}
	d.add(coll, append(doc, fields...))
}

// global adds a document of a global collection, _id as given.
func (d *Docs) global(coll string, id any, fields bson.D) {
	d.add(coll, append(bson.D{{Key: "_id", Value: id}}, fields...))
}

// escape replaces '.' and '$' in a map key with U+FF0E and U+FF04 (ref §4).
func escape(k string) string {
	k = strings.ReplaceAll(k, ".", "\uff0e")
	return strings.ReplaceAll(k, "$", "\uff04")
}

// escMap stores a settings-like map with escaped keys, at every depth.
func escMap(m map[string]any) bson.D {
	out := bson.D{}
	for _, k := range sortedKeys(m) {
		out = append(out, bson.E{Key: escape(k), Value: escValue(m[k])})
	}
	return out
}

func escValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return escMap(x)
	case []any:
		out := make(bson.A, len(x))
		for i, e := range x {
			out[i] = escValue(e)
		}
		return out
	case int:
		return int32(x)
	}
	return v
}

// plainMap stores a free-form map with its keys as given (status data).
func plainMap(m map[string]any) bson.D {
	out := bson.D{}
	for _, k := range sortedKeys(m) {
		v := m[k]
		switch x := v.(type) {
		case map[string]any:
			v = plainMap(x)
		case int:
			v = int32(x)
		}
		out = append(out, bson.E{Key: k, Value: v})
	}
	return out
}

func strMap(m map[string]string, esc bool) bson.D {
	out := bson.D{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kk := k
		if esc {
			kk = escape(k)
		}
		out = append(out, bson.E{Key: kk, Value: m[k]})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func strs(s []string) bson.A {
	out := bson.A{}
	for _, x := range s {
		out = append(out, x)
	}
	return out
}

// dt is a BSON datetime (millisecond precision; ref §4). The zero time is
// stored as mgo stores it.
func dt(t time.Time) bson.DateTime {
	if t.IsZero() {
		return bson.DateTime(-62135596800000)
	}
	return bson.NewDateTimeFromTime(t)
}

func dtPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dt(*t)
}

func address(a description.Address) bson.D {
	d := bson.D{{Key: "value", Value: a.Value}, {Key: "addresstype", Value: a.Type}}
	if a.Scope != "" {
		d = append(d, bson.E{Key: "networkscope", Value: a.Scope})
	}
	if a.Origin != "" {
		d = append(d, bson.E{Key: "origin", Value: a.Origin})
	}
	if a.SpaceID != "" {
		d = append(d, bson.E{Key: "spaceid", Value: a.SpaceID})
	}
	return d
}

func addresses(as []description.Address) bson.A {
	out := bson.A{}
	for _, a := range as {
		out = append(out, address(a))
	}
	return out
}

func tools(t *description.AgentTools) bson.D {
	return bson.D{{Key: "version", Value: t.Version}, {Key: "url", Value: t.URL}, {Key: "sha256", Value: t.SHA256}, {Key: "size", Value: t.Size}}
}

// status writes the statuses document of a global key and its history.
// Juju 3.x's statusDoc (state/status.go) has no never-set field.
func (d *Docs) status(key string, s *description.Status, hist []description.Status) {
	if s != nil {
		d.local("statuses", key, bson.D{
			{Key: "status", Value: s.Value},
			{Key: "statusinfo", Value: s.Message},
			{Key: "statusdata", Value: plainMap(s.Data)},
			{Key: "updated", Value: s.Updated.UnixNano()},
		})
	}
	d.history(key, hist)
}

// history writes status history, oldest first, with ObjectId ids (ref §6.3).
func (d *Docs) history(key string, hist []description.Status) {
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		d.add("statuseshistory", bson.D{
			{Key: "_id", Value: bson.NewObjectID()},
			{Key: "model-uuid", Value: d.uuid},
			{Key: "globalkey", Value: key},
			{Key: "status", Value: h.Value},
			{Key: "statusinfo", Value: h.Message},
			{Key: "statusdata", Value: plainMap(h.Data)},
			{Key: "updated", Value: h.Updated.UnixNano()},
		})
	}
}

// constraints writes a constraints document: every field present, unset
// ones null, integers int64 (ref §6.7).
func (d *Docs) constraints(key string, c *description.Constraints) {
	if c == nil {
		return
	}
	str := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	num := func(n uint64) any {
		if n == 0 {
			return nil
		}
		return int64(n)
	}
	list := func(s []string) any {
		if s == nil {
			return nil
		}
		return strs(s)
	}
	var pub any
	if c.AllocatePublicIP {
		pub = true
	}
	d.local("constraints", key, bson.D{
		{Key: "arch", Value: str(c.Architecture)},
		{Key: "cpucores", Value: num(c.CPUCores)},
		{Key: "cpupower", Value: num(c.CPUPower)},
		{Key: "mem", Value: num(c.Memory)},
		{Key: "rootdisk", Value: num(c.RootDisk)},
		{Key: "rootdisksource", Value: str(c.RootDiskSource)},
		{Key: "instancerole", Value: nil},
		{Key: "instancetype", Value: str(c.InstanceType)},
		{Key: "container", Value: str(c.Container)},
		{Key: "tags", Value: list(c.Tags)},
		{Key: "spaces", Value: list(c.Spaces)},
		{Key: "zones", Value: list(c.Zones)},
		{Key: "virttype", Value: str(c.VirtType)},
		{Key: "allocatepublicip", Value: pub},
		{Key: "imageid", Value: str(c.ImageID)},
	})
}

func (d *Docs) annotations(key, tag string, a map[string]string) {
	if len(a) == 0 {
		return
	}
	d.local("annotations", key, bson.D{{Key: "globalkey", Value: key}, {Key: "tag", Value: tag}, {Key: "annotations", Value: strMap(a, false)}})
}

func (d *Docs) settings(key string, s map[string]any) {
	d.local("settings", key, bson.D{{Key: "settings", Value: escMap(s)}, {Key: "version", Value: int64(0)}})
}

func portRanges(pr map[string]map[string][]description.PortRange) bson.D {
	out := bson.D{}
	for _, unit := range sortedKeys(pr) {
		eps := bson.D{}
		for _, ep := range sortedKeys(pr[unit]) {
			rs := bson.A{}
			for _, r := range pr[unit][ep] {
				rs = append(rs, bson.D{{Key: "fromport", Value: int32(r.FromPort)}, {Key: "toport", Value: int32(r.ToPort)}, {Key: "protocol", Value: r.Protocol}})
			}
			eps = append(eps, bson.E{Key: ep, Value: rs})
		}
		out = append(out, bson.E{Key: unit, Value: eps})
	}
	return out
}

func blockDevice(b description.BlockDevice) bson.D {
	return bson.D{
		{Key: "devicename", Value: b.Name}, {Key: "devicelinks", Value: strs(b.Links)},
		{Key: "label", Value: b.Label}, {Key: "uuid", Value: b.UUID},
		{Key: "hardwareid", Value: b.HardwareID}, {Key: "wwn", Value: b.WWN},
		{Key: "busaddress", Value: b.BusAddress}, {Key: "size", Value: int64(b.Size)},
		{Key: "fstype", Value: b.FilesystemType}, {Key: "inuse", Value: b.InUse},
		{Key: "mountpoint", Value: b.MountPoint}, {Key: "serialid", Value: b.SerialID},
	}
}

func unitTag(unit string) string { return "unit-" + strings.ReplaceAll(unit, "/", "-") }

func fingerprint(hexSum string) []byte {
	b, _ := hex.DecodeString(hexSum)
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }
