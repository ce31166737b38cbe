package importer

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// MarkerField is the field ferry adds to the global documents an import
// creates or changes (usermodelname, globalRefcounts, controllers,
// externalControllers, cloudimagemetadata). It maps the importing model's
// UUID to what the import did there: "inserted" for a document it created,
// a number for an increment of refcount, a list of model UUIDs added to an
// external controller. The mark and the change are written in one atomic
// single-document update, so an abort, even in a later process after a
// crash, knows exactly what to take back. Activate removes the marks.
const MarkerField = "ferry-import"

// markInserted is the marker value of a document the import created.
const markInserted = "inserted"

// TargetInfo is what Build needs to know about the target controller; the
// prechecks read it.
type TargetInfo struct {
	// ControllerUUID goes into the models document.
	ControllerUUID string
	// ControllerVersion is the target's agent version ("" when unknown).
	ControllerVersion string
	// InternalSecretBackends are the ids of backends whose revisions are
	// not refcounted (the controller's internal backend).
	InternalSecretBackends []string
	// SecretBackendName is the name of the backend the tree's
	// SecretBackendID names, put into the model config when the config
	// does not say (as Juju's import does).
	SecretBackendName string
	// CharmsPendingUpload: see Options.
	CharmsPendingUpload bool
	// controllerModel marks the controller model InitController writes,
	// which Juju does not count among hosted models.
	controllerModel bool
}

// BuildError reports a tree that cannot be written: a value the layout has
// no place for, or an entity the tree names but does not hold.
type BuildError struct {
	Entity string // e.g. `application "mysql"`
	Err    error
}

func (e *BuildError) Error() string { return "import: " + e.Entity + ": " + e.Err.Error() }
func (e *BuildError) Unwrap() error { return e.Err }

// ErrUnsupported is wrapped by BuildErrors for values that cannot be
// stored (an integer over MaxInt64, a bad fingerprint, an unknown job).
var ErrUnsupported = errors.New("cannot be stored")

// order lists the collections in the order §8 of the reference first
// writes them (models first, as Juju's NewModel asserts on it and a later
// process finds a crashed import through it). Each collection's documents
// are written together, in one step.
var order = []string{
	jujudb.Models, jujudb.UserModelName, jujudb.ModelEntityRefs,
	"@controllers", "@cloudModel", "@logs",
	jujudb.Statuses, jujudb.Constraints, jujudb.Settings, jujudb.Spaces,
	jujudb.ModelUsers, "@modelPermissions", jujudb.ModelUserLastConnection,
	jujudb.Sequence, jujudb.Annotations, jujudb.Blocks, jujudb.StatusesHistory,
	jujudb.SSHHostKeys, jujudb.VirtualHostKeys, jujudb.CloudImageMetadata, jujudb.Actions,
	jujudb.ActionNotifications, jujudb.Operations, jujudb.ProviderIDs, jujudb.Subnets,
	jujudb.BlockDevices, jujudb.InstanceData, jujudb.ContainerRefs, jujudb.Machines,
	jujudb.OpenedPorts, jujudb.StorageConstraints, jujudb.DeviceConstraints,
	jujudb.Refcounts, jujudb.Charms, jujudb.Applications, jujudb.EndpointBindings,
	jujudb.Resources, jujudb.PodSpecs, jujudb.CloudServices, jujudb.CloudContainers,
	jujudb.MeterStatus, jujudb.Units, jujudb.UnitStates, jujudb.Payloads,
	jujudb.ApplicationOffers, "@offerPermissions", jujudb.RemoteApplications,
	jujudb.Relations, jujudb.RelationScopes, jujudb.RemoteEntities, "@externalControllers",
	jujudb.RelationNetworks, jujudb.ApplicationOfferConnections,
	jujudb.LinkLayerDevices, jujudb.IPAddresses, jujudb.StorageInstances,
	jujudb.StorageAttachments, jujudb.Volumes, jujudb.VolumeAttachments,
	jujudb.VolumeAttachmentPlan, jujudb.Filesystems, jujudb.FilesystemAttachments,
	jujudb.SecretMetadata, jujudb.SecretRotate, jujudb.SecretRevisions,
	jujudb.SecretPermissions, jujudb.SecretConsumers, jujudb.SecretRemoteConsumers,
	"@secretBackendRefs",
}

