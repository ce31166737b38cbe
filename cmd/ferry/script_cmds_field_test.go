package main

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// x-set-field (test binary only) sets one string field of one document, so
// that scripts can give a source or a target what no seed writes: another
// Juju version in a model's config, a Juju 3.6 machine hostname, ...
func init() {
	register(&command{
		name:    "x-set-field",
		args:    "--mongo URI [--db DB] COLLECTION ID FIELD VALUE",
		summary: "(test binary only) Set a string field of one document.",
		run:     runSetField,
	})
}

func runSetField(ctx context.Context, st *stdio, args []string) error {
	fs := newFlags(commands["x-set-field"], st)
	uri := fs.String("mongo", "", "MongoDB URI")
	dbName := fs.String("db", "juju", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 4 {
		return usageError{"want COLLECTION ID FIELD VALUE"}
	}
	client, err := mongo.Connect(options.Client().ApplyURI(*uri))
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	coll, id, field, value := fs.Arg(0), fs.Arg(1), fs.Arg(2), fs.Arg(3)
	res, err := client.Database(*dbName).Collection(coll).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: value}}}})
	if err != nil {
		return err
	}
	if res.MatchedCount != 1 {
		return fmt.Errorf("%s has no document %q", coll, id)
	}
	return nil
}
