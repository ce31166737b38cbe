// Package modellogs reads, writes and copies the log collections of Juju
// models (ref §7): one capped collection "logs.<model-uuid>" per model in
// the controller's "logs" database, whose documents carry an ObjectId _id,
// the time t (int64 Unix nanoseconds), the entity n, the agent version r,
// the module m, the location l, the level v, the message x and labels c.
//
// Copy moves a model's log from one controller to another in batches, in
// the order Juju reads it (t, then _id), and resumes where an interrupted
// copy stopped: it finds the newest entry the target already has and
// copies only what follows. Documents keep their _id, so a batch that was
// half written before the interruption is recognised and not duplicated.
package modellogs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// DefaultSize is the capped size of a log collection whose source size is
// unknown: Juju's default model-logs-size, 20 MiB.
const DefaultSize = 20 << 20

// DefaultBatch is how many entries one insert carries.
const DefaultBatch = 2000

// Collection names a model's log collection in the logs database.
func Collection(modelUUID string) string { return "logs." + modelUUID }

// Entry is one log entry, in Juju's field names.
type Entry struct {
	ID       bson.ObjectID `bson:"_id"`
	Time     int64         `bson:"t"`
	Entity   string        `bson:"n"`
	Version  string        `bson:"r"`
	Module   string        `bson:"m"`
	Location string        `bson:"l"`
	Level    int32         `bson:"v"`
	Message  string        `bson:"x"`
	Labels   []string      `bson:"c,omitempty"`
}

// Exists reports whether the model has a log collection in db.
func Exists(ctx context.Context, db *mongo.Database, modelUUID string) (bool, error) {
	names, err := db.ListCollectionNames(ctx, bson.D{{Key: "name", Value: Collection(modelUUID)}})
	if err != nil {
		return false, fmt.Errorf("modellogs: listing %s: %w", db.Name(), err)
	}
	return len(names) > 0, nil
}

// Size returns the capped size of the model's log collection, 0 when it
// is not capped, and false when it does not exist.
func Size(ctx context.Context, db *mongo.Database, modelUUID string) (int64, bool, error) {
	specs, err := db.ListCollectionSpecifications(ctx, bson.D{{Key: "name", Value: Collection(modelUUID)}})
	if err != nil {
		return 0, false, fmt.Errorf("modellogs: listing %s: %w", db.Name(), err)
	}
	if len(specs) == 0 {
		return 0, false, nil
	}
	if v, err := specs[0].Options.LookupErr("size"); err == nil {
		if n, ok := v.AsInt64OK(); ok {
			return n, true, nil
		}
	}
	return 0, true, nil
}

// Ensure creates the model's capped log collection with Juju's indexes
// unless it exists. size 0 means DefaultSize.
func Ensure(ctx context.Context, db *mongo.Database, modelUUID string, size int64) error {
	ok, err := Exists(ctx, db, modelUUID)
	if err != nil || ok {
		return err
	}
	if size <= 0 {
		size = DefaultSize
	}
	name := Collection(modelUUID)
	err = db.CreateCollection(ctx, name, options.CreateCollection().SetCapped(true).SetSizeInBytes(size))
	var ce mongo.CommandError
	if err != nil && !(errors.As(err, &ce) && ce.Code == 48) { // 48: NamespaceExists, a racing creator
		return fmt.Errorf("modellogs: creating %s.%s: %w", db.Name(), name, err)
	}
	_, err = db.Collection(name).Indexes().CreateMany(ctx, []mongo.IndexModel{
		{Keys: bson.D{{Key: "t", Value: 1}, {Key: "_id", Value: 1}}},
		{Keys: bson.D{{Key: "n", Value: 1}}},
		{Keys: bson.D{{Key: "c", Value: 1}}, Options: options.Index().SetSparse(true)},
	})
	if err != nil {
		return fmt.Errorf("modellogs: indexing %s.%s: %w", db.Name(), name, err)
	}
	return nil
}

// Drop removes the model's log collection, if any.
func Drop(ctx context.Context, db *mongo.Database, modelUUID string) error {
	if err := db.Collection(Collection(modelUUID)).Drop(ctx); err != nil {
		return fmt.Errorf("modellogs: dropping %s.%s: %w", db.Name(), Collection(modelUUID), err)
	}
	return nil
}

// Count returns the number of entries in the model's log (0 when there is
// no collection).
func Count(ctx context.Context, db *mongo.Database, modelUUID string) (int64, error) {
	n, err := db.Collection(Collection(modelUUID)).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("modellogs: counting %s.%s: %w", db.Name(), Collection(modelUUID), err)
	}
	return n, nil
}

