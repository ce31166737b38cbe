package export_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/mongotest"
)

// The benchmarks share one database holding the benchmark model, loaded
// once per process (FerretDB takes ~8,000 documents a second). The model
// is controllertest.Huge (10,000 machines, 1,000 applications, 10,000
// units, 5,000 relations) unless FERRY_BENCH_SIZE names another preset
// (small, medium, large). With FERRY_TEST_MONGO_URI set, the database
// "ferry_bench_<size>" on that server is reused if it already holds the
// model, which is how bench/export.sh shares it with ferry status.

const benchDB = "ferry_bench_"

type benchEnv struct {
	size    controllertest.Size
	uuid    string
	db      *mongo.Database
	finds   *countingMonitor
	model   *description.Model
	loadDur time.Duration
	loaded  int // documents written, 0 when reused
	mem     *export.MemorySource
	err     error
}

type countingMonitor struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *countingMonitor) started(_ context.Context, e *event.CommandStartedEvent) {
	c.mu.Lock()
	c.counts[e.CommandName]++
	c.mu.Unlock()
}

func (c *countingMonitor) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

var (
	benchOnce sync.Once
	bench     benchEnv
)

func benchSize() controllertest.Size {
	switch os.Getenv("FERRY_BENCH_SIZE") {
	case "small":
		return controllertest.Small
	case "medium":
		return controllertest.Medium
	case "large":
		return controllertest.Large
	}
	return controllertest.Huge
}

