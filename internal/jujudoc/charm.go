package jujudoc

// CharmDoc is a charms document (state/charm.go charmDoc, ref §6.50;
// docs/juju-layout.md "Charm metadata…"). Meta, Config, Manifest and
// Actions are what Juju 3.6's exporter turns into an application's charm
// data (state/migration_export.go charmData). A charm whose archive is
// still pending upload or only a placeholder has none of them (Juju's
// insertPendingCharmOps and insertPlaceholderCharmOps leave them null).
type CharmDoc struct {
	DocID         string         `bson:"_id,omitempty"` // 3.x; the importer adds it
	URL           string         `bson:"url"`           // 3.x
	CharmVersion  string         `bson:"charm-version"` // 3.x
	Life          int32          `bson:"life"`          // 3.x
	PendingUpload bool           `bson:"pendingupload"` // 3.x
	Placeholder   bool           `bson:"placeholder"`   // 3.x
	BundleSha256  string         `bson:"bundlesha256"`  // 3.x
	StoragePath   string         `bson:"storagepath"`   // 3.x
	Meta          *CharmMeta     `bson:"meta"`          // 3.x
	Config        *CharmConfig   `bson:"config"`        // 3.x; option names escaped (safeConfig)
	Manifest      *CharmManifest `bson:"manifest"`      // 3.x
	Actions       *CharmActions  `bson:"actions"`       // 3.x
	Metrics       *struct{}      `bson:"metrics"`       // 3.x; ferry neither reads nor moves it
	// LXDProfile is null for a charm without one, as Juju's pending and
	// placeholder charm documents have it.
	LXDProfile *CharmLXDProfile `bson:"lxd-profile"` // 3.x
	// Stub marks the metadata ferry's import made up from the model's
	// endpoints because the model carried no charm data (formats before
	// applications v13). It is not Juju's: Juju decodes charmDoc into a
	// struct and ignores fields it does not declare. The export leaves a
	// stub's data out of the model, so that it is never passed on as the
	// charm's real metadata.
	Stub bool `bson:"ferry-stub-meta,omitempty"`
}

// CharmLXDProfile is a charm's LXD profile (state/charm.go LXDProfile,
// lxd's ProfilePut). Juju stores it through safeLXDProfile: config keys,
// device names and device keys escaped (jujudb.EscapeKey), so
// "security.nesting" is stored as "security\uff0enesting".
type CharmLXDProfile struct {
	Config      map[string]string            `bson:"config"`      // 3.x
	Description string                       `bson:"description"` // 3.x
	Devices     map[string]map[string]string `bson:"devices"`     // 3.x
}

// CharmMeta is a charm's metadata (Juju's charm.Meta with its bson tags,
// stored under charmDoc.meta). Relation map keys are escaped
// (jujudb.EscapeKey) as endpoint names are everywhere in Juju's documents.
// Series, deployment and systems are not declared: juju/description
// carries none of them.
type CharmMeta struct {
	Name           string                       `bson:"name"`                       // 3.x
	Summary        string                       `bson:"summary"`                    // 3.x
	Description    string                       `bson:"description"`                // 3.x
	Subordinate    bool                         `bson:"subordinate"`                // 3.x
	Provides       map[string]CharmRelation     `bson:"provides,omitempty"`         // 3.x
	Requires       map[string]CharmRelation     `bson:"requires,omitempty"`         // 3.x
	Peers          map[string]CharmRelation     `bson:"peers,omitempty"`            // 3.x
	ExtraBindings  map[string]CharmExtraBinding `bson:"extra-bindings,omitempty"`   // 3.x
	Categories     []string                     `bson:"categories,omitempty"`       // 3.x
	Tags           []string                     `bson:"tags,omitempty"`             // 3.x
	Storage        map[string]CharmStorage      `bson:"storage,omitempty"`          // 3.x
	Devices        map[string]CharmDevice       `bson:"devices,omitempty"`          // 3.x
	PayloadClasses map[string]CharmPayloadClass `bson:"payloadclasses,omitempty"`   // 3.x
	Resources      map[string]CharmResource     `bson:"resources,omitempty"`        // 3.x
	Terms          []string                     `bson:"terms,omitempty"`            // 3.x
	MinJujuVersion string                       `bson:"min-juju-version,omitempty"` // 3.x
	Containers     map[string]CharmContainer    `bson:"containers,omitempty"`       // 3.x (v2 charms)
	// Assumes is the assumes block as charm v12's ExpressionTree stores
	// itself (its GetBSON): the expression list, a feature as its string
	// ("juju >= 3.1"), a composite as {any-of: [...]} or {all-of: [...]};
	// absent when the charm has none (docs/juju-layout.md).
	Assumes   []any  `bson:"assumes,omitempty"`    // 3.x
	CharmUser string `bson:"charm-user,omitempty"` // 3.x (v2 charms)
}

