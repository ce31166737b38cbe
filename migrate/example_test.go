package migrate_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/embeddb"
	"github.com/modelferry/ferry/migrate"
	"github.com/modelferry/ferry/migrate/seed"
)

// controller starts an embedded controller database in dir.
func controller(ctx context.Context, dir, name string) (*migrate.Controller, func()) {
	srv, err := embeddb.Start(ctx, embeddb.Options{Dir: filepath.Join(dir, name)})
	if err != nil {
		log.Fatal(err)
	}
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		log.Fatal(err)
	}
	return &migrate.Controller{Name: name, Client: client}, func() { client.Disconnect(ctx); srv.Close() }
}

// A migration between two controllers: here embedded ones, seeded with a
// small model; with a real controller, Client connects to its juju-db.
func ExampleMigrate() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "ferry-example-")
	defer os.RemoveAll(dir)
	oldCtl, stopOld := controller(ctx, dir, "old")
	defer stopOld()
	newCtl, stopNew := controller(ctx, dir, "new")
	defer stopNew()

	m, _ := seed.Model(seed.Tiny, "e0a00000-0000-4000-8000-000000000001", "shop")
	if _, err := seed.Write(ctx, seed.DBs{State: oldCtl.State(), Blobs: oldCtl.Blobs(), Logs: oldCtl.Logs()}, m, seed.Options{Logs: 100}); err != nil {
		log.Fatal(err)
	}
	// The target needs the model's cloud, credential and users.
	if _, err := migrate.PrepareTarget(ctx, oldCtl, newCtl, "admin/shop", "3.6.0"); err != nil {
		log.Fatal(err)
	}

	res, err := migrate.Migrate(ctx, oldCtl, newCtl, "admin/shop", migrate.Options{Grace: -1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Record.ID, res.Record.State)
	fmt.Println("log entries moved:", res.Record.Counters.Logs)
	rds, _ := migrate.Redirects(ctx, oldCtl, m.UUID())
	fmt.Println("old redirects to:", rds[0].ControllerAlias, rds[0].Phase)
	// Output:
	// e0a00000-0000-4000-8000-000000000001:0 done
	// log entries moved: 100
	// old redirects to: new DONE
}

// DiffModels names what differs between two models, by path.
func ExampleDiffModels() {
	a, _ := seed.Model(seed.Tiny, "d1ff0000-0000-4000-8000-000000000002", "x")
	b, _ := seed.Model(seed.Tiny, "d1ff0000-0000-4000-8000-000000000002", "x")
	b.Machines[0].Instance.AvailabilityZone = "zone9"
	diffs, _ := migrate.DiffModels(a, b)
	for _, d := range diffs {
		fmt.Println(d)
	}
	// Output:
	// machines[0].instance.availability-zone: "zone0" on the source, "zone9" on the target
}
