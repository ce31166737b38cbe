package main

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/migrate/seed"
)

// x-seed-full (test binary only) writes controllertest.Full, with its
// blobs, into a controller whose own Juju version is given, the model's
// agents running another: a model a migration can move, holding the Juju
// 3.6 values an older generation loses. With --target it prepares a
// controller of that version to take the model instead (its users, cloud
// credential and secret backends).
func init() {
	register(&command{
		name:    "x-seed-full",
		args:    "--mongo URI --controller-version V [--agent-version V] [--target]",
		summary: "(test binary only) Write the full test model, with blobs, into a controller of the given version.",
		run:     runSeedFull,
	})
}

func runSeedFull(ctx context.Context, st *stdio, args []string) error {
	fs := newFlags(commands["x-seed-full"], st)
	uri := fs.String("mongo", "", "MongoDB URI")
	ctrl := fs.String("controller-version", "3.6.22", "the controller's Juju version")
	agent := fs.String("agent-version", "3.5.1", "the model's agent version")
	target := fs.Bool("target", false, "prepare a target for the model instead of writing it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	client, err := mongo.Connect(options.Client().ApplyURI(*uri))
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	m := controllertest.Full("f0110000-0000-4000-8000-000000000001")
	m.AgentVersion = *agent
	m.Config["agent-version"] = *agent
	if *target {
		return seed.InitController(ctx, client.Database("juju"), m, *ctrl)
	}
	dbs := seed.DBs{State: client.Database("juju"), Blobs: client.Database("blobstore"), Logs: client.Database("logs")}
	_, err = seed.Write(ctx, dbs, m, seed.Options{ControllerVersion: *ctrl})
	return err
}
