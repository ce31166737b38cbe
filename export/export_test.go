package export_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/mongotest"
)

// TestModelsSideBySide writes three models into one database and checks
// that each exports as written: nothing of the others leaks in.
func TestModelsSideBySide(t *testing.T) {
	db := freshDB(t)
	uuids := []string{
		"aaaa0000-0000-4000-8000-000000000001",
		"bbbb0000-0000-4000-8000-000000000002",
		"cccc0000-0000-4000-8000-000000000003",
	}
	models := []func() *description.Model{
		func() *description.Model { return controllertest.JujuView(controllertest.Full(uuids[0])) },
		func() *description.Model {
			// Same application and machine names as the first model.
			return controllertest.Generate(controllertest.Size{UUID: uuids[1], Name: "other", Machines: 3, ContainerEvery: 2, Applications: 2, Units: 5, Relations: 1, History: 2})
		},
		func() *description.Model { return controllertest.FullCAAS(uuids[2]) },
	}
	for _, mk := range models {
		write(t, db, mk())
	}
	for i, mk := range models {
		t.Run(uuids[i], func(t *testing.T) {
			got, err := export.ExportDB(t.Context(), db, uuids[i], export.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := mk()
			if i != 0 {
				// Image metadata is global and exported whole, as Juju does
				// (ref §6.39): the other models get the first one's.
				want.CloudImageMetadata = controllertest.JujuView(controllertest.Full(uuids[0])).CloudImageMetadata
			}
			sameYAML(t, want, got)
		})
	}
}

// monitored returns a database handle on db's server whose client counts
// the commands it sends, by name.
func monitored(t *testing.T, dbName string) (*mongo.Database, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	counts := map[string]int{}
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		mu.Lock()
		counts[e.CommandName]++
		mu.Unlock()
	}}
	c, err := mongo.Connect(options.Client().ApplyURI(mongotest.URI(t)).SetMonitor(mon))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Disconnect(context.Background()) })
	return c.Database(dbName), func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range counts {
			out[k] = v
		}
		clear(counts)
		return out
	}
}

