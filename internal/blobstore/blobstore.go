package blobstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Names of the store's parts (ref §7).
const (
	// Catalogue is the juju collection of catalogue entries.
	Catalogue = "storedResources"
	// Paths is the juju collection of per-model path documents.
	Paths = "managedStoredResources"
	// Bucket is the GridFS bucket (prefix) in the blobstore database.
	Bucket = "blobstore"
)

// txnRevno is what a transactional insert gives a document: Juju's blob
// store writes both collections through transactions, and later
// transactions assert on it (ref §5).
const txnRevno int32 = 2

// Store is one controller's blob store.
type Store struct {
	// State is the controller's "juju" database, holding the catalogue
	// and the path documents.
	State *mongo.Database
	// Files is the controller's "blobstore" database, holding the GridFS
	// bucket.
	Files *mongo.Database
}

// New returns the store in the given databases.
func New(state, files *mongo.Database) *Store { return &Store{State: state, Files: files} }

// Entry is a catalogue entry: one stored piece of data.
type Entry struct {
	// ID is the hex SHA-384 of the data.
	ID string `bson:"_id"`
	// Path is the GridFS file name of the data; empty while an upload is
	// pending (Juju's blob store writes the entry before the data).
	Path     string `bson:"path"`
	SHA384   string `bson:"sha384hash"`
	Length   int64  `bson:"length"`
	RefCount int64  `bson:"refcount"`
}

// PathDoc is a path document: data stored at a path of a bucket.
type PathDoc struct {
	// ID equals Path: "buckets/<bucket>/<path>".
	ID         string `bson:"_id"`
	Bucket     string `bson:"bucketuuid"`
	User       string `bson:"user"`
	Path       string `bson:"path"`
	ResourceID string `bson:"resourceid"`
}

// ManagedPath gives the _id and path of a path document: the path inside
// a model's bucket prefixed with "buckets/<bucket>/".
func ManagedPath(bucket, path string) string { return "buckets/" + bucket + "/" + path }

// ErrNotFound is wrapped by errors for a path or entry that is not there.
var ErrNotFound = errors.New("not in the blob store")

// Sums are the digests of a blob's data, in hex.
type Sums struct {
	SHA256, SHA384 string
	Length         int64
}

// SumsOf digests data.
func SumsOf(data []byte) Sums {
	a, b := sha256.Sum256(data), sha512.Sum384(data)
	return Sums{SHA256: hex.EncodeToString(a[:]), SHA384: hex.EncodeToString(b[:]), Length: int64(len(data))}
}

// hasher digests what goes through it.
type hasher struct {
	s256, s384 interface {
		io.Writer
		Sum([]byte) []byte
	}
	n int64
}

func newHasher() *hasher { return &hasher{s256: sha256.New(), s384: sha512.New384()} }

func (h *hasher) Write(p []byte) (int, error) {
	h.s256.Write(p)
	h.s384.Write(p)
	h.n += int64(len(p))
	return len(p), nil
}

func (h *hasher) sums() Sums {
	return Sums{SHA256: hex.EncodeToString(h.s256.Sum(nil)), SHA384: hex.EncodeToString(h.s384.Sum(nil)), Length: h.n}
}

func (s *Store) gridfs() *mongo.GridFSBucket {
	return s.Files.GridFSBucket(options.GridFSBucket().SetName(Bucket))
}

// newFileName gives a GridFS file name as Juju's blob store makes them: a
// random UUID.
func newFileName() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Put stores data at path in bucket, as Juju's blob store does: data
// already in the catalogue (same SHA-384) is not stored again. A path
// that already holds other data is an error. It is for writing test and
// demo controllers; migrations use Copy.
func (s *Store) Put(ctx context.Context, bucket, path string, data []byte) (Entry, error) {
	sums := SumsOf(data)
	entries, err := s.Entries(ctx, []string{sums.SHA384})
	if err != nil {
		return Entry{}, err
	}
	e, ok := entries[sums.SHA384]
	if !ok || e.Path == "" {
		name := newFileName()
		if err := s.gridfs().UploadFromStreamWithID(ctx, bson.NewObjectID(), name, bytes.NewReader(data)); err != nil {
			return Entry{}, fmt.Errorf("blobstore: storing %s: %w", path, err)
		}
		if e, err = s.catalogue(ctx, path, name, sums); err != nil {
			return Entry{}, err
		}
	}
	return e, s.addPath(ctx, bucket, path, e)
}

