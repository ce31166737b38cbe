package export_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/embeddb"
)

// Write an export in the generation the source controller writes, as
// `ferry export` does by default: the Juju version picks the target.
func ExampleSourceJujuVersion() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "ferry-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := embeddb.Start(ctx, embeddb.Options{Dir: dir})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Disconnect(ctx)
	db := client.Database("juju")
	const uuid = "e4a30000-0000-4000-8000-000000000002"
	if err := controllertest.WriteModel(ctx, db, controllertest.Full(uuid)); err != nil {
		log.Fatal(err)
	}

	src := export.NewMongoSource(db)
	v, err := export.SourceJujuVersion(ctx, src, uuid)
	if err != nil {
		log.Fatal(err)
	}
	target, err := description.TargetForJuju(v.Version)
	if err != nil {
		log.Fatal(err)
	}
	m, err := export.Export(ctx, src, uuid, export.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := description.WriteWithOptions(m, description.WriteOptions{Target: target}); err != nil {
		log.Fatal(err) // a *description.LossError lists what the target cannot hold
	}
	fmt.Printf("Juju %s (from the %s) writes juju/description %s\n", v.Version, v.From, target.Release)
	// Output: Juju 3.5.1 (from the model) writes juju/description v5.0.4
}
