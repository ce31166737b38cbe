package export_test

import (
	"slices"
	"testing"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
)

// TestModelsCoverEveryCollection checks that the test models hold
// documents in every collection the exporter reads, so that the round-trip
// tests exercise each one's decoding, and that a full export reads each.
func TestModelsCoverEveryCollection(t *testing.T) {
	have := map[string]bool{}
	for _, m := range []*controllertest.Docs{mustDocs(t, controllertest.Full("c0000000-0000-4000-8000-000000000001")),
		mustDocs(t, controllertest.FullCAAS("c0000000-0000-4000-8000-000000000002"))} {
		for _, c := range m.Collections() {
			have[c] = true
		}
	}
	db := freshDB(t)
	const uuid = "c0000000-0000-4000-8000-000000000003"
	write(t, db, controllertest.Full(uuid))
	src := &export.CountingSource{Source: export.NewMongoSource(db)}
	if _, err := export.Export(t.Context(), src, uuid, export.Options{}); err != nil {
		t.Fatal(err)
	}
	read := src.Collections()
	for _, c := range read {
		if !have[c] {
			t.Errorf("the exporter reads %q, but no test model has a document in it", c)
		}
	}
	// CAAS-only collections are read for CAAS models only.
	for _, c := range []string{jujudb.PodSpecs, jujudb.CloudServices, jujudb.CloudContainers} {
		if !have[c] {
			t.Errorf("no test model has a document in %q", c)
		}
		read = append(read, c)
	}
	// Every collection of the reference that the description carries is
	// read; the rest are bookkeeping the export leaves alone (ref §6.51).
	notExported := []string{jujudb.DeviceConstraints, jujudb.ActionNotifications, jujudb.Refcounts, jujudb.ContainerRefs,
		jujudb.ProviderIDs, jujudb.ToolsMetadata, jujudb.StoredResources}
	for _, c := range jujudb.ModelCollections {
		if !slices.Contains(read, c) && !slices.Contains(notExported, c) {
			t.Errorf("model collection %q is never read", c)
		}
	}
	if t.Failed() {
		t.Logf("read: %v", read)
	}
}

func mustDocs(t *testing.T, m *description.Model) *controllertest.Docs {
	t.Helper()
	d, err := controllertest.Documents(m)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
