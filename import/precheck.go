package importer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// Keys of the controllers documents the prechecks read (ref §6.52).
const (
	// ControllerSettingsKey holds the controller config, controller-uuid
	// among it.
	ControllerSettingsKey = "controllerSettings"
	// ControllerInfoKey holds the controller model's UUID.
	ControllerInfoKey = "e"
)

// PrecheckError lists every reason the target cannot take the model.
// Nothing has been written when it is returned.
type PrecheckError struct {
	ModelUUID string
	Problems  []string
	// Conflict is set when a model with the same UUID, or the same owner
	// and name, already exists.
	Conflict bool
}

func (e *PrecheckError) Error() string {
	if len(e.Problems) == 1 {
		return fmt.Sprintf("import: model %s: target precheck failed: %s", e.ModelUUID, e.Problems[0])
	}
	return fmt.Sprintf("import: model %s: target precheck failed:\n  - %s", e.ModelUUID, strings.Join(e.Problems, "\n  - "))
}

// ErrPrecheck is matched by errors.Is on a *PrecheckError.
var ErrPrecheck = errors.New("target precheck failed")

// Is makes errors.Is(err, ErrPrecheck) true.
func (e *PrecheckError) Is(target error) bool { return target == ErrPrecheck }

// PrecheckResult is what the prechecks learnt about the target.
type PrecheckResult struct {
	Info TargetInfo
	// Leftover is set when a model with this UUID is marked importing: an
	// import that crashed or was never activated. Import removes it before
	// writing.
	Leftover bool
	// snapshot holds the controller documents the checks read, by
	// collection: a dry run copies them into its scratch database.
	snapshot map[string][]bson.Raw
}

