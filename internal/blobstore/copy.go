package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Want names a blob a model uses: what uses it and the path in the
// model's bucket where it is stored.
type Want struct {
	// Kind is "charm", "tools" or "resource".
	Kind string
	// Ref names the user: a charm URL, an agent version, "app/resource".
	Ref string
	// Path is the path in the model's bucket (charms.storagepath,
	// toolsmetadata.path, resources.storage-path).
	Path string
	// SHA256 is the digest the model records for the data (a charm's
	// bundlesha256, agent binaries' sha256); empty when it records none.
	SHA256 string
	// SHA384 is the digest the model records for the data (a resource's
	// fingerprint); empty when it records none.
	SHA384 string
	// Bucket is the source bucket holding Path, when it is not the
	// model's own (agent binaries found in the controller model's).
	Bucket string
}

// Item is one blob to copy: a Want resolved against the source's store,
// with the GridFS id and name its copy gets on the target, chosen up front
// so that an interrupted copy can find and remove what it half wrote.
type Item struct {
	Kind string `bson:"kind" json:"kind"`
	Ref  string `bson:"ref" json:"ref"`
	// Path is the path in the model's bucket on the target; Source the
	// managed path (bucket included) it is read from on the source.
	Path   string `bson:"path" json:"path"`
	Source string `bson:"source" json:"source"`
	SHA256 string `bson:"sha256,omitempty" json:"sha256,omitempty"`
	// SHA384 is the catalogue id on the source: the data's SHA-384.
	SHA384   string        `bson:"sha384" json:"sha384"`
	Length   int64         `bson:"length" json:"length"`
	FileID   bson.ObjectID `bson:"file-id" json:"-"`
	FileName string        `bson:"file-name" json:"-"`
}

// MissingError lists wanted blobs the source's store does not hold.
type MissingError struct {
	Bucket  string
	Missing []string // "kind ref (path)"
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("blobstore: model %s: %d blob(s) missing from the source's blob store: %s", e.Bucket, len(e.Missing), strings.Join(e.Missing, "; "))
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *MissingError) Is(target error) bool { return target == ErrNotFound }

// Plan resolves the wanted blobs of bucket against s: one Item per
// distinct path, sorted by path. Every wanted path must be stored, with
// data; a *MissingError lists those that are not. It reads two queries'
// worth, whatever the number of blobs.
func (s *Store) Plan(ctx context.Context, bucket string, wants []Want) ([]Item, error) {
	byPath := map[string]Want{}
	var mps []string
	for _, w := range wants {
		mp := ManagedPath(or(w.Bucket, bucket), w.Path)
		if _, dup := byPath[mp]; dup {
			continue
		}
		byPath[mp] = w
		mps = append(mps, mp)
	}
	ps, err := s.PathDocs(ctx, mps)
	if err != nil {
		return nil, err
	}
	found := map[string]PathDoc{}
	var ids []string
	for _, p := range ps {
		found[p.ID] = p
		ids = append(ids, p.ResourceID)
	}
	entries, err := s.Entries(ctx, uniq(ids))
	if err != nil {
		return nil, err
	}
	var items []Item
	var missing []string
	sort.Strings(mps)
	for _, mp := range mps {
		w := byPath[mp]
		p, ok := found[mp]
		e, eok := entries[p.ResourceID]
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("%s %s (%s: no path document)", w.Kind, w.Ref, w.Path))
			continue
		case !eok || e.Path == "":
			missing = append(missing, fmt.Sprintf("%s %s (%s: no data)", w.Kind, w.Ref, w.Path))
			continue
		case w.SHA384 != "" && !strings.EqualFold(w.SHA384, e.ID):
			missing = append(missing, fmt.Sprintf("%s %s (%s: the model records SHA-384 %s, the store holds %s)", w.Kind, w.Ref, w.Path, short(w.SHA384), short(e.ID)))
			continue
		}
		items = append(items, Item{
			Kind: w.Kind, Ref: w.Ref, Path: w.Path, Source: mp, SHA256: strings.ToLower(w.SHA256), SHA384: e.ID, Length: e.Length,
			FileID: bson.NewObjectID(), FileName: newFileName(),
		})
	}
	if len(missing) > 0 {
		return items, &MissingError{Bucket: bucket, Missing: missing}
	}
	return items, nil
}

