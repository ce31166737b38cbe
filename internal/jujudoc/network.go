package jujudoc

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// SpaceDoc is a spaces document (state/spaces.go spaceDoc, ref §6.32). The
// alpha space (id "0") is written with the model.
type SpaceDoc struct {
	DocID      string `bson:"_id,omitempty"`        // 3.x; the importer adds it
	ID         string `bson:"spaceid"`              // 3.x
	Life       int32  `bson:"life"`                 // 3.x
	Name       string `bson:"name"`                 // 3.x
	IsPublic   bool   `bson:"is-public"`            // 3.x
	ProviderID string `bson:"providerid,omitempty"` // 3.x
}

// SubnetDoc is a subnets document (state/subnets.go subnetDoc, ref §6.33).
type SubnetDoc struct {
	DocID             string   `bson:"_id,omitempty"`                 // 3.x; the importer adds it
	ID                string   `bson:"subnet-id"`                     // 3.x
	Life              int32    `bson:"life"`                          // 3.x
	ProviderID        string   `bson:"providerid,omitempty"`          // 3.x
	ProviderNetworkID string   `bson:"provider-network-id,omitempty"` // 3.x
	CIDR              string   `bson:"cidr"`                          // 3.x
	VLANTag           int32    `bson:"vlantag,omitempty"`             // 3.x
	AvailabilityZones []string `bson:"availability-zones"`            // 3.x
	IsPublic          bool     `bson:"is-public,omitempty"`           // 3.x
	SpaceID           string   `bson:"space-id,omitempty"`            // 3.x
	FanLocalUnderlay  string   `bson:"fan-local-underlay,omitempty"`  // 3.x
	FanOverlay        string   `bson:"fan-overlay,omitempty"`         // 3.x
}

// LinkLayerDeviceDoc is a linklayerdevices document
// (state/linklayerdevices.go linkLayerDeviceDoc, ref §6.35). Its local id is
// jujudb.LinkLayerDeviceKey(machine, name).
type LinkLayerDeviceDoc struct {
	DocID           string `bson:"_id,omitempty"`               // 3.x; the importer adds it
	Name            string `bson:"name"`                        // 3.x
	MTU             int32  `bson:"mtu"`                         // 3.x (uint in Juju, stored as int32)
	ProviderID      string `bson:"providerid,omitempty"`        // 3.x
	MachineID       string `bson:"machine-id"`                  // 3.x
	Type            string `bson:"type"`                        // 3.x
	MACAddress      string `bson:"mac-address"`                 // 3.x
	IsAutoStart     bool   `bson:"is-auto-start"`               // 3.x
	IsUp            bool   `bson:"is-up"`                       // 3.x
	ParentName      string `bson:"parent-name"`                 // 3.x
	VirtualPortType string `bson:"virtual-port-type,omitempty"` // 3.x
}

// IPAddressDoc is an ip.addresses document (state/ipaddresses.go
// ipAddressDoc, ref §6.34). Its local id is jujudb.IPAddressKey(machine,
// device, value).
type IPAddressDoc struct {
	DocID             string   `bson:"_id,omitempty"`                 // 3.x; the importer adds it
	ProviderID        string   `bson:"providerid,omitempty"`          // 3.x
	ProviderNetworkID string   `bson:"provider-network-id,omitempty"` // 3.x
	ProviderSubnetID  string   `bson:"provider-subnet-id,omitempty"`  // 3.x
	DeviceName        string   `bson:"device-name"`                   // 3.x
	MachineID         string   `bson:"machine-id"`                    // 3.x
	SubnetCIDR        string   `bson:"subnet-cidr"`                   // 3.x
	ConfigMethod      string   `bson:"config-method"`                 // 3.x
	Value             string   `bson:"value"`                         // 3.x
	DNSServers        []string `bson:"dns-servers"`                   // 3.x
	DNSSearchDomains  []string `bson:"dns-search-domains"`            // 3.x
	GatewayAddress    string   `bson:"gateway-address"`               // 3.x
	IsDefaultGateway  bool     `bson:"is-default-gateway,omitempty"`  // 3.x
	Origin            string   `bson:"origin"`                        // 3.x
	IsShadow          bool     `bson:"is-shadow,omitempty"`           // 3.x
	IsSecondary       bool     `bson:"is-secondary,omitempty"`        // 3.x
}

// ProviderIDDoc is a providerIDs document (state/providerid.go
// providerIdDoc): only its _id, "<kind>:<provider id>", which keeps a
// provider id unique in the model.
type ProviderIDDoc struct {
	DocID string `bson:"_id,omitempty"` // 3.x; the importer adds it
}

