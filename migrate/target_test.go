package migrate

import (
	"context"
	"errors"
	"go.mongodb.org/mongo-driver/v2/bson"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/migrate/seed"
)

// TestToGeneration moves a model juju/description v10.0.0 wrote (with the
// Juju 3.6 values) into older generations: refused with every lost value
// by path, or, allowed, without exactly those values.
func TestToGeneration(t *testing.T) {
	const file = "../testdata/fixtures/juju-v10.0.0/iaas-rich.yaml"
	read := func() *description.Model {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m, err := description.Read(file, data)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	target := func(s string) description.Target {
		tg, err := description.ParseTarget(s)
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	paths := func(ls []description.Loss) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Path)
		}
		return out
	}

	// Its own generation and the newer one hold all of it: the same tree.
	for _, tg := range []string{"v10.0.0", "v11.0.0"} {
		m := read()
		got, losses, err := toGeneration(m, target(tg), false)
		if err != nil || len(losses) > 0 || got != m {
			t.Errorf("%s: got %p (want %p), losses %v, error %v", tg, got, m, losses, err)
		}
	}

	// v9.0.0 lacks applications v14: the storage unique ids of mysql and
	// wordpress (fixture lines 1046 and 1443).
	_, losses, err := toGeneration(read(), target("v9.0.0"), false)
	if want := []string{"applications[0].storage-unique-id", "applications[1].storage-unique-id"}; !errors.Is(err, description.ErrLoss) || !reflect.DeepEqual(paths(losses), want) {
		t.Errorf("v9.0.0: losses %v, error %v; want %v", paths(losses), err, want)
	}

	// Juju 3.5's v5.0.4 holds none of the 3.6 values; the config has no
	// agent-version to keep the model's.
	want := []string{"agent-version"}
	for _, app := range []string{"applications[0]", "applications[1]"} {
		for _, k := range []string{"charm-metadata", "charm-manifest", "charm-actions", "charm-configs", "storage-unique-id"} {
			want = append(want, app+"."+k)
		}
	}
	want = append(want, "secrets[0].latest-revision-checksum", "secrets[1].latest-revision-checksum", "virtual-host-keys")
	m := read()
	_, losses, err = toGeneration(m, target("3.5.1"), false)
	if !errors.Is(err, description.ErrLoss) || !reflect.DeepEqual(paths(losses), want) {
		t.Errorf("v5.0.4 refused: losses %v, error %v; want %v", paths(losses), err, want)
	}
	got, losses, err := toGeneration(m, target("3.5.1"), true)
	if err != nil || !reflect.DeepEqual(paths(losses), want) {
		t.Fatalf("v5.0.4 allowed: losses %v, error %v", paths(losses), err)
	}
	if got.AgentVersion != "" || len(got.VirtualHostKeys) > 0 || got.Secrets[0].LatestRevisionChecksum != "" || got.Secrets[1].LatestRevisionChecksum != "" {
		t.Errorf("v5.0.4 allowed kept model or secret values: agent-version %q, %d virtual host keys, checksums %q %q",
			got.AgentVersion, len(got.VirtualHostKeys), got.Secrets[0].LatestRevisionChecksum, got.Secrets[1].LatestRevisionChecksum)
	}
	for i, a := range got.Applications {
		if a.CharmMetadata != nil || a.CharmManifest != nil || a.CharmActions != nil || a.CharmConfigs != nil || a.StorageUniqueID != "" {
			t.Errorf("v5.0.4 allowed kept charm data or a storage unique id of applications[%d] (%s)", i, a.Name)
		}
	}
	// Everything else is still there: the fixture's names, counts and
	// charms (read from the file above).
	var apps []string
	for _, a := range got.Applications {
		apps = append(apps, a.Name+" "+a.CharmURL)
	}
	if want := []string{"mysql ch:amd64/jammy/mysql-42", "wordpress ch:amd64/jammy/wordpress-42", "telegraf ch:amd64/jammy/telegraf-42", "webhook ch:amd64/jammy/webhook-k8s-3"}; !reflect.DeepEqual(apps, want) {
		t.Errorf("v5.0.4 allowed: applications %q, want %q", apps, want)
	}
	if len(got.Machines) != 2 || len(got.Secrets) != 2 || len(got.Relations) != 2 || got.Config["name"] != m.Config["name"] {
		t.Errorf("v5.0.4 allowed: %d machines, %d secrets, %d relations, name %v; want 2, 2, 2, %v",
			len(got.Machines), len(got.Secrets), len(got.Relations), got.Config["name"], m.Config["name"])
	}
}

