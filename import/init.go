package importer

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// DefaultControllerVersion is the agent version InitController gives a
// controller when the model names none.
const DefaultControllerVersion = "3.6.0"

// InitOptions tune InitController.
type InitOptions struct {
	// ControllerUUID of a controller being created; empty picks a random
	// one.
	ControllerUUID string
	// Version is the controller's agent version; empty means the model's
	// agent-version, or DefaultControllerVersion.
	Version string
}

// InitReport lists what InitController wrote, as "collection/_id".
type InitReport struct {
	ControllerUUID string
	Written        []string
}

// InitController writes the controller-level documents that a freshly
// bootstrapped Juju controller has and that importing m needs, where they
// are missing: the controller settings, the controller model (with its
// agent version, which the version precheck reads) and the hosted model
// count; the model's cloud with its region; its credential; the users it
// names; the secret backends its secrets use. Documents already there are
// left alone, so it is safe on a real controller and when run twice. It
// is what makes a bare database (as 'ferry serve' starts) a target.
func (im *Importer) InitController(ctx context.Context, m *description.Model, opts InitOptions) (*InitReport, error) {
	rep := &InitReport{}
	now := im.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	ctrls := im.db.Collection(jujudb.Controllers)
	var settings struct {
		Settings struct {
			UUID string `bson:"controller-uuid"`
		} `bson:"settings"`
	}
	err := ctrls.FindOne(ctx, bson.D{{Key: "_id", Value: ControllerSettingsKey}}).Decode(&settings)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, fmt.Errorf("init controller: reading %s: %w", jujudb.Controllers, err)
	}
	ctrlUUID := settings.Settings.UUID
	if ctrlUUID == "" {
		ctrlUUID = opts.ControllerUUID
		if ctrlUUID == "" {
			ctrlUUID = newUUID()
		}
	}
	rep.ControllerUUID = ctrlUUID
	insert := func(coll string, d bson.D) error {
		_, err := im.db.Collection(coll).InsertOne(ctx, d)
		switch {
		case mongo.IsDuplicateKeyError(err):
			return nil
		case err != nil:
			return fmt.Errorf("init controller: writing %s %v: %w", coll, d[0].Value, err)
		}
		rep.Written = append(rep.Written, fmt.Sprintf("%s/%v", coll, d[0].Value))
		return nil
	}
	version := opts.Version
	if version == "" {
		version, _ = m.Config["agent-version"].(string)
	}
	if version == "" {
		version = DefaultControllerVersion
	}
	providerType, _ := m.Config["type"].(string)
	if providerType == "" {
		providerType = m.Cloud
	}

	if err := insert(jujudb.Controllers, bson.D{
		{Key: "_id", Value: ControllerSettingsKey},
		{Key: "settings", Value: bson.D{{Key: "controller-uuid", Value: ctrlUUID}}},
		{Key: "version", Value: int64(0)},
		{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	}); err != nil {
		return nil, err
	}
	if err := insert(jujudb.Controllers, bson.D{
		{Key: "_id", Value: HostedModelCountKey}, {Key: "refcount", Value: int32(0)},
		{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	}); err != nil {
		return nil, err
	}

	// Users: admin (the controller model's owner), the model's owner and
	// its local users.
	users := map[string]*description.User{"admin": {Name: "admin", DisplayName: "admin", CreatedBy: "admin"}}
	if !strings.Contains(m.Owner, "@") {
		if _, ok := users[strings.ToLower(m.Owner)]; !ok {
			users[strings.ToLower(m.Owner)] = &description.User{Name: m.Owner, CreatedBy: "admin"}
		}
	}
	for _, u := range m.Users {
		if !strings.Contains(u.Name, "@") {
			users[strings.ToLower(u.Name)] = u
		}
	}
	for _, id := range sortedKeys(users) {
		u := users[id]
		created := u.DateCreated
		if created.IsZero() {
			created = now
		}
		if err := insert(jujudb.Users, bson.D{
			{Key: "_id", Value: id}, {Key: "name", Value: u.Name}, {Key: "displayname", Value: u.DisplayName},
			{Key: "deactivated", Value: false}, {Key: "deleted", Value: false},
			{Key: "passwordhash", Value: ""}, {Key: "passwordsalt", Value: ""},
			{Key: "createdby", Value: u.CreatedBy}, {Key: "datecreated", Value: dt(created)},
			{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
		}); err != nil {
			return nil, err
		}
	}

	// The cloud, with the model's region and credential auth type.
	authTypes := bson.A{"empty"}
	if c := m.CloudCredential; c != nil && c.AuthType != "" && c.AuthType != "empty" {
		authTypes = append(authTypes, c.AuthType)
	}
	regions := bson.D{}
	if m.CloudRegion != "" {
		regions = append(regions, bson.E{Key: jujudb.EscapeKey(m.CloudRegion), Value: bson.D{
			{Key: "name", Value: m.CloudRegion}, {Key: "endpoint", Value: ""},
			{Key: "identity-endpoint", Value: ""}, {Key: "storage-endpoint", Value: ""},
		}})
	}
	if err := insert(jujudb.Clouds, bson.D{
		{Key: "_id", Value: m.Cloud}, {Key: "name", Value: m.Cloud}, {Key: "type", Value: providerType},
		{Key: "auth-types", Value: authTypes}, {Key: "endpoint", Value: ""}, {Key: "identity-endpoint", Value: ""},
		{Key: "storage-endpoint", Value: ""}, {Key: "regions", Value: regions},
		{Key: "ca-certificates", Value: bson.A{}}, {Key: "skip-tls-verify", Value: false},
		{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	}); err != nil {
		return nil, err
	}
	if m.CloudRegion != "" {
		// An existing cloud may lack the region.
		key := "regions." + jujudb.EscapeKey(m.CloudRegion)
		res, err := im.db.Collection(jujudb.Clouds).UpdateOne(ctx,
			bson.D{{Key: "_id", Value: m.Cloud}, {Key: key, Value: bson.D{{Key: "$exists", Value: false}}}},
			bson.D{{Key: "$set", Value: bson.D{{Key: key, Value: bson.D{
				{Key: "name", Value: m.CloudRegion}, {Key: "endpoint", Value: ""},
				{Key: "identity-endpoint", Value: ""}, {Key: "storage-endpoint", Value: ""},
			}}}}})
		if err != nil {
			return nil, fmt.Errorf("init controller: adding region %q to cloud %q: %w", m.CloudRegion, m.Cloud, err)
		}
		if res.ModifiedCount > 0 {
			rep.Written = append(rep.Written, fmt.Sprintf("%s/%s#%s", jujudb.Clouds, m.Cloud, m.CloudRegion))
		}
	}
	if c := m.CloudCredential; c != nil {
		if err := insert(jujudb.CloudCredentials, bson.D{
			{Key: "_id", Value: CredentialDocID(c)}, {Key: "owner", Value: c.Owner}, {Key: "cloud", Value: c.Cloud},
			{Key: "name", Value: c.Name}, {Key: "revoked", Value: false}, {Key: "auth-type", Value: c.AuthType},
			{Key: "attributes", Value: stringDoc(c.Attributes, false)}, {Key: "invalid", Value: false},
			{Key: "invalid-reason", Value: ""}, {Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
		}); err != nil {
			return nil, err
		}
	}

	// Secret backends the model names, with their revision refcounts.
	backends := map[string]string{}
	if m.SecretBackendID != "" {
		name, _ := m.Config["secret-backend"].(string)
		if name == "" || name == "auto" || name == "internal" {
			name = "backend-" + m.SecretBackendID
		}
		backends[m.SecretBackendID] = name
	}
	for _, s := range m.Secrets {
		for _, r := range s.Revisions {
			if ref := r.ValueRef; ref != nil && ref.BackendID != "" && ref.BackendID != ctrlUUID {
				if _, ok := backends[ref.BackendID]; !ok {
					backends[ref.BackendID] = "backend-" + ref.BackendID
				}
			}
		}
	}
	for _, id := range sortedKeys(backends) {
		if err := insert(jujudb.SecretBackends, bson.D{
			{Key: "_id", Value: id}, {Key: "name", Value: backends[id]}, {Key: "backend-type", Value: "vault"},
			{Key: "token-rotate-interval", Value: nil}, {Key: "config", Value: bson.D{}},
			{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
		}); err != nil {
			return nil, err
		}
		if err := insert(jujudb.GlobalRefcounts, bson.D{
			{Key: "_id", Value: SecretBackendRefKey(id)}, {Key: "refcount", Value: int32(0)},
			{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
		}); err != nil {
			return nil, err
		}
	}

	// The controller model, last: it is a model like any other, written by
	// the importer itself and activated at once.
	var info struct {
		ModelUUID string `bson:"model-uuid"`
	}
	err = ctrls.FindOne(ctx, bson.D{{Key: "_id", Value: ControllerInfoKey}}).Decode(&info)
	switch {
	case err == nil:
		return rep, nil
	case !errors.Is(err, mongo.ErrNoDocuments):
		return nil, fmt.Errorf("init controller: reading %s: %w", jujudb.Controllers, err)
	}
	cm := &description.Model{
		Type: "iaas", Owner: "admin", Cloud: m.Cloud, CloudRegion: m.CloudRegion,
		Config: map[string]any{"name": "controller", "uuid": newUUID(), "type": providerType, "agent-version": version},
		Status: &description.Status{Value: "available", Updated: now},
		Users:  []*description.User{{Name: "admin", DisplayName: "admin", CreatedBy: "admin", DateCreated: now, Access: "admin"}},
		SLA:    description.SLA{Level: "unsupported"}, MeterStatus: description.MeterStatus{Code: "NOT AVAILABLE"},
	}
	plan, err := Build(cm, TargetInfo{ControllerUUID: ctrlUUID, controllerModel: true}, im.opts)
	if err != nil {
		return nil, fmt.Errorf("init controller: %w", err)
	}
	quiet := &Importer{db: im.db, opts: im.opts, owner: im.owner, host: im.host}
	quiet.opts.Progress = nil
	if err := quiet.Write(ctx, plan); err != nil {
		return nil, fmt.Errorf("init controller: writing the controller model: %w", err)
	}
	if err := im.Activate(ctx, cm.UUID()); err != nil {
		return nil, fmt.Errorf("init controller: %w", err)
	}
	rep.Written = append(rep.Written, fmt.Sprintf("%s/%s (the controller model, %d documents)", jujudb.Models, cm.UUID(), plan.Docs()))
	if err := insert(jujudb.Controllers, bson.D{
		{Key: "_id", Value: ControllerInfoKey}, {Key: "model-uuid", Value: cm.UUID()},
		{Key: "machineids", Value: bson.A{}}, {Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	}); err != nil {
		return nil, err
	}
	sort.Strings(rep.Written)
	return rep, nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
