package jujudoc

import "go.mongodb.org/mongo-driver/v2/bson"

// StorageInstanceDoc is a storageinstances document (state/storage.go
// storageInstanceDoc).
type StorageInstanceDoc struct {
	DocID           string                      `bson:"_id,omitempty"`         // 3.x; the importer adds it
	ID              string                      `bson:"id"`                    // 3.x
	Kind            int32                       `bson:"storagekind"`           // 3.x (jujudb.StorageKind)
	Life            int32                       `bson:"life"`                  // 3.x
	Owner           string                      `bson:"owner,omitempty"`       // 3.x: a unit or application tag
	StorageName     string                      `bson:"storagename"`           // 3.x
	AttachmentCount int32                       `bson:"attachmentcount"`       // 3.x
	Constraints     *StorageInstanceConstraints `bson:"constraints,omitempty"` // 3.x
}

// StorageInstanceConstraints is the pool and size a storage instance was
// asked for (state/storage.go storageInstanceConstraints).
type StorageInstanceConstraints struct {
	Pool string `bson:"pool"` // 3.x
	Size int64  `bson:"size"` // 3.x, MiB (a uint64 in Juju, stored as int64 by mgo)
}

// StorageAttachmentDoc is a storageattachments document (state/storage.go
// storageAttachmentDoc): a storage instance attached to a unit.
type StorageAttachmentDoc struct {
	DocID     string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Unit      string `bson:"unitid"`        // 3.x
	StorageID string `bson:"storageid"`     // 3.x
	Life      int32  `bson:"life"`          // 3.x
}

// VolumeDoc is a volumes document (state/volume.go volumeDoc). A
// provisioned volume has Info, an unprovisioned one Params.
type VolumeDoc struct {
	DocID           string        `bson:"_id,omitempty"`       // 3.x; the importer adds it
	Name            string        `bson:"name"`                // 3.x
	Life            int32         `bson:"life"`                // 3.x
	StorageID       string        `bson:"storageid,omitempty"` // 3.x
	AttachmentCount int32         `bson:"attachmentcount"`     // 3.x
	Info            *VolumeInfo   `bson:"info,omitempty"`      // 3.x
	Params          *VolumeParams `bson:"params,omitempty"`    // 3.x
}

// VolumeInfo is a provisioned volume (state/volume.go VolumeInfo).
type VolumeInfo struct {
	HardwareID string `bson:"hardwareid"` // 3.x
	WWN        string `bson:"wwn"`        // 3.x
	Size       int64  `bson:"size"`       // 3.x, MiB
	Pool       string `bson:"pool"`       // 3.x
	VolumeID   string `bson:"volumeid"`   // 3.x
	Persistent bool   `bson:"persistent"` // 3.x
}

// VolumeParams is what an unprovisioned volume asks for (state/volume.go
// VolumeParams).
type VolumeParams struct {
	Pool string `bson:"pool"` // 3.x
	Size int64  `bson:"size"` // 3.x, MiB
}

// VolumeAttachmentDoc is a volumeattachments document (state/volume.go
// volumeAttachmentDoc); its local id is "<host>:<volume>".
type VolumeAttachmentDoc struct {
	DocID  string                  `bson:"_id,omitempty"`    // 3.x; the importer adds it
	Volume string                  `bson:"volumeid"`         // 3.x
	Host   string                  `bson:"hostid"`           // 3.x
	Life   int32                   `bson:"life"`             // 3.x
	Info   *VolumeAttachmentInfo   `bson:"info,omitempty"`   // 3.x
	Params *VolumeAttachmentParams `bson:"params,omitempty"` // 3.x
}

// VolumeAttachmentInfo is a provisioned volume attachment (state/volume.go
// VolumeAttachmentInfo).
type VolumeAttachmentInfo struct {
	DeviceName string                    `bson:"devicename"`          // 3.x
	DeviceLink string                    `bson:"devicelink"`          // 3.x
	BusAddress string                    `bson:"busaddress"`          // 3.x
	ReadOnly   bool                      `bson:"read-only"`           // 3.x
	PlanInfo   *VolumeAttachmentPlanInfo `bson:"plan-info,omitempty"` // 3.x
}