// TestMigrateGeneration: a target whose Juju version maps to no generation
// ferry writes is refused by the prechecks, naming it; Options.Target
// names one instead, and is recorded.
func TestMigrateGeneration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seedModel(t, src, nil, seed.Tiny, "gen")
	if err := seed.InitController(ctx, dst.State(), m, "4.0.0"); err != nil {
		t.Fatal(err)
	}
	before := dump(t, src, ferrysOwn)
	_, err := Migrate(ctx, src, dst, "admin/gen", fast())
	var pe *PrecheckError
	if !errors.As(err, &pe) || len(pe.Problems) != 1 ||
		!strings.Contains(pe.Problems[0], `cannot tell which description generation the target controller reads: juju version "4.0.0": Juju 4's model format is not released`) {
		t.Fatalf("migrating to a Juju 4.0.0 target: %v", err)
	}
	sameDump(t, "the source, after the refused migration,", before, dump(t, src, ferrysOwn))

	opts := fast()
	if opts.Target, err = description.ParseTarget("v5.0.4"); err != nil {
		t.Fatal(err)
	}
	var infos []string
	opts.Progress = func(e Event) {
		if e.Kind == EventInfo {
			infos = append(infos, e.Message)
		}
	}
	res, err := Migrate(ctx, src, dst, "admin/gen", opts)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := Get(ctx, src, res.Record.ID); err != nil || rec.Format != "v5.0.4" || rec.State != Done {
		t.Errorf("record: %+v, %v; want format v5.0.4, done", rec, err)
	}
	const said = "moving the model as juju/description v5.0.4 (Juju 3.3.0 – 3.5.x) holds it, the generation asked for"
	found := false
	for _, s := range infos {
		found = found || s == said
	}
	if !found {
		t.Errorf("no event said %q; info events: %q", said, infos)
	}
}

// TestMigrateLossPrecheck: a model on its source holding Juju 3.6 values
// (a machine hostname, virtual host keys), moving to a Juju 3.5 controller,
// whose v5.0.4 holds neither: the prechecks refuse, listing each value by
// path, and change nothing; with AllowLoss it moves without them, and an
// event lists them.
func TestMigrateLossPrecheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m, err := seed.Model(seed.Tiny, newUUID(), "lossy")
	if err != nil {
		t.Fatal(err)
	}
	m.Machines[0].Hostname = "lossy-0"
	m.VirtualHostKeys = []*description.VirtualHostKey{{ID: "machine-0", HostKey: []byte("ssh-ed25519 AAAA")}}
	if _, err := seed.Write(ctx, seed.DBs{State: src.State(), Blobs: src.Blobs(), Logs: src.Logs()}, m, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := seed.InitController(ctx, dst.State(), m, "3.5.4"); err != nil {
		t.Fatal(err)
	}
	srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, ferrysOwn)
	_, err = Migrate(ctx, src, dst, "admin/lossy", fast())
	var pe *PrecheckError
	if !errors.As(err, &pe) || len(pe.Problems) != 1 {
		t.Fatalf("migrating to a Juju 3.5.4 target: %v; want one precheck problem", err)
	}
	const want = "juju/description v5.0.4 (Juju 3.3.0 – 3.5.x), the generation the target's Juju 3.5.4 reads, cannot hold 2 value(s) of this model (--allow-loss migrates without them):\n" +
		"      machines[0].hostname: needs machines v4 (juju/description v11.0.0)\n" +
		"      virtual-host-keys: needs model v12 (juju/description v8.0.0)"
	if pe.Problems[0] != want {
		t.Errorf("the precheck says:\n%s\nwant:\n%s", pe.Problems[0], want)
	}
	sameDump(t, "the source, after the refused migration,", srcBefore, dump(t, src, ferrysOwn))
	sameDump(t, "the target, after the refused migration,", dstBefore, dump(t, dst, ferrysOwn))

	opts := fast()
	opts.AllowLoss = true
	var infos []string
	opts.Progress = func(e Event) {
		if e.Kind == EventInfo && e.Unit == "values lost" {
			infos = append(infos, e.Message)
		}
	}
	if _, err := Migrate(ctx, src, dst, "admin/lossy", opts); err != nil {
		t.Fatal(err)
	}
	if len(infos) != 1 || !strings.Contains(infos[0], "without 2 value(s) it cannot hold (allowed):") ||
		!strings.Contains(infos[0], "machines[0].hostname") || !strings.Contains(infos[0], "virtual-host-keys") {
		t.Errorf("the loss events: %q", infos)
	}
	var machine struct {
		Hostname *string `bson:"hostname"`
	}
	if err := dst.State().Collection("machines").FindOne(ctx, bson.D{{Key: "_id", Value: m.UUID() + ":0"}}).Decode(&machine); err != nil {
		t.Fatal(err)
	}
	if machine.Hostname != nil && *machine.Hostname != "" {
		t.Errorf("the target's machine 0 has hostname %q, which v5.0.4 cannot carry", *machine.Hostname)
	}
	n, err := dst.State().Collection("virtualHostKeys").CountDocuments(ctx, bson.D{{Key: "model-uuid", Value: m.UUID()}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the target holds %d virtual host keys of the model, which v5.0.4 cannot carry", n)
	}
}

