package migrate

import (
	"context"
	"testing"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/golden"
	"github.com/modelferry/ferry/migrate/seed"
)

// goldenMigrated is the reviewed golden of TestGoldenMigrate; regenerate
// it with FERRY_UPDATE_FIXTURES=1 go test ./import ./migrate -run Golden
// and read the diff before committing it.
const goldenMigrated = "../testdata/expected-export/migrate/seed-small.yaml"

// TestGoldenMigrate migrates the small seeded model, with a fixed UUID,
// between two embedded servers and checks that the target's export (as
// the validate phase reads it, model status left out: activation stamps
// it with the clock) is the reviewed golden byte for byte.
func TestGoldenMigrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	const uuid = "5eed0000-0000-4000-8000-00000000901d"
	m, err := seed.Model(seed.Small, uuid, "golden")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Write(ctx, seed.DBs{State: src.State(), Blobs: src.Blobs(), Logs: src.Logs()}, m, seed.Options{Logs: 10}); err != nil {
		t.Fatal(err)
	}
	if err := seed.InitController(ctx, dst.State(), m, targetVersion); err != nil {
		t.Fatal(err)
	}
	if _, err := Migrate(ctx, src, dst, "admin/golden", fast()); err != nil {
		t.Fatal(err)
	}
	got, err := export.ExportDB(ctx, dst.State(), uuid, exportOptions)
	if err != nil {
		t.Fatal(err)
	}
	got.Status, got.StatusHistory = nil, nil
	b, err := description.Write(got)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, goldenMigrated, b, "FERRY_UPDATE_FIXTURES=1 go test ./import ./migrate -run Golden")
}