// PutFrom stores what r gives at path in bucket, as Put does, as a
// stream: it holds a GridFS upload buffer, not the data. Data already in
// the catalogue is uploaded, found there and removed again.
func (s *Store) PutFrom(ctx context.Context, bucket, path string, r io.Reader) (Entry, error) {
	id, name, h := bson.NewObjectID(), newFileName(), newHasher()
	if err := s.gridfs().UploadFromStreamWithID(ctx, id, name, io.TeeReader(r, h)); err != nil {
		return Entry{}, fmt.Errorf("blobstore: storing %s: %w", path, err)
	}
	sums := h.sums()
	entries, err := s.Entries(ctx, []string{sums.SHA384})
	if err != nil {
		return Entry{}, err
	}
	e, ok := entries[sums.SHA384]
	if ok && e.Path != "" {
		if err := s.gridfs().Delete(ctx, id); err != nil {
			return Entry{}, fmt.Errorf("blobstore: removing a second copy of %s: %w", path, err)
		}
	} else if e, err = s.catalogue(ctx, path, name, sums); err != nil {
		return Entry{}, err
	}
	return e, s.addPath(ctx, bucket, path, e)
}

// catalogue adds the entry of data just stored as the GridFS file name.
func (s *Store) catalogue(ctx context.Context, path, name string, sums Sums) (Entry, error) {
	e := Entry{ID: sums.SHA384, Path: name, SHA384: sums.SHA384, Length: sums.Length}
	if _, err := s.State.Collection(Catalogue).InsertOne(ctx, entryDoc(e)); err != nil {
		return Entry{}, fmt.Errorf("blobstore: cataloguing %s: %w", path, err)
	}
	return e, nil
}

// addPath records path in bucket as naming e, and recounts e's refs.
func (s *Store) addPath(ctx context.Context, bucket, path string, e Entry) error {
	mp := ManagedPath(bucket, path)
	if _, err := s.State.Collection(Paths).InsertOne(ctx, pathDoc(bucket, mp, e.ID)); err != nil {
		return fmt.Errorf("blobstore: recording %s: %w", mp, err)
	}
	return s.recount(ctx, []string{e.ID}, map[string]Entry{e.ID: e})
}

func entryDoc(e Entry) bson.D {
	return bson.D{
		{Key: "_id", Value: e.ID}, {Key: "path", Value: e.Path}, {Key: "sha384hash", Value: e.SHA384},
		{Key: "length", Value: e.Length}, {Key: "refcount", Value: e.RefCount}, {Key: "txn-revno", Value: txnRevno},
	}
}

func pathDoc(bucket, managedPath, id string) bson.D {
	return bson.D{
		{Key: "_id", Value: managedPath}, {Key: "bucketuuid", Value: bucket}, {Key: "user", Value: ""},
		{Key: "path", Value: managedPath}, {Key: "resourceid", Value: id}, {Key: "txn-revno", Value: txnRevno},
	}
}

// Entries returns the catalogue entries with the given ids that exist.
func (s *Store) Entries(ctx context.Context, ids []string) (map[string]Entry, error) {
	out := map[string]Entry{}
	if len(ids) == 0 {
		return out, nil
	}
	cur, err := s.State.Collection(Catalogue).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return nil, fmt.Errorf("blobstore: reading %s: %w", Catalogue, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		var e Entry
		if err := cur.Decode(&e); err != nil {
			return nil, fmt.Errorf("blobstore: decoding %s entry: %w", Catalogue, err)
		}
		out[e.ID] = e
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("blobstore: reading %s: %w", Catalogue, err)
	}
	return out, nil
}

