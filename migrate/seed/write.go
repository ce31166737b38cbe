package seed

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/modellogs"
)

// DBs are the three databases of one controller.
type DBs struct {
	// State is the "juju" database.
	State *mongo.Database
	// Blobs is the "blobstore" database.
	Blobs *mongo.Database
	// Logs is the "logs" database.
	Logs *mongo.Database
}

// Options tune Write. The zero value writes the blobs at their default
// sizes and no log entries.
type Options struct {
	// ControllerVersion is the agent version of the controller documents
	// written when the database has none; empty means the model's.
	ControllerVersion string
	// Logs is the number of log entries to write.
	Logs int
	// CharmSize, ToolsSize and ResourceSize are the sizes in bytes of the
	// blobs; 0 means 24 KiB, 192 KiB and 8 KiB.
	CharmSize, ToolsSize, ResourceSize int
}

// Report says what Write wrote.
type Report struct {
	Docs      int
	Blobs     int
	BlobBytes int64
	Logs      int
}

// InitController writes the controller documents a Juju controller has
// (controller settings, controller model, hosted model count) and the
// cloud, credential, users and secret backends m needs, where they are
// missing, with the given controller version ("" for m's agent version).
// A target controller needs this before a model can be migrated into it.
func InitController(ctx context.Context, state *mongo.Database, m *description.Model, version string) error {
	_, err := importer.New(state, importer.Options{}).InitController(ctx, m, importer.InitOptions{Version: version})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// Write writes m into a controller as a Juju controller would hold it:
// the controller documents if there are none (InitController), the
// model's documents in Juju's layout, a charm archive for every charm it
// uses, its agent binaries (with a toolsmetadata entry) and its file
// resources in the blob store, and opts.Logs log entries. It sets m's
// resource fingerprints and sizes and its agents' binary digests to those
// of the blobs it stores. Blobs are derived from what they stand for (a
// charm's URL, an agent version), so models sharing a charm share its blob.
func Write(ctx context.Context, dbs DBs, m *description.Model, opts Options) (Report, error) {
	var rep Report
	uuid := m.UUID()
	if err := InitController(ctx, dbs.State, m, opts.ControllerVersion); err != nil {
		return rep, err
	}
	charmSize, toolsSize, resSize := orDefault(opts.CharmSize, 24<<10), orDefault(opts.ToolsSize, 192<<10), orDefault(opts.ResourceSize, 8<<10)

	type blob struct {
		path string
		data []byte
	}
	var blobs []blob

	// Agent binaries: one blob per version the model's agents run.
	versions := map[string]bool{}
	for _, v := range agentVersions(m) {
		versions[v] = true
	}
	toolsSums := map[string]blobstore.Sums{}
	var toolsDocs []bson.D
	for _, v := range sortedKeys(versions) {
		data := fill("agent binaries "+v, toolsSize)
		sums := blobstore.SumsOf(data)
		toolsSums[v] = sums
		path := "tools/" + v + "-" + sums.SHA256
		blobs = append(blobs, blob{path, data})
		toolsDocs = append(toolsDocs, bson.D{
			{Key: "_id", Value: uuid + ":" + v}, {Key: "model-uuid", Value: uuid}, {Key: "version", Value: v},
			{Key: "size", Value: sums.Length}, {Key: "sha256", Value: sums.SHA256}, {Key: "path", Value: path},
			{Key: "txn-revno", Value: int32(2)},
		})
	}
	setTools(m, toolsSums)

	// Resources: the application revision's data.
	for _, a := range m.Applications {
		for _, r := range a.Resources {
			rev := r.ApplicationRevision
			if rev == nil || rev.Type != "file" {
				continue
			}
			data := fill("resource "+a.Name+"/"+r.Name+" revision "+fmt.Sprint(rev.Revision), resSize)
			sums := blobstore.SumsOf(data)
			rev.Fingerprint, rev.Size = sums.SHA384, sums.Length
			if cs := r.CharmStoreRevision; cs != nil && cs.Fingerprint == "" {
				cs.Fingerprint, cs.Size = sums.SHA384, sums.Length
			}
			blobs = append(blobs, blob{"application-" + a.Name + "/resources/" + r.Name, data})
		}
	}

	docs, err := controllertest.Documents(m)
	if err != nil {
		return rep, fmt.Errorf("seed: %w", err)
	}
	// Charm archives, at charms/<url>-<uuid> as Juju's charm upload
	// stores them, with the digest in the charm document.
	charms := map[string]bool{}
	for _, a := range m.Applications {
		charms[a.CharmURL] = true
	}
	for _, curl := range sortedKeys(charms) {
		data := fill("charm "+curl, charmSize)
		copy(data, "PK\x03\x04") // a zip archive, to the eye
		sums := blobstore.SumsOf(data)
		path := "charms/" + curl + "-" + pathUUID(uuid+curl)
		if err := docs.Set("charms", curl, "storagepath", path); err != nil {
			return rep, fmt.Errorf("seed: %w", err)
		}
		if err := docs.Set("charms", curl, "bundlesha256", sums.SHA256); err != nil {
			return rep, fmt.Errorf("seed: %w", err)
		}
		blobs = append(blobs, blob{path, data})
	}
	for _, d := range toolsDocs {
		docs.Add("toolsmetadata", d)
	}
	if err := docs.Insert(ctx, dbs.State); err != nil {
		return rep, fmt.Errorf("seed: %w", err)
	}
	rep.Docs = docs.Count()

	store := blobstore.New(dbs.State, dbs.Blobs)
	for _, b := range blobs {
		if _, err := store.Put(ctx, uuid, b.path, b.data); err != nil {
			return rep, fmt.Errorf("seed: %w", err)
		}
		rep.Blobs++
		rep.BlobBytes += int64(len(b.data))
	}

	if opts.Logs > 0 {
		if err := modellogs.Write(ctx, dbs.Logs, uuid, LogsFor(m, opts.Logs)); err != nil {
			return rep, fmt.Errorf("seed: %w", err)
		}
		rep.Logs = opts.Logs
	} else if err := modellogs.Ensure(ctx, dbs.Logs, uuid, 0); err != nil {
		return rep, fmt.Errorf("seed: %w", err)
	}
	return rep, nil
}

// LogsFor makes n log entries of m's agents, a tenth of a second apart.
func LogsFor(m *description.Model, n int) []modellogs.Entry {
	var agents []string
	for _, mc := range m.Machines {
		agents = append(agents, "machine-"+mc.ID)
	}
	for _, a := range m.Applications {
		for _, u := range a.Units {
			agents = append(agents, "unit-"+tagOf(u.Name))
		}
	}
	if len(agents) == 0 {
		agents = []string{"model-" + m.UUID()}
	}
	version, _ := m.Config["agent-version"].(string)
	modules := []string{"juju.worker.uniter", "juju.worker.deployer", "juju.api", "unit.hook.update-status", "juju.worker.provisioner"}
	msgs := []string{"hook %q completed", "connection established to %s", "running operation %s", "status updated for %s", "watching %s"}
	out := make([]modellogs.Entry, n)
	base := t0.UnixNano()
	for i := range out {
		ag := agents[i%len(agents)]
		out[i] = modellogs.Entry{
			ID: bson.NewObjectID(), Time: base + int64(i)*100_000_000, Entity: ag, Version: version,
			Module: modules[i%len(modules)], Location: fmt.Sprintf("worker.go:%d", 100+i%400),
			Level: int32(2 + i%4), Message: fmt.Sprintf(msgs[i%len(msgs)], ag),
		}
	}
	return out
}

// agentVersions lists the binary versions m's agents run.
func agentVersions(m *description.Model) []string {
	set := map[string]bool{}
	var walk func([]*description.Machine)
	walk = func(ms []*description.Machine) {
		for _, mc := range ms {
			if mc.Tools != nil && mc.Tools.Version != "" {
				set[mc.Tools.Version] = true
			}
			walk(mc.Containers)
		}
	}
	walk(m.Machines)
	for _, a := range m.Applications {
		if a.Tools != nil && a.Tools.Version != "" && strings.Count(a.Tools.Version, "-") >= 2 {
			set[a.Tools.Version] = true
		}
		for _, u := range a.Units {
			if u.Tools != nil && u.Tools.Version != "" {
				set[u.Tools.Version] = true
			}
		}
	}
	return sortedKeys(set)
}

// setTools points every agent's tools at the stored binaries.
func setTools(m *description.Model, sums map[string]blobstore.Sums) {
	set := func(t *description.AgentTools) {
		if t == nil {
			return
		}
		if s, ok := sums[t.Version]; ok {
			t.SHA256, t.Size = s.SHA256, s.Length
		}
	}
	var walk func([]*description.Machine)
	walk = func(ms []*description.Machine) {
		for _, mc := range ms {
			set(mc.Tools)
			walk(mc.Containers)
		}
	}
	walk(m.Machines)
	for _, a := range m.Applications {
		for _, u := range a.Units {
			set(u.Tools)
		}
	}
}

// fill makes n bytes derived from seed: a SHA-256 chain, so different
// seeds give different data and equal seeds equal data.
func fill(seed string, n int) []byte {
	out := make([]byte, 0, n+32)
	h := sha256.Sum256([]byte(seed))
	var ctr [8]byte
	for i := uint64(0); len(out) < n; i++ {
		binary.BigEndian.PutUint64(ctr[:], i)
		b := sha256.Sum256(append(h[:], ctr[:]...))
		out = append(out, b[:]...)
	}
	return out[:n]
}

// pathUUID makes a UUID-shaped string from a seed, for blob paths that
// Juju makes with a random UUID.
func pathUUID(seed string) string {
	b := sha256.Sum256([]byte(seed))
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func orDefault(n, d int) int {
	if n > 0 {
		return n
	}
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
