package main

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllertest"
)

// The test binary, run as "ferry" by the scripts, has one more command:
// x-seed-test-models writes generated controller databases, so that the
// export, models and status scripts have something to read. It exists only
// in the test binary (this file is a _test.go file), which is why it is a
// ferry command and needs no registration in the script harness.
func init() {
	register(&command{
		name:    "x-seed-test-models",
		args:    "--mongo URI [--db DB] MODEL...",
		summary: "(test binary only) Write test models into a controller database: full, caas, small, medium.",
		run:     runSeedTestModels,
	})
}

// Fixed UUIDs, so that scripts can name them.
var seedModels = map[string]func() *description.Model{
	"full": func() *description.Model { return controllertest.Full("f0110000-0000-4000-8000-000000000001") },
	"caas": func() *description.Model { return controllertest.FullCAAS("caa50000-0000-4000-8000-000000000002") },
	"small": func() *description.Model {
		s := controllertest.Small
		s.UUID = "5a011000-0000-4000-8000-000000000003"
		return controllertest.Generate(s)
	},
	"medium": func() *description.Model {
		s := controllertest.Medium
		s.UUID = "3ed10000-0000-4000-8000-000000000004"
		return controllertest.Generate(s)
	},
}

func runSeedTestModels(ctx context.Context, st *stdio, args []string) error {
	c := commands["x-seed-test-models"]
	fs := newFlags(c, st)
	uri := fs.String("mongo", "", "MongoDB URI")
	dbName := fs.String("db", "juju", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	client, err := mongo.Connect(options.Client().ApplyURI(*uri))
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	for _, name := range fs.Args() {
		mk, ok := seedModels[name]
		if !ok {
			return usageError{fmt.Sprintf("unknown test model %q", name)}
		}
		if err := controllertest.WriteModel(ctx, client.Database(*dbName), mk()); err != nil {
			return err
		}
	}
	return nil
}
