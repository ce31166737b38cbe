package description_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	jujudesc10 "github.com/juju/description/v10"
	jujudesc9 "github.com/juju/description/v9"
	"gopkg.in/yaml.v2"
)

// The Juju 3.6 generations' fixtures are written by juju/description itself
// (v9.0.0, v10.0.0): each v5.0.4 fixture is read by the newer release,
// given the Juju 3.6 data (charm metadata, manifest, actions and configs,
// a storage unique id, secret checksums, virtual host keys) as YAML, and
// read and written once more by that release, so that the committed file is
// that release's own output. They are regenerated in memory on every run
// and compared with the committed files.

// jujuRelease is one newer juju/description release under test.
type jujuRelease struct {
	name        string // "v10.0.0"
	roundTrip   func([]byte) ([]byte, error)
	validate    func([]byte) error
	storageUUID bool // applications v14
}

var newerJuju = []jujuRelease{
	{name: "v9.0.0", roundTrip: juju9RoundTrip, validate: juju9Validate},
	{name: "v10.0.0", roundTrip: juju10RoundTrip, validate: juju10Validate, storageUUID: true},
}

func juju9RoundTrip(b []byte) ([]byte, error) {
	m, err := jujudesc9.Deserialize(b)
	if err != nil {
		return nil, err
	}
	return jujudesc9.Serialize(m)
}

func juju9Validate(b []byte) error {
	m, err := jujudesc9.Deserialize(b)
	if err != nil {
		return err
	}
	return m.Validate()
}

func juju10RoundTrip(b []byte) ([]byte, error) {
	m, err := jujudesc10.Deserialize(b)
	if err != nil {
		return nil, err
	}
	return jujudesc10.Serialize(m)
}

func juju10Validate(b []byte) error {
	m, err := jujudesc10.Deserialize(b)
	if err != nil {
		return err
	}
	return m.Validate()
}

// charmDataYAML is the charm data given to the first applications. It sets
// every key juju/description writes; a container's uid and gid are left out
// because juju v7 – v11 panic reading them (ferry's own fixtures hold them).
const charmDataYAML = `
charm-metadata:
  version: 1
  name: app
  summary: a charm
  description: |
    A charm that does things.
  subordinate: true
  min-juju-version: 3.6.0
  run-as: root
  assumes: '{"all-of":["juju >= 3.6"]}'
  provides:
    website: {name: website, role: provider, interface: http, optional: true, limit: 2, scope: global}
  requires:
    db: {name: db, role: requirer, interface: postgresql, optional: false, limit: 1, scope: container}
  peers:
    ring: {name: ring, role: peer, interface: ring, optional: false, limit: 0, scope: global}
  extra-bindings: {admin: ""}
  categories: [databases]
  tags: [db, sql]
  storage:
    data: {name: data, description: the data, type: filesystem, shared: true, readonly: true, count-min: 1, count-max: 3, minimum-size: 1024, location: /srv/data, properties: [transient]}
  devices:
    gpu: {name: gpu, description: a GPU, type: nvidia.com/gpu, count-min: 1, count-max: 2}
  payloads:
    job: {name: job, type: docker}
  resources:
    image: {name: image, type: oci-image, path: image.tar, description: the workload image}
  terms: [term/1]
  containers:
    workload:
      resource: image
      mounts:
      - {storage: data, location: /data}
  lxd-profile: |
    config:
      security.nesting: "true"
charm-manifest:
  version: 1
  bases:
  - {name: ubuntu, channel: "22.04", architectures: [amd64, arm64]}
charm-actions:
  version: 1
  actions:
    backup:
      description: take a backup
      parallel: true
      execution-group: backups
      parameters:
        path: {type: string, default: /tmp}
charm-configs:
  version: 1
  configs:
    port: {type: int, default: 8080, description: the port}
    name: {type: string, default: null, description: ""}
    ratio: {type: float, default: 0.5, description: a ratio}
`