// TestMigrateLossFullModel: the full model of a Juju 3.6.22 controller
// (controllertest.Full, with 3.6-only data) moved to a Juju 3.5.1
// controller, which reads juju/description v5.0.4. The prechecks refuse
// with every value v5.0.4 cannot hold, by path, and change neither side;
// with AllowLoss the migration completes and its validate phase lists the
// same values. The paths are what Full holds (internal/controllertest/
// full.go), written out here.
func TestMigrateLossFullModel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	// A 3.6.22 controller may host a model whose agents still run 3.5.1
	// (Full's agents do), and Juju migrates a model only to a controller
	// at least at the model's version.
	m := seedFull(t, src, dst, "3.6.22")
	ref := "admin/" + m.Config["name"].(string)
	// Full's machine 0 hostname, its first secret's checksum and the
	// model's virtual host keys (full.go); it has no charm data or
	// storage unique id.
	want := []string{
		"machines[0].hostname: needs machines v4 (juju/description v11.0.0)",
		"secrets[0].latest-revision-checksum: needs secrets v2 (juju/description v5.2.0, v7.0.0)",
		"virtual-host-keys: needs model v12 (juju/description v8.0.0)",
	}
	lines := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n")[1:] {
			out = append(out, strings.TrimSpace(l))
		}
		return out
	}

	srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, ferrysOwn)
	_, err := Migrate(ctx, src, dst, ref, fast())
	var pe *PrecheckError
	if !errors.As(err, &pe) || len(pe.Problems) != 1 {
		t.Fatalf("migrating to a Juju 3.5.1 target: %v", err)
	}
	const head = "juju/description v5.0.4 (Juju 3.3.0 – 3.5.x), the generation the target's Juju 3.5.1 reads, cannot hold"
	if got := lines(pe.Problems[0]); !strings.HasPrefix(pe.Problems[0], head) || !reflect.DeepEqual(got, want) {
		t.Errorf("the precheck problem:\n%s\nwant %q then the losses\n%s", pe.Problems[0], head, strings.Join(want, "\n"))
	}
	sameDump(t, "the source, after the refused migration,", srcBefore, dump(t, src, ferrysOwn))
	sameDump(t, "the target, after the refused migration,", dstBefore, dump(t, dst, ferrysOwn))

	opts := fast()
	opts.AllowLoss = true
	var said string
	opts.Progress = func(e Event) {
		if e.Kind == EventInfo && e.Phase == Validate {
			said += e.Message
		}
	}
	if _, err := Migrate(ctx, src, dst, ref, opts); err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(said, "cannot hold (allowed):")
	if !ok || !reflect.DeepEqual(lines("\n"+strings.TrimPrefix(list, "\n")), want) {
		t.Errorf("the validate phase said %q; want the losses\n%s", said, strings.Join(want, "\n"))
	}
}

// TestLossPrecheckSkipped: a source controller whose own Juju version
// (3.5.1) writes no newer a generation than the target reads cannot hold
// what the target cannot, so the prechecks do not read the model for
// losses. Seeded with 3.6 values all the same, the model is then refused
// by the import phase's own check of the tree it moves, naming the same
// values, and the source is left as it was.
func TestLossPrecheckSkipped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seedFull(t, src, dst, "3.5.1")
	before := dump(t, src, ferrysOwn)
	opts := fast()
	var phases []Phase
	opts.Progress = func(e Event) {
		if len(phases) == 0 || phases[len(phases)-1] != e.Phase {
			phases = append(phases, e.Phase)
		}
	}
	_, err := Migrate(ctx, src, dst, "admin/"+m.Config["name"].(string), opts)
	var pe *PrecheckError
	if !errors.As(err, &pe) || len(pe.Problems) != 1 || !strings.Contains(pe.Problems[0], "cannot hold 3 value(s)") || !strings.Contains(pe.Problems[0], "virtual-host-keys: needs model v12") {
		t.Fatalf("migrating a 3.5.1 controller's model holding 3.6 values: %v", err)
	}
	if !slices.Contains(phases, Import) {
		t.Errorf("the migration went through phases %v; the loss should be found at import, past the prechecks", phases)
	}
	sameDump(t, "the source, after the refused migration,", before, dump(t, src, ferrysOwn))
}

// seedFull writes controllertest.Full, its agents and config at 3.5.1,
// into src, a controller running Juju srcJuju, and prepares dst, a Juju
// 3.5.1 controller, to take it.
func seedFull(t *testing.T, src, dst *Controller, srcJuju string) *description.Model {
	t.Helper()
	ctx := context.Background()
	m := controllertest.Full(newUUID())
	m.AgentVersion = "3.5.1"
	m.Config["agent-version"] = m.AgentVersion
	if _, err := seed.Write(ctx, seed.DBs{State: src.State(), Blobs: src.Blobs(), Logs: src.Logs()}, m, seed.Options{ControllerVersion: srcJuju}); err != nil {
		t.Fatal(err)
	}
	if err := seed.InitController(ctx, dst.State(), m, "3.5.1"); err != nil {
		t.Fatal(err)
	}
	return m
}