// Write appends entries to the model's log, creating the collection if
// needed. It is for writing test and demo controllers.
func Write(ctx context.Context, db *mongo.Database, modelUUID string, entries []Entry) error {
	if err := Ensure(ctx, db, modelUUID, 0); err != nil {
		return err
	}
	for lo := 0; lo < len(entries); lo += DefaultBatch {
		hi := min(lo+DefaultBatch, len(entries))
		docs := make([]any, 0, hi-lo)
		for _, e := range entries[lo:hi] {
			docs = append(docs, e)
		}
		if _, err := db.Collection(Collection(modelUUID)).InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("modellogs: writing %s.%s: %w", db.Name(), Collection(modelUUID), err)
		}
	}
	return nil
}

// Progress reports a copy's progress after each batch.
type Progress struct {
	// Done counts the entries the target holds; Total the source's.
	Done, Total int64
	// Resumed is how many the target already had when the copy started.
	Resumed int64
	Elapsed time.Duration
}

// Stats says what Copy did.
type Stats struct {
	// Total is the number of entries in the source's log; Copied those
	// this run wrote; Resumed those the target already had.
	Total, Copied, Resumed int64
}

// position is a place in the log's (t, _id) order.
type position struct {
	t  int64
	id any
}

// last returns the position of the newest entry of the model's log in
// db, or false when it is empty or missing.
func last(ctx context.Context, db *mongo.Database, modelUUID string) (position, bool, error) {
	var d bson.Raw
	err := db.Collection(Collection(modelUUID)).FindOne(ctx, bson.D{},
		options.FindOne().SetSort(bson.D{{Key: "t", Value: -1}, {Key: "_id", Value: -1}}).SetProjection(bson.D{{Key: "t", Value: 1}})).Decode(&d)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return position{}, false, nil
	case err != nil:
		return position{}, false, fmt.Errorf("modellogs: reading %s.%s: %w", db.Name(), Collection(modelUUID), err)
	}
	t, _ := d.Lookup("t").AsInt64OK()
	return position{t: t, id: d.Lookup("_id")}, true, nil
}

// Copy copies the model's log from src to dst (both "logs" databases),
// batch entries at a time (0 means DefaultBatch), creating the target
// collection with the source's capped size. It resumes after the newest
// entry dst already has. A model with no log collection on the source
// gets an empty one.
func Copy(ctx context.Context, src, dst *mongo.Database, modelUUID string, batch int, progress func(Progress)) (Stats, error) {
	var st Stats
	start := time.Now()
	if batch <= 0 {
		batch = DefaultBatch
	}
	size, ok, err := Size(ctx, src, modelUUID)
	if err != nil {
		return st, err
	}
	if err := Ensure(ctx, dst, modelUUID, size); err != nil {
		return st, err
	}
	if !ok {
		return st, nil
	}
	if st.Total, err = Count(ctx, src, modelUUID); err != nil {
		return st, err
	}
	if st.Resumed, err = Count(ctx, dst, modelUUID); err != nil {
		return st, err
	}
	filter := bson.D{}
	if pos, ok, err := last(ctx, dst, modelUUID); err != nil {
		return st, err
	} else if ok {
		filter = bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "t", Value: bson.D{{Key: "$gt", Value: pos.t}}}},
			bson.D{{Key: "t", Value: pos.t}, {Key: "_id", Value: bson.D{{Key: "$gt", Value: pos.id}}}},
		}}}
	}
	cur, err := src.Collection(Collection(modelUUID)).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "t", Value: 1}, {Key: "_id", Value: 1}}).SetBatchSize(int32(batch)))
	if err != nil {
		return st, fmt.Errorf("modellogs: reading %s.%s: %w", src.Name(), Collection(modelUUID), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	out := dst.Collection(Collection(modelUUID))
	docs := make([]any, 0, batch)
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		// Ordered, so that a batch cut short leaves a prefix and the next
		// run's "newest entry" is a true resume point.
		if err := insertOrdered(ctx, out, docs); err != nil {
			return fmt.Errorf("modellogs: writing %s.%s: %w", dst.Name(), Collection(modelUUID), err)
		}
		st.Copied += int64(len(docs))
		docs = docs[:0]
		if progress != nil {
			progress(Progress{Done: st.Resumed + st.Copied, Total: st.Total, Resumed: st.Resumed, Elapsed: time.Since(start)})
		}
		return nil
	}
	for cur.Next(ctx) {
		docs = append(docs, bson.Raw(append([]byte(nil), cur.Current...)))
		if len(docs) == batch {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return st, fmt.Errorf("modellogs: reading %s.%s: %w", src.Name(), Collection(modelUUID), err)
	}
	if err := flush(); err != nil {
		return st, err
	}
	return st, nil
}

// insertOrdered inserts docs in order. An ordered insert stops at its
// first error, so a duplicate (an entry an interrupted run had written)
// is stepped over and the rest of the batch inserted after it.
func insertOrdered(ctx context.Context, c *mongo.Collection, docs []any) error {
	for len(docs) > 0 {
		_, err := c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(true))
		if err == nil {
			return nil
		}
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) != 1 || bwe.WriteErrors[0].Code != 11000 {
			return err
		}
		docs = docs[bwe.WriteErrors[0].Index+1:]
	}
	return nil
}
