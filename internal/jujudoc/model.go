package jujudoc

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The model's own documents and those every entity shares: statuses and
// their history, constraints, annotations, settings, blocks, sequences, the
// model's global documents (models, modelEntityRefs, usermodelname) and its
// users. Free-form parts (status data, settings, annotations) are bson.D
// with sorted keys, as ferry's importer has always written them (Go maps
// encode in random order, which would change the stored bytes).

// StatusDoc is a statuses document (state/status.go statusDoc). Juju 3.x
// has no neverset field (migration_import.go makeStatusDoc turns a status
// never set into "unset").
type StatusDoc struct {
	DocID      string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Status     string `bson:"status"`        // 3.x
	StatusInfo string `bson:"statusinfo"`    // 3.x
	StatusData bson.D `bson:"statusdata"`    // 3.x; keys as set, unescaped
	Updated    int64  `bson:"updated"`       // 3.x; Unix nanoseconds
}

// HistoricalStatusDoc is a statuseshistory document (state/status.go
// historicalStatusDoc). Its _id is an ObjectId Juju leaves to the driver,
// and the collection is written raw (no txn-revno): the importer writes
// the _id and model-uuid before these fields.
type HistoricalStatusDoc struct {
	GlobalKey  string `bson:"globalkey"`  // 3.x
	Status     string `bson:"status"`     // 3.x
	StatusInfo string `bson:"statusinfo"` // 3.x
	StatusData bson.D `bson:"statusdata"` // 3.x
	Updated    int64  `bson:"updated"`    // 3.x; Unix nanoseconds
}

// ConstraintsDoc is a constraints document (state/constraints.go
// constraintsDoc): every value is a pointer, and an unset one is stored
// as null. The counts are uint64 in Juju and stored as int64, as mgo
// stores a uint64.
type ConstraintsDoc struct {
	DocID            string    `bson:"_id,omitempty"`    // 3.x; the importer adds it
	Arch             *string   `bson:"arch"`             // 3.x
	CPUCores         *int64    `bson:"cpucores"`         // 3.x (*uint64 in Juju)
	CPUPower         *int64    `bson:"cpupower"`         // 3.x (*uint64 in Juju)
	Mem              *int64    `bson:"mem"`              // 3.x (*uint64 in Juju)
	RootDisk         *int64    `bson:"rootdisk"`         // 3.x (*uint64 in Juju)
	RootDiskSource   *string   `bson:"rootdisksource"`   // 3.x
	InstanceRole     *string   `bson:"instancerole"`     // 3.x; the description has no such constraint
	InstanceType     *string   `bson:"instancetype"`     // 3.x
	Container        *string   `bson:"container"`        // 3.x (instance.ContainerType)
	Tags             *[]string `bson:"tags"`             // 3.x
	Spaces           *[]string `bson:"spaces"`           // 3.x
	Zones            *[]string `bson:"zones"`            // 3.x
	VirtType         *string   `bson:"virttype"`         // 3.x
	AllocatePublicIP *bool     `bson:"allocatepublicip"` // 3.x
	ImageID          *string   `bson:"imageid"`          // 3.x
}

// AnnotationsDoc is an annotations document (state/annotations.go
// annotatorDoc, ref §6.6).
type AnnotationsDoc struct {
	DocID       string `bson:"_id,omitempty"` // 3.x; the importer adds it
	GlobalKey   string `bson:"globalkey"`     // 3.x
	Tag         string `bson:"tag"`           // 3.x
	Annotations bson.D `bson:"annotations"`   // 3.x; string values
}

// SettingsDoc is a settings document (state/settings.go settingsDoc):
// model config, application and charm config, relation settings.
type SettingsDoc struct {
	DocID    string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Settings bson.D `bson:"settings"`      // 3.x; keys escaped (jujudb.EscapeKey)
	Version  int64  `bson:"version"`       // 3.x
}

// BlockDoc is a blocks document (state/block.go blockDoc); its local id is
// a number from the "block" sequence.
type BlockDoc struct {
	DocID   string `bson:"_id,omitempty"`     // 3.x; the importer adds it
	Tag     string `bson:"tag"`               // 3.x
	Type    int32  `bson:"type"`              // 3.x (jujudb.BlockType)
	Message string `bson:"message,omitempty"` // 3.x
}