// CopyStats says what Copy did.
type CopyStats struct {
	// Blobs is the number of distinct data copied or found; Paths the
	// number of paths recorded.
	Blobs, Paths int
	// Copied blobs were written to the target; Present ones were already
	// there (another model's, or an earlier run's) and were only checked.
	Copied, Present int
	// Bytes is the size of all blobs; BytesCopied of those copied.
	Bytes, BytesCopied int64
}

// CopyProgress reports Copy's progress after each blob.
type CopyProgress struct {
	Done, Total             int
	Bytes, TotalBytes       int64
	Item                    Item
	Copied                  bool // false when the target already had it
	DoneCopied, DonePresent int
}

// ChecksumError reports data whose digest is not what it should be.
type ChecksumError struct {
	Item      Item
	Where     string // "source" or "target"
	Algo      string // "SHA-256" or "SHA-384"
	Want, Got string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("blobstore: %s %s (%s): %s on the %s is %s, want %s", e.Item.Kind, e.Item.Ref, e.Item.Path, e.Algo, e.Where, e.Got, e.Want)
}

// DefaultCopyWorkers is how many blobs Copy writes at once.
const DefaultCopyWorkers = 4

// Copy copies the items of bucket from src to dst: the data (unless dst
// already holds data with that SHA-384), the catalogue entries and the
// path documents, with the refcounts of the entries touched recounted.
// Every blob is checked by its SHA-256: the data read from the source
// against the digest the model records (or else its SHA-384 against the
// catalogue id), and the copy read back from the target against the
// source's. Data the target already holds is read and checked the same
// way instead of being copied.
//
// The source's data is read in one scan of its chunks and the target's
// present data in one scan of its; copies are written and read back by
// _id, DefaultCopyWorkers at a time. Such a blob is held in memory while
// it is copied; one larger than streamAbove never is: it is read, written,
// read back and digested as a stream, chunk by chunk, one at a time, so
// that Copy's memory stays bounded whatever the blobs' sizes.
//
// Copy is idempotent: run again after an interruption, with the same
// items, it removes what it half wrote (by the planned GridFS ids), finds
// what it finished, and completes the rest.
func Copy(ctx context.Context, src, dst *Store, bucket string, items []Item, progress func(CopyProgress)) (CopyStats, error) {
	var st CopyStats
	st.Paths = len(items)
	// One copy per distinct data; the first item naming it carries the
	// planned file id.
	var order []string
	first := map[string]Item{}
	refs := map[string]int64{}
	var totalBytes int64
	for _, it := range items {
		refs[it.SHA384]++
		if _, ok := first[it.SHA384]; !ok {
			first[it.SHA384] = it
			order = append(order, it.SHA384)
			totalBytes += it.Length
		}
	}
	st.Blobs = len(order)
	existing, err := dst.Entries(ctx, order)
	if err != nil {
		return st, err
	}
	srcEntries, err := src.Entries(ctx, order)
	if err != nil {
		return st, err
	}

	var mu sync.Mutex
	done := 0
	report := func(it Item, copied bool) {
		mu.Lock()
		defer mu.Unlock()
		done++
		st.Bytes += it.Length
		if copied {
			st.Copied++
			st.BytesCopied += it.Length
		} else {
			st.Present++
		}
		if progress != nil {
			progress(CopyProgress{Done: done, Total: len(order), Bytes: st.Bytes, TotalBytes: totalBytes, Item: it, Copied: copied,
				DoneCopied: st.Copied, DonePresent: st.Present})
		}
	}

	// Data the target has already: read it all in one scan and check it.
	var dstNames []string
	for _, e := range existing {
		if e.Path != "" {
			dstNames = append(dstNames, e.Path)
		}
	}
	dstIDs, dstInfos, err := dst.filesByName(ctx, dstNames)
	if err != nil {
		return st, err
	}
	present := map[string]bool{}  // catalogue ids whose data the target has
	byFile := map[string]string{} // file key -> catalogue id
	var presentIDs, presentBig []any
	for _, id := range order {
		if e, ok := existing[id]; ok && e.Path != "" {
			if fid, ok := dstIDs[e.Path]; ok {
				present[id] = true
				byFile[idKey(fid)] = id
				if dstInfos[idKey(fid)].length > streamAbove {
					presentBig = append(presentBig, fid)
				} else {
					presentIDs = append(presentIDs, fid)
				}
			}
		}
	}
	checkPresent := func(key string, sums Sums) error {
		id := byFile[key]
		it := first[id]
		if err := check(it, "target", sums, it.SHA256); err != nil {
			return err
		}
		if it.FileName != existing[id].Path {
			// A run cut short may have written the planned file and lost
			// the race for the entry to another copy.
			if err := dst.removeOwn(ctx, it); err != nil {
				return err
			}
		}
		report(it, false)
		return nil
	}
	err = dst.scanFiles(ctx, presentIDs, dstInfos, func(key string, data []byte) error {
		return checkPresent(key, SumsOf(data))
	})
	if err != nil {
		return st, err
	}
	for _, fid := range presentBig {
		key := idKey(fid)
		h := newHasher()
		if err := dst.streamFile(ctx, fid, dstInfos[key], h); err != nil {
			return st, err
		}
		if err := checkPresent(key, h.sums()); err != nil {
			return st, err
		}
	}

	// The rest: read from the source in one scan, handed to workers that
	// write, read back and catalogue each.
	var srcNames []string
	for _, id := range order {
		if !present[id] {
			e, ok := srcEntries[id]
			if !ok || e.Path == "" {
				it := first[id]
				return st, fmt.Errorf("blobstore: %s %s (%s): entry %s: %w", it.Kind, it.Ref, it.Path, short(id), ErrNotFound)
			}
			srcNames = append(srcNames, e.Path)
		}
	}
	srcIDs, srcInfos, err := src.filesByName(ctx, srcNames)
	if err != nil {
		return st, err
	}
	var needIDs, needBig []any
	for _, id := range order {
		if present[id] {
			continue
		}
		fid, ok := srcIDs[srcEntries[id].Path]
		if !ok {
			it := first[id]
			return st, fmt.Errorf("blobstore: %s %s (%s): GridFS file %q: %w", it.Kind, it.Ref, it.Path, srcEntries[id].Path, ErrNotFound)
		}
		byFile[idKey(fid)] = id
		if srcInfos[idKey(fid)].length > streamAbove {
			needBig = append(needBig, fid)
		} else {
			needIDs = append(needIDs, fid)
		}
	}
	// Whatever an interrupted run left under the planned ids goes first.
	var need []Item
	for _, id := range order {
		if !present[id] {
			need = append(need, first[id])
		}
	}
	if err := dst.removeOwn(ctx, need...); err != nil {
		return st, err
	}
	written := map[string]Sums{} // catalogue id -> digests of the copy
	wrote := func(id string, sums Sums) {
		mu.Lock()
		written[id] = sums
		mu.Unlock()
		report(first[id], true)
	}
	type job struct {
		id   string
		data []byte
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, DefaultCopyWorkers)
	var wg sync.WaitGroup
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
	}
	for w := 0; w < DefaultCopyWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				sums, err := writeChecked(cctx, dst, first[j.id], func(w io.Writer) error {
					_, err := w.Write(j.data)
					return err
				})
				if err != nil {
					fail(err)
					continue
				}
				wrote(j.id, sums)
			}
		}()
	}
	scanErr := src.scanFiles(cctx, needIDs, srcInfos, func(key string, data []byte) error {
		select {
		case jobs <- job{id: byFile[key], data: data}:
			return nil
		case <-cctx.Done():
			return cctx.Err()
		}
	})
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return st, firstErr
	}
	if scanErr != nil {
		return st, scanErr
	}
	for _, fid := range needBig {
		key := idKey(fid)
		id := byFile[key]
		sums, err := writeChecked(ctx, dst, first[id], func(w io.Writer) error {
			return src.streamFile(ctx, fid, srcInfos[key], w)
		})
		if err != nil {
			return st, err
		}
		wrote(id, sums)
	}

	// Read the copies back, the small in one scan and the large as
	// streams: what the target will serve is what was sent. Then
	// catalogue them.
	var backIDs []any
	backInfos := map[string]fileInfo{}
	ownBy := map[string]string{} // our file key -> catalogue id
	var bigBack []string
	for _, it := range need {
		key := idKey(it.FileID)
		ownBy[key] = it.SHA384
		backInfos[key] = fileInfo{name: it.FileName, length: written[it.SHA384].Length, chunkSize: chunkSize}
		if it.Length > streamAbove {
			bigBack = append(bigBack, key)
		} else {
			backIDs = append(backIDs, it.FileID)
		}
	}
	checkBack := func(key string, got Sums) error {
		id := ownBy[key]
		if want := written[id]; got.SHA256 != want.SHA256 {
			dst.removeOwn(context.WithoutCancel(ctx), first[id])
			return &ChecksumError{Item: first[id], Where: "target", Algo: "SHA-256", Want: want.SHA256, Got: got.SHA256}
		}
		return nil
	}
	if err := dst.scanFiles(ctx, backIDs, backInfos, func(key string, data []byte) error { return checkBack(key, SumsOf(data)) }); err != nil {
		return st, err
	}
	for _, key := range bigBack {
		it := first[ownBy[key]]
		h := newHasher()
		if err := dst.streamFile(ctx, it.FileID, backInfos[key], h); err != nil {
			return st, err
		}
		if err := checkBack(key, h.sums()); err != nil {
			return st, err
		}
	}
	for _, it := range need {
		ex, hasEx := existing[it.SHA384]
		e, err := catalogue(ctx, dst, it, written[it.SHA384], ex, hasEx, refs[it.SHA384])
		if err != nil {
			return st, err
		}
		existing[it.SHA384] = e
	}

	// Path documents, written whole; those an earlier run wrote are found
	// by their duplicate keys and checked.
	docs := make([]any, 0, len(items))
	for _, it := range items {
		docs = append(docs, pathDoc(bucket, ManagedPath(bucket, it.Path), it.SHA384))
	}
	if len(docs) > 0 {
		_, err := dst.State.Collection(Paths).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
		if err != nil && !onlyDuplicates(err) {
			return st, fmt.Errorf("blobstore: recording the paths of bucket %s: %w", bucket, err)
		}
		if err != nil {
			var mps []string
			want := map[string]string{}
			for _, it := range items {
				mp := ManagedPath(bucket, it.Path)
				mps = append(mps, mp)
				want[mp] = it.SHA384
			}
			have, err := dst.PathDocs(ctx, mps)
			if err != nil {
				return st, err
			}
			for _, p := range have {
				if p.ResourceID != want[p.ID] {
					return st, fmt.Errorf("blobstore: the target already stores other data at %s (entry %s, want %s)", p.ID, short(p.ResourceID), short(want[p.ID]))
				}
			}
		}
	}
	if err := dst.recount(ctx, order, existing); err != nil {
		return st, err
	}
	return st, nil
}