// withJuju36Data adds the Juju 3.6 data to a document in the newer
// release's format; with rich false it only mends the virtual-host-keys
// wrapper that juju writes at version 0 when it re-writes an older document
// (and then cannot read).
func withJuju36Data(t *testing.T, doc []byte, rel jujuRelease, rich bool) []byte {
	t.Helper()
	var top yaml.MapSlice
	if err := yaml.Unmarshal(doc, &top); err != nil {
		t.Fatal(err)
	}
	var charm yaml.MapSlice
	if err := yaml.Unmarshal([]byte(charmDataYAML), &charm); err != nil {
		t.Fatal(err)
	}
	for i := range top {
		if !rich && top[i].Key != "virtual-host-keys" {
			continue
		}
		switch top[i].Key {
		case "agent-version":
			top[i].Value = "3.6.13"
		case "applications":
			apps := mapGet(t, top[i].Value.(yaml.MapSlice), "applications").([]any)
			for j := range apps {
				if j >= 2 {
					break
				}
				app := apps[j].(yaml.MapSlice)
				app = append(app, charm...)
				if rel.storageUUID {
					app = append(app, yaml.MapItem{Key: "storage-unique-id", Value: fmt.Sprintf("sid-%d", j)})
				}
				apps[j] = app
			}
		case "secrets":
			ss := mapGet(t, top[i].Value.(yaml.MapSlice), "secrets").([]any)
			for j := range ss {
				s := ss[j].(yaml.MapSlice)
				mapSet(s, "latest-revision-checksum", fmt.Sprintf("checksum-%d", j))
			}
		case "virtual-host-keys":
			if !rich {
				top[i].Value = yaml.MapSlice{{Key: "version", Value: 1}, {Key: "virtual-host-keys", Value: []any{}}}
				continue
			}
			top[i].Value = yaml.MapSlice{{Key: "version", Value: 1}, {Key: "virtual-host-keys", Value: []any{
				yaml.MapSlice{{Key: "id", Value: "machine-0"}, {Key: "host-key", Value: "c3NoLWVkMjU1MTkgQUFBQQ=="}},
				yaml.MapSlice{{Key: "id", Value: "unit-app-0"}, {Key: "host-key", Value: "c3NoLXJzYSBBQUFB"}},
			}}}
		}
	}
	out, err := yaml.Marshal(top)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mapGet(t *testing.T, m yaml.MapSlice, k string) any {
	t.Helper()
	for _, it := range m {
		if it.Key == k {
			return it.Value
		}
	}
	t.Fatalf("no key %q", k)
	return nil
}

func mapSet(m yaml.MapSlice, k string, v any) {
	for i := range m {
		if m[i].Key == k {
			m[i].Value = v
			return
		}
	}
}

// jujuNewFixture builds the named fixture with release rel from the
// v5.0.4 fixture of the same name.
func jujuNewFixture(t *testing.T, rel jujuRelease, name string, rich bool) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(jujuFixturesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := rel.roundTrip(src)
	if err != nil {
		t.Fatalf("juju/description %s reading %s: %v", rel.name, name, err)
	}
	if doc, err = rel.roundTrip(withJuju36Data(t, doc, rel, rich)); err != nil {
		t.Fatalf("juju/description %s reading the 3.6 data: %v", rel.name, err)
	}
	again, err := rel.roundTrip(doc)
	if err != nil {
		t.Fatalf("juju/description %s cannot read its own output: %v", rel.name, err)
	}
	if !bytes.Equal(again, doc) {
		t.Fatalf("juju/description %s is not stable on its own output:\n%s", rel.name, firstDiff(doc, again))
	}
	if err := rel.validate(doc); err != nil {
		t.Fatalf("juju/description %s rejects the fixture: %v", rel.name, err)
	}
	return doc
}

func TestGenerateNewerJujuFixtures(t *testing.T) {
	for _, rel := range newerJuju {
		for _, fx := range []struct {
			name string
			rich bool
		}{{"minimal.yaml", false}, {"caas.yaml", false}, {"iaas-rich.yaml", true}} {
			t.Run(rel.name+"/"+fx.name, func(t *testing.T) {
				b := jujuNewFixture(t, rel, fx.name, fx.rich)
				checkJujuFixture(t, filepath.Join("..", "testdata", "fixtures", "juju-"+rel.name, fx.name), b)
			})
		}
	}
}