// SequenceDoc is a sequence document (state/sequence.go sequenceDoc); the
// collection is written raw.
type SequenceDoc struct {
	DocID   string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Name    string `bson:"name"`          // 3.x
	Counter int32  `bson:"counter"`       // 3.x
}

// ModelDoc is a models document (state/model.go modelDoc), in the
// controller-wide models collection: its _id is the model's UUID, not a
// model-prefixed id.
type ModelDoc struct {
	UUID            string              `bson:"_id"`                        // 3.x
	Name            string              `bson:"name"`                       // 3.x
	Type            string              `bson:"type"`                       // 3.x: "iaas" or "caas"
	Life            int32               `bson:"life"`                       // 3.x
	Owner           string              `bson:"owner"`                      // 3.x
	ControllerUUID  string              `bson:"controller-uuid"`            // 3.x
	MigrationMode   string              `bson:"migration-mode"`             // 3.x
	EnvironVersion  int32               `bson:"environ-version"`            // 3.x
	Cloud           string              `bson:"cloud"`                      // 3.x
	CloudRegion     string              `bson:"cloud-region,omitempty"`     // 3.x
	CloudCredential string              `bson:"cloud-credential,omitempty"` // 3.x: cloud/owner/name
	AvailableTools  string              `bson:"available-tools,omitempty"`  // 3.x
	SLA             SLADoc              `bson:"sla"`                        // 3.x
	MeterStatus     ModelMeterStatusDoc `bson:"meter-status"`               // 3.x
	PasswordHash    string              `bson:"passwordhash"`               // 3.x
}

// SLADoc is a model's service level (state/model.go slaDoc).
type SLADoc struct {
	Level       string `bson:"level"`           // 3.x
	Owner       string `bson:"owner,omitempty"` // 3.x
	Credentials []byte `bson:"credentials"`     // 3.x
}

// ModelMeterStatusDoc is a model's meter status (state/model.go
// modelMeterStatusdoc).
type ModelMeterStatusDoc struct {
	Code string `bson:"code"` // 3.x
	Info string `bson:"info"` // 3.x
}

// ModelEntityRefsDoc is a modelEntityRefs document (state/model.go
// modelEntityRefsDoc), global, keyed by the model's UUID.
type ModelEntityRefsDoc struct {
	UUID         string   `bson:"_id"`          // 3.x
	Machines     []string `bson:"machines"`     // 3.x
	Applications []string `bson:"applications"` // 3.x
	Volumes      []string `bson:"volumes"`      // 3.x
	Filesystems  []string `bson:"filesystems"`  // 3.x
}

// UserModelNameDoc is a usermodelname document: Juju's is empty but for
// its _id, "<lower owner>:<name>" (ref juju-collections.md; Juju declares
// no struct for it). Marker is ferry's: the import's mark ({model-uuid: "inserted"})
// that lets an aborted import find what it wrote; Juju ignores it.
type UserModelNameDoc struct {
	ID     string `bson:"_id"`          // 3.x
	Marker bson.D `bson:"ferry-import"` // ferry's, not Juju's (import.MarkerField)
}

// UserAccessDoc is a modelusers document (state/useraccess.go
// userAccessDoc); its local id is the lower-cased user name.
type UserAccessDoc struct {
	DocID       string    `bson:"_id,omitempty"` // 3.x; the importer adds it
	ObjectUUID  string    `bson:"object-uuid"`   // 3.x
	UserName    string    `bson:"user"`          // 3.x
	DisplayName string    `bson:"displayname"`   // 3.x
	CreatedBy   string    `bson:"createdby"`     // 3.x
	DateCreated time.Time `bson:"datecreated"`   // 3.x; the zero time is stored as mgo stores it
}

// ModelUserLastConnectionDoc is a modelUserLastConnection document
// (state/modeluser.go modelUserLastConnectionDoc); the collection is
// written raw.
type ModelUserLastConnectionDoc struct {
	DocID          string    `bson:"_id,omitempty"`   // 3.x; the importer adds it
	UserName       string    `bson:"user"`            // 3.x
	LastConnection time.Time `bson:"last-connection"` // 3.x
}
