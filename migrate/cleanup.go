package migrate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/chunkdel"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/modellogs"
	"github.com/modelferry/ferry/internal/workpool"
)

// cleanupWorkers is how many collections cleanup empties at once.
const cleanupWorkers = 3

// keepCollections are the collections of a controller's juju database
// that cleanup never deletes from by model-uuid: controller-wide ones
// (some carry a model-uuid field that is not ownership, such as the
// migration records) and ferry's own records.
var keepCollections = map[string]bool{
	"migrations": true, jujuMigrationsStatus: true, jujuMigrationsStatusMessage: true, "migrations.active": true,
	"migrations.minionsync": true, "txns": true, "txns.log": true, "txns.stash": true, "metrics": true,
	"metricsmanager": true, "bakeryStorageItems": true, "autocertCache": true, "upgradeInfo": true,
	"globalclock": true, "actionresults": true, "controllerusers": true, "controllerNodes": true,
	"storedResources": true, "managedStoredResources": true, "sshConnRequests": true,
	RecordsCollection: true, ActiveCollection: true, BlobsCollection: true,
}

func init() {
	for _, c := range jujudb.GlobalCollections {
		keepCollections[c] = true
	}
}

// cleanup removes the model from the source, as Juju's
// RemoveExportingModelDocs does, and more: its documents in every
// model-scoped collection, its permissions, name guard and entity
// references, its share of the controller's counts, its blobs that no
// other model uses, and its log. The redirect record moves to DONE, and
// the models document goes last, so that a cleanup cut short finds the
// model still "exporting" and finishes. Every step can run again.
func (r *run) cleanup(ctx context.Context) error {
	if r.dry != nil {
		return r.dropScratch(ctx)
	}
	uuid := r.rec.ModelUUID
	db := r.src.State()
	models := db.Collection(jujudb.Models)
	var md bson.Raw
	err := models.FindOne(ctx, bson.D{{Key: "_id", Value: uuid}}).Decode(&md)
	exists := err == nil
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("reading the source model: %w", err)
	}
	marker := "ferry-cleanup-" + strings.NewReplacer(".", "_", "$", "_").Replace(r.rec.ID)
	counts := []struct{ coll, id string }{
		{jujudb.Controllers, importer.HostedModelCountKey},
	}
	if exists {
		if mode := str(md, "migration-mode"); mode != MigrationModeExporting {
			return fmt.Errorf("the source model is in migration mode %q, not %q: refusing to remove it", mode, MigrationModeExporting)
		}
		if cloud := str(md, "cloud"); cloud != "" {
			counts = append(counts, struct{ coll, id string }{jujudb.GlobalRefcounts, "cloudModel#" + cloud})
		}
		n, err := r.removeModelDocs(ctx, md, marker)
		r.rec.Counters.Removed += n
		if err != nil {
			return err
		}
		for _, c := range counts {
			if err := decrementMarked(ctx, db.Collection(c.coll), c.id, marker, 1); err != nil {
				return err
			}
		}
	}

	// Blobs: the source catalogue entries the model's paths named were
	// recorded in the manifest before the copy.
	man, err := r.loadManifest(ctx)
	if err != nil {
		return err
	}
	var ids []string
	if man != nil {
		ids = man.SourceIDs
	}
	bst, err := r.src.store().RemoveBucket(ctx, uuid, ids)
	if err != nil {
		return err
	}
	r.emit(Event{Kind: EventInfo, Phase: Cleanup, Message: fmt.Sprintf("removed %d blob paths and %d blobs (%s) no other model uses; %d shared blobs kept",
		bst.Paths, bst.Blobs, humanBytes(bst.Bytes), bst.Kept)})
	if err := modellogs.Drop(ctx, r.src.Logs(), uuid); err != nil {
		return err
	}
	if _, err := r.src.Logs().Collection("forwarded").DeleteMany(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}); err != nil {
		return fmt.Errorf("removing the model's log forwarding marks: %w", err)
	}

	now := r.now().UnixNano()
	if _, err := db.Collection(jujuMigrationsStatus).UpdateOne(ctx, bson.D{{Key: "_id", Value: r.rec.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "phase", Value: "DONE"}, {Key: "end-time", Value: now}, {Key: "phase-changed-time", Value: now}}}}); err != nil {
		return fmt.Errorf("recording the redirect as done: %w", err)
	}
	if exists {
		if _, err := models.DeleteOne(ctx, bson.D{{Key: "_id", Value: uuid}, {Key: "migration-mode", Value: MigrationModeExporting}}); err != nil {
			return fmt.Errorf("removing the source model: %w", err)
		}
		r.rec.Counters.Removed++
	}
	for _, c := range []string{jujudb.Controllers, jujudb.GlobalRefcounts} {
		if _, err := db.Collection(c).UpdateMany(ctx, bson.D{{Key: marker, Value: bson.D{{Key: "$exists", Value: true}}}},
			bson.D{{Key: "$unset", Value: bson.D{{Key: marker, Value: ""}}}}); err != nil {
			return fmt.Errorf("clearing the cleanup marks in %s: %w", c, err)
		}
	}
	return nil
}

