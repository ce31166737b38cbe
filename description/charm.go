package description

import "github.com/modelferry/ferry/internal/yamlemit"

// The charm data an application carries from applications v13 (Juju 3.6,
// juju/description v7.0.0 and later): the charm's metadata, manifest,
// actions and config options, so that a target controller need not fetch
// the charm to know them. Each of the four is self-versioned (version 1 in
// every release); the shapes inside follow juju/description v10.0.0's
// charmmetadata.go, charmmanifest.go, charmactions.go and charmconfigs.go.
//
// Empty lists and maps read as nil: juju/description writes most of them
// with omitempty, and the ones it always writes (a storage's properties, a
// container's mounts, a base's architectures, an action's parameters) are
// written back as [] or {} from nil, so nil and empty are one value.

// CharmMetadata is a charm's metadata.yaml as Juju stored it.
type CharmMetadata struct {
	Name           string
	Summary        string
	Description    string
	Subordinate    bool
	MinJujuVersion string
	RunAs          string
	Assumes        string // the assumes expression, as Juju serialises it
	Provides       map[string]CharmRelation
	Requires       map[string]CharmRelation
	Peers          map[string]CharmRelation
	ExtraBindings  map[string]string
	Categories     []string
	Tags           []string
	Storage        map[string]CharmStorage
	Devices        map[string]CharmDevice
	Payloads       map[string]CharmPayload
	Resources      map[string]CharmResource
	Terms          []string
	Containers     map[string]CharmContainer
	// LXDProfile is the charm's LXD profile, as YAML text. juju/description
	// added it in v7.0.0 without a version bump.
	LXDProfile string
}

// CharmRelation is one endpoint a charm provides, requires or peers on.
type CharmRelation struct {
	Name      string
	Role      string
	Interface string
	Optional  bool
	Limit     int
	Scope     string
}

// CharmStorage is one store a charm declares.
type CharmStorage struct {
	Name        string
	Description string
	Type        string
	Shared      bool
	ReadOnly    bool
	CountMin    int
	CountMax    int
	MinimumSize int // MiB
	Location    string
	Properties  []string
}

// CharmDevice is one device a charm declares.
type CharmDevice struct {
	Name        string
	Description string
	Type        string
	CountMin    int
	CountMax    int
}

// CharmPayload is one payload class a charm declares.
type CharmPayload struct {
	Name string
	Type string
}

// CharmResource is one resource a charm declares.
type CharmResource struct {
	Name        string
	Type        string
	Path        string
	Description string
}

// CharmContainer is one workload container of a sidecar charm.
type CharmContainer struct {
	Resource string
	Mounts   []CharmMount
	// UID and GID are nil when the charm does not set them.
	UID *int
	GID *int
}

// CharmMount is a storage mount of a container.
type CharmMount struct {
	Storage  string
	Location string
}

// CharmManifest is a charm's manifest.yaml: the bases it runs on.
type CharmManifest struct {
	Bases []CharmBase
}

// CharmBase is one base of a charm's manifest.
type CharmBase struct {
	Name          string
	Channel       string
	Architectures []string
}

// CharmActions are a charm's actions.yaml.
type CharmActions struct {
	Actions map[string]CharmAction
}

// CharmAction is one action a charm defines.
type CharmAction struct {
	Description    string
	Parallel       bool
	ExecutionGroup string
	Parameters     map[string]any // JSON Schema of the parameters
}

// CharmConfigs are a charm's config.yaml options.
type CharmConfigs struct {
	Configs map[string]CharmConfig
}

// CharmConfig is one config option a charm defines.
type CharmConfig struct {
	Type        string
	Default     any // nil when the option has no default
	Description string
}

// --- reading

// charmField builds a table row of a charm data entity; req says whether
// juju/description's reader requires the key (it has no default for it).
func charmField[T any](key string, req bool, typ string, dec func(d *decoder, n *node, t *T)) field[T] {
	return field[T]{key: key, req: req, typ: typ, dec: dec}
}

