// Package chunkdel deletes many documents from a MongoDB collection in
// deletes of bounded size: FerretDB (v1, SQLite backend) fails a delete
// that matches more than about 30,000 documents, so a model's documents
// are removed in chunks.
//
// A chunk is a range of _id, not a list: Delete reads the matching _ids
// once, sorted, keeps every n-th as a bound, and deletes "filter and _id
// <= bound" bound after bound. On FerretDB a delete with an "_id $in"
// list of thousands of values is much slower than the same delete by a
// range (measured by bench/migrate.sh through the migration's cleanup);
// on MongoDB both use the _id index. Ranges are correct for any _id type:
// a comparison matches only values of the bound's type, and the sorted
// order agrees with that within each type, so no delete matches more
// than a chunk; whatever a pass leaves (other types, documents written
// meanwhile) is counted and removed by another pass.
package chunkdel

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// DefaultChunk is the number of documents one delete removes at most
// when the caller gives none: well under FerretDB's limit.
const DefaultChunk = 20000

// maxPasses bounds the passes of Delete over documents that keep
// appearing; a collection still growing after that many is an error
// rather than a loop without end.
const maxPasses = 8

// Delete removes the documents of c matching filter, at most chunk per
// delete (chunk <= 0 means DefaultChunk), and returns how many it
// removed. A filter matching at most chunk documents costs a count and
// one delete; more cost a count, a sorted read of their _ids, a delete
// per chunk and a count to find nothing left.
func Delete(ctx context.Context, c *mongo.Collection, filter bson.D, chunk int) (int64, error) {
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	var total int64
	for pass := 0; pass < maxPasses; pass++ {
		n, err := c.CountDocuments(ctx, filter)
		if err != nil {
			return total, fmt.Errorf("counting in %s: %w", c.Name(), err)
		}
		if n == 0 {
			return total, nil
		}
		if n <= int64(chunk) {
			res, err := c.DeleteMany(ctx, filter)
			if err != nil {
				return total, fmt.Errorf("deleting from %s: %w", c.Name(), err)
			}
			return total + res.DeletedCount, nil
		}
		bounds, err := rangeBounds(ctx, c, filter, chunk)
		if err != nil {
			return total, err
		}
		for _, b := range bounds {
			f := append(append(bson.D{}, filter...), bson.E{Key: "_id", Value: bson.D{{Key: "$lte", Value: b}}})
			res, err := c.DeleteMany(ctx, f)
			if err != nil {
				return total, fmt.Errorf("deleting from %s: %w", c.Name(), err)
			}
			total += res.DeletedCount
		}
	}
	return total, fmt.Errorf("deleting from %s: documents kept appearing after %d passes", c.Name(), maxPasses)
}

// rangeBounds reads the _ids matching filter in order and returns every
// chunk-th one, and the last: the upper ends of the ranges to delete.
func rangeBounds(ctx context.Context, c *mongo.Collection, filter bson.D, chunk int) ([]bson.RawValue, error) {
	cur, err := c.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("reading the _ids of %s: %w", c.Name(), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var bounds []bson.RawValue
	var last bson.RawValue
	i := 0
	for cur.Next(ctx) {
		i++
		// Copied: the cursor reuses its buffer.
		last = bson.RawValue{Type: cur.Current.Lookup("_id").Type, Value: append([]byte(nil), cur.Current.Lookup("_id").Value...)}
		if i%chunk == 0 {
			bounds = append(bounds, last)
		}
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("reading the _ids of %s: %w", c.Name(), err)
	}
	if i%chunk != 0 && i > 0 {
		bounds = append(bounds, last)
	}
	return bounds, nil
}
