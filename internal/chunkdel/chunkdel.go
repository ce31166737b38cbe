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
// on MongoDB both use the _id index. A caller that has just read the
// documents (a migration's export of its source) makes a Plan of their
// _ids, and DeletePlanned then deletes by its ranges without the count and
// the sorted read: on FerretDB each of those is a scan of the collection.
// Ranges are correct for any _id type:
// a comparison matches only values of the bound's type, and the sorted
// order agrees with that within each type, so no delete matches more
// than a chunk; whatever a pass leaves (other types, documents written
// meanwhile) is counted and removed by another pass.
package chunkdel

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// DefaultChunk is the number of documents one delete removes at most
// when the caller gives none. FerretDB deletes the documents a delete
// matched with one SQL statement binding one variable per _id, and the
// SQLite it embeds (modernc.org/sqlite v1.31.1) allows 32,766 variables
// (SQLITE_MAX_VARIABLE_NUMBER): 30,000 leaves room for documents written
// into a planned range after its plan was made. Each delete scans the
// whole collection on FerretDB, so a larger chunk is fewer scans.
const DefaultChunk = 30000

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

// Plan is what an earlier read saw of a filter's documents: how many, and,
// when more than a chunk, the upper _id bound of each chunk in order.
type Plan struct {
	Count  int64           `bson:"n"`
	Bounds []bson.RawValue `bson:"b,omitempty"`
}

// PlanStrings plans the delete of documents whose _ids are these strings,
// chunk at a time (chunk <= 0 means DefaultChunk). It sorts ids. Strings
// sort as MongoDB (and FerretDB) compare them: byte by byte.
func PlanStrings(ids []string, chunk int) Plan {
	return plan(ids, chunk, strings.Compare, func(s string) bson.RawValue {
		return bson.RawValue{Type: bson.TypeString, Value: bsoncore.AppendString(nil, s)}
	})
}

// PlanObjectIDs plans the delete of documents whose _ids are these
// ObjectIDs, as PlanStrings does. ObjectIDs sort byte by byte.
func PlanObjectIDs(ids []bson.ObjectID, chunk int) Plan {
	return plan(ids, chunk, func(a, b bson.ObjectID) int { return bytes.Compare(a[:], b[:]) }, func(id bson.ObjectID) bson.RawValue {
		return bson.RawValue{Type: bson.TypeObjectID, Value: bsoncore.AppendObjectID(nil, id)}
	})
}

func plan[T any](ids []T, chunk int, cmp func(a, b T) int, raw func(T) bson.RawValue) Plan {
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	p := Plan{Count: int64(len(ids))}
	if len(ids) <= chunk {
		return p
	}
	slices.SortFunc(ids, cmp)
	for i := chunk - 1; i < len(ids); i += chunk {
		p.Bounds = append(p.Bounds, raw(ids[i]))
	}
	if len(ids)%chunk != 0 {
		p.Bounds = append(p.Bounds, raw(ids[len(ids)-1]))
	}
	return p
}

// DeletePlanned removes the documents of c matching filter as Delete
// does, from a plan made when they were last read: a plan of at most a
// chunk costs one delete; a larger one a delete per range and then
// Delete's count, which finds what the plan did not cover (documents
// written since) and removes it. A delete the plan got wrong (a range
// that grew past what the server takes) is not an error: Delete, which
// reads the _ids afresh, takes over.
func DeletePlanned(ctx context.Context, c *mongo.Collection, filter bson.D, p Plan, chunk int) (int64, error) {
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	var total int64
	if len(p.Bounds) == 0 {
		if p.Count > int64(chunk) {
			return Delete(ctx, c, filter, chunk)
		}
		res, err := c.DeleteMany(ctx, filter)
		if err != nil {
			if ctx.Err() != nil {
				return 0, fmt.Errorf("deleting from %s: %w", c.Name(), err)
			}
			return Delete(ctx, c, filter, chunk)
		}
		return res.DeletedCount, nil
	}
	for _, b := range p.Bounds {
		f := append(append(bson.D{}, filter...), bson.E{Key: "_id", Value: bson.D{{Key: "$lte", Value: b}}})
		res, err := c.DeleteMany(ctx, f)
		if err != nil {
			if ctx.Err() != nil {
				return total, fmt.Errorf("deleting from %s: %w", c.Name(), err)
			}
			break
		}
		total += res.DeletedCount
	}
	n, err := Delete(ctx, c, filter, chunk)
	return total + n, err
}
