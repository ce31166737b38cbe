package migrate

import (
	"context"
	"crypto/sha512"
	"errors"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/migrate/seed"
)

// extraResources adds to the source model what its description does not
// carry: an OCI image resource's details in dockerResources and a pending
// file resource with its blob. It returns the documents' _ids and the
// pending blob's path and data.
func extraResources(t *testing.T, src *Controller, m *modelT) (dockerID, pendingID, blobPath string, data []byte) {
	t.Helper()
	ctx := context.Background()
	app := m.exported.Applications[0].Name
	dockerID = m.uuid + ":" + app + "/image"
	if _, err := src.State().Collection(dockerResources).InsertOne(ctx, bson.D{
		{Key: "_id", Value: dockerID}, {Key: jujudb.FieldModelUUID, Value: m.uuid},
		{Key: "registry", Value: "registry.example.com"}, {Key: "image", Value: "acme/shop:1.2"},
		{Key: "username", Value: "puller"}, {Key: "password", Value: "s3cret"},
	}); err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Repeat("pending resource data\n", 500))
	fp := sha512.Sum384(data)
	blobPath = "application-" + app + "/resources/data-0b5e"
	pendingID = m.uuid + ":resource#" + app + "/data#pending-0b5e"
	if _, err := src.State().Collection(jujudb.Resources).InsertOne(ctx, bson.D{
		{Key: "_id", Value: pendingID}, {Key: "resource-id", Value: app + "/data"}, {Key: "pending-id", Value: "0b5e"},
		{Key: "application-id", Value: app}, {Key: "name", Value: "data"}, {Key: "type", Value: "file"},
		{Key: "path", Value: "data.txt"}, {Key: "description", Value: ""}, {Key: "origin", Value: "upload"},
		{Key: "revision", Value: int32(0)}, {Key: "fingerprint", Value: bson.Binary{Data: fp[:]}},
		{Key: "size", Value: int64(len(data))}, {Key: "username", Value: "admin"},
		{Key: "timestamp-when-added", Value: bson.NewDateTimeFromTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))},
		{Key: "storage-path", Value: blobPath}, {Key: "timestamp-when-last-polled", Value: bson.DateTime(jujudb.ZeroDateTime)},
		{Key: jujudb.FieldModelUUID, Value: m.uuid},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.store().Put(ctx, m.uuid, blobPath, data); err != nil {
		t.Fatal(err)
	}
	return dockerID, pendingID, blobPath, data
}

// TestResourcesMove: an OCI image resource's details and a pending
// resource, with its blob, arrive on the target as Juju keeps them.
func TestResourcesMove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Small, "shop")
	dockerID, pendingID, blobPath, data := extraResources(t, src, m)
	res, err := Migrate(ctx, src, dst, "admin/shop", fast())
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, src, dst, m, res)
	var d struct {
		Model    string `bson:"model-uuid"`
		Registry string `bson:"registry"`
		Image    string `bson:"image"`
		Username string `bson:"username"`
		Password string `bson:"password"`
	}
	if err := dst.State().Collection(dockerResources).FindOne(ctx, bson.D{{Key: "_id", Value: dockerID}}).Decode(&d); err != nil {
		t.Fatalf("the target's OCI image details: %v", err)
	}
	if d.Model != m.uuid || d.Registry != "registry.example.com" || d.Image != "acme/shop:1.2" || d.Username != "puller" || d.Password != "s3cret" {
		t.Errorf("the target's OCI image details are %+v", d)
	}
	var p struct {
		Pending string `bson:"pending-id"`
		Path    string `bson:"storage-path"`
	}
	if err := dst.State().Collection(jujudb.Resources).FindOne(ctx, bson.D{{Key: "_id", Value: pendingID}}).Decode(&p); err != nil {
		t.Fatalf("the target's pending resource: %v", err)
	}
	if p.Pending != "0b5e" || p.Path != blobPath {
		t.Errorf("the target's pending resource is %+v", p)
	}
	got, _, err := dst.store().Get(ctx, m.uuid, blobPath)
	if err != nil || string(got) != string(data) {
		t.Errorf("the pending resource's blob on the target: %d bytes, %v; want %d bytes", len(got), err, len(data))
	}
}

// TestValidateNamesMissingResources: a target that lost the OCI image
// details, the pending resource and its blob after the binaries phase
// fails validation, which names each.
func TestValidateNamesMissingResources(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Small, "shop")
	dockerID, pendingID, blobPath, _ := extraResources(t, src, m)
	opts := fast()
	opts.afterPhase = func(p Phase) error {
		if p != Binaries {
			return nil
		}
		for coll, id := range map[string]string{dockerResources: dockerID, jujudb.Resources: pendingID, "managedStoredResources": "buckets/" + m.uuid + "/" + blobPath} {
			if res, err := dst.State().Collection(coll).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil || res.DeletedCount != 1 {
				t.Errorf("removing %s %s from the target: %v", coll, id, err)
			}
		}
		return nil
	}
	_, err := Migrate(ctx, src, dst, "admin/shop", opts)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Migrate = %v, want a validation error", err)
	}
	app := m.exported.Applications[0].Name
	want := []string{
		"resource " + app + "/data (pending 0b5e) (blob buckets/" + m.uuid + "/" + blobPath + "): missing on the target",
		"oci-image resource " + app + "/image: image details (dockerResources): missing on the target",
		"pending resource " + app + "/data (pending 0b5e): missing on the target",
	}
	if strings.Join(ve.Differences, "\n") != strings.Join(want, "\n") {
		t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(ve.Differences, "\n"), strings.Join(want, "\n"))
	}
}