func setupBench(b *testing.B) *benchEnv {
	b.Helper()
	uri := mongotest.URI(b)
	benchOnce.Do(func() {
		e := &bench
		e.size = benchSize()
		e.size.UUID = "be9c0000-0000-4000-8000-00000000" + fmt.Sprintf("%04d", len(e.size.Name))
		e.uuid = e.size.UUID
		e.finds = &countingMonitor{counts: map[string]int{}}
		client, err := mongo.Connect(options.Client().ApplyURI(uri).SetMonitor(&event.CommandMonitor{Started: e.finds.started}))
		if err != nil {
			e.err = err
			return
		}
		// Not disconnected: the benchmarks of the process share it.
		e.db = client.Database(benchDB + e.size.Name)
		ctx := context.Background()
		e.model = controllertest.Generate(e.size)
		n, err := e.db.Collection("models").CountDocuments(ctx, bson.D{{Key: "_id", Value: e.uuid}})
		if err != nil {
			e.err = err
			return
		}
		if n == 0 {
			if err := e.db.Drop(ctx); err != nil {
				e.err = err
				return
			}
			docs, err := controllertest.Documents(e.model)
			if err != nil {
				e.err = err
				return
			}
			start := time.Now()
			if err := docs.Insert(ctx, e.db); err != nil {
				e.err = err
				return
			}
			e.loadDur = time.Since(start)
			e.loaded = docs.Count()
			fmt.Fprintf(os.Stderr, "bench: loaded %s model: %d documents in %s (%.0f docs/s)\n",
				e.size.Name, e.loaded, e.loadDur.Round(time.Millisecond), float64(e.loaded)/e.loadDur.Seconds())
		} else {
			fmt.Fprintf(os.Stderr, "bench: reusing the %s model in %s\n", e.size.Name, e.db.Name())
		}
		e.finds.take()
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return &bench
}

var recordOnce sync.Once

// recorded returns the benchmark model's documents as an export reads
// them, recorded once per process.
func recorded(b *testing.B, e *benchEnv) *export.MemorySource {
	recordOnce.Do(func() {
		e.mem, e.err = export.Record(context.Background(), export.NewMongoSource(e.db), e.uuid, export.Options{})
		e.finds.take()
	})
	if e.err != nil {
		b.Fatal(e.err)
	}
	return e.mem
}

func reportQueries(b *testing.B, e *benchEnv) {
	c := e.finds.take()
	b.ReportMetric(float64(c["find"])/float64(b.N), "finds/op")
	b.ReportMetric(float64(c["getMore"])/float64(b.N), "getMores/op")
}

// BenchmarkExport is a full export of the benchmark model from the
// database.
func BenchmarkExport(b *testing.B) {
	e := setupBench(b)
	ctx := context.Background()
	e.finds.take()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := export.ExportDB(ctx, e.db, e.uuid, export.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Machines) != e.size.Machines {
			b.Fatalf("exported %d machines", len(m.Machines))
		}
	}
	b.StopTimer()
	reportQueries(b, e)
}

// BenchmarkRawScan reads every document an export reads, with the same
// queries and concurrency, and decodes nothing: the floor for
// BenchmarkExport.
func BenchmarkRawScan(b *testing.B) {
	e := setupBench(b)
	ctx := context.Background()
	e.finds.take()
	b.ResetTimer()
	docs := 0
	for i := 0; i < b.N; i++ {
		n, err := export.RawScan(ctx, export.NewMongoSource(e.db), e.uuid, export.Options{})
		if err != nil {
			b.Fatal(err)
		}
		docs = n
	}
	b.StopTimer()
	b.ReportMetric(float64(docs), "docs/op")
	reportQueries(b, e)
}

// BenchmarkExportRecorded exports from the recorded documents, with no
// database, on one goroutine: ferry's own cost.
func BenchmarkExportRecorded(b *testing.B) {
	e := setupBench(b)
	mem := recorded(b, e)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := export.Export(ctx, mem, e.uuid, export.Options{Concurrency: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeStructs decodes the same recorded documents into Go
// structs shaped as Juju's document types, with the driver's bson package,
// and joins nothing: the baseline for BenchmarkExportRecorded.
func BenchmarkDecodeStructs(b *testing.B) {
	e := setupBench(b)
	mem := recorded(b, e)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, err := decodeAllStructs(mem)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.ReportMetric(float64(n), "docs/op")
		}
	}
}

// BenchmarkStatusExport is the read behind ferry status: a partial export
// (machines, applications, units, relations, remote applications; no
// history, settings, storage or secrets).
func BenchmarkStatusExport(b *testing.B) {
	e := setupBench(b)
	ctx := context.Background()
	e.finds.take()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := export.ExportDB(ctx, e.db, e.uuid, export.Options{Kinds: export.StatusKinds, StatusHistoryLimit: -1}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportQueries(b, e)
}

// BenchmarkPerEntityReader reads the model's machines, applications and
// units as status tooling does today: one query per entity for its
// document and one per status (4 per machine, 2 per application, 3 per
// unit), after listing the ids.
//
// On FerretDB each of those queries costs tens of milliseconds, so reading
// every entity of the huge model would take hours. The benchmark reads
// the first FERRY_BENCH_PER_ENTITY (default 100) machines and units and a
// tenth as many applications, and reports the queries the whole model
// needs and the time they would take at the measured rate
// (full-queries, full-s).
func BenchmarkPerEntityReader(b *testing.B) {
	e := setupBench(b)
	ctx := context.Background()
	limit := 100
	if v, err := strconv.Atoi(os.Getenv("FERRY_BENCH_PER_ENTITY")); err == nil && v > 0 {
		limit = v
	}
	e.finds.take()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := perEntityRead(ctx, e.db, e.uuid, limit); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	c := e.finds.take()
	queries := float64(c["find"]) / float64(b.N)
	perQuery := b.Elapsed().Seconds() / float64(b.N) / queries
	full := float64(3 + 4*countMachines(e.model.Machines) + 2*len(e.model.Applications) + 3*e.size.Units)
	b.ReportMetric(queries, "finds/op")
	b.ReportMetric(full, "full-queries")
	b.ReportMetric(full*perQuery, "full-s")
}

func perEntityRead(ctx context.Context, db *mongo.Database, uuid string, limit int) error {
	ids := func(coll, field string) ([]string, error) {
		cur, err := db.Collection(coll).Find(ctx, bson.D{{Key: "model-uuid", Value: uuid}}, options.Find().SetProjection(bson.D{{Key: field, Value: 1}}))
		if err != nil {
			return nil, err
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			return nil, err
		}
		out := make([]string, 0, len(docs))
		for _, d := range docs {
			s, _ := d[field].(string)
			out = append(out, s)
		}
		return out, nil
	}
	one := func(coll, local string) error {
		var doc bson.Raw
		return db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: uuid + ":" + local}}).Decode(&doc)
	}
	machines, err := ids("machines", "machineid")
	if err != nil {
		return err
	}
	machines = machines[:min(limit, len(machines))]
	for _, m := range machines {
		for _, q := range [][2]string{{"machines", m}, {"instanceData", m}, {"statuses", "m#" + m}, {"statuses", "m#" + m + "#instance"}} {
			if err := one(q[0], q[1]); err != nil {
				return fmt.Errorf("%s %s: %w", q[0], q[1], err)
			}
		}
	}
	apps, err := ids("applications", "name")
	if err != nil {
		return err
	}
	apps = apps[:min(max(limit/10, 1), len(apps))]
	for _, a := range apps {
		for _, q := range [][2]string{{"applications", a}, {"statuses", "a#" + a}} {
			if err := one(q[0], q[1]); err != nil {
				return fmt.Errorf("%s %s: %w", q[0], q[1], err)
			}
		}
	}
	units, err := ids("units", "name")
	if err != nil {
		return err
	}
	units = units[:min(limit, len(units))]
	for _, u := range units {
		for _, q := range [][2]string{{"units", u}, {"statuses", "u#" + u}, {"statuses", "u#" + u + "#charm"}} {
			if err := one(q[0], q[1]); err != nil {
				return fmt.Errorf("%s %s: %w", q[0], q[1], err)
			}
		}
	}
	return nil
}

