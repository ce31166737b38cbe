package description

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The bad-input catalogue: ../testdata/bad/NAME.yaml is an invalid
// document and NAME.err beside it the exact errors ferry must give for it,
// one per line as file:line:col: path: message. FERRY_UPDATE_FIXTURES=1 (or
// -update) rewrites the .err files; review every change by eye: each line
// must name the right position, path and message.

const badDir = "../testdata/bad"

func TestBadDocumentsGiveTheirErrors(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(badDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 60 {
		t.Errorf("the catalogue has %d documents; it should have at least 60", len(docs))
	}
	have := map[string]bool{}
	for _, d := range docs {
		have[strings.TrimSuffix(d, ".yaml")] = true
	}
	errFiles, _ := filepath.Glob(filepath.Join(badDir, "*.err"))
	for _, e := range errFiles {
		if !have[strings.TrimSuffix(e, ".err")] {
			t.Errorf("%s has no document beside it", e)
		}
	}
	for _, doc := range docs {
		name := filepath.Base(doc)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, rerr := Read(name, data)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("reading took %v", d)
			}
			if rerr == nil {
				t.Fatal("read without error")
			}
			var list ErrorList
			if !errors.As(rerr, &list) {
				t.Fatalf("error %v (%T) is not an ErrorList", rerr, rerr)
			}
			for _, e := range list {
				// yaml.v3, which reads what the fast parser leaves to it,
				// gives only the line of a syntax error.
				if e.File != name || e.Line <= 0 || e.Column <= 0 && e.Kind != KindSyntax {
					t.Errorf("error without a position: %v", e)
				}
				if e.Kind == 0 {
					t.Errorf("error without a kind: %v", e)
				}
			}
			got := []byte(rerr.Error() + "\n")
			golden := strings.TrimSuffix(doc, ".yaml") + ".err"
			if updating() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with FERRY_UPDATE_FIXTURES=1 to create it, then review it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("errors differ from %s\n--- want\n%s--- got\n%s", golden, want, got)
			}
		})
	}
}

// --- generating the catalogue
//
// The documents are frozen once written; they were made by
//
//	FERRY_GENERATE_BAD_DOCUMENTS=1 go test ./description -run TestGenerateBadDocuments
//
// from badBaseDocument (a small valid model in the current format) and the
// edits in badCases, each a text replacement that must match exactly once.