var charmMetadataFormat = &entity[CharmMetadata]{
	name: "charm-metadata", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[CharmMetadata]{
		charmField("name", true, "string", func(d *decoder, n *node, m *CharmMetadata) { m.Name = d.str(n) }),
		charmField("summary", false, "string", func(d *decoder, n *node, m *CharmMetadata) { m.Summary = d.str(n) }),
		charmField("description", false, "string", func(d *decoder, n *node, m *CharmMetadata) { m.Description = d.str(n) }),
		charmField("subordinate", false, "bool", func(d *decoder, n *node, m *CharmMetadata) { m.Subordinate = d.bool(n) }),
		charmField("min-juju-version", false, "string", func(d *decoder, n *node, m *CharmMetadata) { m.MinJujuVersion = d.str(n) }),
		charmField("run-as", false, "string", func(d *decoder, n *node, m *CharmMetadata) { m.RunAs = d.str(n) }),
		charmField("assumes", false, "string", func(d *decoder, n *node, m *CharmMetadata) { m.Assumes = d.str(n) }),
		charmField("provides", false, "map[string]ref:charm-relation", func(d *decoder, n *node, m *CharmMetadata) {
			m.Provides = nilIfEmptyMap(readEntityMapAt(d, n, charmRelationFormat, 1))
		}),
		charmField("requires", false, "map[string]ref:charm-relation", func(d *decoder, n *node, m *CharmMetadata) {
			m.Requires = nilIfEmptyMap(readEntityMapAt(d, n, charmRelationFormat, 1))
		}),
		charmField("peers", false, "map[string]ref:charm-relation", func(d *decoder, n *node, m *CharmMetadata) {
			m.Peers = nilIfEmptyMap(readEntityMapAt(d, n, charmRelationFormat, 1))
		}),
		charmField("extra-bindings", false, "map[string]string", func(d *decoder, n *node, m *CharmMetadata) {
			m.ExtraBindings = nilIfEmptyMap(d.stringMap(n))
		}),
		charmField("categories", false, "[]string", func(d *decoder, n *node, m *CharmMetadata) { m.Categories = nilIfEmpty(d.strings(n)) }),
		charmField("tags", false, "[]string", func(d *decoder, n *node, m *CharmMetadata) { m.Tags = nilIfEmpty(d.strings(n)) }),
		charmField("storage", false, "map[string]ref:charm-storage", func(d *decoder, n *node, m *CharmMetadata) {
			m.Storage = nilIfEmptyMap(readEntityMapAt(d, n, charmStorageFormat, 1))
		}),
		charmField("devices", false, "map[string]ref:charm-device", func(d *decoder, n *node, m *CharmMetadata) {
			m.Devices = nilIfEmptyMap(readEntityMapAt(d, n, charmDeviceFormat, 1))
		}),
		charmField("payloads", false, "map[string]ref:charm-payload", func(d *decoder, n *node, m *CharmMetadata) {
			m.Payloads = nilIfEmptyMap(readEntityMapAt(d, n, charmPayloadFormat, 1))
		}),
		charmField("resources", false, "map[string]ref:charm-resource", func(d *decoder, n *node, m *CharmMetadata) {
			m.Resources = nilIfEmptyMap(readEntityMapAt(d, n, charmResourceFormat, 1))
		}),
		charmField("terms", false, "[]string", func(d *decoder, n *node, m *CharmMetadata) { m.Terms = nilIfEmpty(d.strings(n)) }),
		charmField("containers", false, "map[string]ref:charm-container", func(d *decoder, n *node, m *CharmMetadata) {
			m.Containers = nilIfEmptyMap(readEntityMapAt(d, n, charmContainerFormat, 1))
		}),
		charmField("lxd-profile", false, "string", func(d *decoder, n *node, m *CharmMetadata) { m.LXDProfile = d.str(n) }),
	},
}

// The keys juju/description v7 – v11 leave optional here (optional, limit
// and scope of a relation, a storage's description and counts, ...) make
// its own reader panic when they are absent: it asserts their type without
// checking. ferry reads them as their zero values, and writes them all, as
// juju's writer does.
var charmRelationFormat = &entity[CharmRelation]{
	name: "charm-relation", writes: 1, reads: []int{1},
	fields: []field[CharmRelation]{
		charmField("name", true, "string", func(d *decoder, n *node, r *CharmRelation) { r.Name = d.str(n) }),
		charmField("role", true, "string", func(d *decoder, n *node, r *CharmRelation) { r.Role = d.str(n) }),
		charmField("interface", true, "string", func(d *decoder, n *node, r *CharmRelation) { r.Interface = d.str(n) }),
		charmField("optional", false, "bool", func(d *decoder, n *node, r *CharmRelation) { r.Optional = d.bool(n) }),
		charmField("limit", false, "int", func(d *decoder, n *node, r *CharmRelation) { r.Limit = d.int(n) }),
		charmField("scope", false, "string", func(d *decoder, n *node, r *CharmRelation) { r.Scope = d.str(n) }),
	},
}