// Juju's document types, as the decode baseline decodes them (the fields
// of shared/reference/juju-collections.md §6).

type jStatus struct {
	ID      string         `bson:"_id"`
	Model   string         `bson:"model-uuid"`
	Status  string         `bson:"status"`
	Info    string         `bson:"statusinfo"`
	Data    map[string]any `bson:"statusdata"`
	Updated int64          `bson:"updated"`
}

type jHistory struct {
	ID        bson.ObjectID  `bson:"_id"`
	Model     string         `bson:"model-uuid"`
	GlobalKey string         `bson:"globalkey"`
	Status    string         `bson:"status"`
	Info      string         `bson:"statusinfo"`
	Data      map[string]any `bson:"statusdata"`
	Updated   int64          `bson:"updated"`
}

type jSettings struct {
	ID       string         `bson:"_id"`
	Model    string         `bson:"model-uuid"`
	Settings map[string]any `bson:"settings"`
	Version  int64          `bson:"version"`
}

type jAddress struct {
	Value   string `bson:"value"`
	Type    string `bson:"addresstype"`
	Scope   string `bson:"networkscope,omitempty"`
	Origin  string `bson:"origin,omitempty"`
	SpaceID string `bson:"spaceid,omitempty"`
}

type jTools struct {
	Version string `bson:"version"`
	URL     string `bson:"url"`
	SHA256  string `bson:"sha256"`
	Size    int64  `bson:"size"`
}

type jMachine struct {
	ID                       string                       `bson:"_id"`
	Model                    string                       `bson:"model-uuid"`
	MachineID                string                       `bson:"machineid"`
	Base                     struct{ OS, Channel string } `bson:"base"`
	Nonce                    string                       `bson:"nonce"`
	ContainerType            string                       `bson:"containertype"`
	Principals               []string                     `bson:"principals"`
	Life                     int                          `bson:"life"`
	Tools                    *jTools                      `bson:"tools"`
	Jobs                     []int                        `bson:"jobs"`
	PasswordHash             string                       `bson:"passwordhash"`
	Clean                    bool                         `bson:"clean"`
	Addresses                []jAddress                   `bson:"addresses"`
	MachineAddresses         []jAddress                   `bson:"machineaddresses"`
	PreferredPublicAddress   jAddress                     `bson:"preferredpublicaddress"`
	PreferredPrivateAddress  jAddress                     `bson:"preferredprivateaddress"`
	SupportedContainersKnown bool                         `bson:"supportedcontainersknown"`
	SupportedContainers      []string                     `bson:"supportedcontainers"`
}

