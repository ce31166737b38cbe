package migrate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/workpool"
)

// problem is one reason a model cannot migrate now. A transient one may
// go away by itself (a machine finishing provisioning, an agent coming
// back, an upgrade completing), so the checks wait the grace period for
// it; a permanent one fails the checks at once.
type problem struct {
	text      string
	transient bool
}

func (r *run) precheck(ctx context.Context) error { return r.checkUntilSettled(ctx, "", true) }

// checkUntilSettled runs the checks until they pass, for up to the grace
// period, expecting the source model in the given migration mode: all of
// them, or (full false) only those of the source model's state, which is
// what can change while the model settles.
func (r *run) checkUntilSettled(ctx context.Context, mode string, full bool) error {
	start := r.now()
	grace := r.rec.Grace
	if grace == 0 {
		grace = r.opts.Grace
	}
	for attempt := 1; ; attempt++ {
		probs, err := r.checkAll(ctx, mode, full)
		if err != nil {
			return err
		}
		if len(probs) == 0 {
			if attempt > 1 {
				r.emit(Event{Kind: EventInfo, Phase: r.rec.Phase, Message: fmt.Sprintf("the model settled after %s", r.now().Sub(start).Round(time.Second))})
			}
			return nil
		}
		permanent := false
		var texts []string
		for _, p := range probs {
			permanent = permanent || !p.transient
			texts = append(texts, p.text)
		}
		waited := r.now().Sub(start)
		left := grace - waited
		if permanent || left <= 0 {
			pe := &PrecheckError{Model: r.modelRef(), Problems: texts}
			if attempt > 1 {
				pe.Waited = waited
			}
			return pe
		}
		r.emit(Event{Kind: EventWaiting, Phase: r.rec.Phase, Done: int64(len(texts)), Unit: "problems",
			Message: fmt.Sprintf("%s; checking again (up to %s more)", texts[0], left.Round(time.Second))})
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(r.opts.CheckInterval, left)):
		}
	}
}

// checkAll runs the checks of the source and (full) of its blobs and of
// the target.
func (r *run) checkAll(ctx context.Context, mode string, full bool) ([]problem, error) {
	read := func(ctx context.Context, reads map[string]checkRead) (map[string][]bson.Raw, error) {
		return readConcurrently(ctx, r.src.State(), reads)
	}
	if mode == MigrationModeExporting && !full {
		read = r.readFromExport
	}
	probs, versions, err := sourceProblems(ctx, r.src, r.srcInfo, r.rec.ModelUUID, mode, full, read)
	if mode == MigrationModeExporting {
		// Quiesced: the model's agent versions no longer change, and the
		// binaries phase needs them.
		r.versions = versions
	}
	if err != nil || !full {
		return probs, err
	}
	tprobs, err := r.targetProblems(ctx)
	if err != nil {
		return nil, err
	}
	lprobs, err := r.lossProblems(ctx)
	if err != nil {
		return nil, err
	}
	return append(append(probs, tprobs...), lprobs...), nil
}

// readFromExport gives the checks after the quiesce the documents of the
// export that the import writes, instead of reading the collections
// again: from the quiesce on the model does not change, so the checks
// pass on exactly what moves, and on FerretDB, where each of those reads
// scans its collection, the quiesce costs no scan of its own. A
// collection the export does not read with the model's filter alone
// (machineUpgradeSeriesLocks) is read as the precheck reads it. Each call
// exports afresh: a re-check after a wait must see the model as it is.
func (r *run) readFromExport(ctx context.Context, reads map[string]checkRead) (map[string][]bson.Raw, error) {
	keep := make(map[string]bool, len(reads))
	for c := range reads {
		keep[c] = true
	}
	r.exported, r.model, r.srcReads = nil, nil, nil
	if _, err := r.readSource(ctx, keep); err != nil {
		return nil, err
	}
	out := r.srcReads.kept()
	rest := map[string]checkRead{}
	for c, cr := range reads {
		if _, ok := out[c]; !ok {
			rest[c] = cr
		}
	}
	more, err := readConcurrently(ctx, r.src.State(), rest)
	for c, docs := range more {
		out[c] = docs
	}
	return out, err
}