// VolumeAttachmentParams is what an unprovisioned volume attachment asks
// for (state/volume.go VolumeAttachmentParams).
type VolumeAttachmentParams struct {
	ReadOnly bool `bson:"read-only"` // 3.x
}

// VolumeAttachmentPlanInfo is how a machine attaches a volume
// (state/volume.go VolumeAttachmentPlanInfo).
type VolumeAttachmentPlanInfo struct {
	DeviceType string `bson:"device-type"` // 3.x
	// DeviceAttributes holds strings, in key order.
	DeviceAttributes bson.D `bson:"device-attributes"` // 3.x
}

// VolumeAttachmentPlanDoc is a volumeattachmentplan document
// (state/volume.go volumeAttachmentPlanDoc); its local id is
// "<machine>:<volume>".
type VolumeAttachmentPlanDoc struct {
	DocID    string                   `bson:"_id,omitempty"` // 3.x; the importer adds it
	Volume   string                   `bson:"volumeid"`      // 3.x
	Machine  string                   `bson:"machineid"`     // 3.x
	Life     int32                    `bson:"life"`          // 3.x
	PlanInfo VolumeAttachmentPlanInfo `bson:"plan-info"`     // 3.x
	// BlockDevice is the block device the machine saw (state/blockdevices.go
	// BlockDeviceInfo), laid out as in the blockdevices collection.
	BlockDevice *BlockDevice `bson:"block-device,omitempty"` // 3.x
}

// FilesystemDoc is a filesystems document (state/filesystem.go
// filesystemDoc). A provisioned filesystem has Info, an unprovisioned one
// Params.
type FilesystemDoc struct {
	DocID           string            `bson:"_id,omitempty"`       // 3.x; the importer adds it
	FilesystemID    string            `bson:"filesystemid"`        // 3.x
	Life            int32             `bson:"life"`                // 3.x
	StorageID       string            `bson:"storageid,omitempty"` // 3.x
	VolumeID        string            `bson:"volumeid,omitempty"`  // 3.x
	AttachmentCount int32             `bson:"attachmentcount"`     // 3.x
	Info            *FilesystemInfo   `bson:"info,omitempty"`      // 3.x
	Params          *FilesystemParams `bson:"params,omitempty"`    // 3.x
}

// FilesystemInfo is a provisioned filesystem (state/filesystem.go
// FilesystemInfo).
type FilesystemInfo struct {
	Size         int64  `bson:"size"`         // 3.x, MiB
	Pool         string `bson:"pool"`         // 3.x
	FilesystemID string `bson:"filesystemid"` // 3.x: the provider's id
}

// FilesystemParams is what an unprovisioned filesystem asks for
// (state/filesystem.go FilesystemParams).
type FilesystemParams struct {
	Pool string `bson:"pool"` // 3.x
	Size int64  `bson:"size"` // 3.x, MiB
}

// FilesystemAttachmentDoc is a filesystemAttachments document
// (state/filesystem.go filesystemAttachmentDoc); its local id is
// "<host>:<filesystem>".
type FilesystemAttachmentDoc struct {
	DocID      string                      `bson:"_id,omitempty"`    // 3.x; the importer adds it
	Filesystem string                      `bson:"filesystemid"`     // 3.x
	Host       string                      `bson:"hostid"`           // 3.x
	Life       int32                       `bson:"life"`             // 3.x
	Info       *FilesystemAttachmentInfo   `bson:"info,omitempty"`   // 3.x
	Params     *FilesystemAttachmentParams `bson:"params,omitempty"` // 3.x
}

// FilesystemAttachmentInfo is a provisioned filesystem attachment
// (state/filesystem.go FilesystemAttachmentInfo).
type FilesystemAttachmentInfo struct {
	MountPoint string `bson:"mountpoint"` // 3.x
	ReadOnly   bool   `bson:"read-only"`  // 3.x
}

// FilesystemAttachmentParams is what an unprovisioned filesystem
// attachment asks for (state/filesystem.go FilesystemAttachmentParams).
type FilesystemAttachmentParams struct {
	Location string `bson:"location"`  // 3.x
	ReadOnly bool   `bson:"read-only"` // 3.x
}