type jInstance struct {
	ID         string    `bson:"_id"`
	Model      string    `bson:"model-uuid"`
	MachineID  string    `bson:"machineid"`
	InstanceID string    `bson:"instanceid"`
	Display    string    `bson:"display-name"`
	Arch       *string   `bson:"arch"`
	Mem        *uint64   `bson:"mem"`
	RootDisk   *uint64   `bson:"rootdisk"`
	CPUCores   *uint64   `bson:"cpucores"`
	Tags       *[]string `bson:"tags"`
	AvailZone  *string   `bson:"availzone"`
}

type jBlockDevices struct {
	ID        string `bson:"_id"`
	MachineID string `bson:"machineid"`
	Devices   []struct {
		Name       string `bson:"devicename"`
		Size       uint64 `bson:"size"`
		InUse      bool   `bson:"inuse"`
		FSType     string `bson:"fstype"`
		MountPoint string `bson:"mountpoint"`
	} `bson:"blockdevices"`
}

type jPortRange struct {
	From     int    `bson:"fromport"`
	To       int    `bson:"toport"`
	Protocol string `bson:"protocol"`
}

type jOpenedPorts struct {
	ID        string                             `bson:"_id"`
	MachineID string                             `bson:"machine-id"`
	App       string                             `bson:"application-name"`
	Units     map[string]map[string][]jPortRange `bson:"unit-port-ranges"`
}

type jApplication struct {
	ID          string         `bson:"_id"`
	Name        string         `bson:"name"`
	Subordinate bool           `bson:"subordinate"`
	CharmURL    string         `bson:"charmurl"`
	Origin      map[string]any `bson:"charm-origin"`
	CharmMod    int            `bson:"charmmodifiedversion"`
	Life        int            `bson:"life"`
	UnitCount   int            `bson:"unitcount"`
	MinUnits    int            `bson:"minunits"`
	Tools       *jTools        `bson:"tools"`
	Exposed     bool           `bson:"exposed"`
	Scale       int            `bson:"scale"`
	Password    string         `bson:"passwordhash"`
}

type jUnit struct {
	ID           string   `bson:"_id"`
	Name         string   `bson:"name"`
	Application  string   `bson:"application"`
	CharmURL     *string  `bson:"charmurl"`
	Principal    string   `bson:"principal"`
	Subordinates []string `bson:"subordinates"`
	MachineID    string   `bson:"machineid"`
	Tools        *jTools  `bson:"tools"`
	Life         int      `bson:"life"`
	Password     string   `bson:"passwordhash"`
}

type jRelation struct {
	ID        string `bson:"_id"`
	Key       string `bson:"key"`
	RelID     int    `bson:"id"`
	Endpoints []struct {
		App      string `bson:"applicationname"`
		Relation struct {
			Name, Role, Interface string
			Optional              bool
			Limit                 int
			Scope                 string
		} `bson:"relation"`
	} `bson:"endpoints"`
	Life      int `bson:"life"`
	UnitCount int `bson:"unitcount"`
}

type jScope struct {
	ID        string `bson:"_id"`
	Key       string `bson:"key"`
	Departing bool   `bson:"departing"`
}

type jMeter struct {
	ID   string `bson:"_id"`
	Code string `bson:"code"`
	Info string `bson:"info"`
}

type jGeneric struct {
	ID any `bson:"_id"`
}

