package importer_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/embeddb"
)

// Import a model description into a controller database, check it, then
// make it live. On any failure the target is left without the model.
func Example() {
	ctx := context.Background()
	// An embedded server stands in for the target's MongoDB here.
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

	// Normally read from a file with description.ReadFile.
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	m := &description.Model{
		Type: "iaas", Owner: "admin", Cloud: "lxd", CloudRegion: "localhost",
		Config: map[string]any{"name": "example", "uuid": "3c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e", "agent-version": "3.5.1"},
		Users:  []*description.User{{Name: "admin", CreatedBy: "admin", DateCreated: created, Access: "admin"}},
		Status: &description.Status{Value: "available", Updated: created},
	}
	im := importer.New(db, importer.Options{})
	// A bare database is not a controller yet: give it what the model
	// needs (a real target already has it).
	if _, err := im.InitController(ctx, m, importer.InitOptions{}); err != nil {
		log.Fatal(err)
	}
	res, err := im.Import(ctx, m)
	if err != nil {
		log.Fatal(err) // nothing of the model is left on the target
	}
	fmt.Printf("imported %s/%s: %d documents\n", res.Owner, res.ModelName, res.Docs)
	if err := im.Activate(ctx, res.ModelUUID); err != nil {
		log.Fatal(err)
	}
	importing, _ := im.Importing(ctx)
	fmt.Println("models still importing:", len(importing))
	// Output:
	// imported admin/example: 10 documents
	// models still importing: 0
}
