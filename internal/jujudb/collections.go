package jujudb

// Databases of a Juju controller (ref §2).
const (
	// DB holds every state collection, global and model-scoped.
	DB = "juju"
	// BlobstoreDB holds the GridFS bucket "blobstore".
	BlobstoreDB = "blobstore"
	// LogsDB holds one capped collection "logs.<model-uuid>" per model.
	LogsDB = "logs"
)

// Collection names (ref §3, §6). The Go names follow Juju's own constants
// without the trailing C.
const (
	// Global collections.
	Models               = "models"
	Users                = "users"
	Controllers          = "controllers"
	Clouds               = "clouds"
	CloudCredentials     = "cloudCredentials"
	Permissions          = "permissions"
	UserModelName        = "usermodelname"
	ModelEntityRefs      = "modelEntityRefs"
	GlobalRefcounts      = "globalRefcounts"
	GlobalSettings       = "globalSettings"
	ExternalControllers  = "externalControllers"
	CloudImageMetadata   = "cloudimagemetadata"
	SecretBackends       = "secretBackends"
	SecretBackendsRotate = "secretBackendsRotate"
	UserLastLogin        = "userLastLogin"

	// Model-scoped collections.
	Statuses                    = "statuses"
	StatusesHistory             = "statuseshistory"
	Settings                    = "settings"
	StorageConstraints          = "storageconstraints"
	DeviceConstraints           = "deviceConstraints"
	Annotations                 = "annotations"
	Constraints                 = "constraints"
	Blocks                      = "blocks"
	Sequence                    = "sequence"
	ModelUsers                  = "modelusers"
	ModelUserLastConnection     = "modelUserLastConnection"
	Machines                    = "machines"
	InstanceData                = "instanceData"
	BlockDevices                = "blockdevices"
	OpenedPorts                 = "openedPorts"
	Applications                = "applications"
	Charms                      = "charms"
	Units                       = "units"
	MeterStatus                 = "meterStatus"
	EndpointBindings            = "endpointbindings"
	Payloads                    = "payloads"
	PodSpecs                    = "podSpecs"
	CloudServices               = "cloudservices"
	CloudContainers             = "cloudcontainers"
	UnitStates                  = "unitstates"
	Resources                   = "resources"
	ApplicationOffers           = "applicationOffers"
	RemoteApplications          = "remoteApplications"
	Relations                   = "relations"
	RelationScopes              = "relationscopes"
	RemoteEntities              = "remoteEntities"
	ApplicationOfferConnections = "applicationOfferConnections"
	RelationNetworks            = "relationNetworks"
	Spaces                      = "spaces"
	Subnets                     = "subnets"
	IPAddresses                 = "ip.addresses"
	LinkLayerDevices            = "linklayerdevices"
	SSHHostKeys                 = "sshhostkeys"
	VirtualHostKeys             = "virtualHostKeys" // Juju 3.6.4 – 3.6.27 (docs/juju-layout.md)
	Actions                     = "actions"
	ActionNotifications         = "actionnotifications"
	Operations                  = "operations"
	Volumes                     = "volumes"
	VolumeAttachments           = "volumeattachments"
	VolumeAttachmentPlan        = "volumeattachmentplan"
	Filesystems                 = "filesystems"
	FilesystemAttachments       = "filesystemAttachments"
	StorageInstances            = "storageinstances"
	StorageAttachments          = "storageattachments"
	SecretMetadata              = "secretMetadata"
	SecretRevisions             = "secretRevisions"
	SecretPermissions           = "secretPermissions"
	SecretConsumers             = "secretConsumers"
	SecretRemoteConsumers       = "secretRemoteConsumers"
	SecretRotate                = "secretRotate"
	Refcounts                   = "refcounts"
	ContainerRefs               = "containerRefs"
	ProviderIDs                 = "providerIDs"
	ToolsMetadata               = "toolsmetadata"
	StoredResources             = "storedResources"
)

// GlobalCollections are the controller-wide collections: their _id carries
// no model prefix and most have no model-uuid field (ref §3).
var GlobalCollections = []string{
	Models, Users, Controllers, Clouds, CloudCredentials, Permissions,
	UserModelName, ModelEntityRefs, GlobalRefcounts, GlobalSettings,
	ExternalControllers, CloudImageMetadata, SecretBackends,
	SecretBackendsRotate, UserLastLogin,
}

// ModelCollections are the model-scoped collections a model's export reads
// or an import writes: each document has a model-uuid field and, except in
// statuseshistory, an _id of the form "<model-uuid>:<local id>" (ref §3).
var ModelCollections = []string{
	Statuses, StatusesHistory, Settings, StorageConstraints, DeviceConstraints,
	Annotations, Constraints, Blocks, Sequence, ModelUsers,
	ModelUserLastConnection, Machines, InstanceData, BlockDevices, OpenedPorts,
	Applications, Charms, Units, MeterStatus, EndpointBindings, Payloads,
	PodSpecs, CloudServices, CloudContainers, UnitStates, Resources,
	ApplicationOffers, RemoteApplications, Relations, RelationScopes,
	RemoteEntities, ApplicationOfferConnections, RelationNetworks, Spaces,
	Subnets, IPAddresses, LinkLayerDevices, SSHHostKeys, VirtualHostKeys, Actions,
	ActionNotifications, Operations, Volumes, VolumeAttachments,
	VolumeAttachmentPlan, Filesystems, FilesystemAttachments, StorageInstances,
	StorageAttachments, SecretMetadata, SecretRevisions, SecretPermissions,
	SecretConsumers, SecretRemoteConsumers, SecretRotate, Refcounts,
	ContainerRefs, ProviderIDs, ToolsMetadata,
}

// RawCollections are written without transactions and carry no txn-revno
// (ref §3, §5). The importer must not add txn-revno to their documents.
var RawCollections = []string{StatusesHistory, ModelUserLastConnection, UserLastLogin, Sequence}

// IsGlobal reports whether coll is one of GlobalCollections.
func IsGlobal(coll string) bool {
	for _, c := range GlobalCollections {
		if c == coll {
			return true
		}
	}
	return false
}

// IsRaw reports whether coll is one of RawCollections.
func IsRaw(coll string) bool {
	for _, c := range RawCollections {
		if c == coll {
			return true
		}
	}
	return false
}

// Common field names.
const (
	FieldID        = "_id"
	FieldModelUUID = "model-uuid"
	FieldTxnRevno  = "txn-revno"
	FieldTxnQueue  = "txn-queue"
)

// IsTxnField reports whether a field is transaction bookkeeping, which
// readers ignore (ref §5: txn-revno, txn-queue, txn-insert, txn-remove).
func IsTxnField(name string) bool {
	switch name {
	case "txn-revno", "txn-queue", "txn-insert", "txn-remove":
		return true
	}
	return false
}

// InsertTxnRevno is the txn-revno Juju's server-side transactions give a
// freshly inserted document (ref §5; the BSON width is inferred as int32).
const InsertTxnRevno int32 = 2