// removeModelDocs removes the model's documents from the source, except
// its models document, and returns how many it removed.
func (r *run) removeModelDocs(ctx context.Context, md bson.Raw, marker string) (int64, error) {
	uuid := r.rec.ModelUUID
	db := r.src.State()
	var removed int64
	mf := bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}

	// Permissions name the model and its offers: found through the
	// offers, which are removed below.
	objects := bson.A{jujudb.ModelObjectKey(uuid)}
	offers, err := readAll(ctx, db, jujudb.ApplicationOffers, mf, bson.D{{Key: "offer-uuid", Value: 1}})
	if err != nil {
		return removed, err
	}
	for _, o := range offers {
		objects = append(objects, jujudb.OfferObjectKey(str(o, "offer-uuid")))
	}
	res, err := db.Collection(jujudb.Permissions).DeleteMany(ctx, bson.D{{Key: "object-global-key", Value: bson.D{{Key: "$in", Value: objects}}}})
	if err != nil {
		return removed, fmt.Errorf("removing permissions: %w", err)
	}
	removed += res.DeletedCount

	// Secret revisions held in external backends count in the backends'
	// refcounts (ref §6.52).
	revs, err := readAll(ctx, db, jujudb.SecretRevisions, mf, bson.D{{Key: "value-reference.backend-id", Value: 1}})
	if err != nil {
		return removed, err
	}
	perBackend := map[string]int{}
	for _, d := range revs {
		if b := str(d, "value-reference", "backend-id"); b != "" {
			perBackend[b]++
		}
	}
	for _, b := range sortedKeys(perBackend) {
		if err := decrementMarked(ctx, db.Collection(jujudb.GlobalRefcounts), importer.SecretBackendRefKey(b), marker, perBackend[b]); err != nil {
			return removed, err
		}
	}

	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return removed, fmt.Errorf("listing collections: %w", err)
	}
	sort.Strings(names)
	var colls []string
	for _, c := range names {
		if !keepCollections[c] && !strings.HasPrefix(c, "system.") {
			colls = append(colls, c)
		}
	}
	plans := map[string]chunkdel.Plan{}
	for _, p := range r.rec.CleanupPlan {
		plans[p.Collection] = p.Plan
	}
	// The biggest first, so that none of them is left to run alone at the
	// end (in the 10,000-machine migration, statuseshistory's 93,000
	// documents started only when statuses was done, 38 s in).
	sort.SliceStable(colls, func(i, j int) bool { return plans[colls[i]].Count > plans[colls[j]].Count })
	// A few collections at a time: FerretDB filters each scan in Go, so
	// scans of different collections overlap usefully even though the
	// database's writes are serialised.
	var (
		mu   sync.Mutex
		done int
	)
	err = workpool.ForEach(colls, cleanupWorkers, func(c string) error {
		// A collection the import's export read goes by its plan; one it
		// did not is counted and read first.
		coll, f := db.Collection(c), bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}
		var n int64
		var err error
		if p, ok := plans[c]; ok {
			n, err = chunkdel.DeletePlanned(ctx, coll, f, p, chunkdel.DefaultChunk)
		} else {
			n, err = chunkdel.Delete(ctx, coll, f, chunkdel.DefaultChunk)
		}
		mu.Lock()
		defer mu.Unlock()
		removed += n
		done++
		if err != nil {
			return fmt.Errorf("removing the model's documents from %s: %w", c, err)
		}
		r.emit(Event{Kind: EventProgress, Phase: Cleanup, Done: int64(done), Total: int64(len(colls)), Unit: "collections", Elapsed: r.phaseElapsed(Cleanup), Message: c})
		return nil
	})
	if err != nil {
		return removed, err
	}
	for _, d := range []struct{ coll, id string }{
		{jujudb.UserModelName, importer.UserModelNameKey(str(md, "owner"), str(md, "name"))},
		{jujudb.ModelEntityRefs, uuid},
	} {
		res, err := db.Collection(d.coll).DeleteOne(ctx, bson.D{{Key: "_id", Value: d.id}})
		if err != nil {
			return removed, fmt.Errorf("removing %s %s: %w", d.coll, d.id, err)
		}
		removed += res.DeletedCount
	}
	return removed, nil
}

// decrementMarked takes n from a refcount once per migration: the mark,
// set in the same update, makes a second run skip it.
func decrementMarked(ctx context.Context, c *mongo.Collection, id, marker string, n int) error {
	_, err := c.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "refcount", Value: bson.D{{Key: "$gte", Value: n}}}, {Key: marker, Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "refcount", Value: int32(-n)}}}, {Key: "$set", Value: bson.D{{Key: marker, Value: true}}}})
	if err != nil {
		return fmt.Errorf("decrementing %s %s: %w", c.Name(), id, err)
	}
	return nil
}