// streamAbove is the size above which Copy streams a blob rather than
// hold it whole: 1 MiB, a few times a typical charm.
const streamAbove = 1 << 20

// writeChecked writes one blob to the target as the item's planned file:
// fill writes the source's data, which is digested on the way in and
// written chunk by chunk. The files document is written only once the
// source's digests are checked, so bad data never becomes a visible file.
// It returns the digests.
func writeChecked(ctx context.Context, dst *Store, it Item, fill func(io.Writer) error) (Sums, error) {
	h := newHasher()
	fw := dst.newFileWriter(ctx, it.FileID, it.FileName, it.Length)
	err := fill(io.MultiWriter(h, fw))
	if err == nil {
		err = check(it, "source", h.sums(), it.SHA256)
	}
	if err == nil {
		err = fw.Close()
	}
	if err != nil {
		dst.removeOwn(context.WithoutCancel(ctx), it)
		return Sums{}, err
	}
	return h.sums(), nil
}

// catalogue records in dst's catalogue the data Copy wrote for it, with
// its digests: a new entry, or ex (if hasEx, an entry whose data was
// pending or lost) pointed at the copy.
func catalogue(ctx context.Context, dst *Store, it Item, sums Sums, ex Entry, hasEx bool, refs int64) (Entry, error) {
	e := Entry{ID: it.SHA384, Path: it.FileName, SHA384: it.SHA384, Length: sums.Length, RefCount: refs}
	if hasEx {
		// An entry whose data is pending or lost: point it at the copy.
		if _, err := dst.State.Collection(Catalogue).UpdateOne(ctx, bson.D{{Key: "_id", Value: it.SHA384}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "path", Value: it.FileName}, {Key: "length", Value: e.Length}}}}); err != nil {
			return Entry{}, fmt.Errorf("blobstore: repairing entry %s: %w", short(it.SHA384), err)
		}
		ex.Path, ex.Length = it.FileName, e.Length
		return ex, nil
	}
	// A new entry starts with the count of this bucket's paths naming it:
	// nothing else can name data that was not there, so the recount after
	// the paths are written finds nothing to change.
	_, err := dst.State.Collection(Catalogue).InsertOne(ctx, entryDoc(e))
	switch {
	case mongo.IsDuplicateKeyError(err):
		// Another copy catalogued the same data meanwhile: use its file.
		got, err := dst.Entries(ctx, []string{it.SHA384})
		if err != nil {
			return Entry{}, err
		}
		if g := got[it.SHA384]; g.Path != it.FileName {
			if err := dst.removeOwn(ctx, it); err != nil {
				return Entry{}, err
			}
		}
		return got[it.SHA384], nil
	case err != nil:
		return Entry{}, fmt.Errorf("blobstore: cataloguing %s %s: %w", it.Kind, it.Ref, err)
	}
	return e, nil
}

