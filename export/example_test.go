package export_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/embeddb"
)

// Export a model from a controller database. The example starts an
// embedded FerretDB and writes a small generated model into it; against a
// real controller, connect to its juju-db and use the "juju" database.
func Example() {
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

	size := controllertest.Small
	size.UUID = "e4a30000-0000-4000-8000-000000000001"
	if err := controllertest.WriteModel(ctx, db, controllertest.Generate(size)); err != nil {
		log.Fatal(err)
	}

	// Find the model by name, then read it: one query per collection.
	src := export.NewMongoSource(db)
	summary, err := export.FindModel(ctx, src, "admin/small")
	if err != nil {
		log.Fatal(err)
	}
	m, err := export.Export(ctx, src, summary.UUID, export.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Name(), m.Type, len(m.Machines), "machines,", len(m.Applications), "applications")
	for _, a := range m.Applications {
		for _, u := range a.Units {
			fmt.Println(u.Name, "on machine", u.Machine, "is", u.WorkloadStatus.Value)
		}
	}
	// Output:
	// small iaas 3 machines, 2 applications
	// appa/0 on machine 0 is active
	// appa/1 on machine 1 is active
	// appb/0 on machine 2 is active
	// appb/1 on machine 0 is active
}
