package blobstore

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// GridFS, done by hand for the files Copy writes, so that they are
// written as streams, a few chunks per insert, and read back in one scan
// of the chunks (scanFiles, streamFile) rather than one query per file or
// chunk: FerretDB's SQLite backend answers every query here by reading
// the whole collection (see removeOwn), and the driver's GridFS reader
// sorts the chunks, which FerretDB does in memory. The layout is
// GridFS's, which Juju's mgo reader and the driver read: a files document
// {_id, length, chunkSize, uploadDate, md5, filename} and chunk documents
// {_id, files_id, n, data}; only the chunks' _ids differ, being strings
// "<file id hex>:<n>" rather than ObjectIds, which GridFS allows.

// chunkSize is mgo's GridFS chunk size, which Juju's blob store uses.
const chunkSize = 255 * 1024

// chunkID is the _id of chunk n of a file Copy wrote: unique, and
// readable in a dump.
func chunkID(fileID bson.ObjectID, n int) string { return fmt.Sprintf("%s:%d", fileID.Hex(), n) }

func chunkCount(length int64, size int64) int {
	if size <= 0 {
		size = chunkSize
	}
	return int((length + size - 1) / size)
}

func (s *Store) chunks() *mongo.Collection { return s.Files.Collection(Bucket + ".chunks") }
func (s *Store) files() *mongo.Collection  { return s.Files.Collection(Bucket + ".files") }

// perInsert is how many chunks a fileWriter sends in one insert: 4 MiB,
// few round trips without holding much.
const perInsert = 16

// fileWriter writes a GridFS file with a given id and name as it is
// streamed in, chunk by chunk: chunks first, perInsert at a time, and the
// files document last (Close), so that a file is visible only once whole.
// It holds at most perInsert chunks.
type fileWriter struct {
	ctx   context.Context
	s     *Store
	id    bson.ObjectID
	name  string
	limit int64 // the most bytes it takes: more is an error
	cur   []byte
	batch []any
	n     int
	size  int64
	md5   hash.Hash
}

// newFileWriter starts a file of at most limit bytes.
func (s *Store) newFileWriter(ctx context.Context, id bson.ObjectID, name string, limit int64) *fileWriter {
	return &fileWriter{ctx: ctx, s: s, id: id, name: name, limit: limit, md5: md5.New()}
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if w.size+int64(len(p)) > w.limit {
		// removeOwn counts the planned chunks from limit.
		return 0, fmt.Errorf("blobstore: file %q: more than the %d bytes planned", w.name, w.limit)
	}
	w.md5.Write(p)
	w.size += int64(len(p))
	all := len(p)
	for len(p) > 0 {
		if w.cur == nil {
			w.cur = make([]byte, 0, chunkSize)
		}
		k := min(chunkSize-len(w.cur), len(p))
		w.cur = append(w.cur, p[:k]...)
		p = p[k:]
		if len(w.cur) == chunkSize {
			if err := w.endChunk(); err != nil {
				return 0, err
			}
		}
	}
	return all, nil
}

// endChunk queues the current chunk, sending the queue when it is full.
func (w *fileWriter) endChunk() error {
	w.batch = append(w.batch, bson.D{{Key: "_id", Value: chunkID(w.id, w.n)}, {Key: "files_id", Value: w.id}, {Key: "n", Value: int32(w.n)},
		{Key: "data", Value: bson.Binary{Data: w.cur}}})
	w.n++
	w.cur = nil
	if len(w.batch) < perInsert {
		return nil
	}
	return w.flush()
}

func (w *fileWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	if _, err := w.s.chunks().InsertMany(w.ctx, w.batch); err != nil {
		return fmt.Errorf("blobstore: writing file %q: %w", w.name, err)
	}
	w.batch = w.batch[:0]
	return nil
}