func decodeAllStructs(mem *export.MemorySource) (int, error) {
	n := 0
	for _, coll := range mem.Collections() {
		var decode func(raw bson.Raw) error
		switch coll {
		case "statuses":
			decode = func(raw bson.Raw) error { var d jStatus; return bson.Unmarshal(raw, &d) }
		case "statuseshistory":
			decode = func(raw bson.Raw) error { var d jHistory; return bson.Unmarshal(raw, &d) }
		case "settings":
			decode = func(raw bson.Raw) error { var d jSettings; return bson.Unmarshal(raw, &d) }
		case "machines":
			decode = func(raw bson.Raw) error { var d jMachine; return bson.Unmarshal(raw, &d) }
		case "instanceData":
			decode = func(raw bson.Raw) error { var d jInstance; return bson.Unmarshal(raw, &d) }
		case "blockdevices":
			decode = func(raw bson.Raw) error { var d jBlockDevices; return bson.Unmarshal(raw, &d) }
		case "openedPorts":
			decode = func(raw bson.Raw) error { var d jOpenedPorts; return bson.Unmarshal(raw, &d) }
		case "applications":
			decode = func(raw bson.Raw) error { var d jApplication; return bson.Unmarshal(raw, &d) }
		case "units":
			decode = func(raw bson.Raw) error { var d jUnit; return bson.Unmarshal(raw, &d) }
		case "relations":
			decode = func(raw bson.Raw) error { var d jRelation; return bson.Unmarshal(raw, &d) }
		case "relationscopes":
			decode = func(raw bson.Raw) error { var d jScope; return bson.Unmarshal(raw, &d) }
		case "meterStatus":
			decode = func(raw bson.Raw) error { var d jMeter; return bson.Unmarshal(raw, &d) }
		default:
			decode = func(raw bson.Raw) error { var d map[string]any; return bson.Unmarshal(raw, &d) }
		}
		for _, raw := range mem.Docs(coll) {
			if err := decode(raw); err != nil {
				return 0, fmt.Errorf("%s: %w", coll, err)
			}
			n++
		}
	}
	return n, nil
}

var _ = strconv.Itoa

// BenchmarkExportVsRawScan alternates a raw scan and an export (swapping
// which goes first each round) and reports the fastest and the median of
// each and their ratios: on a shared machine, load from other processes
// drifts over minutes, and two separate benchmarks run minutes apart see
// different machines. Run it with -benchtime 5x or more (bench/export.sh
// does); export/rawscan (best) and export/rawscan-median are the figures
// to read.
func BenchmarkExportVsRawScan(b *testing.B) {
	e := setupBench(b)
	ctx := context.Background()
	var exports, raws []time.Duration
	exp := func() {
		start := time.Now()
		if _, err := export.ExportDB(ctx, e.db, e.uuid, export.Options{}); err != nil {
			b.Fatal(err)
		}
		exports = append(exports, time.Since(start))
	}
	raw := func() {
		start := time.Now()
		if _, err := export.RawScan(ctx, export.NewMongoSource(e.db), e.uuid, export.Options{}); err != nil {
			b.Fatal(err)
		}
		raws = append(raws, time.Since(start))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			raw()
			exp()
		} else {
			exp()
			raw()
		}
	}
	b.StopTimer()
	bestExport, medExport := bestAndMedian(exports)
	bestRaw, medRaw := bestAndMedian(raws)
	b.ReportMetric(float64(len(exports)), "runs")
	b.ReportMetric(bestExport.Seconds(), "export-s")
	b.ReportMetric(bestRaw.Seconds(), "rawscan-s")
	b.ReportMetric(bestExport.Seconds()/bestRaw.Seconds(), "export/rawscan")
	b.ReportMetric(medExport.Seconds(), "export-median-s")
	b.ReportMetric(medRaw.Seconds(), "rawscan-median-s")
	b.ReportMetric(medExport.Seconds()/medRaw.Seconds(), "export/rawscan-median")
}

// bestAndMedian gives the fastest and the median of some run times.
func bestAndMedian(ds []time.Duration) (best, median time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[0], s[len(s)/2]
}