func TestGenerateBadDocuments(t *testing.T) {
	if os.Getenv("FERRY_GENERATE_BAD_DOCUMENTS") != "1" {
		t.Skip("set FERRY_GENERATE_BAD_DOCUMENTS=1 to regenerate testdata/bad")
	}
	base := badBaseDocument(t)
	if err := os.MkdirAll(badDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/tmp/bad-base.yaml", base, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range badCases {
		doc := string(base)
		if c.raw != "" {
			doc = c.raw
		}
		for _, e := range c.all {
			if !strings.Contains(doc, e[0]) {
				t.Fatalf("%s: %q does not match", c.name, e[0])
			}
			doc = strings.ReplaceAll(doc, e[0], e[1])
		}
		for _, e := range c.edits {
			if n := strings.Count(doc, e[0]); n != 1 {
				t.Fatalf("%s: %q matches %d times", c.name, e[0], n)
			}
			doc = strings.Replace(doc, e[0], e[1], 1)
		}
		if c.raw == "" && len(c.edits) == 0 && len(c.all) == 0 {
			doc = ""
		}
		if err := os.WriteFile(filepath.Join(badDir, c.name+".yaml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type badCase struct {
	name  string
	raw   string      // the whole document, instead of the base
	all   [][2]string // replacements of every match, applied first
	edits [][2]string // replacements that must match once, applied next
}

func edit(from, to string) [2]string { return [2]string{from, to} }

// badBaseModel is a small valid model with an entity of every kind that
// references another.
func badBaseModel() *Model {
	m := newTestModel()
	st := func(v string) *Status { return &Status{Value: v, Updated: ts("2024-01-02T03:04:05Z")} }
	tools := m.Machines[0].Tools
	m.Machines = append(m.Machines, &Machine{ID: "1", Nonce: "n1", PasswordHash: "h1", Base: "ubuntu@22.04", Jobs: []string{"host-units"},
		Status: st("started"), Tools: tools, Instance: &CloudInstance{InstanceID: "i-1", Status: st("running")},
		OpenedPortRanges: map[string]map[string][]PortRange{"mysql/1": {"": {{FromPort: 3306, ToPort: 3306, Protocol: "tcp"}}}}})
	app := m.Applications[0]
	app.Units = append(app.Units, &Unit{Name: "mysql/1", Machine: "1", PasswordHash: "h", Tools: tools,
		AgentStatus: st("idle"), WorkloadStatus: st("active"), Subordinates: []string{"telegraf/0"}})
	app.MetricsCredentials = []byte("creds")
	m.Applications = append(m.Applications, &Application{Name: "telegraf", Type: "iaas", Subordinate: true, CharmURL: "ch:amd64/telegraf-1",
		Status: st("active"), CharmConfig: map[string]any{}, LeadershipSettings: map[string]any{},
		Units: []*Unit{{Name: "telegraf/0", Machine: "1", Principal: "mysql/1", PasswordHash: "h", Tools: tools,
			AgentStatus: st("idle"), WorkloadStatus: st("active")}}})
	m.Relations[0].Endpoints[0].UnitSettings["mysql/1"] = map[string]any{}
	m.Relations = append(m.Relations, &Relation{ID: 1, Key: "prometheus:metrics mysql:metrics", Endpoints: []*Endpoint{
		{ApplicationName: "prometheus", Name: "metrics", Role: "requirer", Interface: "prom", Scope: "global", UnitSettings: map[string]map[string]any{}, ApplicationSettings: map[string]any{}},
		{ApplicationName: "mysql", Name: "metrics", Role: "provider", Interface: "prom", Scope: "global", UnitSettings: map[string]map[string]any{}, ApplicationSettings: map[string]any{}},
	}})
	m.RemoteApplications = []*RemoteApplication{{Name: "prometheus", OfferUUID: "offer-1", URL: "ctrl:admin/cos.prometheus", SourceModelUUID: "src-1",
		ConsumeVersion: 1, Endpoints: []*RemoteEndpoint{{Name: "metrics", Role: "requirer", Interface: "prom"}}}}
	m.Users = []*User{{Name: "admin", CreatedBy: "admin", DateCreated: ts("2024-01-01T00:00:00Z"), Access: "admin"}}
	m.Spaces = []*Space{{ID: "1", Name: "db"}, {ID: "2", Name: "public", Public: true}}
	m.Subnets = []*Subnet{{ID: "3", CIDR: "10.0.0.0/24", AvailabilityZones: []string{"z1"}, SpaceID: "1"}}
	m.LinkLayerDevices = []*LinkLayerDevice{
		{Name: "eth0", MTU: 1500, MachineID: "0", Type: "ethernet", MACAddress: "02:00:00:00:00:01", IsAutoStart: true, IsUp: true},
		{Name: "br0", MTU: 1500, MachineID: "0", Type: "bridge", MACAddress: "02:00:00:00:00:02", IsUp: true},
		{Name: "eth1", MTU: 1500, MachineID: "0/lxd/0", Type: "ethernet", MACAddress: "02:16:3e:00:00:01", IsUp: true, ParentName: "m#0#d#br0"},
		{Name: "vlan9", MTU: 1500, MachineID: "0", Type: "802.1q", IsUp: true, ParentName: "eth0"},
	}
	m.IPAddresses = []*IPAddress{{DeviceName: "eth0", MachineID: "0", SubnetCIDR: "10.0.0.0/24", ConfigMethod: "static", Value: "10.0.0.5",
		DNSServers: []string{}, DNSSearchDomains: []string{}, GatewayAddress: "10.0.0.1", Origin: "provider"}}
	m.Storages = []*Storage{{ID: "data/0", Kind: "block", Owner: "unit-mysql-0", Name: "data", Attachments: []string{"mysql/0"},
		Constraints: &StorageInstanceConstraints{Pool: "ebs", Size: 1024}}}
	m.Volumes = []*Volume{{ID: "0", StorageID: "data/0", Provisioned: true, Size: 1024, Status: st("attached"),
		Attachments: []*VolumeAttachment{{HostID: "0", Provisioned: true, DeviceName: "xvdf"}}}}
	m.Filesystems = []*Filesystem{{ID: "7", StorageID: "data/0", VolumeID: "0", Provisioned: true, Size: 512, Status: st("attached"),
		Attachments: []*FilesystemAttachment{{HostID: "1", Provisioned: true, MountPoint: "/srv"}}}}
	m.Actions = []*Action{{ID: "2", Receiver: "mysql/0", Name: "backup", Operation: "1", Parameters: map[string]any{}, Enqueued: ts("2024-01-02T03:04:05Z"),
		Status: "pending", Results: map[string]any{}}}
	m.Operations = []*Operation{{ID: "1", Summary: "backup", Enqueued: ts("2024-01-02T03:04:05Z"), Status: "pending"}}
	m.Secrets = []*Secret{{ID: "cq3jr8fmp25c77rqm5l0", Version: 1, Owner: "application-mysql", Created: ts("2024-01-02T03:04:05Z"), Updated: ts("2024-01-02T03:04:05Z"),
		Revisions: []*SecretRevision{{Number: 1, Created: ts("2024-01-02T03:04:05Z"), Updated: ts("2024-01-02T03:04:05Z"),
			ValueRef: &SecretValueRef{BackendID: "b1", RevisionID: "r1"}}},
		Consumers: []*SecretConsumer{{Consumer: "unit-mysql-1", Label: "pw", CurrentRevision: 1}}}}
	m.RemoteSecrets = []*RemoteSecret{{ID: "cq3jr8fmp25c77rqm5m0", SourceUUID: "src-1", Consumer: "unit-mysql-0", CurrentRevision: 1, LatestRevision: 1}}
	m.Constraints = &Constraints{Memory: 1024}
	m.Sequences = map[string]int{"machine": 2}
	return m
}

func badBaseDocument(t *testing.T) []byte {
	t.Helper()
	m := badBaseModel()
	if err := m.Validate(); err != nil {
		t.Fatalf("the base of the catalogue is not valid: %v", err)
	}
	b, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read("base.yaml", b); err != nil {
		t.Fatalf("the base of the catalogue does not read: %v", err)
	}
	return b
}

func TestBadCatalogueBaseIsValid(t *testing.T) { badBaseDocument(t) }

var badCases = []badCase{
	// --- not a model at all
	{name: "syntax-unclosed-flow-list", edits: [][2]string{edit("owner: admin\n", "owner: [admin\n")}},
	{name: "syntax-bad-indentation", edits: [][2]string{edit("  name: default\n", "  name: default\n    nested: wrong\n")}},
	{name: "syntax-tab-indentation", edits: [][2]string{edit("  name: default\n", "\tname: default\n")}},
	{name: "document-is-a-list", raw: "- version: 10\n- owner: admin\n"},
	{name: "document-is-a-scalar", raw: "just some text\n"},
	{name: "empty-file"},
	{name: "only-comments", raw: "# a model description was here\n\n# and is gone\n"},
	{name: "several-documents", edits: [][2]string{edit("meter-status:\n  code: \"\"\n  info: \"\"\n", "meter-status:\n  code: \"\"\n  info: \"\"\n---\nversion: 10\n")}},
	{name: "duplicate-top-level-key", edits: [][2]string{edit("owner: admin\n", "owner: admin\nowner: bob\n")}},
	{name: "duplicate-key-in-a-machine", edits: [][2]string{edit("    nonce: n1\n", "    nonce: n1\n    nonce: n2\n")}},
	{name: "invalid-utf8", edits: [][2]string{edit("cloud: lxd\n", "cloud: lx\xffd\n")}},
	{name: "nul-byte", edits: [][2]string{edit("cloud: lxd\n", "cloud: lx\x00d\n")}},
	{name: "control-character", edits: [][2]string{edit("cloud: lxd\n", "cloud: lx\x07d\n")}},

	// --- wrong types
	{name: "type-model-version-is-a-word", edits: [][2]string{edit("version: 10\ntype: iaas\n", "version: ten\ntype: iaas\n")}},
	{name: "type-model-version-is-a-float", edits: [][2]string{edit("version: 10\ntype: iaas\n", "version: 10.0\ntype: iaas\n")}},
	{name: "type-owner-is-an-int", edits: [][2]string{edit("owner: admin\n", "owner: 42\n")}},
	{name: "type-owner-is-a-list", edits: [][2]string{edit("owner: admin\n", "owner: [admin]\n")}},
	{name: "type-config-is-a-list", edits: [][2]string{edit("config:\n  name: default\n  uuid: 0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e\n", "config: [name, uuid]\n")}},
	{name: "type-collection-is-a-list", edits: [][2]string{edit("ssh-host-keys:\n  version: 1\n  ssh-host-keys: []\n", "ssh-host-keys: []\n")}},
	{name: "type-wrapper-list-is-a-mapping", edits: [][2]string{edit("  version: 1\n  firewall-rules: []\n", "  version: 1\n  firewall-rules: {}\n")}},
	{name: "type-machine-jobs-is-a-string", edits: [][2]string{edit("    jobs:\n    - host-units\n    containers: []\n    opened-port-ranges:", "    jobs: host-units\n    containers: []\n    opened-port-ranges:")}},
	{name: "type-unit-name-is-an-int", edits: [][2]string{edit("      - name: mysql/0\n", "      - name: 7\n")}},
	{name: "type-volume-size-is-negative", edits: [][2]string{edit("    size: 1024\n    persistent: false\n", "    size: -1024\n    persistent: false\n")}},
	{name: "type-bool-is-a-word", edits: [][2]string{edit("    provisioned: true\n    size: 1024\n", "    provisioned: maybe\n    size: 1024\n")}},
	{name: "type-sequence-is-a-word", edits: [][2]string{edit("sequences:\n  machine: 2\n", "sequences:\n  machine: two\n")}},
	{name: "type-model-status-is-null", edits: [][2]string{edit("status:\n  version: 2\n  status:\n    value: available\n    updated: 2024-01-02T03:04:05Z\n    neverset: false\n", "status: null\n")}},
	{name: "type-relation-id-is-a-word", edits: [][2]string{edit("  - id: 1\n    key: prometheus", "  - id: one\n    key: prometheus")}},
	{name: "type-tools-is-a-string", edits: [][2]string{edit("    tools:\n      version: 2\n      tools-version: 3.5.1-ubuntu-amd64\n      url: https://example/tools\n      sha256: abc\n      size: 42\n    jobs:\n    - host-units\n    containers: []\n    opened", "    tools: 3.5.1-ubuntu-amd64\n    jobs:\n    - host-units\n    containers: []\n    opened")}},
	{name: "type-leader-is-a-mapping", edits: [][2]string{edit("    leader: mysql/0\n", "    leader: {mysql/0: true}\n")}},
	{name: "type-string-list-holds-an-int", edits: [][2]string{edit("    - z1\n", "    - 1\n")}},
	{name: "type-relation-state-key-is-a-word", edits: [][2]string{edit("        subordinates:\n        - telegraf/0\n", "        subordinates:\n        - telegraf/0\n        relation-state:\n          one: joined\n")}},

	// --- missing required fields
	{name: "missing-owner", edits: [][2]string{edit("owner: admin\n", "")}},
	{name: "missing-model-version", edits: [][2]string{edit("version: 10\ntype: iaas\n", "type: iaas\n")}},
	{name: "missing-collection", edits: [][2]string{edit("ssh-host-keys:\n  version: 1\n  ssh-host-keys: []\n", "")}},
	{name: "missing-machine-base", edits: [][2]string{edit("    password-hash: h1\n    instance:\n      version: 6\n      instance-id: i-1\n      status:\n        version: 2\n        status:\n          value: running\n          updated: 2024-01-02T03:04:05Z\n          neverset: false\n      status-history:\n        version: 2\n        history: []\n    base: ubuntu@22.04\n", "    password-hash: h1\n    instance:\n      version: 6\n      instance-id: i-1\n      status:\n        version: 2\n        status:\n          value: running\n          updated: 2024-01-02T03:04:05Z\n          neverset: false\n      status-history:\n        version: 2\n        history: []\n")}},
	{name: "missing-unit-machine", edits: [][2]string{edit("        machine: \"0\"\n", "")}},
	{name: "missing-status-updated", edits: [][2]string{edit("        value: attached\n        updated: 2024-01-02T03:04:05Z\n        neverset: false\n    status-history:\n      version: 2\n      history: []\n    attachments:\n      version: 2\n      attachments:\n      - host-id: \"0\"", "        value: attached\n        neverset: false\n    status-history:\n      version: 2\n      history: []\n    attachments:\n      version: 2\n      attachments:\n      - host-id: \"0\"")}},
	{name: "missing-wrapper-version", edits: [][2]string{edit("users:\n  version: 1\n  users:\n", "users:\n  users:\n")}},
	{name: "missing-wrapper-list", edits: [][2]string{edit("external-controllers:\n  version: 1\n  external-controllers: []\n", "external-controllers:\n  version: 1\n")}},
	{name: "missing-tools-version", edits: [][2]string{edit("    tools:\n      version: 2\n      tools-version: 3.5.1-ubuntu-amd64\n      url: https://example/tools\n      sha256: abc\n      size: 42\n    jobs:\n    - host-units\n    containers: []\n    opened", "    tools:\n      tools-version: 3.5.1-ubuntu-amd64\n      url: https://example/tools\n      sha256: abc\n      size: 42\n    jobs:\n    - host-units\n    containers: []\n    opened")}},
	{name: "missing-secret-owner", edits: [][2]string{edit("    owner: application-mysql\n", "")}},
	{name: "missing-storage-constraints-size", edits: [][2]string{edit("      pool: ebs\n      size: 1024\n", "      pool: ebs\n")}},

	// --- unknown fields
	{name: "unknown-top-level-key", edits: [][2]string{edit("cloud: lxd\n", "cloud: lxd\nclowd: lxd\n")}},
	{name: "unknown-machine-key", edits: [][2]string{edit("    nonce: n1\n", "    nonce: n1\n    hostname: db-1\n")}},
	{name: "unknown-key-of-a-later-version", edits: [][2]string{edit("version: 10\ntype: iaas\n", "version: 9\ntype: iaas\n")}},
	{name: "unknown-key-of-an-earlier-version", edits: [][2]string{edit("  - name: telegraf\n    type: iaas\n", "  - name: telegraf\n    type: iaas\n    storage-constraints: {}\n")}},
	{name: "unknown-wrapper-key", edits: [][2]string{edit("  version: 1\n  pools: []\n", "  version: 1\n  pools: []\n  storage-pools: []\n")}},
	{name: "unknown-status-key", edits: [][2]string{edit("    value: available\n", "    value: available\n    since: yesterday\n")}},
	{name: "unknown-port-range-key", edits: [][2]string{edit("          unit-port-ranges:\n", "          ports: []\n          unit-port-ranges:\n")}},

	// --- unknown versions
	{name: "version-model-13", edits: [][2]string{edit("version: 10\ntype: iaas\n", "version: 13\ntype: iaas\n")}},
	{name: "version-spaces-3-of-juju-description-v6", edits: [][2]string{edit("spaces:\n  version: 2\n", "spaces:\n  version: 3\n")}},
	{name: "version-subnets-7-of-juju-description-v6", edits: [][2]string{edit("subnets:\n  version: 6\n", "subnets:\n  version: 7\n")}},
	{name: "version-machines-9", edits: [][2]string{edit("machines:\n  version: 3\n", "machines:\n  version: 9\n")}},
	{name: "version-applications-15", edits: [][2]string{edit("applications:\n  version: 12\n", "applications:\n  version: 15\n")}},
	{name: "version-status-3", edits: [][2]string{edit("status:\n  version: 2\n  status:\n    value: available\n", "status:\n  version: 3\n  status:\n    value: available\n")}},
	{name: "version-constraints-0", edits: [][2]string{edit("constraints:\n  version: 5\n", "constraints:\n  version: 0\n")}},
	{name: "version-unit-resources-2", edits: [][2]string{edit("        password-hash: h\n        tools:\n          version: 2\n          tools-version: 3.5.1-ubuntu-amd64\n          url: https://example/tools\n          sha256: abc\n          size: 42\n        resources:\n          version: 1\n          resources: []\n        payloads:\n          version: 1\n          payloads: []\n      - name: mysql/1", "        password-hash: h\n        tools:\n          version: 2\n          tools-version: 3.5.1-ubuntu-amd64\n          url: https://example/tools\n          sha256: abc\n          size: 42\n        resources:\n          version: 2\n          resources: []\n        payloads:\n          version: 1\n          payloads: []\n      - name: mysql/1")}},
	{name: "version-negative", edits: [][2]string{edit("spaces:\n  version: 2\n", "spaces:\n  version: -2\n")}},

	// --- dangling references
	{name: "ref-unit-machine", edits: [][2]string{edit("        machine: \"0\"\n", "        machine: \"7\"\n")}},
	{name: "ref-unit-principal", edits: [][2]string{edit("        principal: mysql/1\n", "        principal: mysql/5\n")}},
	{name: "ref-unit-subordinate", edits: [][2]string{edit("        - telegraf/0\n", "        - telegraf/9\n")}},
	{name: "ref-application-leader", edits: [][2]string{edit("    leader: mysql/0\n", "    leader: mysql/3\n")}},
	{name: "ref-relation-application", edits: [][2]string{edit("      - application-name: prometheus\n", "      - application-name: grafana\n")}},
	{name: "ref-relation-unit-settings-other-application", edits: [][2]string{edit("          mysql/1: {}\n", "          mysql/1: {}\n          telegraf/0: {}\n")}},
	{name: "ref-relation-unit-settings-missing", edits: [][2]string{edit("          mysql/1: {}\n", "")}},
	{name: "ref-opened-ports-unit", edits: [][2]string{edit("        mysql/1:\n          unit-port-ranges:\n", "        mysql/4:\n          unit-port-ranges:\n")}},
	{name: "ref-storage-owner-unit", edits: [][2]string{edit("    owner: unit-mysql-0\n", "    owner: unit-mysql-8\n")}},
	{name: "ref-storage-owner-application", edits: [][2]string{edit("    owner: unit-mysql-0\n", "    owner: application-postgresql\n")}},
	{name: "ref-storage-attachment-unit", edits: [][2]string{edit("    - mysql/0\n    constraints:\n", "    - mysql/6\n    constraints:\n")}},
	{name: "ref-volume-storage", edits: [][2]string{edit("  - id: \"0\"\n    storage-id: data/0\n", "  - id: \"0\"\n    storage-id: data/9\n")}},
	{name: "ref-volume-attachment-host", edits: [][2]string{edit("      - host-id: \"0\"\n", "      - host-id: \"5\"\n")}},
	{name: "ref-filesystem-volume", edits: [][2]string{edit("    volume-id: \"0\"\n", "    volume-id: \"4\"\n")}},
	{name: "ref-filesystem-attachment-host", edits: [][2]string{edit("      - host-id: \"1\"\n", "      - host-id: mysql/7\n")}},
	{name: "ref-link-layer-device-machine", edits: [][2]string{edit("  - name: br0\n    mtu: 1500\n    machine-id: \"0\"\n", "  - name: br0\n    mtu: 1500\n    machine-id: \"3\"\n")}},
	{name: "ref-link-layer-device-parent", edits: [][2]string{edit("    parent-name: eth0\n", "    parent-name: eth7\n")}},
	{name: "ref-link-layer-device-parent-key", edits: [][2]string{edit("    parent-name: m#0#d#br0\n", "    parent-name: m#0#d#br9\n")}},
	{name: "ref-ip-address-machine", edits: [][2]string{edit("    machine-id: \"0\"\n    subnet-cidr:", "    machine-id: \"2\"\n    subnet-cidr:")}},
	{name: "ref-ip-address-device", edits: [][2]string{edit("  - device-name: eth0\n", "  - device-name: eth3\n")}},
	{name: "ref-subnet-space", edits: [][2]string{edit("    space-id: \"1\"\n", "    space-id: \"5\"\n")}},
	{name: "ref-secret-owner", edits: [][2]string{edit("    owner: application-mysql\n", "    owner: application-redis\n")}},
	{name: "ref-secret-consumer", edits: [][2]string{edit("    - consumer: unit-mysql-1\n", "    - consumer: unit-mysql-2\n")}},
	{name: "ref-remote-secret-consumer", edits: [][2]string{edit("    consumer: unit-mysql-0\n    label: \"\"\n", "    consumer: application-kafka\n    label: \"\"\n")}},

	// --- duplicate ids
	{name: "duplicate-machine-id", edits: [][2]string{edit("  - id: \"1\"\n    nonce: n1\n", "  - id: \"0\"\n    nonce: n1\n")}},
	{name: "duplicate-container-id", edits: [][2]string{edit("  - id: \"1\"\n    nonce: n1\n", "  - id: 0/lxd/0\n    nonce: n1\n")}},
	{name: "duplicate-application-name", edits: [][2]string{edit("  - name: telegraf\n    type: iaas\n", "  - name: mysql\n    type: iaas\n")}},
	{name: "duplicate-unit-name", edits: [][2]string{edit("      - name: mysql/1\n", "      - name: mysql/0\n")}},
	{name: "duplicate-relation-id", edits: [][2]string{edit("  - id: 1\n    key: prometheus", "  - id: 0\n    key: prometheus")}},
	{name: "duplicate-space-id", edits: [][2]string{edit("  - id: \"2\"\n    name: public\n", "  - id: \"1\"\n    name: public\n")}},
	{name: "duplicate-storage-id", edits: [][2]string{edit("    constraints:\n      pool: ebs\n      size: 1024\n", "    constraints:\n      pool: ebs\n      size: 1024\n  - id: data/0\n    kind: filesystem\n    name: data\n")}},
	{name: "duplicate-volume-id", edits: [][2]string{edit("filesystems:\n  version: 1\n  filesystems:\n  - id: \"7\"\n", "filesystems:\n  version: 1\n  filesystems:\n  - id: \"7\"\n"), edit("    attachmentplans:\n      version: 1\n      attachmentplans: []\n", "    attachmentplans:\n      version: 1\n      attachmentplans: []\n  - id: \"0\"\n    provisioned: false\n    size: 1\n    persistent: false\n    status:\n      version: 2\n      status:\n        value: pending\n        updated: 2024-01-02T03:04:05Z\n    status-history:\n      version: 2\n      history: []\n")}},
	{name: "duplicate-secret-id", edits: [][2]string{edit("    consumers:\n    - consumer: unit-mysql-1\n      label: pw\n      current-revision: 1\n", "    consumers:\n    - consumer: unit-mysql-1\n      label: pw\n      current-revision: 1\n  - id: cq3jr8fmp25c77rqm5l0\n    secret-version: 2\n    description: \"\"\n    label: \"\"\n    owner: application-mysql\n    create-time: 2024-01-02T03:04:05Z\n    update-time: 2024-01-02T03:04:05Z\n    revisions: []\n")}},
	{name: "duplicate-application-and-remote-application", edits: [][2]string{edit("  - name: prometheus\n    offer-uuid: offer-1\n", "  - name: telegraf\n    offer-uuid: offer-1\n")}},

	// --- bad names
	{name: "name-unit-number-is-a-word", edits: [][2]string{edit("      - name: mysql/1\n", "      - name: mysql/one\n")}},
	{name: "name-unit-of-another-application", edits: [][2]string{edit("      - name: telegraf/0\n", "      - name: wordpress/0\n")}},
	{name: "name-machine-id-is-not-a-number", edits: [][2]string{edit("  - id: \"1\"\n    nonce: n1\n", "  - id: db-1\n    nonce: n1\n")}},
	{name: "name-container-id-is-incomplete", edits: [][2]string{edit("    - id: 0/lxd/0\n", "    - id: 0/lxd\n")}},
	{name: "name-application-has-capitals", edits: [][2]string{edit("  - name: telegraf\n    type: iaas\n", "  - name: Telegraf\n    type: iaas\n")}},
	{name: "name-space-has-a-space", edits: [][2]string{edit("    name: db\n    public: false\n", "    name: db space\n    public: false\n")}},
	{name: "name-model-has-an-escape-sequence", edits: [][2]string{edit("config:\n  name: default\n", "config:\n  name: \"default\\e[2J\\nforged   admin\"\n")}},
	{name: "name-model-has-capitals", edits: [][2]string{edit("config:\n  name: default\n", "config:\n  name: Default\n")}},
	{name: "name-owner-is-not-a-user", edits: [][2]string{edit("\ntype: iaas\nowner: admin\n", "\ntype: iaas\nowner: bob smith\n")}},
	{name: "name-user-is-one-letter", edits: [][2]string{edit("  - name: admin\n    created-by: admin\n", "  - name: a\n    created-by: admin\n")}},
	{name: "name-space-has-capitals", edits: [][2]string{edit("    name: db\n    public: false\n", "    name: DB\n    public: false\n")}},
	{name: "path-key-has-a-control-character", edits: [][2]string{edit("\ntype: iaas\nowner: admin\n", "\ntype: iaas\nowner: admin\n\"col\\e[31mour\\nx\": red\n")}},
	{name: "name-secret-id-is-not-an-xid", edits: [][2]string{edit("  - id: cq3jr8fmp25c77rqm5l0\n", "  - id: my-secret\n")}},
	{name: "name-storage-owner-is-not-a-tag", edits: [][2]string{edit("    owner: unit-mysql-0\n", "    owner: mysql/0\n")}},
	{name: "name-machine-base-is-a-series", edits: [][2]string{edit("    nonce: n1\n    password-hash: h1\n    instance:\n      version: 6\n      instance-id: i-1\n      status:\n        version: 2\n        status:\n          value: running\n          updated: 2024-01-02T03:04:05Z\n          neverset: false\n      status-history:\n        version: 2\n        history: []\n    base: ubuntu@22.04\n", "    nonce: n1\n    password-hash: h1\n    instance:\n      version: 6\n      instance-id: i-1\n      status:\n        version: 2\n        status:\n          value: running\n          updated: 2024-01-02T03:04:05Z\n          neverset: false\n      status-history:\n        version: 2\n        history: []\n    base: jammy\n")}},

	// --- bad times
	{name: "time-is-a-word", edits: [][2]string{edit("    value: available\n    updated: 2024-01-02T03:04:05Z\n", "    value: available\n    updated: yesterday\n")}},
	{name: "time-is-a-date", edits: [][2]string{edit("    enqueued: 2024-01-02T03:04:05Z\n    status: pending\n    message", "    enqueued: 2024-01-02\n    status: pending\n    message")}},
	{name: "time-month-13", edits: [][2]string{edit("    date-created: 2024-01-01T00:00:00Z\n", "    date-created: 2024-13-01T00:00:00Z\n")}},
	{name: "time-space-separated", edits: [][2]string{edit("    create-time: 2024-01-02T03:04:05Z\n    update-time: 2024-01-02T03:04:05Z\n    revisions:", "    create-time: 2024-01-02 03:04:05\n    update-time: 2024-01-02T03:04:05Z\n    revisions:")}},
	{name: "time-is-an-int", edits: [][2]string{edit("    enqueued: 2024-01-02T03:04:05Z\n    status: pending\n    complete", "    enqueued: 1704164645\n    status: pending\n    complete")}},

	// --- other invalid values
	{name: "invalid-ip-address", edits: [][2]string{edit("    value: 10.0.0.5\n", "    value: 10.0.0.500\n")}},
	{name: "invalid-subnet-cidr", edits: [][2]string{edit("    subnet-cidr: 10.0.0.0/24\n", "    subnet-cidr: 10.0.0.0/33\n")}},
	{name: "invalid-mac-address", edits: [][2]string{edit("    mac-address: \"02:00:00:00:00:02\"\n", "    mac-address: not-a-mac\n")}},
	{name: "invalid-mtu-negative", edits: [][2]string{edit("  - name: br0\n    mtu: 1500\n", "  - name: br0\n    mtu: -1\n")}},
	{name: "invalid-metrics-creds-base64", edits: [][2]string{edit("    metrics-creds: Y3JlZHM=\n", "    metrics-creds: not base64!\n")}},
	{name: "invalid-constraints-cores-twice", edits: [][2]string{edit("  memory: 1024\ncloud: lxd\n", "  memory: 1024\n  cores: 2\n  cpu-cores: 4\ncloud: lxd\n")}},
	{name: "invalid-value-ref-incomplete", edits: [][2]string{edit("        revision-id: r1\n", "        revision-id: \"\"\n")}},
	{name: "invalid-parent-is-not-a-bridge", edits: [][2]string{edit("    parent-name: m#0#d#br0\n", "    parent-name: m#0#d#eth0\n")}},
	{name: "invalid-volume-size-zero", edits: [][2]string{edit("    size: 1024\n    persistent: false\n", "    size: 0\n    persistent: false\n")}},
	{name: "invalid-device-is-its-own-parent", edits: [][2]string{edit("    parent-name: eth0\n", "    parent-name: vlan9\n")}},
	{name: "invalid-machine-series-unknown", all: [][2]string{edit("base: ubuntu@22.04\n", "series: jammy\n")}, edits: [][2]string{edit("machines:\n  version: 3\n", "machines:\n  version: 2\n"), edit("      series: jammy\n      container-type: lxd\n", "      series: warty\n      container-type: lxd\n")}},
}

// --- hostile input
//
// Each of these must fail with a clear error, quickly and in memory
// bounded by the parser's limits (yamltree.DefaultLimits: the nesting
// depth, the bytes of one scalar, the nodes alias expansion may make, the
// nodes in all). hostileMaxTime and hostileMaxAlloc are the bounds the
// README states; the cases take far less (the test logs what they take).

const (
	hostileMaxTime  = 5 * time.Second
	hostileMaxAlloc = 128 << 20 // bytes allocated while reading, beyond the input itself
)

func billionLaughs() []byte {
	var b strings.Builder
	b.WriteString("version: 10\n")
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		b.WriteString(name + ": &" + name + " [")
		for k := 0; k < 10; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	return []byte(b.String())
}

func deepBlock(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("version: 10\nowner:\n")
	for i := 0; i < depth; i++ {
		b.WriteString("- ")
	}
	b.WriteString("x\n")
	return b.Bytes()
}

func TestHostileInputFailsFastWithABoundedMemory(t *testing.T) {
	big := make([]byte, 0, 100<<20+64)
	big = append(big, "version: 10\nowner: "...)
	big = append(big, bytes.Repeat([]byte("x"), 100<<20)...)
	big = append(big, '\n')
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the first error
	}{
		{"a billion laughs", billionLaughs(), "expands to too many nodes"},
		{"a 100 MB scalar", big, "scalar is longer than"},
		{"10,000 nested flow lists", []byte("version: 10\nowner: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"), "nested too deeply"},
		{"10,000 nested flow mappings", []byte("version: 10\nowner: " + strings.Repeat("{a: ", 10000) + "x" + strings.Repeat("}", 10000) + "\n"), "nested too deeply"},
		{"10,000 nested block lists", deepBlock(10000), "nested too deeply"},
		{"duplicate keys", []byte("version: 10\nowner: a\nowner: b\n"), `duplicate key "owner"`},
		{"invalid UTF-8", []byte("version: 10\nowner: \xc3\x28\n"), "invalid UTF-8"},
		{"a NUL byte", []byte("version: 10\nowner: a\x00b\n"), "control character U+0000"},
		{"a list", []byte("- version: 10\n"), "expected a mapping, got a list"},
		{"a scalar", []byte("10\n"), "expected a mapping, got int 10"},
		{"an empty file", nil, "empty document"},
		{"blanks only", []byte("\n\n   \n"), "empty document"},
		{"several documents", []byte("version: 10\n---\nversion: 10\n"), "multiple documents"},
		{"a document start and end", []byte("---\nversion: 10\n...\n---\n"), "multiple documents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Read("hostile.yaml", tc.data)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("read without error")
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v (%T) is not an ErrorList", err, err)
			}
			if !strings.Contains(list[0].Msg, tc.want) {
				t.Errorf("first error %q, want it to mention %q", list[0].Error(), tc.want)
			}
			if list[0].Line <= 0 {
				t.Errorf("error without a position: %v", list[0])
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%v, %d KiB allocated: %.120s", took, alloc>>10, list[0].Error())
			if took > hostileMaxTime {
				t.Errorf("took %v, more than %v", took, hostileMaxTime)
			}
			if alloc > hostileMaxAlloc {
				t.Errorf("allocated %d MiB, more than %d MiB", alloc>>20, hostileMaxAlloc>>20)
			}
		})
	}
}
