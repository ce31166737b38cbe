package blobstore

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// GridFS, done by hand for the files Copy writes, so that they can be
// read and removed by _id. FerretDB's SQLite backend answers a query
// from an index only when it is an equality on _id; every other query
// (the driver's GridFS reads chunks by files_id) scans the collection,
// which made copying N blobs cost N scans of all chunks. The layout is
// GridFS's, which Juju's mgo reader and the driver read: a files document
// {_id, length, chunkSize, uploadDate, md5, filename} and chunk documents
// {_id, files_id, n, data}; only the chunks' _ids differ, being strings
// "<file id hex>:<n>" rather than ObjectIds, which GridFS allows.

// chunkSize is mgo's GridFS chunk size, which Juju's blob store uses.
const chunkSize = 255 * 1024

// chunkID is the _id of chunk n of a file Copy wrote.
func chunkID(fileID bson.ObjectID, n int) string { return fmt.Sprintf("%s:%d", fileID.Hex(), n) }

func chunkCount(length int64, size int64) int {
	if size <= 0 {
		size = chunkSize
	}
	return int((length + size - 1) / size)
}

func (s *Store) chunks() *mongo.Collection { return s.Files.Collection(Bucket + ".chunks") }
func (s *Store) files() *mongo.Collection  { return s.Files.Collection(Bucket + ".files") }

// writeFile stores data as a GridFS file with the given id and name:
// chunks first, the files document last, so that a file is visible only
// once whole.
func (s *Store) writeFile(ctx context.Context, id bson.ObjectID, name string, data []byte) error {
	n := chunkCount(int64(len(data)), chunkSize)
	const perInsert = 16 // 4 MiB per insert
	for lo := 0; lo < n; lo += perInsert {
		var docs []any
		for i := lo; i < min(lo+perInsert, n); i++ {
			end := min((i+1)*chunkSize, len(data))
			docs = append(docs, bson.D{{Key: "_id", Value: chunkID(id, i)}, {Key: "files_id", Value: id}, {Key: "n", Value: int32(i)},
				{Key: "data", Value: bson.Binary{Data: data[i*chunkSize : end]}}})
		}
		if _, err := s.chunks().InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("blobstore: writing file %q: %w", name, err)
		}
	}
	sum := md5.Sum(data)
	_, err := s.files().InsertOne(ctx, bson.D{
		{Key: "_id", Value: id}, {Key: "length", Value: int64(len(data))}, {Key: "chunkSize", Value: int32(chunkSize)},
		{Key: "uploadDate", Value: bson.NewDateTimeFromTime(time.Now())}, {Key: "md5", Value: hex.EncodeToString(sum[:])},
		{Key: "filename", Value: name},
	})
	if err != nil {
		return fmt.Errorf("blobstore: writing file %q: %w", name, err)
	}
	return nil
}

// readOwnFile reads back a file writeFile wrote, chunk by chunk by _id.
func (s *Store) readOwnFile(ctx context.Context, id bson.ObjectID, length int64) ([]byte, error) {
	out := make([]byte, 0, length)
	for i := 0; i < chunkCount(length, chunkSize); i++ {
		var c struct {
			N    int32  `bson:"n"`
			Data []byte `bson:"data"`
		}
		if err := s.chunks().FindOne(ctx, bson.D{{Key: "_id", Value: chunkID(id, i)}}).Decode(&c); err != nil {
			return nil, fmt.Errorf("blobstore: reading chunk %d of file %s: %w", i, id.Hex(), err)
		}
		out = append(out, c.Data...)
	}
	if int64(len(out)) != length {
		return nil, fmt.Errorf("blobstore: file %s has %d bytes, want %d", id.Hex(), len(out), length)
	}
	return out, nil
}

// removeOwnFile removes what writeFile wrote (or began to write) under
// id, by _id: the files document first, so that a removal cut short never
// leaves a visible file with chunks missing.
func (s *Store) removeOwnFile(ctx context.Context, id bson.ObjectID, length int64) error {
	if _, err := s.files().DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("blobstore: removing file %s: %w", id.Hex(), err)
	}
	for i := 0; i < chunkCount(length, chunkSize); i++ {
		if _, err := s.chunks().DeleteOne(ctx, bson.D{{Key: "_id", Value: chunkID(id, i)}}); err != nil {
			return fmt.Errorf("blobstore: removing chunk %d of file %s: %w", i, id.Hex(), err)
		}
	}
	return nil
}

// fileInfo is what scanFiles needs of a file: its GridFS files document.
type fileInfo struct {
	name      string
	length    int64
	chunkSize int64
}

