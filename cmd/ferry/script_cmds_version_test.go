package main

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// x-set-agent-version (test binary only) sets the agent-version of a
// model's config, so that scripts can give a source or a target any Juju
// version.
func init() {
	register(&command{
		name:    "x-set-agent-version",
		args:    "--mongo URI [--db DB] MODEL-UUID VERSION",
		summary: "(test binary only) Set the agent-version of a model's config.",
		run:     runSetAgentVersion,
	})
}

func runSetAgentVersion(ctx context.Context, st *stdio, args []string) error {
	fs := newFlags(commands["x-set-agent-version"], st)
	uri := fs.String("mongo", "", "MongoDB URI")
	dbName := fs.String("db", "juju", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError{"want MODEL-UUID VERSION"}
	}
	client, err := mongo.Connect(options.Client().ApplyURI(*uri))
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	res, err := client.Database(*dbName).Collection("settings").UpdateOne(ctx, bson.D{{Key: "_id", Value: fs.Arg(0) + ":e"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "settings.agent-version", Value: fs.Arg(1)}}}})
	if err != nil {
		return err
	}
	if res.MatchedCount != 1 {
		return fmt.Errorf("model %s has no config", fs.Arg(0))
	}
	return nil
}