// Precheck checks, before anything is written, that the target can take
// the model: no other model has its UUID, or its owner and name; its
// owner and local users exist; its cloud, region and credential exist
// (the credential matching the tree's); the controller is at least as new
// as the model's agent version; the secret backends it names exist. Every
// failure is listed in one *PrecheckError. It reads a fixed number of
// documents, whatever the model's size.
func (im *Importer) Precheck(ctx context.Context, m *description.Model) (*PrecheckResult, error) {
	uuid, name := m.UUID(), m.Name()
	pe := &PrecheckError{ModelUUID: uuid}
	res := &PrecheckResult{snapshot: map[string][]bson.Raw{}}
	problem := func(format string, args ...any) { pe.Problems = append(pe.Problems, fmt.Sprintf(format, args...)) }
	read := func(coll string, filter bson.D) ([]bson.Raw, error) {
		cur, err := im.db.Collection(coll).Find(ctx, filter)
		if err != nil {
			return nil, fmt.Errorf("import: precheck: reading %s: %w", coll, err)
		}
		defer cur.Close(context.WithoutCancel(ctx))
		var out []bson.Raw
		for cur.Next(ctx) {
			out = append(out, append(bson.Raw(nil), cur.Current...))
		}
		if err := cur.Err(); err != nil {
			return nil, fmt.Errorf("import: precheck: reading %s: %w", coll, err)
		}
		return out, nil
	}
	str := func(d bson.Raw, path ...string) string {
		s, _ := d.Lookup(path...).StringValueOK()
		return s
	}
	im.progress(Progress{Phase: "precheck"})

	// Models with the same UUID, or the same owner and name.
	docs, err := read(jujudb.Models, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "_id", Value: uuid}},
		bson.D{{Key: "name", Value: name}},
	}}})
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		id, mode := str(d, "_id"), str(d, "migration-mode")
		switch {
		case id == uuid && mode == MigrationModeImporting:
			res.Leftover = true
		case id == uuid:
			pe.Conflict = true
			problem("a model with UUID %s already exists (%s/%s)", uuid, str(d, "owner"), str(d, "name"))
		case strings.EqualFold(str(d, "owner"), m.Owner):
			pe.Conflict = true
			problem("a model named %s/%s already exists (UUID %s)", m.Owner, name, id)
		}
	}
	if docs, err = read(jujudb.UserModelName, bson.D{{Key: "_id", Value: UserModelNameKey(m.Owner, name)}}); err != nil {
		return nil, err
	}
	for _, d := range docs {
		// The guard of a model that no longer has a models document (or of
		// our own leftover, which the cleanup removes) is not a conflict
		// unless another model's mark is on it.
		if mark, err := d.LookupErr(MarkerField); err == nil {
			if _, mine := mark.Document().Lookup(uuid).StringValueOK(); mine {
				continue
			}
		}
		if !pe.Conflict {
			pe.Conflict = true
			problem("the model name %s/%s is taken (usermodelname %q exists)", m.Owner, name, UserModelNameKey(m.Owner, name))
		}
	}

	// Users: the owner and every local (non-external) model user.
	wantUsers := map[string]string{}
	if !strings.Contains(m.Owner, "@") {
		wantUsers[strings.ToLower(m.Owner)] = m.Owner
	}
	for _, u := range m.Users {
		if !strings.Contains(u.Name, "@") {
			wantUsers[strings.ToLower(u.Name)] = u.Name
		}
	}
	ids := slices.Sorted(maps.Keys(wantUsers))
	if docs, err = read(jujudb.Users, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		return nil, err
	}
	res.snapshot[jujudb.Users] = docs
	have := map[string]bool{}
	for _, d := range docs {
		id := strings.ToLower(str(d, "_id"))
		if del, _ := d.Lookup("deleted").BooleanOK(); del {
			problem("user %q is deleted on the target", wantUsers[id])
			have[id] = true
			continue
		}
		have[id] = true
	}
	for _, id := range ids {
		if !have[id] {
			problem("user %q does not exist on the target", wantUsers[id])
		}
	}

	// Cloud and region.
	if docs, err = read(jujudb.Clouds, bson.D{{Key: "_id", Value: m.Cloud}}); err != nil {
		return nil, err
	}
	res.snapshot[jujudb.Clouds] = docs
	if len(docs) == 0 {
		problem("cloud %q does not exist on the target", m.Cloud)
	} else if m.CloudRegion != "" {
		if _, err := docs[0].LookupErr("regions", jujudb.EscapeKey(m.CloudRegion)); err != nil {
			problem("cloud %q has no region %q on the target", m.Cloud, m.CloudRegion)
		}
	}

	// Credential: Juju needs the one the model names, matching it.
	if c := m.CloudCredential; c != nil {
		if docs, err = read(jujudb.CloudCredentials, bson.D{{Key: "_id", Value: CredentialDocID(c)}}); err != nil {
			return nil, err
		}
		res.snapshot[jujudb.CloudCredentials] = docs
		if len(docs) == 0 {
			problem("cloud credential %q does not exist on the target", CredentialID(c))
		} else {
			d := docs[0]
			if rev, _ := d.Lookup("revoked").BooleanOK(); rev {
				problem("cloud credential %q is revoked on the target", CredentialID(c))
			}
			if at := str(d, "auth-type"); at != c.AuthType {
				problem("cloud credential %q has auth type %q on the target, %q in the model", CredentialID(c), at, c.AuthType)
			}
			attrs := map[string]string{}
			if a, ok := d.Lookup("attributes").DocumentOK(); ok {
				els, _ := a.Elements()
				for _, e := range els {
					s, _ := e.Value().StringValueOK()
					attrs[e.Key()] = s
				}
			}
			if !maps.Equal(attrs, nonNilStrings(c.Attributes)) {
				problem("cloud credential %q has other attributes on the target than in the model", CredentialID(c))
			}
		}
	}

	// Controller: its UUID, its model's agent version, the hosted model
	// count the import raises.
	if docs, err = read(jujudb.Controllers, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{ControllerSettingsKey, ControllerInfoKey, HostedModelCountKey}}}}}); err != nil {
		return nil, err
	}
	res.snapshot[jujudb.Controllers] = docs
	var ctrlModel string
	seen := map[string]bool{}
	for _, d := range docs {
		id := str(d, "_id")
		seen[id] = true
		switch id {
		case ControllerSettingsKey:
			res.Info.ControllerUUID = str(d, "settings", "controller-uuid")
		case ControllerInfoKey:
			ctrlModel = str(d, "model-uuid")
		}
	}
	for _, k := range []string{ControllerSettingsKey, ControllerInfoKey, HostedModelCountKey} {
		if !seen[k] {
			problem("the controllers document %q is missing: this is not an initialised Juju controller database", k)
		}
	}
	if seen[ControllerSettingsKey] && res.Info.ControllerUUID == "" {
		problem("the controller settings have no controller-uuid")
	}
	if ctrlModel != "" {
		if docs, err = read(jujudb.Settings, bson.D{{Key: "_id", Value: jujudb.DocID(ctrlModel, jujudb.ModelKey)}}); err != nil {
			return nil, err
		}
		res.snapshot[jujudb.Settings] = docs
		if len(docs) > 0 {
			res.Info.ControllerVersion = str(docs[0], "settings", "agent-version")
		}
		if res.Info.ControllerVersion == "" {
			problem("the controller model %s has no agent-version: cannot tell the target controller's version", ctrlModel)
		}
	}
	if mv, _ := m.Config["agent-version"].(string); mv != "" && res.Info.ControllerVersion != "" {
		mver, err1 := parseVersion(mv)
		cver, err2 := parseVersion(res.Info.ControllerVersion)
		switch {
		case err1 != nil:
			problem("the model's agent-version: %v", err1)
		case err2 != nil:
			problem("the controller's agent-version: %v", err2)
		case cver.compare(mver) < 0:
			problem("the target controller (%s) is older than the model's agent version (%s)", res.Info.ControllerVersion, mv)
		}
	}

	// Secret backends: the one the model config names, the one
	// SecretBackendID names, and those holding revisions, with the
	// refcount documents Juju increments strictly.
	if err := im.precheckSecrets(ctx, m, res, read, problem); err != nil {
		return nil, err
	}

	if len(pe.Problems) > 0 {
		return nil, pe
	}
	return res, nil
}