// CharmRelation is charm.Relation.
type CharmRelation struct {
	Name      string `bson:"name"`      // 3.x
	Role      string `bson:"role"`      // 3.x
	Interface string `bson:"interface"` // 3.x
	Optional  bool   `bson:"optional"`  // 3.x
	Limit     int    `bson:"limit"`     // 3.x
	Scope     string `bson:"scope"`     // 3.x
}

// CharmExtraBinding is charm.ExtraBinding.
type CharmExtraBinding struct {
	Name string `bson:"name"` // 3.x
}

// CharmStorage is charm.Storage.
type CharmStorage struct {
	Name        string   `bson:"name"`                 // 3.x
	Description string   `bson:"description"`          // 3.x
	Type        string   `bson:"type"`                 // 3.x
	Shared      bool     `bson:"shared"`               // 3.x
	ReadOnly    bool     `bson:"read-only"`            // 3.x
	CountMin    int      `bson:"countmin"`             // 3.x
	CountMax    int      `bson:"countmax"`             // 3.x
	MinimumSize int64    `bson:"minimum-size"`         // 3.x, MiB
	Location    string   `bson:"location,omitempty"`   // 3.x
	Properties  []string `bson:"properties,omitempty"` // 3.x
}

// CharmDevice is charm.Device.
type CharmDevice struct {
	Name        string `bson:"name"`        // 3.x
	Description string `bson:"description"` // 3.x
	Type        string `bson:"type"`        // 3.x
	CountMin    int64  `bson:"countmin"`    // 3.x
	CountMax    int64  `bson:"countmax"`    // 3.x
}

// CharmPayloadClass is charm.PayloadClass.
type CharmPayloadClass struct {
	Name string `bson:"name"` // 3.x
	Type string `bson:"type"` // 3.x
}

// CharmResource is a charm's resource declaration (resource.Meta).
// (unsure) its bson tags: the struct declares none, so mgo lowercases the
// field names, which gives these.
type CharmResource struct {
	Name        string `bson:"name"`        // 3.x
	Type        string `bson:"type"`        // 3.x
	Path        string `bson:"path"`        // 3.x
	Description string `bson:"description"` // 3.x
}

// CharmContainer is charm.Container (sidecar charms).
type CharmContainer struct {
	Resource string       `bson:"resource,omitempty"` // 3.x
	Mounts   []CharmMount `bson:"mounts,omitempty"`   // 3.x
	UID      *int         `bson:"uid,omitempty"`      // 3.x
	GID      *int         `bson:"gid,omitempty"`      // 3.x
}

// CharmMount is charm.Mount.
type CharmMount struct {
	Storage  string `bson:"storage,omitempty"`  // 3.x
	Location string `bson:"location,omitempty"` // 3.x
}

// CharmConfig is charm.Config: the charm's config options by escaped name.
type CharmConfig struct {
	Options map[string]CharmOption `bson:"options"` // 3.x
}

// CharmOption is charm.Option.
type CharmOption struct {
	Type        string `bson:"type"`              // 3.x
	Description string `bson:"description"`       // 3.x
	Default     Free   `bson:"default,omitempty"` // 3.x; absent when the option has none
}

// CharmManifest is charm.Manifest.
type CharmManifest struct {
	Bases []CharmBase `bson:"bases"` // 3.x
}

// CharmBase is charm.Base.
type CharmBase struct {
	Name          string       `bson:"name"`                    // 3.x
	Channel       CharmChannel `bson:"channel"`                 // 3.x
	Architectures []string     `bson:"architectures,omitempty"` // 3.x
}

// CharmChannel is charm.Channel ("22.04/stable" is track 22.04, risk
// stable).
type CharmChannel struct {
	Track  string `bson:"track,omitempty"`  // 3.x
	Risk   string `bson:"risk"`             // 3.x
	Branch string `bson:"branch,omitempty"` // 3.x
}

// CharmActions is charm.Actions.
type CharmActions struct {
	ActionSpecs map[string]CharmActionSpec `bson:"specs"` // 3.x
}

// CharmActionSpec is charm.ActionSpec.
type CharmActionSpec struct {
	Description    string          `bson:"description"`     // 3.x
	Params         map[string]Free `bson:"params"`          // 3.x, JSON Schema
	Parallel       bool            `bson:"parallel"`        // 3.x
	ExecutionGroup string          `bson:"execution-group"` // 3.x
}