var charmStorageFormat = &entity[CharmStorage]{
	name: "charm-storage", writes: 1, reads: []int{1},
	fields: []field[CharmStorage]{
		charmField("name", true, "string", func(d *decoder, n *node, s *CharmStorage) { s.Name = d.str(n) }),
		charmField("description", false, "string", func(d *decoder, n *node, s *CharmStorage) { s.Description = d.str(n) }),
		charmField("type", true, "string", func(d *decoder, n *node, s *CharmStorage) { s.Type = d.str(n) }),
		charmField("shared", false, "bool", func(d *decoder, n *node, s *CharmStorage) { s.Shared = d.bool(n) }),
		charmField("readonly", false, "bool", func(d *decoder, n *node, s *CharmStorage) { s.ReadOnly = d.bool(n) }),
		charmField("count-min", false, "int", func(d *decoder, n *node, s *CharmStorage) { s.CountMin = d.int(n) }),
		charmField("count-max", false, "int", func(d *decoder, n *node, s *CharmStorage) { s.CountMax = d.int(n) }),
		charmField("minimum-size", false, "int", func(d *decoder, n *node, s *CharmStorage) { s.MinimumSize = d.int(n) }),
		charmField("location", false, "string", func(d *decoder, n *node, s *CharmStorage) { s.Location = d.str(n) }),
		charmField("properties", false, "[]string", func(d *decoder, n *node, s *CharmStorage) { s.Properties = nilIfEmpty(d.strings(n)) }),
	},
}

var charmDeviceFormat = &entity[CharmDevice]{
	name: "charm-device", writes: 1, reads: []int{1},
	fields: []field[CharmDevice]{
		charmField("name", true, "string", func(d *decoder, n *node, x *CharmDevice) { x.Name = d.str(n) }),
		charmField("description", false, "string", func(d *decoder, n *node, x *CharmDevice) { x.Description = d.str(n) }),
		charmField("type", true, "string", func(d *decoder, n *node, x *CharmDevice) { x.Type = d.str(n) }),
		charmField("count-min", false, "int", func(d *decoder, n *node, x *CharmDevice) { x.CountMin = d.int(n) }),
		charmField("count-max", false, "int", func(d *decoder, n *node, x *CharmDevice) { x.CountMax = d.int(n) }),
	},
}

var charmPayloadFormat = &entity[CharmPayload]{
	name: "charm-payload", writes: 1, reads: []int{1},
	fields: []field[CharmPayload]{
		charmField("name", true, "string", func(d *decoder, n *node, p *CharmPayload) { p.Name = d.str(n) }),
		charmField("type", true, "string", func(d *decoder, n *node, p *CharmPayload) { p.Type = d.str(n) }),
	},
}

var charmResourceFormat = &entity[CharmResource]{
	name: "charm-resource", writes: 1, reads: []int{1},
	fields: []field[CharmResource]{
		charmField("name", true, "string", func(d *decoder, n *node, r *CharmResource) { r.Name = d.str(n) }),
		charmField("type", true, "string", func(d *decoder, n *node, r *CharmResource) { r.Type = d.str(n) }),
		charmField("path", true, "string", func(d *decoder, n *node, r *CharmResource) { r.Path = d.str(n) }),
		charmField("description", false, "string", func(d *decoder, n *node, r *CharmResource) { r.Description = d.str(n) }),
	},
}

// charmContainerFormat: juju/description v7 – v11 panic reading a uid or
// gid (they assert *int64 where the schema gives int64) and put a gid into
// the uid. ferry reads both into their own fields.
var charmContainerFormat = &entity[CharmContainer]{
	name: "charm-container", writes: 1, reads: []int{1},
	fields: []field[CharmContainer]{
		charmField("resource", true, "string", func(d *decoder, n *node, c *CharmContainer) { c.Resource = d.str(n) }),
		charmField("mounts", true, "[]ref:charm-mount", func(d *decoder, n *node, c *CharmContainer) {
			c.Mounts = readValuesAt(d, n, charmMountFormat, 1)
		}),
		charmField("uid", false, "int", func(d *decoder, n *node, c *CharmContainer) { c.UID = intPtr(d.int(n)) }),
		charmField("gid", false, "int", func(d *decoder, n *node, c *CharmContainer) { c.GID = intPtr(d.int(n)) }),
	},
}

var charmMountFormat = &entity[CharmMount]{
	name: "charm-mount", writes: 1, reads: []int{1},
	fields: []field[CharmMount]{
		charmField("storage", true, "string", func(d *decoder, n *node, m *CharmMount) { m.Storage = d.str(n) }),
		charmField("location", true, "string", func(d *decoder, n *node, m *CharmMount) { m.Location = d.str(n) }),
	},
}

