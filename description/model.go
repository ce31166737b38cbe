package description

import "time"

// Model is the root of the tree: one Juju model with everything a migration
// carries. It is the hub type: every wire version is read into it and only
// the current version is written from it. Zero values mean "unset"; slices
// keep the order in which entities were added, which is the order written.
type Model struct {
	Type           string         // "iaas" or "caas"
	Owner          string         // user id, e.g. "admin" or "bob@external"
	Config         map[string]any // model config; "uuid" and "name" identify the model
	Blocks         map[string]string
	LatestTools    string // version number, e.g. "3.5.1"; "" when unknown
	EnvironVersion int

	Users               []*User
	Machines            []*Machine
	Applications        []*Application
	Relations           []*Relation
	RemoteEntities      []*RemoteEntity
	RelationNetworks    []*RelationNetwork
	OfferConnections    []*OfferConnection
	ExternalControllers []*ExternalController
	Spaces              []*Space
	LinkLayerDevices    []*LinkLayerDevice
	IPAddresses         []*IPAddress
	Subnets             []*Subnet
	CloudImageMetadata  []*CloudImageMetadata

	Status        *Status
	StatusHistory []Status

	Actions     []*Action
	Operations  []*Operation
	SSHHostKeys []*SSHHostKey
	Sequences   map[string]int
	Annotations map[string]string
	Constraints *Constraints

	Cloud           string
	CloudRegion     string
	CloudCredential *CloudCredential

	Volumes            []*Volume
	Filesystems        []*Filesystem
	Storages           []*Storage
	StoragePools       []*StoragePool
	FirewallRules      []*FirewallRule
	RemoteApplications []*RemoteApplication
	SecretBackendID    string
	Secrets            []*Secret
	RemoteSecrets      []*RemoteSecret

	SLA          SLA
	MeterStatus  MeterStatus
	PasswordHash string

	// AgentVersion is the Juju version the model runs (model v11). Read
	// from an older document, it is config["agent-version"], as
	// juju/description reads it.
	AgentVersion string
	// VirtualHostKeys are the SSH host keys of the model's virtual hosts
	// (model v12, Juju 3.6.4).
	VirtualHostKeys []*VirtualHostKey
}

// VirtualHostKey is the SSH host key Juju presents for one virtual host
// (a machine or unit reached through the controller's SSH proxy).
type VirtualHostKey struct {
	ID      string
	HostKey []byte // base64 on the wire
}

// UUID returns the model's UUID from its config ("" when unset).
func (m *Model) UUID() string { return configString(m.Config, "uuid") }

// Name returns the model's name from its config ("" when unset).
func (m *Model) Name() string { return configString(m.Config, "name") }

func configString(c map[string]any, key string) string {
	s, _ := c[key].(string)
	return s
}

// SLA is the model's service level agreement.
type SLA struct {
	Level       string
	Owner       string
	Credentials string // base64 of the SLA credentials
}

// MeterStatus is the model's metering status.
type MeterStatus struct {
	Code string
	Info string
}

// Status is one status point: an entity's status now, or one entry of its
// history.
type Status struct {
	Value   string
	Message string
	Data    map[string]any
	Updated time.Time
	// NeverSet marks a status Juju filled in itself rather than one an agent
	// reported.
	NeverSet bool
}

// User is a user with access to the model.
type User struct {
	Name           string
	DisplayName    string
	CreatedBy      string
	DateCreated    time.Time
	Access         string // read, write or admin
	LastConnection *time.Time
}

// Constraints are the hardware and placement constraints of a model,
// application, machine or unit. Zero fields are unset.
type Constraints struct {
	AllocatePublicIP bool
	Architecture     string
	Container        string
	CPUCores         uint64
	CPUPower         uint64
	ImageID          string
	InstanceType     string
	Memory           uint64 // MiB
	RootDisk         uint64 // MiB
	RootDiskSource   string
	Spaces           []string
	Tags             []string
	Zones            []string
	VirtType         string
}

// CloudCredential names the credential the model uses on its cloud.
type CloudCredential struct {
	Owner      string
	Cloud      string
	Name       string
	AuthType   string
	Attributes map[string]string
}

// AgentTools describes the agent binary an entity runs.
type AgentTools struct {
	Version string // binary version, e.g. "3.5.1-ubuntu-amd64"
	URL     string
	SHA256  string
	Size    int64
}

// Address is a network address of a machine, a cloud service or a container.
type Address struct {
	Value   string
	Type    string // ipv4, ipv6, hostname
	Scope   string // public, local-cloud, local-machine, ...
	Origin  string // provider or machine
	SpaceID string
}