// BucketPaths returns every path document of a bucket, sorted by path.
func (s *Store) BucketPaths(ctx context.Context, bucket string) ([]PathDoc, error) {
	return s.paths(ctx, bson.D{{Key: "bucketuuid", Value: bucket}})
}

// PathDocs returns the path documents with the given managed paths that
// exist, sorted by path.
func (s *Store) PathDocs(ctx context.Context, managedPaths []string) ([]PathDoc, error) {
	if len(managedPaths) == 0 {
		return nil, nil
	}
	return s.paths(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: managedPaths}}}})
}

func (s *Store) paths(ctx context.Context, filter bson.D) ([]PathDoc, error) {
	cur, err := s.State.Collection(Paths).Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("blobstore: reading %s: %w", Paths, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var out []PathDoc
	for cur.Next(ctx) {
		var p PathDoc
		if err := cur.Decode(&p); err != nil {
			return nil, fmt.Errorf("blobstore: decoding %s document: %w", Paths, err)
		}
		out = append(out, p)
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("blobstore: reading %s: %w", Paths, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Read returns the data of a catalogue entry, and its digests.
func (s *Store) Read(ctx context.Context, e Entry) ([]byte, Sums, error) {
	var buf bytes.Buffer
	sums, err := s.ReadTo(ctx, e, &buf)
	return buf.Bytes(), sums, err
}

// ReadTo writes the data of a catalogue entry to w, as a stream, and
// returns its digests.
func (s *Store) ReadTo(ctx context.Context, e Entry, w io.Writer) (Sums, error) {
	if e.Path == "" {
		return Sums{}, fmt.Errorf("blobstore: entry %s: upload pending: %w", short(e.ID), ErrNotFound)
	}
	ids, infos, err := s.filesByName(ctx, []string{e.Path})
	if err != nil {
		return Sums{}, err
	}
	id, ok := ids[e.Path]
	if !ok {
		return Sums{}, fmt.Errorf("blobstore: entry %s: GridFS file %q: %w", short(e.ID), e.Path, ErrNotFound)
	}
	h := newHasher()
	if err := s.streamFile(ctx, id, infos[idKey(id)], io.MultiWriter(w, h)); err != nil {
		return Sums{}, err
	}
	return h.sums(), nil
}

// Get returns the data stored at path in bucket.
func (s *Store) Get(ctx context.Context, bucket, path string) ([]byte, Entry, error) {
	mp := ManagedPath(bucket, path)
	ps, err := s.PathDocs(ctx, []string{mp})
	if err != nil {
		return nil, Entry{}, err
	}
	if len(ps) == 0 {
		return nil, Entry{}, fmt.Errorf("blobstore: %s: %w", mp, ErrNotFound)
	}
	es, err := s.Entries(ctx, []string{ps[0].ResourceID})
	if err != nil {
		return nil, Entry{}, err
	}
	e, ok := es[ps[0].ResourceID]
	if !ok {
		return nil, Entry{}, fmt.Errorf("blobstore: %s: catalogue entry %s: %w", mp, short(ps[0].ResourceID), ErrNotFound)
	}
	data, _, err := s.Read(ctx, e)
	return data, e, err
}

// recount sets the refcount of each catalogue entry to the number of path
// documents naming it, updating only entries whose count is off. known
// holds the entries as last read, to spare a read; entries not in it are
// read.
func (s *Store) recount(ctx context.Context, ids []string, known map[string]Entry) error {
	counts, err := s.countRefs(ctx, ids)
	if err != nil {
		return err
	}
	var missing []string
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, err := s.Entries(ctx, missing)
		if err != nil {
			return err
		}
		for id, e := range more {
			known[id] = e
		}
	}
	for _, id := range ids {
		e, ok := known[id]
		if !ok || e.RefCount == counts[id] {
			continue
		}
		// txn-revno is left alone: Juju's blob store asserts on refcount
		// values, not on it, and an entry whose count ends where it
		// started (a copy and its undo) ends as it was.
		if _, err := s.State.Collection(Catalogue).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "refcount", Value: counts[id]}}}}); err != nil {
			return fmt.Errorf("blobstore: setting the refcount of entry %s: %w", short(id), err)
		}
		e.RefCount = counts[id]
		known[id] = e
	}
	return nil
}