var charmManifestFormat = &entity[CharmManifest]{
	name: "charm-manifest", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[CharmManifest]{
		charmField("bases", false, "[]ref:charm-base", func(d *decoder, n *node, m *CharmManifest) {
			m.Bases = readValuesAt(d, n, charmBaseFormat, 1)
		}),
	},
}

// charmBaseFormat: every key is optional in juju's reader, which panics
// without name or channel.
var charmBaseFormat = &entity[CharmBase]{
	name: "charm-base", writes: 1, reads: []int{1},
	fields: []field[CharmBase]{
		charmField("name", false, "string", func(d *decoder, n *node, b *CharmBase) { b.Name = d.str(n) }),
		charmField("channel", false, "string", func(d *decoder, n *node, b *CharmBase) { b.Channel = d.str(n) }),
		charmField("architectures", false, "[]string", func(d *decoder, n *node, b *CharmBase) { b.Architectures = nilIfEmpty(d.strings(n)) }),
	},
}

var charmActionsFormat = &entity[CharmActions]{
	name: "charm-actions", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[CharmActions]{
		charmField("actions", false, "map[string]ref:charm-action", func(d *decoder, n *node, a *CharmActions) {
			a.Actions = nilIfEmptyMap(readEntityMapAt(d, n, charmActionFormat, 1))
		}),
	},
}

var charmActionFormat = &entity[CharmAction]{
	name: "charm-action", writes: 1, reads: []int{1},
	fields: []field[CharmAction]{
		charmField("description", false, "string", func(d *decoder, n *node, a *CharmAction) { a.Description = d.str(n) }),
		charmField("parallel", false, "bool", func(d *decoder, n *node, a *CharmAction) { a.Parallel = d.bool(n) }),
		charmField("execution-group", false, "string", func(d *decoder, n *node, a *CharmAction) { a.ExecutionGroup = d.str(n) }),
		charmField("parameters", false, "map[string]any", func(d *decoder, n *node, a *CharmAction) { a.Parameters = nilIfEmptyMap(d.anyMap(n)) }),
	},
}

var charmConfigsFormat = &entity[CharmConfigs]{
	name: "charm-configs", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[CharmConfigs]{
		charmField("configs", false, "map[string]ref:charm-config", func(d *decoder, n *node, c *CharmConfigs) {
			c.Configs = nilIfEmptyMap(readEntityMapAt(d, n, charmConfigFormat, 1))
		}),
	},
}

var charmConfigFormat = &entity[CharmConfig]{
	name: "charm-config", writes: 1, reads: []int{1},
	fields: []field[CharmConfig]{
		charmField("type", false, "string", func(d *decoder, n *node, c *CharmConfig) { c.Type = d.str(n) }),
		charmField("default", false, "any", func(d *decoder, n *node, c *CharmConfig) { c.Default = d.anyValue(n) }),
		charmField("description", false, "string", func(d *decoder, n *node, c *CharmConfig) { c.Description = d.str(n) }),
	},
}

// readValuesAt reads a list of entities at version v as values; an empty
// list reads as nil.
func readValuesAt[T any](d *decoder, n *node, e *entity[T], v int) []T {
	if !d.sequence(n) {
		return nil
	}
	var out []T
	for i := range n.Children() {
		d.pushIndex(i)
		var t T
		e.decode(d, &n.Children()[i], v, &t)
		out = append(out, t)
		d.pop()
	}
	return out
}

func intPtr(i int) *int { return &i }

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func nilIfEmptyMap[K comparable, V any](m map[K]V) map[K]V {
	if len(m) == 0 {
		return nil
	}
	return m
}

// --- writing, key for key as juju/description v10.0.0's yaml tags