// readAll reads a collection's documents matching filter, with only the
// fields of projection (nil: all).
func readAll(ctx context.Context, db *mongo.Database, coll string, filter bson.D, projection bson.D) ([]bson.Raw, error) {
	opts := options.Find()
	if projection != nil {
		opts.SetProjection(projection)
	}
	cur, err := db.Collection(coll).Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", coll, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var out []bson.Raw
	for cur.Next(ctx) {
		out = append(out, append(bson.Raw(nil), cur.Current...))
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", coll, err)
	}
	return out, nil
}

// checkRead is one query of the checks: a filter and the fields to read.
type checkRead struct{ filter, projection bson.D }

// checkReaders is how many of the checks' queries run at once.
const checkReaders = 3

// readConcurrently runs readAll for each collection of reads, checkReaders
// at a time, and returns the documents by collection.
func readConcurrently(ctx context.Context, db *mongo.Database, reads map[string]checkRead) (map[string][]bson.Raw, error) {
	colls := make([]string, 0, len(reads))
	for c := range reads {
		colls = append(colls, c)
	}
	// The biggest first (statuses), so that it does not run alone at the
	// end; the order is otherwise the names'.
	sort.Slice(colls, func(i, j int) bool {
		if (colls[i] == jujudb.Statuses) != (colls[j] == jujudb.Statuses) {
			return colls[i] == jujudb.Statuses
		}
		return colls[i] < colls[j]
	})
	var mu sync.Mutex
	out := make(map[string][]bson.Raw, len(reads))
	err := workpool.ForEach(colls, checkReaders, func(c string) error {
		docs, err := readAll(ctx, db, c, reads[c].filter, reads[c].projection)
		mu.Lock()
		out[c] = docs
		mu.Unlock()
		return err
	})
	return out, err
}

func str(d bson.Raw, path ...string) string {
	s, _ := d.Lookup(path...).StringValueOK()
	return s
}

func num(d bson.Raw, path ...string) int64 {
	n, _ := d.Lookup(path...).AsInt64OK()
	return n
}

// binaryNumber gives the version number of a binary version:
// "3.5.1-ubuntu-amd64" gives "3.5.1", "3.6-beta2-ubuntu-amd64" gives
// "3.6-beta2" (the last two parts are the OS and the architecture).
func binaryNumber(v string) string {
	parts := strings.Split(v, "-")
	if len(parts) < 3 {
		return v
	}
	return strings.Join(parts[:len(parts)-2], "-")
}