// ActionDoc is an actions document (state/action.go actionDoc, ref §6.37).
// Its parameters and results are free-form documents, kept as stored so that
// the export reads them as mgo decodes a map[string]interface{} (datetimes
// and binary included).
type ActionDoc struct {
	DocID          string          `bson:"_id,omitempty"`             // 3.x; the importer adds it
	Receiver       string          `bson:"receiver"`                  // 3.x
	Name           string          `bson:"name"`                      // 3.x
	Parameters     bson.RawValue   `bson:"parameters,omitempty"`      // 3.x
	Parallel       bool            `bson:"parallel,omitempty"`        // 3.x
	ExecutionGroup string          `bson:"execution-group,omitempty"` // 3.x
	Enqueued       time.Time       `bson:"enqueued"`                  // 3.x
	Started        time.Time       `bson:"started"`                   // 3.x; mgo's zero datetime when unset
	Completed      time.Time       `bson:"completed"`                 // 3.x; mgo's zero datetime when unset
	Operation      string          `bson:"operation"`                 // 3.x
	Status         string          `bson:"status"`                    // 3.x
	Message        string          `bson:"message"`                   // 3.x
	Results        bson.RawValue   `bson:"results,omitempty"`         // 3.x
	Messages       []ActionMessage `bson:"messages"`                  // 3.x
}

// ActionMessage is one of an action's log messages (state/action.go
// actionMessage).
type ActionMessage struct {
	Message   string    `bson:"message"`   // 3.x
	Timestamp time.Time `bson:"timestamp"` // 3.x
}

// ActionNotificationDoc is an actionnotifications document (state/action.go
// actionNotificationDoc), which the action queue watcher works from. Its
// local id is "<receiver>_a_<action id>".
type ActionNotificationDoc struct {
	DocID    string    `bson:"_id,omitempty"` // 3.x; the importer adds it
	Receiver string    `bson:"receiver"`      // 3.x
	ActionID string    `bson:"actionid"`      // 3.x
	Changed  time.Time `bson:"changed"`       // 3.x (omitempty in Juju; the importer always sets it)
}

// OperationDoc is an operations document (state/operation.go operationDoc,
// ref §6.38).
type OperationDoc struct {
	DocID             string    `bson:"_id,omitempty"`       // 3.x; the importer adds it
	Summary           string    `bson:"summary"`             // 3.x
	Fail              string    `bson:"fail"`                // 3.x
	Enqueued          time.Time `bson:"enqueued"`            // 3.x
	Started           time.Time `bson:"started"`             // 3.x; mgo's zero datetime when unset
	Completed         time.Time `bson:"completed"`           // 3.x; mgo's zero datetime when unset
	CompleteTaskCount int32     `bson:"complete-task-count"` // 3.x
	Status            string    `bson:"status"`              // 3.x
	SpawnedTaskCount  int32     `bson:"spawned-task-count"`  // 3.x
}

// SSHHostKeysDoc is an sshhostkeys document (state/sshhostkeys.go
// sshHostKeysDoc, ref §6.36). Its local id is the machine's global key
// "m#<id>".
type SSHHostKeysDoc struct {
	DocID string   `bson:"_id,omitempty"` // 3.x; the importer adds it
	Keys  []string `bson:"keys"`          // 3.x
}

// CloudImageMetadataDoc is a cloudimagemetadata document, a global
// collection (state/cloudimagemetadata/image.go metadataDoc, ref §6.39). Its
// _id is "stream:region:version:arch:virt_type:root_storage_type:source".
// The importer appends its own marker (import.MarkerField) and txn-revno.
type CloudImageMetadataDoc struct {
	DocID           string     `bson:"_id,omitempty"`               // 3.x; the importer adds it
	ExpireAt        *time.Time `bson:"expire-at,omitempty"`         // 3.x
	ImageID         string     `bson:"image_id"`                    // 3.x
	Stream          string     `bson:"stream"`                      // 3.x
	Region          string     `bson:"region"`                      // 3.x
	Version         string     `bson:"version"`                     // 3.x
	Arch            string     `bson:"arch"`                        // 3.x
	VirtType        string     `bson:"virt_type"`                   // 3.x
	RootStorageType string     `bson:"root_storage_type"`           // 3.x
	RootStorageSize *int64     `bson:"root_storage_size,omitempty"` // 3.x (uint64 in Juju)
	DateCreated     int64      `bson:"date_created"`                // 3.x; Unix nanoseconds
	Source          string     `bson:"source"`                      // 3.x
	Priority        int32      `bson:"priority"`                    // 3.x
}

// PermissionDoc is a permissions document, a global collection
// (state/permission.go permissionDoc): a subject's access to a model or an
// offer. Its _id is jujudb.PermissionID(object, subject).
type PermissionDoc struct {
	DocID            string `bson:"_id"`                // 3.x
	ObjectGlobalKey  string `bson:"object-global-key"`  // 3.x
	SubjectGlobalKey string `bson:"subject-global-key"` // 3.x
	Access           string `bson:"access"`             // 3.x
}

// ExternalControllerDoc is an externalControllers document, a global
// collection (state/externalcontroller.go externalControllerDoc); its _id is
// the controller's UUID.
type ExternalControllerDoc struct {
	DocID  string   `bson:"_id"`       // 3.x
	Alias  string   `bson:"alias"`     // 3.x
	Addrs  []string `bson:"addresses"` // 3.x
	CACert string   `bson:"cacert"`    // 3.x
	Models []string `bson:"models"`    // 3.x
}
