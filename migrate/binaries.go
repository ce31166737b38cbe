package migrate

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/jujudb"
)

// blobWants lists the blobs the model uses (ref §7): the archive of every
// charm it has (uploaded, not a placeholder), the agent binaries of every
// version its agents run (from its own toolsmetadata, or the controller
// model's, which hosted models fall back to), and the data of every file
// resource its applications and units have. It also returns notes on
// binaries the source does not store (a controller fetches those from its
// agent streams).
func blobWants(ctx context.Context, src *Controller, info ControllerInfo, uuid string) ([]blobstore.Want, []string, error) {
	db := src.State()
	mf := bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}
	var wants []blobstore.Want
	charms, err := sourceCharms(ctx, src, uuid)
	if err != nil {
		return nil, nil, err
	}
	for _, url := range sortedKeys(charms) {
		c := charms[url]
		wants = append(wants, blobstore.Want{Kind: "charm", Ref: url, Path: c.path, SHA256: c.sha256})
	}

	versions := map[string]bool{}
	for _, c := range []string{jujudb.Machines, jujudb.Units, jujudb.Applications} {
		docs, err := readAll(ctx, db, c, mf, bson.D{{Key: "tools.version", Value: 1}})
		if err != nil {
			return nil, nil, err
		}
		for _, d := range docs {
			// A CAAS application's operator records a bare version number:
			// no binaries of its own.
			if v := str(d, "tools", "version"); strings.Count(v, "-") >= 2 {
				versions[v] = true
			}
		}
	}
	var notes []string
	if len(versions) > 0 {
		owners := bson.A{uuid}
		if info.ModelUUID != "" && info.ModelUUID != uuid {
			owners = append(owners, info.ModelUUID)
		}
		docs, err := readAll(ctx, db, jujudb.ToolsMetadata, bson.D{{Key: jujudb.FieldModelUUID, Value: bson.D{{Key: "$in", Value: owners}}}}, nil)
		if err != nil {
			return nil, nil, err
		}
		meta := map[string]blobstore.Want{}
		for _, d := range docs {
			v, owner := str(d, "version"), str(d, jujudb.FieldModelUUID)
			if !versions[v] {
				continue
			}
			if have, ok := meta[v]; ok && have.Bucket == "" {
				continue // the model's own entry wins
			}
			w := blobstore.Want{Kind: "tools", Ref: v, Path: str(d, "path"), SHA256: str(d, "sha256")}
			if owner != uuid {
				w.Bucket = owner
			}
			meta[v] = w
		}
		for _, v := range sortedKeys(versions) {
			if w, ok := meta[v]; ok {
				wants = append(wants, w)
			} else {
				notes = append(notes, fmt.Sprintf("agent binaries %s are not in the source's blob store; the target controller fetches them from its agent streams", v))
			}
		}
	}

	docs, err := readAll(ctx, db, jujudb.Resources, mf, bson.D{{Key: "resource-id", Value: 1}, {Key: "type", Value: 1}, {Key: "pending-id", Value: 1},
		{Key: "storage-path", Value: 1}, {Key: "fingerprint", Value: 1}, {Key: "timestamp-when-added", Value: 1}})
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		id := str(d, "_id")
		// Store revisions were never downloaded, pending uploads are not
		// the model's yet, placeholders have no data, and OCI image
		// resources are kept elsewhere (dockerResources).
		if strings.HasSuffix(id, jujudb.ResourceCharmStoreSuffix) || str(d, "pending-id") != "" || str(d, "type") != "file" {
			continue
		}
		if ts, ok := d.Lookup("timestamp-when-added").DateTimeOK(); !ok || ts == jujudb.ZeroDateTime {
			continue
		}
		p := str(d, "storage-path")
		if p == "" {
			continue
		}
		_, fp, _ := d.Lookup("fingerprint").BinaryOK()
		wants = append(wants, blobstore.Want{Kind: "resource", Ref: str(d, "resource-id"), Path: p, SHA384: hex.EncodeToString(fp)})
	}
	return wants, notes, nil
}

// loadManifest reads the migration's blob manifest, or nil if none was
// recorded.
func (r *run) loadManifest(ctx context.Context) (*manifest, error) {
	if r.man != nil || r.dry != nil {
		return r.man, nil
	}
	var man manifest
	err := r.src.State().Collection(BlobsCollection).FindOne(ctx, bson.D{{Key: "_id", Value: r.rec.ID}}).Decode(&man)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("reading the blob manifest: %w", err)
	}
	r.man = &man
	return r.man, nil
}

