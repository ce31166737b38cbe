package importer_test

import (
	"sort"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
)

func buildFull(t *testing.T) (*importer.Plan, string) {
	t.Helper()
	uuid := "b0110000-0000-4000-8000-000000000001"
	p, err := importer.Build(controllertest.Full(uuid), importer.TargetInfo{ControllerUUID: "c0000000-0000-4000-8000-000000000000"}, importer.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return p, uuid
}

// TestBuildBookkeeping checks, without a database, the rules every
// document follows: the models document first and importing, model
// prefixes and model-uuid on model-scoped documents, txn-revno on every
// transactional one and on no raw one, and the bookkeeping Juju needs.
func TestBuildBookkeeping(t *testing.T) {
	p, uuid := buildFull(t)
	if p.Steps[0].Collection != jujudb.Models || docMap(p.Steps[0].Docs[0])["migration-mode"] != "importing" {
		t.Fatalf("the first step is %s, want the models document marked importing", p.Steps[0].Collection)
	}
	counts := p.InsertCounts()
	for _, st := range p.Steps {
		for _, d := range st.Docs {
			m := docMap(d)
			_, hasRevno := m[jujudb.FieldTxnRevno]
			raw := jujudb.IsRaw(st.Collection)
			if raw == hasRevno {
				t.Errorf("%s %v: txn-revno present=%v, raw collection=%v", st.Collection, m["_id"], hasRevno, raw)
			}
			if st.Global {
				continue
			}
			if m[jujudb.FieldModelUUID] != uuid {
				t.Errorf("%s %v: model-uuid is %v", st.Collection, m["_id"], m[jujudb.FieldModelUUID])
			}
			if id, ok := m["_id"].(string); ok && !strings.HasPrefix(id, uuid+":") {
				t.Errorf("%s: _id %q lacks the model prefix", st.Collection, id)
			}
		}
	}
	for _, c := range []string{jujudb.Sequence, jujudb.Refcounts, jujudb.Settings, jujudb.Statuses, jujudb.StatusesHistory,
		jujudb.ModelUsers, jujudb.Permissions, jujudb.ModelEntityRefs, jujudb.UserModelName, jujudb.ContainerRefs,
		jujudb.ProviderIDs, jujudb.Charms, jujudb.DeviceConstraints, jujudb.ActionNotifications, jujudb.Spaces} {
		if counts[c] == 0 {
			t.Errorf("no %s documents", c)
		}
	}
	var incs []string
	for _, st := range p.Steps {
		if st.Kind == importer.Increment {
			incs = append(incs, st.Collection+"/"+st.ID)
		}
	}
	want := []string{"controllers/hostedModelCount", "globalRefcounts/cloudModel#lxd", "globalRefcounts/secretbackend#revisions#backend-1"}
	if strings.Join(incs, " ") != strings.Join(want, " ") {
		t.Errorf("increments %v, want %v", incs, want)
	}
}

// TestBuildShapesMatchControllertest compares the fields of each
// collection's documents with those internal/controllertest writes from
// the reference independently. Every field it writes, the importer writes
// too (the importer adds bookkeeping fields Juju's import sets).
func TestBuildShapesMatchControllertest(t *testing.T) {
	p, uuid := buildFull(t)
	theirs, err := controllertest.Documents(controllertest.Full(uuid))
	if err != nil {
		t.Fatal(err)
	}
	fields := func(docs []bson.D) map[string]bool {
		out := map[string]bool{}
		for _, d := range docs {
			for _, e := range d {
				out[e.Key] = true
			}
		}
		return out
	}
	mine := map[string][]bson.D{}
	for _, st := range p.Steps {
		mine[st.Collection] = append(mine[st.Collection], st.Docs...)
		if st.Doc != nil {
			mine[st.Collection] = append(mine[st.Collection], st.Doc)
		}
	}
	// Controller-level documents the import does not write (InitController
	// and the target hold them).
	skip := map[string]bool{jujudb.Users: true, jujudb.CloudCredentials: true, jujudb.SecretBackends: true}
	for _, coll := range theirs.Collections() {
		if skip[coll] {
			continue
		}
		var td []bson.D
		for _, d := range theirs.Of(coll) {
			td = append(td, d.(bson.D))
		}
		tf, mf := fields(td), fields(mine[coll])
		if len(mine[coll]) == 0 {
			t.Errorf("controllertest writes %s, the importer does not", coll)
			continue
		}
		var missing, extra []string
		for f := range tf {
			if !mf[f] {
				missing = append(missing, f)
			}
		}
		for f := range mf {
			if !tf[f] {
				extra = append(extra, f)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 {
			t.Errorf("%s: fields controllertest writes and the importer does not: %v", coll, missing)
		}
		if len(extra) > 0 {
			t.Logf("%s: bookkeeping fields only the importer writes: %v", coll, extra)
		}
	}
}

func TestBuildRefusesUnstorable(t *testing.T) {
	m := controllertest.Full("b0110000-0000-4000-8000-000000000002")
	m.Machines[0].Jobs = []string{"fly"}
	_, err := importer.Build(m, importer.TargetInfo{}, importer.Options{Now: testNow})
	if err == nil || !strings.Contains(err.Error(), `machine "0": unknown machine job "fly"`) {
		t.Fatalf("got %v", err)
	}
	m = controllertest.Full("b0110000-0000-4000-8000-000000000003")
	m.Config["big"] = uint64(1 << 63)
	if _, err := importer.Build(m, importer.TargetInfo{}, importer.Options{Now: testNow}); err == nil || !strings.Contains(err.Error(), "does not fit in int64") {
		t.Fatalf("got %v", err)
	}
}

func docMap(d bson.D) map[string]any {
	m := make(map[string]any, len(d))
	for _, e := range d {
		m[e.Key] = e.Value
		// Typed documents (internal/jujudoc) keep their fields encoded.
		if rv, ok := e.Value.(bson.RawValue); ok {
			var v any
			if err := rv.Unmarshal(&v); err == nil {
				m[e.Key] = v
			}
		}
	}
	return m
}