// builder accumulates one model's documents.
type builder struct {
	m    *description.Model
	uuid string
	info TargetInfo
	now  time.Time

	docs       map[string][]bson.D
	modelPerms []bson.D
	offerPerms []bson.D
	extCtrl    []Step
	backendRef map[string]int

	spaceByName map[string]string
	origins     map[string]*description.CharmOrigin // by charm URL
	apps        map[string]*description.Application
	storageOf   map[string]int // unit -> storage attachments
	machines    map[string]*description.Machine
	units       map[string]*description.Unit
	unitApp     map[string]*description.Application
	oid         uint32
	oidSalt     [20]byte
	err         error
}

// Build turns a model tree into the plan of every document an import
// writes, in the reference's layout and order. It is a pure function: it
// reads only its arguments. The tree should have passed Validate.
func Build(m *description.Model, info TargetInfo, opts Options) (*Plan, error) {
	uuid, name := m.UUID(), m.Name()
	switch {
	case uuid == "":
		return nil, &BuildError{Entity: "model", Err: errors.New(`model config has no "uuid"`)}
	case name == "":
		return nil, &BuildError{Entity: "model", Err: errors.New(`model config has no "name"`)}
	case m.Type != "" && m.Type != "iaas" && m.Type != "caas":
		return nil, &BuildError{Entity: "model", Err: fmt.Errorf("model type %q is neither iaas nor caas", m.Type)}
	case m.Owner == "":
		return nil, &BuildError{Entity: "model", Err: errors.New("model has no owner")}
	case m.Cloud == "":
		return nil, &BuildError{Entity: "model", Err: errors.New("model has no cloud")}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	b := &builder{
		m: m, uuid: uuid, info: info, now: now.UTC(),
		docs:       map[string][]bson.D{},
		backendRef: map[string]int{},
		origins:    map[string]*description.CharmOrigin{},
		machines:   map[string]*description.Machine{},
		units:      map[string]*description.Unit{},
		unitApp:    map[string]*description.Application{},
	}
	b.oidSalt = sha1.Sum([]byte(uuid))
	b.index()
	b.model(name)
	b.users()
	b.network()
	b.machinesAll()
	b.applications()
	b.remoteApplications()
	b.relations()
	b.crossModel()
	b.storage()
	b.secrets()
	b.misc()
	if b.err != nil {
		return nil, b.err
	}
	return b.plan(name), nil
}

func (b *builder) fail(entity string, err error) {
	if b.err == nil {
		b.err = &BuildError{Entity: entity, Err: err}
	}
}

// plan orders the accumulated documents into steps.
func (b *builder) plan(name string) *Plan {
	p := &Plan{ModelUUID: b.uuid, ModelName: name, Owner: b.m.Owner, Cloud: b.m.Cloud}
	insert := func(coll string, docs []bson.D, global bool) {
		if len(docs) > 0 {
			p.Steps = append(p.Steps, Step{Kind: Insert, Collection: coll, Docs: docs, Global: global})
		}
	}
	for _, c := range order {
		switch c {
		case "@controllers":
			if !b.info.controllerModel {
				p.Steps = append(p.Steps, Step{Kind: Increment, Collection: jujudb.Controllers, Global: true, ID: HostedModelCountKey, N: 1})
			}
		case "@cloudModel":
			p.Steps = append(p.Steps, Step{Kind: Increment, Collection: jujudb.GlobalRefcounts, Global: true, ID: "cloudModel#" + b.m.Cloud, N: 1, Upsert: true})
		case "@logs":
			p.Steps = append(p.Steps, Step{Kind: CreateLogs, Collection: LogsCollection(b.uuid), Global: true})
		case "@modelPermissions":
			insert(jujudb.Permissions, b.modelPerms, true)
		case "@offerPermissions":
			insert(jujudb.Permissions, b.offerPerms, true)
		case "@externalControllers":
			p.Steps = append(p.Steps, b.extCtrl...)
		case "@secretBackendRefs":
			ids := make([]string, 0, len(b.backendRef))
			for id := range b.backendRef {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				p.Steps = append(p.Steps, Step{Kind: Increment, Collection: jujudb.GlobalRefcounts, Global: true,
					ID: SecretBackendRefKey(id), N: b.backendRef[id]})
			}
		case jujudb.CloudImageMetadata:
			if docs := b.docs[c]; len(docs) > 0 {
				p.Steps = append(p.Steps, Step{Kind: ImageMetadata, Collection: c, Docs: docs, Global: true})
			}
		default:
			insert(c, b.docs[c], jujudb.IsGlobal(c))
		}
	}
	return p
}

// HostedModelCountKey is the _id of the controllers document counting
// hosted models.
const HostedModelCountKey = "hostedModelCount"

// SecretBackendRefKey is the globalRefcounts key counting the secret
// revisions a backend holds.
func SecretBackendRefKey(backendID string) string { return "secretbackend#revisions#" + backendID }

// LogsCollection is the name of a model's capped log collection in the
// logs database.
func LogsCollection(uuid string) string { return "logs." + uuid }

// add appends a model-scoped document: _id prefixed, model-uuid, the
// fields, and txn-revno unless the collection is written raw (ref §5).
func (b *builder) add(coll, local string, fields bson.D) {
	d := make(bson.D, 0, len(fields)+3)
	d = append(d, bson.E{Key: "_id", Value: jujudb.DocID(b.uuid, local)}, bson.E{Key: jujudb.FieldModelUUID, Value: b.uuid})
	d = append(d, fields...)
	if !jujudb.IsRaw(coll) {
		d = append(d, bson.E{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno})
	}
	b.docs[coll] = append(b.docs[coll], d)
}

// addTyped is add for a document of internal/jujudoc: its fields are
// encoded once here, as Juju's mgo would store them, and kept encoded.
func (b *builder) addTyped(coll, local, what string, doc any) {
	fields, err := jujudoc.Fields(doc)
	if err != nil {
		b.fail(what, fmt.Errorf("encoding its %s document: %w", coll, err))
		return
	}
	b.add(coll, local, fields)
}

// addGlobal appends a document of a global collection as given.
func (b *builder) addGlobal(coll string, d bson.D) { b.docs[coll] = append(b.docs[coll], d) }

// addGlobalTyped appends a document of internal/jujudoc to a global
// collection: its fields (the _id among them, since global ids are not
// model-prefixed) and then txn-revno.
func (b *builder) addGlobalTyped(coll, what string, doc any) {
	if d := b.globalDoc(coll, what, doc); d != nil {
		b.addGlobal(coll, d)
	}
}

// globalDoc encodes a typed document of a global collection as given
// (its _id included), with txn-revno; nil, recorded as a failure, when it
// cannot be encoded.
func (b *builder) globalDoc(coll, what string, doc any) bson.D {
	fields, err := jujudoc.Fields(doc)
	if err != nil {
		b.fail(what, fmt.Errorf("encoding its %s document: %w", coll, err))
		return nil
	}
	return append(fields, bson.E{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno})
}

// index records machines and units by name for the cross-references the
// documents need (principals, unit machines, hosts).
func (b *builder) index() {
	var walk func(ms []*description.Machine)
	walk = func(ms []*description.Machine) {
		for _, mc := range ms {
			b.machines[mc.ID] = mc
			walk(mc.Containers)
		}
	}
	walk(b.m.Machines)
	b.apps = make(map[string]*description.Application, len(b.m.Applications))
	b.storageOf = map[string]int{}
	for _, s := range b.m.Storages {
		for _, u := range s.Attachments {
			b.storageOf[u]++
		}
	}
	for _, a := range b.m.Applications {
		b.apps[a.Name] = a
		for _, u := range a.Units {
			b.units[u.Name] = u
			b.unitApp[u.Name] = a
		}
	}
}

// --- statuses

func (b *builder) statusDoc(key string, s *description.Status) {
	if s == nil {
		return
	}
	value, message, values := s.Value, s.Message, s.Data
	if s.NeverSet {
		// Juju's makeStatusDoc (state/migration_import.go) turns a status
		// older Jujus passed through as never set into "unset", without
		// message or data; Juju 3.x's statusDoc has no never-set field.
		value, message, values = "unset", "", nil
	}
	data, err := anyDoc(values, true)
	if err != nil {
		b.fail("status "+key, fmt.Errorf("status data: %w", err))
		return
	}
	b.addTyped(jujudb.Statuses, key, "status "+key, &jujudoc.StatusDoc{
		Status: value, StatusInfo: message, StatusData: data, Updated: jujudb.TimeToNanos(s.Updated),
	})
}

// historyDocs writes a status history. The tree holds it newest first;
// Juju's exporter reads it back sorted by updated, then _id, descending.
// The ObjectIds are therefore handed out oldest entry first, so that
// entries sharing a time come back in the tree's order.
func (b *builder) historyDocs(key string, h []description.Status) {
	for i := len(h) - 1; i >= 0; i-- {
		s := &h[i]
		data, err := anyDoc(s.Data, true)
		if err != nil {
			b.fail("status history "+key, fmt.Errorf("status data: %w", err))
			return
		}
		fields, err := jujudoc.Fields(&jujudoc.HistoricalStatusDoc{
			GlobalKey: key, Status: s.Value, StatusInfo: s.Message, StatusData: data, Updated: jujudb.TimeToNanos(s.Updated),
		})
		if err != nil {
			b.fail("status history "+key, fmt.Errorf("encoding its %s document: %w", jujudb.StatusesHistory, err))
			return
		}
		// The _id is an ObjectId, not a model-prefixed id, so add does not
		// apply; the collection is raw (no txn-revno).
		d := make(bson.D, 0, len(fields)+2)
		d = append(d, bson.E{Key: "_id", Value: b.objectID()}, bson.E{Key: jujudb.FieldModelUUID, Value: b.uuid})
		b.docs[jujudb.StatusesHistory] = append(b.docs[jujudb.StatusesHistory], append(d, fields...))
	}
}

// objectID hands out increasing ObjectIds: the build time, then a
// counter, so that ids sort in the order they were made.
func (b *builder) objectID() bson.ObjectID {
	b.oid++
	var id bson.ObjectID
	t := uint32(b.now.Unix())
	id[0], id[1], id[2], id[3] = byte(t>>24), byte(t>>16), byte(t>>8), byte(t)
	// Bytes 4..7 come from the model's UUID, keeping the ids of different
	// models imported at the same second apart; the build stays
	// deterministic.
	copy(id[4:8], b.oidSalt[:])
	id[8], id[9], id[10], id[11] = byte(b.oid>>24), byte(b.oid>>16), byte(b.oid>>8), byte(b.oid)
	return id
}

func (b *builder) constraintsDoc(key string, c *description.Constraints) {
	var cc description.Constraints
	if c != nil {
		cc = *c
	}
	// Unset values are stored as null, as Juju's constraintsDoc (pointer
	// fields) stores them.
	nullStr := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	nullU := func(n uint64) *int64 {
		if n == 0 {
			return nil
		}
		v := u64(n)
		return &v
	}
	nullA := func(s []string) *[]string {
		if len(s) == 0 {
			return nil
		}
		return &s
	}
	var pub *bool
	if cc.AllocatePublicIP {
		pub = &cc.AllocatePublicIP
	}
	b.addTyped(jujudb.Constraints, key, "constraints "+key, &jujudoc.ConstraintsDoc{
		Arch:             nullStr(cc.Architecture),
		CPUCores:         nullU(cc.CPUCores),
		CPUPower:         nullU(cc.CPUPower),
		Mem:              nullU(cc.Memory),
		RootDisk:         nullU(cc.RootDisk),
		RootDiskSource:   nullStr(cc.RootDiskSource),
		InstanceType:     nullStr(cc.InstanceType),
		Container:        nullStr(cc.Container),
		Tags:             nullA(cc.Tags),
		Spaces:           nullA(cc.Spaces),
		Zones:            nullA(cc.Zones),
		VirtType:         nullStr(cc.VirtType),
		AllocatePublicIP: pub,
		ImageID:          nullStr(cc.ImageID),
	})
}

func (b *builder) annotationsDoc(key, tag string, ann map[string]string) {
	if len(ann) == 0 {
		return
	}
	for k := range ann {
		// Juju refuses such keys when annotations are set (ref §6.6).
		if strings.ContainsAny(k, ".$") {
			b.fail("annotations of "+tag, fmt.Errorf("annotation key %q contains '.' or '$': %w", k, ErrUnsupported))
			return
		}
	}
	b.addTyped(jujudb.Annotations, key, "annotations of "+tag, &jujudoc.AnnotationsDoc{
		GlobalKey: key, Tag: tag, Annotations: stringDoc(ann, false),
	})
}

func (b *builder) settingsDoc(key string, m map[string]any, what string) {
	s, err := anyDoc(dropNil(m), true)
	if err != nil {
		b.fail(what, err)
		return
	}
	b.addTyped(jujudb.Settings, key, what, &jujudoc.SettingsDoc{Settings: s})
}

// dropNil removes nil values, as Juju's settings writer does.
func dropNil(m map[string]any) map[string]any {
	for _, v := range m {
		if v == nil {
			out := make(map[string]any, len(m))
			for k, v := range m {
				if v != nil {
					out[k] = v
				}
			}
			return out
		}
	}
	return m
}

// --- model

func (b *builder) model(name string) {
	m := b.m
	uuid := b.uuid
	md := &jujudoc.ModelDoc{
		UUID:           uuid,
		Name:           name,
		Type:           modelType(m),
		Life:           int32(jujudb.Alive),
		Owner:          m.Owner,
		ControllerUUID: b.info.ControllerUUID,
		MigrationMode:  MigrationModeImporting,
		EnvironVersion: i32(m.EnvironVersion),
		Cloud:          m.Cloud,
		CloudRegion:    m.CloudRegion,
		AvailableTools: m.LatestTools,
		SLA:            jujudoc.SLADoc{Level: m.SLA.Level, Owner: m.SLA.Owner, Credentials: []byte(m.SLA.Credentials)},
		MeterStatus:    jujudoc.ModelMeterStatusDoc{Code: m.MeterStatus.Code, Info: m.MeterStatus.Info},
		PasswordHash:   m.PasswordHash,
	}
	if b.info.controllerModel {
		md.MigrationMode = ""
	}
	if c := m.CloudCredential; c != nil {
		md.CloudCredential = CredentialID(c)
	}
	b.addGlobalTyped(jujudb.Models, "model", md)
	b.addGlobalTyped(jujudb.UserModelName, "model", &jujudoc.UserModelNameDoc{
		ID:     UserModelNameKey(m.Owner, name),
		Marker: bson.D{{Key: uuid, Value: markInserted}},
	})

	cfg, err := modelConfig(m, b.info.SecretBackendName)
	if err != nil {
		b.fail("model config", err)
		return
	}
	agentVersionConfig(m, cfg)
	b.settingsDoc(jujudb.ModelKey, cfg, "model config")
	// Juju's Import sets the new model's status to busy, "importing", which
	// SetStatus also records in the history, above the source's entries;
	// Activate sets it to available.
	importing := description.Status{Value: ImportingStatus, Message: MigrationModeImporting, Updated: b.now}
	b.statusDoc(jujudb.ModelKey, &importing)
	b.historyDocs(jujudb.ModelKey, append([]description.Status{importing}, m.StatusHistory...))
	b.constraintsDoc(jujudb.ModelKey, m.Constraints)
	b.annotationsDoc(jujudb.ModelKey, "model-"+uuid, m.Annotations)

	// Every new model has the alpha space (ref §6.32).
	b.addTyped(jujudb.Spaces, "0", "alpha space", &jujudoc.SpaceDoc{ID: "0", Life: int32(jujudb.Alive), Name: "alpha", IsPublic: true})

	// Sequences, without the charm revision ones uploads recreate (ref
	// §6.9). Blocks then take ids from the block sequence, as Juju's import
	// does, so it advances by the number of blocks.
	seqs := copyIntMap(m.Sequences)
	blockTypes := make([]string, 0, len(m.Blocks))
	for t := range m.Blocks {
		blockTypes = append(blockTypes, t)
	}
	sort.Strings(blockTypes)
	for _, t := range blockTypes {
		bt, ok := jujudb.ParseBlockType(t)
		if !ok {
			b.fail("model blocks", fmt.Errorf("unknown block type %q", t))
			return
		}
		id := seqs["block"]
		seqs["block"] = id + 1
		b.addTyped(jujudb.Blocks, strconv.Itoa(id), "model blocks",
			&jujudoc.BlockDoc{Tag: "model-" + uuid, Type: int32(bt), Message: m.Blocks[t]})
	}
	names := make([]string, 0, len(seqs))
	for n := range seqs {
		if !strings.HasPrefix(n, "charmrev-") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b.addTyped(jujudb.Sequence, n, "model sequences", &jujudoc.SequenceDoc{Name: n, Counter: i32(seqs[n])})
	}

	// modelEntityRefs lists every machine, application, volume and
	// filesystem at once: Juju adds them one by one with $addToSet.
	var ms, as, vs, fs []string
	var walk func([]*description.Machine)
	walk = func(list []*description.Machine) {
		for _, mc := range list {
			ms = append(ms, mc.ID)
			walk(mc.Containers)
		}
	}
	walk(m.Machines)
	for _, a := range m.Applications {
		as = append(as, a.Name)
	}
	for _, v := range m.Volumes {
		vs = append(vs, v.ID)
	}
	for _, f := range m.Filesystems {
		fs = append(fs, f.ID)
	}
	b.addGlobalTyped(jujudb.ModelEntityRefs, "model", &jujudoc.ModelEntityRefsDoc{
		UUID: uuid, Machines: ms, Applications: as, Volumes: vs, Filesystems: fs,
	})
}

// MigrationModeImporting is the models.migration-mode of a model being
// imported (ref §8).
const MigrationModeImporting = "importing"

// ImportingStatus is the model status while it is imported (Juju's
// Import: status.Busy with the message "importing").
const ImportingStatus = "busy"

// agentVersionConfig puts the model's agent version (model v11) where Juju
// 3.x keeps it, the model config's agent-version (docs/juju-layout.md),
// when the config has none. Juju keeps only one: where the two differ, the
// config's is the one Juju's agents run, and an export returns it
// (ExpectedExport lists that).
func agentVersionConfig(m *description.Model, cfg map[string]any) {
	if _, ok := cfg["agent-version"]; !ok && m.AgentVersion != "" {
		cfg["agent-version"] = m.AgentVersion
	}
}

// CredentialID is the models.cloud-credential value: cloud/owner/name.
func CredentialID(c *description.CloudCredential) string {
	return c.Cloud + "/" + c.Owner + "/" + c.Name
}

// CredentialDocID is the cloudCredentials _id: cloud#owner#name.
func CredentialDocID(c *description.CloudCredential) string {
	return c.Cloud + "#" + c.Owner + "#" + c.Name
}

// UserModelNameKey is the usermodelname _id guarding owner/name
// uniqueness.
func UserModelNameKey(owner, name string) string { return strings.ToLower(owner) + ":" + name }

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func copyIntMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// --- users

func (b *builder) users() {
	users := append([]*description.User(nil), b.m.Users...)
	sort.SliceStable(users, func(i, j int) bool { return users[i].Name < users[j].Name })
	for _, u := range users {
		if u.Name == "" {
			b.fail("model users", errors.New("a user has no name"))
			return
		}
		lower := strings.ToLower(u.Name)
		b.addTyped(jujudb.ModelUsers, lower, "model user "+u.Name, &jujudoc.UserAccessDoc{
			ObjectUUID: b.uuid, UserName: u.Name, DisplayName: u.DisplayName, CreatedBy: u.CreatedBy, DateCreated: u.DateCreated,
		})
		obj := jujudb.ModelObjectKey(b.uuid)
		sub := jujudb.UserSubjectKey(u.Name)
		if d := b.globalDoc(jujudb.Permissions, "model user "+u.Name, &jujudoc.PermissionDoc{
			DocID: jujudb.PermissionID(obj, sub), ObjectGlobalKey: obj, SubjectGlobalKey: sub, Access: u.Access}); d != nil {
			b.modelPerms = append(b.modelPerms, d)
		}
		if u.LastConnection != nil {
			b.addTyped(jujudb.ModelUserLastConnection, lower, "model user "+u.Name,
				&jujudoc.ModelUserLastConnectionDoc{UserName: u.Name, LastConnection: *u.LastConnection})
		}
	}
}

// --- misc: ssh keys, image metadata, actions, operations

func (b *builder) misc() {
	m := b.m
	for _, k := range m.SSHHostKeys {
		b.addTyped(jujudb.SSHHostKeys, jujudb.MachineKey(k.MachineID), "ssh host keys of machine "+k.MachineID, &jujudoc.SSHHostKeysDoc{Keys: k.Keys})
	}
	for _, k := range m.VirtualHostKeys {
		b.addTyped(jujudb.VirtualHostKeys, k.ID, fmt.Sprintf("virtual host key %q", k.ID), &jujudoc.VirtualHostKeyDoc{HostKey: k.HostKey})
	}
	for _, im := range m.CloudImageMetadata {
		// Juju keeps only custom image metadata (ref §6.39).
		if im.Source != "custom" {
			continue
		}
		id := strings.Join([]string{im.Stream, im.Region, im.Version, im.Arch, im.VirtType, im.RootStorageType, im.Source}, ":")
		doc := &jujudoc.CloudImageMetadataDoc{
			ImageID:         im.ImageID,
			Stream:          im.Stream,
			Region:          im.Region,
			Version:         im.Version,
			Arch:            im.Arch,
			VirtType:        im.VirtType,
			RootStorageType: im.RootStorageType,
			DateCreated:     imageDate(im.DateCreated, b.now),
			Source:          im.Source,
			Priority:        i32(im.Priority),
			ExpireAt:        im.ExpireAt,
		}
		if im.RootStorageSize != nil {
			n := u64(*im.RootStorageSize)
			doc.RootStorageSize = &n
		}
		fields, err := jujudoc.Fields(doc)
		if err != nil {
			b.fail("cloud image metadata "+id, fmt.Errorf("encoding its %s document: %w", jujudb.CloudImageMetadata, err))
			return
		}
		// The _id stays a plain string: the ImageMetadata step reads it
		// (Importer.write). The marker is ferry's own (MarkerField): Juju's
		// metadataDoc does not declare it.
		d := make(bson.D, 0, len(fields)+3)
		d = append(d, bson.E{Key: "_id", Value: id})
		d = append(d, fields...)
		d = append(d,
			bson.E{Key: MarkerField, Value: bson.D{{Key: b.uuid, Value: markInserted}}},
			bson.E{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
		)
		b.addGlobal(jujudb.CloudImageMetadata, d)
	}
	for _, a := range m.Actions {
		params, err := freeDoc(a.Parameters)
		if err != nil {
			b.fail("action "+a.ID, fmt.Errorf("parameters: %w", err))
			return
		}
		results, err := freeDoc(a.Results)
		if err != nil {
			b.fail("action "+a.ID, fmt.Errorf("results: %w", err))
			return
		}
		msgs := make([]jujudoc.ActionMessage, len(a.Logs))
		for i, l := range a.Logs {
			msgs[i] = jujudoc.ActionMessage{Message: l.Message, Timestamp: l.Timestamp}
		}
		b.addTyped(jujudb.Actions, a.ID, "action "+a.ID, &jujudoc.ActionDoc{
			Receiver:       a.Receiver,
			Name:           a.Name,
			Parameters:     params,
			Parallel:       a.Parallel,
			ExecutionGroup: a.ExecutionGroup,
			Enqueued:       a.Enqueued,
			Started:        timeOrZero(a.Started),
			Completed:      timeOrZero(a.Completed),
			Operation:      a.Operation,
			Status:         a.Status,
			Message:        a.Message,
			Results:        results,
			Messages:       msgs,
		})
		switch a.Status {
		case "pending", "running", "aborting":
			// The action queue watcher works from these (ref §6.37).
			b.addTyped(jujudb.ActionNotifications, a.Receiver+"_a_"+a.ID, "action "+a.ID, &jujudoc.ActionNotificationDoc{
				Receiver: a.Receiver,
				ActionID: a.ID,
				Changed:  b.now,
			})
		}
	}
	for _, o := range m.Operations {
		b.addTyped(jujudb.Operations, o.ID, "operation "+o.ID, &jujudoc.OperationDoc{
			Summary:           o.Summary,
			Fail:              o.Fail,
			Enqueued:          o.Enqueued,
			Started:           timeOrZero(o.Started),
			Completed:         timeOrZero(o.Completed),
			CompleteTaskCount: i32(o.CompleteTaskCount),
			Status:            o.Status,
			SpawnedTaskCount:  i32(o.SpawnedTaskCount),
		})
	}
}

// timeOrZero is an optional time as Juju stores it: the zero time (mgo's
// zero datetime, which reads back as unset) for none.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// freeDoc encodes free-form data (an action's parameters or results) as
// anyDoc does, kept encoded for a typed document's bson.RawValue field.
func freeDoc(m map[string]any) (bson.RawValue, error) {
	d, err := anyDoc(m, false)
	if err != nil {
		return bson.RawValue{}, err
	}
	t, data, err := bson.MarshalValue(d)
	return bson.RawValue{Type: t, Value: data}, err
}

// --- network

func (b *builder) providerID(kind, pid string) {
	if pid != "" {
		b.addTyped(jujudb.ProviderIDs, kind+":"+pid, kind+" provider id "+pid, &jujudoc.ProviderIDDoc{})
	}
}

// spaceIDs gives every space of the tree its id: descriptions before v2
// carry none, so those get the next free numbers, as Juju's space sequence
// would give them. Subnets then name spaces by id.
func spaceIDs(m *description.Model) (ids []string, byName map[string]string) {
	next := 1
	for _, s := range m.Spaces {
		if n, err := strconv.Atoi(s.ID); err == nil && n >= next {
			next = n + 1
		}
	}
	byName = map[string]string{}
	for _, s := range m.Spaces {
		id := s.ID
		if id == "" {
			id = strconv.Itoa(next)
			next++
		}
		ids = append(ids, id)
		byName[s.Name] = id
	}
	return ids, byName
}

func (b *builder) network() {
	m := b.m
	ids, byName := spaceIDs(m)
	b.spaceByName = byName
	for i, s := range m.Spaces {
		if ids[i] == "0" {
			continue // alpha is written with the model
		}
		b.addTyped(jujudb.Spaces, ids[i], "space "+s.Name, &jujudoc.SpaceDoc{
			ID: ids[i], Life: int32(jujudb.Alive), Name: s.Name, IsPublic: s.Public, ProviderID: s.ProviderID,
		})
		b.providerID("space", s.ProviderID)
	}
	next := 0
	for _, s := range m.Subnets {
		if n, err := strconv.Atoi(s.ID); err == nil && n >= next {
			next = n + 1
		}
	}
	for _, s := range m.Subnets {
		id := s.ID
		if id == "" {
			// Descriptions before v6 carry no subnet id: give one, as
			// Juju's subnet sequence would.
			id = strconv.Itoa(next)
			next++
		}
		b.addTyped(jujudb.Subnets, id, "subnet "+s.CIDR, &jujudoc.SubnetDoc{
			ID:                id,
			Life:              int32(jujudb.Alive),
			ProviderID:        s.ProviderID,
			ProviderNetworkID: s.ProviderNetworkID,
			CIDR:              s.CIDR,
			VLANTag:           i32(s.VLANTag),
			AvailabilityZones: s.AvailabilityZones,
			IsPublic:          s.IsPublic,
			SpaceID:           subnetSpace(s, byName),
			FanLocalUnderlay:  s.FanLocalUnderlay,
			FanOverlay:        s.FanOverlay,
		})
		b.providerID("subnet", s.ProviderID)
	}
	for _, d := range m.LinkLayerDevices {
		b.addTyped(jujudb.LinkLayerDevices, jujudb.LinkLayerDeviceKey(d.MachineID, d.Name), "link-layer device "+d.Name+" of machine "+d.MachineID, &jujudoc.LinkLayerDeviceDoc{
			Name:            d.Name,
			MTU:             i32(int(d.MTU)),
			ProviderID:      d.ProviderID,
			MachineID:       d.MachineID,
			Type:            d.Type,
			MACAddress:      d.MACAddress,
			IsAutoStart:     d.IsAutoStart,
			IsUp:            d.IsUp,
			ParentName:      d.ParentName,
			VirtualPortType: d.VirtualPortType,
		})
		b.providerID("linklayerdevice", d.ProviderID)
	}
	for _, a := range m.IPAddresses {
		b.addTyped(jujudb.IPAddresses, jujudb.IPAddressKey(a.MachineID, a.DeviceName, a.Value), "ip address "+a.Value+" of machine "+a.MachineID, &jujudoc.IPAddressDoc{
			ProviderID:        a.ProviderID,
			ProviderNetworkID: a.ProviderNetworkID,
			ProviderSubnetID:  a.ProviderSubnetID,
			DeviceName:        a.DeviceName,
			MachineID:         a.MachineID,
			SubnetCIDR:        a.SubnetCIDR,
			ConfigMethod:      a.ConfigMethod,
			Value:             a.Value,
			DNSServers:        a.DNSServers,
			DNSSearchDomains:  a.DNSSearchDomains,
			GatewayAddress:    a.GatewayAddress,
			IsDefaultGateway:  a.IsDefaultGateway,
			Origin:            a.Origin,
			IsShadow:          a.IsShadow,
			IsSecondary:       a.IsSecondary,
		})
		b.providerID("address", a.ProviderID)
	}
}

// subnetSpace is the id of a subnet's space: its space id, or for
// descriptions before v5 the id of the space its space name names.
func subnetSpace(s *description.Subnet, byName map[string]string) string {
	if s.SpaceID != "" {
		return s.SpaceID
	}
	return byName[s.SpaceName]
}

// modelType is the model's type; descriptions before v2 have none, and
// every such model was IAAS.
func modelType(m *description.Model) string {
	if m.Type == "" {
		return "iaas"
	}
	return m.Type
}

// OfferUUID is an offer's UUID. Offers of descriptions before v2 have
// none; they get one derived from the model and the offer's name, so that
// the same tree always imports the same way.
func OfferUUID(modelUUID string, o *description.ApplicationOffer) string {
	if o.OfferUUID != "" {
		return o.OfferUUID
	}
	h := sha1.Sum([]byte(modelUUID + "/offer/" + o.OfferName))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