// countRefs counts the path documents naming each id.
func (s *Store) countRefs(ctx context.Context, ids []string) (map[string]int64, error) {
	counts := map[string]int64{}
	if len(ids) == 0 {
		return counts, nil
	}
	cur, err := s.State.Collection(Paths).Find(ctx, bson.D{{Key: "resourceid", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetProjection(bson.D{{Key: "resourceid", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("blobstore: reading %s: %w", Paths, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		if id, ok := cur.Current.Lookup("resourceid").StringValueOK(); ok {
			counts[id]++
		}
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("blobstore: reading %s: %w", Paths, err)
	}
	return counts, nil
}

// RemoveStats says what RemoveBucket removed.
type RemoveStats struct {
	// Paths is the number of path documents removed.
	Paths int
	// Blobs and Bytes count the catalogue entries (with their data) that
	// no path named any more and were removed.
	Blobs int
	Bytes int64
	// Kept is the number of entries other paths still name.
	Kept int
}

// removeBatch is how many catalogue entries RemoveBucket removes in one
// delete.
const removeBatch = 1000

// RemoveBucket removes the path documents of bucket and then every
// catalogue entry among ids (with its data) that no path names any more;
// entries still named get their refcount recounted. ids should be the
// catalogue ids the bucket's paths named: a caller that may be
// interrupted records them first (BucketPaths) and passes the record
// when it runs again, since the path documents are gone by then. Nil ids
// reads them from the bucket.
func (s *Store) RemoveBucket(ctx context.Context, bucket string, ids []string) (RemoveStats, error) {
	var st RemoveStats
	if ids == nil {
		ps, err := s.BucketPaths(ctx, bucket)
		if err != nil {
			return st, err
		}
		for _, p := range ps {
			ids = append(ids, p.ResourceID)
		}
	}
	ids = uniq(ids)
	res, err := s.State.Collection(Paths).DeleteMany(ctx, bson.D{{Key: "bucketuuid", Value: bucket}})
	if err != nil {
		return st, fmt.Errorf("blobstore: removing the paths of bucket %s: %w", bucket, err)
	}
	st.Paths = int(res.DeletedCount)
	counts, err := s.countRefs(ctx, ids)
	if err != nil {
		return st, err
	}
	entries, err := s.Entries(ctx, ids)
	if err != nil {
		return st, err
	}
	var kept, gone []string
	var names []string
	for _, id := range ids {
		e, ok := entries[id]
		if !ok {
			continue
		}
		if counts[id] > 0 {
			kept = append(kept, id)
			continue
		}
		gone = append(gone, id)
		if e.Path != "" {
			names = append(names, e.Path)
		}
	}
	// The data first, all of it in a few deletes: a crash then leaves
	// entries whose removal the next run repeats, never data that nothing
	// names.
	fids, infos, err := s.filesByName(ctx, names)
	if err != nil {
		return st, err
	}
	var fileIDs []any
	for _, n := range names {
		if id, ok := fids[n]; ok {
			fileIDs = append(fileIDs, id)
		}
	}
	if err := s.removeFiles(ctx, fileIDs, infos); err != nil {
		return st, err
	}
	// The entries a batch at a time: on FerretDB each delete by _id
	// commits on its own, and 1,001 of them took 5 s of a migration's
	// cleanup; one delete of a thousand _ids is one scan of the catalogue.
	for lo := 0; lo < len(gone); lo += removeBatch {
		batch := gone[lo:min(lo+removeBatch, len(gone))]
		if _, err := s.State.Collection(Catalogue).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: batch}}}}); err != nil {
			return st, fmt.Errorf("blobstore: removing entries %s and %d more: %w", short(batch[0]), len(batch)-1, err)
		}
		for _, id := range batch {
			st.Blobs++
			st.Bytes += entries[id].Length
		}
	}
	st.Kept = len(kept)
	if err := s.recount(ctx, kept, entries); err != nil {
		return st, err
	}
	return st, nil
}

func uniq(ids []string) []string {
	seen := map[string]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