// Close writes what is left of the chunks, then the files document.
func (w *fileWriter) Close() error {
	if len(w.cur) > 0 {
		if err := w.endChunk(); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	_, err := w.s.files().InsertOne(w.ctx, bson.D{
		{Key: "_id", Value: w.id}, {Key: "length", Value: w.size}, {Key: "chunkSize", Value: int32(chunkSize)},
		{Key: "uploadDate", Value: bson.NewDateTimeFromTime(time.Now())}, {Key: "md5", Value: hex.EncodeToString(w.md5.Sum(nil))},
		{Key: "filename", Value: w.name},
	})
	if err != nil {
		return fmt.Errorf("blobstore: writing file %q: %w", w.name, err)
	}
	return nil
}

// maxOutOfOrder is how many chunks streamFile holds while it waits for
// an earlier one: GridFS writers (mgo, the driver, fileWriter) insert
// chunks in order and both servers return them so, so it holds none.
const maxOutOfOrder = 16

// streamFile writes the data of any GridFS file (Juju's, with ObjectId
// chunk ids, or one of ours) to w in order, holding a chunk or two at a
// time. It reads the chunks by files_id without a sort: FerretDB v1.24
// sorts a find in memory, whole (internal/handler/common/sort_iterator.go
// consumes the iterator before sorting), which would hold the file, while
// an unsorted find streams in insertion order, the chunks' order. A real
// MongoDB answers from GridFS's {files_id, n} index, in order too.
func (s *Store) streamFile(ctx context.Context, fid any, info fileInfo, w io.Writer) error {
	n := chunkCount(info.length, info.chunkSize)
	if n == 0 {
		return nil
	}
	cur, err := s.chunks().Find(ctx, bson.D{{Key: "files_id", Value: fid}}, options.Find().SetBatchSize(4))
	if err != nil {
		return fmt.Errorf("blobstore: reading %s.chunks: %w", Bucket, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	next := 0
	var size int64
	early := map[int][]byte{}
	for cur.Next(ctx) {
		k, _ := cur.Current.Lookup("n").AsInt64OK()
		_, data, _ := cur.Current.Lookup("data").BinaryOK()
		if k < int64(next) || k >= int64(n) || early[int(k)] != nil {
			return fmt.Errorf("blobstore: file %q has a stray chunk %d", info.name, k)
		}
		if int(k) != next {
			if len(early) == maxOutOfOrder {
				return fmt.Errorf("blobstore: file %q: more than %d chunks arrive before chunk %d", info.name, maxOutOfOrder, next)
			}
			early[int(k)] = append([]byte(nil), data...)
			continue
		}
		for {
			if _, err := w.Write(data); err != nil {
				return err
			}
			size += int64(len(data))
			next++
			var ok bool
			if data, ok = early[next]; !ok {
				break
			}
			delete(early, next)
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("blobstore: reading %s.chunks: %w", Bucket, err)
	}
	if next != n {
		return fmt.Errorf("blobstore: file %q is missing chunks", info.name)
	}
	if size != info.length {
		return fmt.Errorf("blobstore: file %q has %d bytes in its chunks, %d in its files document", info.name, size, info.length)
	}
	return nil
}

// removeOwn removes what Copy wrote (or began to write) for the items,
// under their planned ids, in a few deletes (removeFiles). A delete by _id
// would not be cheaper: FerretDB v1.24's SQLite backend filters _id as
// `_ferretdb_sjson->'$._id'` (backends/sqlite/collection.go, Query) while
// its _id index is on `_ferretdb_sjson->"_id"` (metadata/registry.go), so
// SQLite does not use the index and each such query reads the whole
// collection; a GridFS file of N chunks read or removed by _id cost N
// reads of all chunks.
func (s *Store) removeOwn(ctx context.Context, items ...Item) error {
	ids := make([]any, 0, len(items))
	infos := map[string]fileInfo{}
	for _, it := range items {
		ids = append(ids, it.FileID)
		infos[idKey(it.FileID)] = fileInfo{name: it.FileName, length: it.Length, chunkSize: chunkSize}
	}
	return s.removeFiles(ctx, ids, infos)
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