// sourceProblems checks that the source model can be migrated: alive, in
// the expected migration mode, not the controller model, every machine
// provisioned and its agent up, every unit deployed with its agent up and
// not mid-upgrade, nothing dying or dead, every agent on the model's
// version, no series upgrade in progress, and every blob it uses stored.
// It reads each collection once, whatever the model's size, and only the
// fields it checks, and returns the agent versions the model's machines,
// units and applications run (what blobWants would read again).
//
// read gives the checks the documents of each collection they read (with
// at least the filter's documents and the projection's fields).
func sourceProblems(ctx context.Context, src *Controller, info ControllerInfo, uuid, mode string, blobs bool,
	read func(context.Context, map[string]checkRead) (map[string][]bson.Raw, error)) ([]problem, map[string]bool, error) {
	db := src.State()
	var probs []problem
	add := func(transient bool, format string, args ...any) {
		probs = append(probs, problem{text: fmt.Sprintf(format, args...), transient: transient})
	}
	mf := bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}

	var md bson.Raw
	err := db.Collection(jujudb.Models).FindOne(ctx, bson.D{{Key: "_id", Value: uuid}}).Decode(&md)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return []problem{{text: "the model does not exist on the source"}}, nil, nil
	case err != nil:
		return nil, nil, fmt.Errorf("reading the source model: %w", err)
	}
	if l := jujudb.Life(num(md, "life")); l != jujudb.Alive {
		add(false, "the model is %s", l)
	}
	if m := str(md, "migration-mode"); m != mode {
		switch m {
		case "":
			add(false, "the model is not in migration mode %q", mode)
		default:
			add(false, "the model is already in migration mode %q (another migration is moving it)", m)
		}
	}
	if uuid == info.ModelUUID {
		add(false, "the controller model cannot be migrated")
	}
	var settings bson.Raw
	if err := db.Collection(jujudb.Settings).FindOne(ctx, bson.D{{Key: "_id", Value: jujudb.DocID(uuid, jujudb.ModelKey)}}).Decode(&settings); err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil, fmt.Errorf("reading the model config: %w", err)
	}
	version := str(settings, "settings", "agent-version")
	if version == "" {
		add(false, "the model config has no agent-version")
	}

	// The collections the checks read, a few at once: on FerretDB each
	// read is a scan of its collection in the server, and scans of
	// different collections overlap.
	life := func(name string) checkRead {
		return checkRead{bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}, {Key: "life", Value: bson.D{{Key: "$ne", Value: int32(0)}}}},
			bson.D{{Key: name, Value: 1}, {Key: "life", Value: 1}}}
	}
	lifeChecks := []struct{ coll, kind, name string }{
		{jujudb.Relations, "relation", "key"},
		{jujudb.RemoteApplications, "remote application", "name"},
		{jujudb.StorageInstances, "storage", "id"},
		{jujudb.Volumes, "volume", "name"},
		{jujudb.Filesystems, "filesystem", "filesystemid"},
	}
	reads := map[string]checkRead{
		jujudb.Statuses:     {mf, bson.D{{Key: "status", Value: 1}, {Key: "statusinfo", Value: 1}}},
		jujudb.InstanceData: {mf, bson.D{{Key: "machineid", Value: 1}, {Key: "instanceid", Value: 1}}},
		jujudb.Machines:     {mf, bson.D{{Key: "machineid", Value: 1}, {Key: "life", Value: 1}, {Key: "tools.version", Value: 1}}},
		jujudb.Applications: {mf, bson.D{{Key: "name", Value: 1}, {Key: "life", Value: 1}, {Key: "charmurl", Value: 1}, {Key: "tools.version", Value: 1}}},
		jujudb.Units: {mf, bson.D{{Key: "name", Value: 1}, {Key: "life", Value: 1}, {Key: "charmurl", Value: 1},
			{Key: "application", Value: 1}, {Key: "tools.version", Value: 1}}},
		"machineUpgradeSeriesLocks": {mf, nil},
	}
	for _, c := range lifeChecks {
		reads[c.coll] = life(c.name)
	}
	docsOf, err := read(ctx, reads)
	if err != nil {
		return nil, nil, err
	}

	statuses := map[string][2]string{}
	docs := docsOf[jujudb.Statuses]
	for _, d := range docs {
		if key, ok := jujudb.LocalID(uuid, str(d, "_id")); ok {
			statuses[key] = [2]string{str(d, "status"), str(d, "statusinfo")}
		}
	}
	agentVersion := func(what, v string) {
		if version != "" && v != "" && binaryNumber(v) != version {
			add(true, "%s runs agent %s, but the model is at %s (an upgrade is in progress)", what, binaryNumber(v), version)
		}
	}

	versions := map[string]bool{}
	instances := map[string]string{}
	for _, d := range docsOf[jujudb.InstanceData] {
		instances[str(d, "machineid")] = str(d, "instanceid")
	}
	docs = docsOf[jujudb.Machines]
	sort.Slice(docs, func(i, j int) bool { return machineLess(str(docs[i], "machineid"), str(docs[j], "machineid")) })
	for _, d := range docs {
		id := str(d, "machineid")
		what := "machine " + id
		if l := jujudb.Life(num(d, "life")); l != jujudb.Alive {
			add(true, "%s is %s", what, l)
		}
		if inst, ok := instances[id]; !ok || inst == "" {
			add(true, "%s is being provisioned (no instance yet)", what)
		} else if s, ok := statuses[jujudb.MachineInstanceKey(id)]; ok && s[0] != "running" {
			add(true, "%s is being provisioned (instance %s)", what, s[0])
		}
		switch s, ok := statuses[jujudb.MachineKey(id)]; {
		case !ok:
			add(true, "%s has no agent status (its agent is missing)", what)
		case s[0] == "pending":
			add(true, "%s is being provisioned (agent pending)", what)
		case s[0] == "down", s[0] == "error", s[0] == "stopped":
			add(true, "%s's agent is %s%s", what, s[0], withInfo(s[1]))
		}
		if v := str(d, "tools", "version"); v == "" {
			add(true, "%s has no agent yet", what)
		} else {
			agentVersion(what, v)
		}
		addBinaries(versions, d)
	}

	appCharm := map[string]string{}
	for _, d := range docsOf[jujudb.Applications] {
		addBinaries(versions, d)
		appCharm[str(d, "name")] = str(d, "charmurl")
		if l := jujudb.Life(num(d, "life")); l != jujudb.Alive {
			add(true, "application %s is %s", str(d, "name"), l)
		}
	}
	docs = docsOf[jujudb.Units]
	sort.Slice(docs, func(i, j int) bool { return str(docs[i], "name") < str(docs[j], "name") })
	for _, d := range docs {
		name := str(d, "name")
		what := "unit " + name
		if l := jujudb.Life(num(d, "life")); l != jujudb.Alive {
			add(true, "%s is %s", what, l)
		}
		if cu, au := str(d, "charmurl"), appCharm[str(d, "application")]; cu != "" && au != "" && cu != au {
			add(true, "%s is mid-upgrade (charm %s, its application's %s)", what, cu, au)
		}
		switch s, ok := statuses[jujudb.UnitAgentKey(name)]; {
		case !ok:
			add(true, "%s has no agent status (its agent is missing)", what)
		case s[0] == "allocating":
			add(true, "%s is being deployed (agent allocating)", what)
		case s[0] == "lost", s[0] == "failed", s[0] == "error":
			add(true, "%s's agent is %s%s", what, s[0], withInfo(s[1]))
		}
		agentVersion(what, str(d, "tools", "version"))
		addBinaries(versions, d)
	}

	for _, c := range lifeChecks {
		for _, d := range docsOf[c.coll] {
			if l := jujudb.Life(num(d, "life")); l != jujudb.Alive {
				add(true, "%s %s is %s", c.kind, str(d, c.name), l)
			}
		}
	}
	for _, d := range docsOf["machineUpgradeSeriesLocks"] {
		id, _ := jujudb.LocalID(uuid, str(d, "_id"))
		add(true, "machine %s is mid series upgrade", id)
	}

	if !blobs {
		return probs, versions, nil
	}
	// Every blob the model uses must be there to copy.
	wants, _, err := blobWants(ctx, src, info, uuid, versions, nil)
	if err != nil {
		return nil, nil, err
	}
	if _, err := src.store().Plan(ctx, uuid, wants); err != nil {
		var me *blobstore.MissingError
		if !errors.As(err, &me) {
			return nil, nil, err
		}
		for _, m := range me.Missing {
			add(false, "the source's blob store lacks the %s", m)
		}
	}
	return probs, versions, nil
}

