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
	"github.com/modelferry/ferry/internal/chunkdel"
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
	var oci []blobstore.Want
	for _, d := range docs {
		id := str(d, "_id")
		// Store revisions were never downloaded and placeholders have no
		// data. Pending resources (uploaded for a deployment or refresh
		// not yet resolved) have theirs at their own path.
		if strings.HasSuffix(id, jujudb.ResourceCharmStoreSuffix) {
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
		w := blobstore.Want{Kind: "resource", Ref: resourceRef(d), Path: p, SHA384: hex.EncodeToString(fp)}
		switch str(d, "type") {
		case "file":
			wants = append(wants, w)
		case "oci-image":
			// Juju 3.6 keeps an OCI image's details in dockerResources, not
			// in the blob store: state/resources.go, storeResource, stages
			// the resource at a storage path but, for
			// charmresource.TypeContainerImage, saves only the metadata
			// (DockerMetadataStorage.Save). A blob is copied only where the
			// store holds one at that path.
			w.Kind, w.SHA384 = "oci-image resource", ""
			oci = append(oci, w)
		}
	}
	if len(oci) > 0 {
		var mps []string
		for _, w := range oci {
			mps = append(mps, blobstore.ManagedPath(uuid, w.Path))
		}
		have, err := src.store().PathDocs(ctx, mps)
		if err != nil {
			return nil, nil, err
		}
		stored := map[string]bool{}
		for _, p := range have {
			stored[p.ID] = true
		}
		for _, w := range oci {
			if stored[blobstore.ManagedPath(uuid, w.Path)] {
				wants = append(wants, w)
			}
		}
	}
	return wants, notes, nil
}

// resourceRef names a resource document: "app/name", with the unit or
// the pending id when it is a unit's copy or a pending upload.
func resourceRef(d bson.Raw) string {
	ref := str(d, "resource-id")
	if u := str(d, "unit-id"); u != "" {
		ref += " of unit " + u
	}
	if p := str(d, "pending-id"); p != "" {
		ref += " (pending " + p + ")"
	}
	return ref
}

// dockerResources is Juju's model-scoped collection of OCI image details
// (dockerResourcesC in its state package).
const dockerResources = "dockerResources"

// resourceRecords are the model's resource documents that the model
// description does not carry, so that the import does not write them
// and the binaries phase copies them as Juju keeps them: the OCI image
// details (registry path, credentials) in dockerResources, one per
// oci-image resource, _id "<model-uuid>:<app>/<name>" (Juju 3.6
// state/resources.go, OpenResource reads them with
// dockerMetadataStorage.Get(resource ID)); and the pending resources in
// resources (pending-id set; _id "resource#<app>/<name>#pending-<id>"),
// which the export skips.
func resourceRecords(ctx context.Context, db *mongo.Database, uuid string) (map[string][]bson.Raw, error) {
	out := map[string][]bson.Raw{}
	docker, err := readAll(ctx, db, dockerResources, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}, nil)
	if err != nil {
		return nil, err
	}
	out[dockerResources] = docker
	pending, err := readAll(ctx, db, jujudb.Resources, pendingResources(uuid), nil)
	if err != nil {
		return nil, err
	}
	out[jujudb.Resources] = pending
	return out, nil
}

// pendingResources matches the model's pending resource documents: a
// non-empty pending-id.
func pendingResources(uuid string) bson.D {
	return bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}, {Key: "pending-id", Value: bson.D{{Key: "$gt", Value: ""}}}}
}

// recordFilters match, per collection, what resourceRecords reads.
func recordFilters(uuid string) map[string]bson.D {
	return map[string]bson.D{
		dockerResources:  {{Key: jujudb.FieldModelUUID, Value: uuid}},
		jujudb.Resources: pendingResources(uuid),
	}
}

// recordName names a resource record in messages.
func recordName(coll string, d bson.Raw) string {
	if coll == dockerResources {
		id := str(d, "_id")
		if i := strings.IndexByte(id, ':'); i >= 0 {
			id = id[i+1:]
		}
		return "oci-image resource " + id + ": image details (" + coll + ")"
	}
	return "pending resource " + resourceRef(d)
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
	recs, err := resourceRecords(ctx, r.src.State(), r.rec.ModelUUID)
	if err != nil {
		return err
	}
	for _, coll := range sortedKeys(recs) {
		docs := make([]any, len(recs[coll]))
		for i, d := range recs[coll] {
			docs[i] = d
		}
		if err := insertMissing(ctx, r.dst.State().Collection(coll), docs); err != nil {
			return fmt.Errorf("copying resource records to %s: %w", coll, err)
		}
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
	for coll, f := range recordFilters(r.rec.ModelUUID) {
		if _, err := chunkdel.Delete(ctx, r.dst.State().Collection(coll), f, chunkdel.DefaultChunk); err != nil {
			return fmt.Errorf("removing resource records: %w", err)
		}
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