// TestFindsDoNotGrowWithModel exports a model with 1 machine and one with
// 1,000 and checks, with the driver's command monitor, that both send the
// same number of find commands (only getMore grows with the documents).
func TestFindsDoNotGrowWithModel(t *testing.T) {
	c, name := mongotest.FreshDB(t)
	small := controllertest.Generate(controllertest.Size{UUID: "5a000000-0000-4000-8000-000000000001", Machines: 1, Applications: 1, Units: 1, History: 1})
	big := controllertest.Generate(controllertest.Size{UUID: "b1900000-0000-4000-8000-000000000002", Machines: 1000, Applications: 10, Units: 1000, Relations: 10, History: 1})
	full := controllertest.Full("f0110000-0000-4000-8000-000000000009")
	db := c.Database(name)
	write(t, db, small)
	write(t, db, big)
	write(t, db, full)

	mdb, counts := monitored(t, name)
	counts()
	perModel := map[string]map[string]int{}
	for _, m := range []*description.Model{small, big, full} {
		got, err := export.ExportDB(t.Context(), mdb, m.UUID(), export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		perModel[m.UUID()] = counts()
		if countMachines(got.Machines) != countMachines(m.Machines) {
			t.Fatalf("model %s: exported %d machines, want %d", m.Name(), countMachines(got.Machines), countMachines(m.Machines))
		}
	}
	t.Logf("commands per export: %v", perModel)
	s, b := perModel[small.UUID()]["find"], perModel[big.UUID()]["find"]
	if s != b {
		t.Errorf("find commands: %d for 1 machine, %d for 1,000; want the same", s, b)
	}
	if s == 0 || s > 70 {
		t.Errorf("find commands: %d, want one per collection", s)
	}
	// The full model has a cloud credential and a secret backend, each one
	// more global lookup, and no more.
	if f := perModel[full.UUID()]["find"]; f != s+2 {
		t.Errorf("find commands for the full model: %d, want %d", f, s+2)
	}
}

func countMachines(ms []*description.Machine) int {
	n := 0
	for _, m := range ms {
		n += 1 + countMachines(m.Containers)
	}
	return n
}

// TestPartialExportReadsOnlyWhatItNeeds checks that a status export reads
// no storage, secrets, history or settings beyond the model config.
func TestPartialExportReadsOnlyWhatItNeeds(t *testing.T) {
	db := freshDB(t)
	const uuid = "9a270000-0000-4000-8000-000000000001"
	full := controllertest.Full(uuid)
	write(t, db, full)
	src := &export.CountingSource{Source: export.NewMongoSource(db)}
	m, err := export.Export(t.Context(), src, uuid, export.Options{Kinds: export.StatusKinds})
	if err != nil {
		t.Fatal(err)
	}
	got := src.Collections()
	want := []string{"applications", "charms", "endpointbindings", "instanceData", "blockdevices", "machines", "meterStatus", "models",
		"openedPorts", "relations", "remoteApplications", "settings", "statuses", "storageconstraints", "units"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("collections read: %v\nwant %v", got, want)
	}
	if len(m.Machines) != len(full.Machines) || len(m.Applications) != len(full.Applications) || len(m.Relations) != len(full.Relations) {
		t.Errorf("partial export has %d machines, %d applications, %d relations; want %d, %d, %d",
			len(m.Machines), len(m.Applications), len(m.Relations), len(full.Machines), len(full.Applications), len(full.Relations))
	}
	if m.Machines[0].StatusHistory != nil || len(m.Volumes) != 0 || len(m.Secrets) != 0 {
		t.Error("partial export carries history, storage or secrets")
	}
	if m.Applications[0].Units[0].WorkloadStatus == nil || m.Machines[0].Instance == nil {
		t.Error("partial export lacks unit statuses or machine instances")
	}
}

// TestStatusHistoryLimit checks the cap, the order (newest first, then _id
// descending among equal times) and that a negative limit reads none.
func TestStatusHistoryLimit(t *testing.T) {
	db := freshDB(t)
	const uuid = "415a0000-0000-4000-8000-000000000001"
	m := controllertest.Generate(controllertest.Size{UUID: uuid, Machines: 1, Applications: 1, Units: 1, History: 30})
	// Two entries with the same time: the later-written (higher ObjectId)
	// comes first.
	h := m.Machines[0].StatusHistory
	h[1].Updated = h[0].Updated
	h[0].Message, h[1].Message = "second written", "first written"
	write(t, db, m)
	for _, tc := range []struct{ limit, want int }{{0, 20}, {5, 5}, {100, 30}, {-1, 0}} {
		got, err := export.ExportDB(t.Context(), db, uuid, export.Options{StatusHistoryLimit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		mh := got.Machines[0].StatusHistory
		if len(mh) != tc.want {
			t.Errorf("limit %d: %d machine history entries, want %d", tc.limit, len(mh), tc.want)
			continue
		}
		if tc.want > 0 {
			if mh[0].Message != "second written" || mh[1].Message != "first written" {
				t.Errorf("limit %d: history starts %q, %q; want the later-written of two equal times first", tc.limit, mh[0].Message, mh[1].Message)
			}
			for i := 1; i < len(mh); i++ {
				if mh[i].Updated.After(mh[i-1].Updated) {
					t.Errorf("limit %d: history not newest first at %d", tc.limit, i)
				}
			}
		}
	}
}

// TestRecordedSource exports from recorded documents and from the
// database and expects the same tree.
func TestRecordedSource(t *testing.T) {
	db := freshDB(t)
	const uuid = "4ec00000-0000-4000-8000-000000000001"
	write(t, db, controllertest.Full(uuid))
	src := export.NewMongoSource(db)
	fromDB, err := export.Export(t.Context(), src, uuid, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mem, err := export.Record(t.Context(), src, uuid, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromMem, err := export.Export(t.Context(), mem, uuid, export.Options{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	sameYAML(t, fromDB, fromMem)
	n, err := export.RawScan(t.Context(), mem, uuid, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range mem.Collections() {
		total += len(mem.Docs(c))
	}
	if n != total {
		t.Errorf("raw scan read %d documents, the recording holds %d", n, total)
	}
}

func TestListAndFindModels(t *testing.T) {
	db := freshDB(t)
	a := controllertest.Generate(controllertest.Size{UUID: "11110000-0000-4000-8000-000000000001", Name: "prod", Machines: 2, Applications: 1, Units: 3})
	b := controllertest.Generate(controllertest.Size{UUID: "22220000-0000-4000-8000-000000000002", Name: "dev", CAAS: true, Applications: 2, Units: 2})
	write(t, db, a)
	write(t, db, b)
	src := export.NewMongoSource(db)
	models, err := export.ListModels(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != 2 {
		t.Fatalf("got %d models, want 2", len(models))
	}
	dev, prod := models[0], models[1]
	if dev.Name != "dev" || dev.Type != "caas" || dev.Units != 2 || dev.Applications != 2 || dev.Machines != 0 || dev.Life != "alive" {
		t.Errorf("dev: %+v", dev)
	}
	if prod.Name != "prod" || prod.Machines != 2 || prod.Units != 3 || prod.Owner != "admin" {
		t.Errorf("prod: %+v", prod)
	}
	for _, ref := range []string{"prod", "admin/prod", a.UUID()} {
		s, err := export.FindModel(t.Context(), src, ref)
		if err != nil || s.UUID != a.UUID() {
			t.Errorf("FindModel(%q) = %v, %v", ref, s.UUID, err)
		}
	}
	if _, err := export.FindModel(t.Context(), src, "nosuch"); !errors.Is(err, export.ErrModelNotFound) {
		t.Errorf("FindModel(nosuch) error %v, want ErrModelNotFound", err)
	}
	if _, err := export.ExportDB(t.Context(), db, "00000000-0000-4000-8000-000000000000", export.Options{}); !errors.Is(err, export.ErrModelNotFound) {
		t.Errorf("Export of a missing model: %v, want ErrModelNotFound", err)
	}
}

var _ = bson.D{}
var _ = strings.Contains