func writeCharmMetadata(e *encoder, m *CharmMetadata) {
	e.w.Key("charm-metadata")
	e.w.BeginMapping()
	e.int("version", 1)
	e.strOmit("name", m.Name)
	e.strOmit("summary", m.Summary)
	e.strOmit("description", m.Description)
	e.boolOmit("subordinate", m.Subordinate)
	e.strOmit("min-juju-version", m.MinJujuVersion)
	e.strOmit("run-as", m.RunAs)
	e.strOmit("assumes", m.Assumes)
	writeCharmRelations(e, "provides", m.Provides)
	writeCharmRelations(e, "requires", m.Requires)
	writeCharmRelations(e, "peers", m.Peers)
	e.stringMapOmit("extra-bindings", m.ExtraBindings)
	e.stringsOmit("categories", m.Categories)
	e.stringsOmit("tags", m.Tags)
	writeSortedOmit(e, "storage", m.Storage, func(s CharmStorage) {
		e.str("name", s.Name)
		e.str("description", s.Description)
		e.str("type", s.Type)
		e.bool("shared", s.Shared)
		e.bool("readonly", s.ReadOnly)
		e.int("count-min", s.CountMin)
		e.int("count-max", s.CountMax)
		e.int("minimum-size", s.MinimumSize)
		e.str("location", s.Location)
		e.strings("properties", s.Properties)
	})
	writeSortedOmit(e, "devices", m.Devices, func(x CharmDevice) {
		e.str("name", x.Name)
		e.str("description", x.Description)
		e.str("type", x.Type)
		e.int("count-min", x.CountMin)
		e.int("count-max", x.CountMax)
	})
	writeSortedOmit(e, "payloads", m.Payloads, func(p CharmPayload) {
		e.str("name", p.Name)
		e.str("type", p.Type)
	})
	writeSortedOmit(e, "resources", m.Resources, func(r CharmResource) {
		e.str("name", r.Name)
		e.str("type", r.Type)
		e.str("path", r.Path)
		e.str("description", r.Description)
	})
	e.stringsOmit("terms", m.Terms)
	writeSortedOmit(e, "containers", m.Containers, func(c CharmContainer) {
		e.str("resource", c.Resource)
		e.w.Key("mounts")
		e.w.BeginSequence()
		for _, mt := range c.Mounts {
			e.w.BeginMapping()
			e.str("storage", mt.Storage)
			e.str("location", mt.Location)
			e.w.EndMapping()
		}
		e.w.EndSequence()
		if c.UID != nil {
			e.int("uid", *c.UID)
		}
		if c.GID != nil {
			e.int("gid", *c.GID)
		}
	})
	e.strOmit("lxd-profile", m.LXDProfile)
	e.w.EndMapping()
}

func writeCharmRelations(e *encoder, k string, rs map[string]CharmRelation) {
	writeSortedOmit(e, k, rs, func(r CharmRelation) {
		e.str("name", r.Name)
		e.str("role", r.Role)
		e.str("interface", r.Interface)
		e.bool("optional", r.Optional)
		e.int("limit", r.Limit)
		e.str("scope", r.Scope)
	})
}

// writeSortedOmit writes a map of entities under k, keys sorted as yaml.v2
// sorts them, each as a mapping whose body item writes; an empty map is
// left out (omitempty).
func writeSortedOmit[V any](e *encoder, k string, m map[string]V, item func(V)) {
	if len(m) == 0 {
		return
	}
	writeSorted(e, k, m, item)
}

// writeSorted is writeSortedOmit that writes an empty map as {}.
func writeSorted[V any](e *encoder, k string, m map[string]V, item func(V)) {
	e.w.Key(k)
	e.w.BeginMapping()
	for _, name := range yamlemit.SortedKeys(m) {
		e.w.Key(name)
		e.w.BeginMapping()
		item(m[name])
		e.w.EndMapping()
	}
	e.w.EndMapping()
}

func writeCharmManifest(e *encoder, m *CharmManifest) {
	e.w.Key("charm-manifest")
	e.w.BeginMapping()
	e.int("version", 1)
	e.w.Key("bases")
	e.w.BeginSequence()
	for _, b := range m.Bases {
		e.w.BeginMapping()
		e.str("name", b.Name)
		e.str("channel", b.Channel)
		e.strings("architectures", b.Architectures)
		e.w.EndMapping()
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

func writeCharmActions(e *encoder, a *CharmActions) {
	e.w.Key("charm-actions")
	e.w.BeginMapping()
	e.int("version", 1)
	writeSorted(e, "actions", a.Actions, func(x CharmAction) {
		e.str("description", x.Description)
		e.bool("parallel", x.Parallel)
		e.str("execution-group", x.ExecutionGroup)
		e.anyMap("parameters", x.Parameters)
	})
	e.w.EndMapping()
}

func writeCharmConfigs(e *encoder, c *CharmConfigs) {
	e.w.Key("charm-configs")
	e.w.BeginMapping()
	e.int("version", 1)
	writeSorted(e, "configs", c.Configs, func(x CharmConfig) {
		e.str("type", x.Type)
		e.w.Key("default")
		if err := e.w.Value(x.Default); err != nil {
			panic(&valueError{path: "default", err: err})
		}
		e.str("description", x.Description)
	})
	e.w.EndMapping()
}
