package export_test

import (
	"strings"
	"testing"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
)

// TestImageMetadataWithoutRootStorageSize: Juju's exporter writes
// root-storage-size only when the stored root_storage_size is non-zero
// (cloudimagemetadata/image.go), so neither an absent nor a zero value
// may come out as root-storage-size: 0.
func TestImageMetadataWithoutRootStorageSize(t *testing.T) {
	const uuid = "de1ec700-0000-4000-8000-000000000001"
	m := controllertest.Full(uuid)
	zero := uint64(0)
	m.CloudImageMetadata = append(m.CloudImageMetadata,
		&description.CloudImageMetadata{Stream: "released", Region: "r2", Version: "22.04", Arch: "amd64", Source: "custom", ImageID: "ami-absent", DateCreated: 1},
		&description.CloudImageMetadata{Stream: "released", Region: "r3", Version: "22.04", Arch: "amd64", Source: "custom", ImageID: "ami-zero", RootStorageSize: &zero, DateCreated: 1},
	)
	db := freshDB(t)
	write(t, db, m)
	got, err := export.ExportDB(t.Context(), db, uuid, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, im := range got.CloudImageMetadata {
		if im.ImageID == "ami-absent" || im.ImageID == "ami-zero" {
			seen++
			if im.RootStorageSize != nil {
				t.Errorf("%s: root storage size %d, want none", im.ImageID, *im.RootStorageSize)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("%d of the 2 image metadata documents exported", seen)
	}
	out, err := description.Write(got)
	if err != nil {
		t.Fatal(err)
	}
	// Only Full's own image, of size 8192, carries the key.
	if n := strings.Count(string(out), "root-storage-size:"); n != 1 {
		t.Errorf("root-storage-size written %d times, want 1:\n%s", n, out)
	}
}