func withInfo(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// machineLess orders machine ids numerically: 2 before 10, 0 before
// 0/lxd/0.
func machineLess(a, b string) bool {
	pa, pb := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		if len(pa[i]) != len(pb[i]) && isDigits(pa[i]) && isDigits(pb[i]) {
			return len(pa[i]) < len(pb[i])
		}
		return pa[i] < pb[i]
	}
	return len(pa) < len(pb)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// targetProblems checks that the target can take the model: it is another
// controller, at least as new as the model's agents, with no model of
// that UUID or owner and name, and with the cloud, region, credential,
// users and secret backends the model needs (the importer's own
// prechecks, run on the model's top-level parts only). Every problem here
// is permanent.
func (r *run) targetProblems(ctx context.Context) ([]problem, error) {
	var probs []problem
	if r.dstInfo.UUID == r.srcInfo.UUID {
		probs = append(probs, problem{text: fmt.Sprintf("the source and the target are the same controller (%s)", r.srcInfo.UUID)})
		return probs, nil
	}
	m, err := export.Export(ctx, export.NewMongoSource(r.src.State()), r.rec.ModelUUID,
		export.Options{Kinds: export.Model | export.Users | export.Secrets, StatusHistoryLimit: -1})
	if err != nil {
		return nil, fmt.Errorf("reading the model's top level: %w", err)
	}
	db := r.dst.State()
	if r.dry != nil {
		db = r.dry.realState
	}
	_, err = importer.New(db, importer.Options{}).Precheck(ctx, m)
	var pe *importer.PrecheckError
	switch {
	case errors.As(err, &pe):
		for _, p := range pe.Problems {
			probs = append(probs, problem{text: "target: " + p})
		}
	case err != nil:
		return nil, err
	}
	return probs, nil
}

// quiesce puts the source model in migration mode "exporting", as Juju's
// migration does: Juju refuses changes to the model from then on, and a
// second migration of it. Then the checks run again, since the model may
// have changed before the mode took, on the export the import will write
// (readFromExport).
func (r *run) quiesce(ctx context.Context) error {
	if err := r.setSourceMode(ctx, "", MigrationModeExporting); err != nil {
		return err
	}
	// The target, and the blobs, were checked a moment ago and the
	// import checks the target again: only the model's state is checked.
	return r.checkUntilSettled(ctx, MigrationModeExporting, false)
}

// MigrationModeExporting is the source model's migration mode while it
// is being migrated away (ref §8).
const MigrationModeExporting = "exporting"

// setSourceMode switches the source model's migration mode from one value
// to another, in one conditional update. Finding it already switched is
// fine when this migration switched it (a run cut short after the update).
func (r *run) setSourceMode(ctx context.Context, from, to string) error {
	models := r.src.State().Collection(jujudb.Models)
	res, err := models.UpdateOne(ctx, bson.D{{Key: "_id", Value: r.rec.ModelUUID}, {Key: "migration-mode", Value: from}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "migration-mode", Value: to}}}, {Key: "$inc", Value: bson.D{{Key: jujudb.FieldTxnRevno, Value: int64(1)}}}})
	if err != nil {
		return fmt.Errorf("setting the source model's migration mode to %q: %w", to, err)
	}
	if res.MatchedCount > 0 {
		return nil
	}
	var md bson.Raw
	err = models.FindOne(ctx, bson.D{{Key: "_id", Value: r.rec.ModelUUID}}).Decode(&md)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("the source model %s is gone", r.rec.ModelUUID)
	case err != nil:
		return fmt.Errorf("reading the source model: %w", err)
	}
	if mode := str(md, "migration-mode"); mode != to {
		return &PrecheckError{Model: r.modelRef(), Problems: []string{fmt.Sprintf("the model's migration mode is %q, not %q", mode, from)}}
	}
	return nil
}

// undoQuiesce makes the source model active again.
func (r *run) undoQuiesce(ctx context.Context) error {
	err := r.setSourceMode(ctx, MigrationModeExporting, "")
	var pe *PrecheckError
	if errors.As(err, &pe) {
		// Not "exporting": the mode never changed (the quiesce failed
		// before its update), or something else changed it; either way
		// there is nothing of ours to undo.
		return nil
	}
	return err
}