// ensureManifest reads the blob manifest, or makes and records it: what
// to copy, with the GridFS ids the copies get, and the source catalogue
// entries the model's paths name (for the source's cleanup).
func (r *run) ensureManifest(ctx context.Context) (*manifest, error) {
	if man, err := r.loadManifest(ctx); err != nil || man != nil {
		return man, err
	}
	wants, notes, err := blobWants(ctx, r.src, r.srcInfo, r.rec.ModelUUID)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		r.emit(Event{Kind: EventInfo, Phase: Binaries, Message: n})
	}
	items, err := r.src.store().Plan(ctx, r.rec.ModelUUID, wants)
	if err != nil {
		return nil, err
	}
	paths, err := r.src.store().BucketPaths(ctx, r.rec.ModelUUID)
	if err != nil {
		return nil, err
	}
	man := &manifest{ID: r.rec.ID, Items: items}
	for _, p := range paths {
		man.SourceIDs = append(man.SourceIDs, p.ResourceID)
	}
	if r.dry == nil {
		if _, err := r.src.State().Collection(BlobsCollection).InsertOne(ctx, man); err != nil {
			return nil, fmt.Errorf("recording the blob manifest: %w", err)
		}
	}
	r.man = man
	return man, nil
}

// copyBinaries copies the model's blobs to the target, each checked by
// its SHA-256, skipping data the target already has, and records the
// agent binaries in the target model's toolsmetadata.
func (r *run) copyBinaries(ctx context.Context) error {
	man, err := r.ensureManifest(ctx)
	if err != nil {
		return err
	}
	st, err := blobstore.Copy(ctx, r.src.store(), r.dst.store(), r.rec.ModelUUID, man.Items, func(p blobstore.CopyProgress) {
		r.emit(Event{Kind: EventProgress, Phase: Binaries, Done: int64(p.Done), Total: int64(p.Total), Unit: "blobs",
			Bytes: p.Bytes, TotalBytes: p.TotalBytes, Elapsed: r.phaseElapsed(Binaries), Message: p.Item.Kind + " " + p.Item.Ref})
	})
	if err != nil {
		return err
	}
	var tools []any
	for _, it := range man.Items {
		if it.Kind == "tools" {
			tools = append(tools, bson.D{
				{Key: "_id", Value: jujudb.DocID(r.rec.ModelUUID, it.Ref)}, {Key: jujudb.FieldModelUUID, Value: r.rec.ModelUUID},
				{Key: "version", Value: it.Ref}, {Key: "size", Value: it.Length}, {Key: "sha256", Value: it.SHA256},
				{Key: "path", Value: it.Path}, {Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
			})
		}
	}
	if err := insertMissing(ctx, r.dst.State().Collection(jujudb.ToolsMetadata), tools); err != nil {
		return fmt.Errorf("recording agent binaries: %w", err)
	}
	// Charm revision sequences: Juju's import drops them because its
	// charm upload recreates them; ferry's copy of the charms is not an
	// upload, so it carries them over.
	seqs, err := charmRevSequences(ctx, r.src.State(), r.rec.ModelUUID)
	if err != nil {
		return err
	}
	var docs []any
	for _, d := range seqs {
		docs = append(docs, d)
	}
	if err := insertMissing(ctx, r.dst.State().Collection(jujudb.Sequence), docs); err != nil {
		return fmt.Errorf("copying charm revision sequences: %w", err)
	}
	c := &r.rec.Counters
	c.Blobs, c.Copied, c.Present = int64(st.Blobs), int64(st.Copied), int64(st.Present)
	c.Bytes, c.BytesCopied = st.Bytes, st.BytesCopied
	return nil
}

// charmRevSequences reads the model's "charmrev-*" sequence documents.
func charmRevSequences(ctx context.Context, db *mongo.Database, uuid string) ([]bson.Raw, error) {
	return readAll(ctx, db, jujudb.Sequence, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid},
		{Key: "name", Value: bson.D{{Key: "$regex", Value: "^charmrev-"}}}}, nil)
}

// insertMissing inserts documents, ignoring those already there (an
// earlier run's).
func insertMissing(ctx context.Context, c *mongo.Collection, docs []any) error {
	if len(docs) == 0 {
		return nil
	}
	_, err := c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if err != nil && errors.As(err, &bwe) && bwe.WriteConcernError == nil {
		for _, we := range bwe.WriteErrors {
			if we.Code != 11000 {
				return err
			}
		}
		return nil
	}
	return err
}

// undoBinaries removes the model's blobs from the target: its paths, and
// the data no other model's paths name, including any upload cut short.
func (r *run) undoBinaries(ctx context.Context) error {
	man, err := r.loadManifest(ctx)
	if err != nil {
		return err
	}
	var items []blobstore.Item
	if man != nil {
		items = man.Items
	}
	st, err := blobstore.RemoveCopies(ctx, r.dst.store(), r.rec.ModelUUID, items)
	if err != nil {
		return err
	}
	if _, err := r.dst.State().Collection(jujudb.ToolsMetadata).DeleteMany(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: r.rec.ModelUUID}}); err != nil {
		return fmt.Errorf("removing agent binary records: %w", err)
	}
	if st.Paths > 0 || st.Blobs > 0 {
		r.emit(Event{Kind: EventInfo, Phase: Binaries, Message: fmt.Sprintf("removed %d blob paths and %d blobs (%s) from %s", st.Paths, st.Blobs, humanBytes(st.Bytes), r.dst.label())})
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