func nonNilStrings(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (im *Importer) precheckSecrets(ctx context.Context, m *description.Model, res *PrecheckResult,
	read func(string, bson.D) ([]bson.Raw, error), problem func(string, ...any)) error {
	name, _ := m.Config["secret-backend"].(string)
	if name == "auto" || name == "internal" {
		name = ""
	}
	revIDs := map[string]bool{}
	for _, s := range m.Secrets {
		for _, r := range s.Revisions {
			if r.ValueRef != nil && r.ValueRef.BackendID != "" {
				revIDs[r.ValueRef.BackendID] = true
			}
		}
	}
	ids := bson.A{}
	if m.SecretBackendID != "" {
		ids = append(ids, m.SecretBackendID)
	}
	for id := range revIDs {
		ids = append(ids, id)
	}
	if name == "" && len(ids) == 0 {
		return nil
	}
	or := bson.A{bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}}
	if name != "" {
		or = append(or, bson.D{{Key: "name", Value: name}})
	}
	docs, err := read(jujudb.SecretBackends, bson.D{{Key: "$or", Value: or}})
	if err != nil {
		return err
	}
	res.snapshot[jujudb.SecretBackends] = docs
	byID := map[string]bson.Raw{}
	byName := map[string]string{}
	for _, d := range docs {
		id, _ := d.Lookup("_id").StringValueOK()
		n, _ := d.Lookup("name").StringValueOK()
		byID[id] = d
		byName[n] = id
	}
	if name != "" && byName[name] == "" {
		problem("secret backend %q (the model config's secret-backend) does not exist on the target", name)
	}
	if id := m.SecretBackendID; id != "" {
		if d, ok := byID[id]; !ok {
			problem("secret backend %q (the model's secret backend id) does not exist on the target", id)
		} else {
			res.Info.SecretBackendName, _ = d.Lookup("name").StringValueOK()
		}
	}
	var refIDs []string
	for id := range revIDs {
		d, ok := byID[id]
		if !ok {
			if id != res.Info.ControllerUUID && id != m.SecretBackendID {
				problem("secret backend %q, which holds secret revisions, does not exist on the target", id)
			}
			continue
		}
		if t, _ := d.Lookup("backend-type").StringValueOK(); t == "controller" {
			res.Info.InternalSecretBackends = append(res.Info.InternalSecretBackends, id)
			continue
		}
		refIDs = append(refIDs, SecretBackendRefKey(id))
	}
	if len(refIDs) == 0 {
		return nil
	}
	sort.Strings(refIDs)
	docs, err = read(jujudb.GlobalRefcounts, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: refIDs}}}})
	if err != nil {
		return err
	}
	res.snapshot[jujudb.GlobalRefcounts] = docs
	found := map[string]bool{}
	for _, d := range docs {
		s, _ := d.Lookup("_id").StringValueOK()
		found[s] = true
	}
	for _, k := range refIDs {
		if !found[k] {
			problem("the secret backend refcount %q does not exist on the target", k)
		}
	}
	return nil
}

// DryRun prechecks the target and then imports the model into a scratch
// database on the same server, holding copies of the controller documents
// the prechecks read, and drops it. Nothing is written to the target's own
// database. It returns the result of the scratch import.
func (im *Importer) DryRun(ctx context.Context, m *description.Model) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("import: %w: %w", ErrInvalidModel, err)
	}
	pre, err := im.Precheck(ctx, m)
	if err != nil {
		return nil, err
	}
	scratch := im.db.Client().Database(scratchName())
	defer scratch.Drop(context.WithoutCancel(ctx))
	for coll, docs := range pre.snapshot {
		if len(docs) == 0 {
			continue
		}
		anyDocs := make([]any, len(docs))
		for i, d := range docs {
			anyDocs[i] = d
		}
		if _, err := scratch.Collection(coll).InsertMany(ctx, anyDocs); err != nil {
			return nil, fmt.Errorf("import: dry run: copying %s into the scratch database %s: %w", coll, scratch.Name(), err)
		}
	}
	opts := im.opts
	opts.LogsDB = nil
	res, err := New(scratch, opts).Import(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("import: dry run in scratch database %s: %w", scratch.Name(), err)
	}
	res.Cleaned = nil
	return res, nil
}

// scratchName is a database name no one else uses.
func scratchName() string {
	return "ferry_dryrun_" + bson.NewObjectID().Hex()
}
