package migrate

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/migrate/seed"
)

// TestDryRunWritesNothing rehearses a migration and checks, by a full dump
// of both controllers before and after, that the source is untouched (not
// even ferry's records) and the target too, its scratch databases gone.
func TestDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Small, "shop")
	srcBefore, dstBefore := dump(t, src, nil), dump(t, dst, nil)
	var phases []Phase
	opts := fast()
	opts.Progress = func(e Event) {
		if e.Kind == EventPhaseDone {
			phases = append(phases, e.Phase)
		}
	}
	res, err := DryRun(ctx, src, dst, m.uuid, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.DryRun || res.Record.State != Done || res.Record.Counters.Docs == 0 || res.Record.Counters.Blobs == 0 || res.Record.Counters.Logs == 0 {
		t.Errorf("result %+v", res.Record)
	}
	if got := len(phases); got != 6 {
		t.Errorf("phases done: %v", phases)
	}
	sameDump(t, "the source", srcBefore, dump(t, src, nil))
	sameDump(t, "the target", dstBefore, dump(t, dst, nil))
	names, err := dst.Client.ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.HasPrefix(n, ScratchPrefix) {
			t.Errorf("scratch database %s left behind", n)
		}
	}
	// And the real migration goes through afterwards.
	if _, err := Migrate(ctx, src, dst, m.uuid, fast()); err != nil {
		t.Fatal(err)
	}
}

// TestDryRunReportsRefusal: a dry run of a model the target cannot take
// fails with the prechecks' list and leaves nothing behind.
func TestDryRunReportsRefusal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seedModel(t, src, nil, seed.Tiny, "tiny") // the target lacks the model's cloud and users
	if err := seed.InitController(ctx, dst.State(), &description.Model{Type: "iaas", Owner: "admin", Cloud: "aws",
		Config: map[string]any{"name": "x", "uuid": "00000000-0000-4000-8000-0000000000aa", "type": "ec2"}}, targetVersion); err != nil {
		t.Fatal(err)
	}
	_, err := DryRun(ctx, src, dst, m.UUID(), fast())
	if err == nil || !strings.Contains(err.Error(), `cloud "lxd" does not exist on the target`) {
		t.Errorf("DryRun: %v", err)
	}
}

func TestDiffModelsNamesDifferences(t *testing.T) {
	m, err := seed.Model(seed.Tiny, "d1ff0000-0000-4000-8000-000000000001", "x")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := seed.Model(seed.Tiny, "d1ff0000-0000-4000-8000-000000000001", "x")
	if d, err := DiffModels(m, n); err != nil || len(d) != 0 {
		t.Fatalf("equal models differ: %v %v", d, err)
	}
	n.Applications[0].Units[0].WorkloadStatus.Message = "broken"
	n.Machines[1].Instance.InstanceID = "i-other"
	n.Relations = n.Relations[1:]
	d, err := DiffModels(m, n)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(d, "\n")
	for _, want := range []string{
		"applications[appa].units[appa/0].workload-status.status.message: \"ready\" on the source, \"broken\" on the target",
		"machines[1].instance.instance-id: \"juju-1\" on the source, \"i-other\" on the target",
		"on the source only",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("differences do not say %q:\n%s", want, text)
		}
	}
}