// check compares data's digests with what the item says they are.
func check(it Item, where string, sums Sums, sha256 string) error {
	if sums.SHA384 != it.SHA384 {
		return &ChecksumError{Item: it, Where: where, Algo: "SHA-384", Want: it.SHA384, Got: sums.SHA384}
	}
	if sha256 != "" && sums.SHA256 != sha256 {
		return &ChecksumError{Item: it, Where: where, Algo: "SHA-256", Want: sha256, Got: sums.SHA256}
	}
	return nil
}

// RemoveCopies undoes Copy on dst: it removes the bucket's path documents,
// the catalogue entries and data no path names any more, and any data Copy
// uploaded under the items' planned ids that no entry names (an upload cut
// short). Entries that other models' paths still name stay, with their
// refcounts recounted. It is idempotent.
func RemoveCopies(ctx context.Context, dst *Store, bucket string, items []Item) (RemoveStats, error) {
	var ids []string
	for _, it := range items {
		ids = append(ids, it.SHA384)
	}
	st, err := dst.RemoveBucket(ctx, bucket, ids)
	if err != nil {
		return st, err
	}
	entries, err := dst.Entries(ctx, uniq(ids))
	if err != nil {
		return st, err
	}
	named := map[string]bool{}
	for _, e := range entries {
		named[e.Path] = true
	}
	var unnamed []Item
	for _, it := range items {
		if !named[it.FileName] {
			unnamed = append(unnamed, it)
		}
	}
	return st, dst.removeOwn(ctx, unnamed...)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// onlyDuplicates reports whether a bulk write failed only on duplicate
// keys.
func onlyDuplicates(err error) bool {
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return false
	}
	for _, we := range bwe.WriteErrors {
		if we.Code != 11000 && we.Code != 11001 && we.Code != 12582 {
			return false
		}
	}
	return true
}