// filesByName reads the files documents with the given names: one query.
func (s *Store) filesByName(ctx context.Context, names []string) (map[string]any, map[string]fileInfo, error) {
	ids, infos := map[string]any{}, map[string]fileInfo{}
	if len(names) == 0 {
		return ids, infos, nil
	}
	cur, err := s.files().Find(ctx, bson.D{{Key: "filename", Value: bson.D{{Key: "$in", Value: names}}}})
	if err != nil {
		return nil, nil, fmt.Errorf("blobstore: reading %s.files: %w", Bucket, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		name, _ := cur.Current.Lookup("filename").StringValueOK()
		length, _ := cur.Current.Lookup("length").AsInt64OK()
		size, _ := cur.Current.Lookup("chunkSize").AsInt64OK()
		key := idKey(cur.Current.Lookup("_id"))
		ids[name] = cur.Current.Lookup("_id")
		infos[key] = fileInfo{name: name, length: length, chunkSize: size}
	}
	if err := cur.Err(); err != nil {
		return nil, nil, fmt.Errorf("blobstore: reading %s.files: %w", Bucket, err)
	}
	return ids, infos, nil
}

// idKey makes a map key of a GridFS id of any BSON type.
func idKey(v any) string {
	switch x := v.(type) {
	case bson.RawValue:
		return x.Type.String() + ":" + hex.EncodeToString(x.Value)
	case bson.ObjectID:
		return idKey(bson.RawValue{Type: bson.TypeObjectID, Value: x[:]})
	}
	return fmt.Sprint(v)
}

// scanFiles reads the chunks of many files in one scan of the chunks
// collection and calls fn with each file's data as soon as all its chunks
// have arrived (chunks of one file are usually stored together, so only
// a file or two is held at a time). fn is called for every file in infos
// that is whole; a file with chunks missing is an error.
func (s *Store) scanFiles(ctx context.Context, ids []any, infos map[string]fileInfo, fn func(key string, data []byte) error) error {
	type partial struct {
		parts [][]byte
		got   int
	}
	pending := map[string]*partial{}
	remaining := 0
	for _, id := range ids {
		info := infos[idKey(id)]
		n := chunkCount(info.length, info.chunkSize)
		if n == 0 {
			if err := fn(idKey(id), nil); err != nil {
				return err
			}
			continue
		}
		pending[idKey(id)] = &partial{parts: make([][]byte, n)}
		remaining++
	}
	if remaining == 0 {
		return nil
	}
	cur, err := s.chunks().Find(ctx, bson.D{{Key: "files_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetBatchSize(16))
	if err != nil {
		return fmt.Errorf("blobstore: reading %s.chunks: %w", Bucket, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		key := idKey(cur.Current.Lookup("files_id"))
		p := pending[key]
		if p == nil {
			continue
		}
		n, _ := cur.Current.Lookup("n").AsInt64OK()
		_, data, _ := cur.Current.Lookup("data").BinaryOK()
		if n < 0 || int(n) >= len(p.parts) || p.parts[n] != nil {
			return fmt.Errorf("blobstore: file %q has a stray chunk %d", infos[key].name, n)
		}
		p.parts[n] = append([]byte(nil), data...)
		p.got++
		if p.got < len(p.parts) {
			continue
		}
		delete(pending, key)
		size := 0
		for _, part := range p.parts {
			size += len(part)
		}
		whole := make([]byte, 0, size)
		for _, part := range p.parts {
			whole = append(whole, part...)
		}
		if int64(len(whole)) != infos[key].length {
			return fmt.Errorf("blobstore: file %q has %d bytes in its chunks, %d in its files document", infos[key].name, len(whole), infos[key].length)
		}
		if err := fn(key, whole); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("blobstore: reading %s.chunks: %w", Bucket, err)
	}
	for key := range pending {
		return fmt.Errorf("blobstore: file %q is missing chunks", infos[key].name)
	}
	return nil
}

// removeFiles removes many GridFS files in a few scans: their chunks,
// then their files documents (so that a removal cut short leaves files
// documents to find the rest by), in batches of at most deleteChunks
// chunks, FerretDB's limit on one delete being about 32,000 documents.
func (s *Store) removeFiles(ctx context.Context, ids []any, infos map[string]fileInfo) error {
	const deleteChunks = 20000
	var part []any
	chunksInPart := 0
	flush := func() error {
		if len(part) == 0 {
			return nil
		}
		if _, err := s.chunks().DeleteMany(ctx, bson.D{{Key: "files_id", Value: bson.D{{Key: "$in", Value: part}}}}); err != nil {
			return fmt.Errorf("blobstore: removing chunks: %w", err)
		}
		if _, err := s.files().DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: part}}}}); err != nil {
			return fmt.Errorf("blobstore: removing files: %w", err)
		}
		part, chunksInPart = part[:0], 0
		return nil
	}
	for _, id := range ids {
		info := infos[idKey(id)]
		n := chunkCount(info.length, info.chunkSize)
		if chunksInPart+n > deleteChunks {
			if err := flush(); err != nil {
				return err
			}
		}
		part = append(part, id)
		chunksInPart += n
	}
	return flush()
}
