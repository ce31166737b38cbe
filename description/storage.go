package description

// Storage is a storage instance, owned by a unit or an application and
// attached to units. Constraints is nil when the instance has none (see
// storageFormat for how that reads and writes).
type Storage struct {
	ID          string
	Kind        string // block or filesystem
	Owner       string // a tag: unit-mysql-0, application-mysql
	Name        string
	Attachments []string // unit names
	Constraints *StorageInstanceConstraints
}

// StorageInstanceConstraints are the pool and size a storage instance was
// created with.
type StorageInstanceConstraints struct {
	Pool string
	Size uint64
}

// StoragePool is a named storage pool configuration.
type StoragePool struct {
	Name       string
	Provider   string
	Attributes map[string]any
}

// Volume is a block volume.
type Volume struct {
	ID              string
	StorageID       string
	Provisioned     bool
	Size            uint64
	Pool            string
	HardwareID      string
	WWN             string
	VolumeID        string
	Persistent      bool
	Status          *Status
	StatusHistory   []Status
	Attachments     []*VolumeAttachment
	AttachmentPlans []*VolumeAttachmentPlan
}

// VolumeAttachment attaches a volume to a machine or a unit (HostID).
type VolumeAttachment struct {
	HostID      string
	Provisioned bool
	ReadOnly    bool
	DeviceName  string
	DeviceLink  string
	BusAddress  string
	PlanInfo    VolumePlanInfo
}

// VolumePlanInfo says how a machine should attach a volume.
type VolumePlanInfo struct {
	DeviceType       string
	DeviceAttributes map[string]string
}

// VolumeAttachmentPlan is a machine's plan to attach a volume. BlockDevice
// is nil when the plan names none.
type VolumeAttachmentPlan struct {
	MachineID   string
	BlockDevice *BlockDevice
	PlanInfo    VolumePlanInfo
}

// Filesystem is a filesystem, possibly backed by a volume.
type Filesystem struct {
	ID            string
	StorageID     string
	VolumeID      string
	Provisioned   bool
	Size          uint64
	Pool          string
	FilesystemID  string
	Status        *Status
	StatusHistory []Status
	Attachments   []*FilesystemAttachment
}

// FilesystemAttachment attaches a filesystem to a machine or unit (HostID).
type FilesystemAttachment struct {
	HostID      string
	Provisioned bool
	MountPoint  string
	ReadOnly    bool
}

// storagesVersion is the version of the storages list ferry writes.
const storagesVersion = 3

// Versions of the wrappers inside a volume and a filesystem.
const (
	volumeAttachmentsVersion     = 2
	volumeAttachmentPlansVersion = 1
	filesystemAttachmentsVersion = 2
)

// --- volumes

// volumePlanInfoFormat reads plan-info. juju/description requires
// device-type here but writes it (and plan-info itself) only when set, so
// the plan info of an attachment plan made without a device type cannot be
// read back by it; ferry reads device-type as optional so that everything
// it (and juju) writes reads back.
var volumePlanInfoFormat = &entity[VolumePlanInfo]{
	name: "plan-info", writes: 1, reads: []int{1},
	fields: []field[VolumePlanInfo]{
		{key: "device-type", typ: "string", dec: func(d *decoder, n *node, p *VolumePlanInfo) { p.DeviceType = d.str(n) }},
		{key: "device-attributes", typ: "map[string]string", dec: func(d *decoder, n *node, p *VolumePlanInfo) {
			p.DeviceAttributes = d.stringMap(n)
		}},
	},
}

func readVolumePlanInfo(d *decoder, n *node, p *VolumePlanInfo) {
	volumePlanInfoFormat.decode(d, n, 1, p)
}

// writeVolumePlanInfoOmit writes plan-info unless it is empty, as yaml.v2's
// omitempty treats a struct whose fields are all empty.
func writeVolumePlanInfoOmit(e *encoder, p *VolumePlanInfo) {
	if p.DeviceType == "" && len(p.DeviceAttributes) == 0 {
		return
	}
	e.w.Key("plan-info")
	e.w.BeginMapping()
	e.strOmit("device-type", p.DeviceType)
	e.stringMapOmit("device-attributes", p.DeviceAttributes)
	e.w.EndMapping()
}

type volumeAttachmentIn struct {
	a         *VolumeAttachment
	machineID string // v1 named the host machine-id
}

var volumeAttachmentFormat = &entity[volumeAttachmentIn]{
	name: "volume-attachment", writes: volumeAttachmentsVersion, reads: []int{1, 2},
	fields: []field[volumeAttachmentIn]{
		{key: "machine-id", until: 1, req: true, typ: "string", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.machineID = d.str(n) }},
		{key: "host-id", since: 2, req: true, typ: "string", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.a.HostID = d.str(n) }},
		{key: "provisioned", req: true, typ: "bool", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.a.Provisioned = d.bool(n) }},
		{key: "read-only", req: true, typ: "bool", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.a.ReadOnly = d.bool(n) }},
		{key: "device-name", req: true, typ: "string", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.a.DeviceName = d.str(n) }},
		{key: "device-link", req: true, typ: "string", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.a.DeviceLink = d.str(n) }},
		{key: "bus-address", req: true, typ: "string", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { t.a.BusAddress = d.str(n) }},
		{key: "plan-info", typ: "ref:plan-info@1", dec: func(d *decoder, n *node, t *volumeAttachmentIn) { readVolumePlanInfo(d, n, &t.a.PlanInfo) }},
	},
	upgrade: map[int]func(*volumeAttachmentIn) error{1: upgradeVolumeAttachmentV1ToV2},
}

// upgradeVolumeAttachmentV1ToV2: v2 renamed machine-id to host-id, since a
// volume may also be attached to a unit (CAAS).
func upgradeVolumeAttachmentV1ToV2(t *volumeAttachmentIn) error {
	t.a.HostID = t.machineID
	return nil
}

func readVolumeAttachments(d *decoder, n *node) []*VolumeAttachment {
	var out []*VolumeAttachment
	volumeAttachmentFormat.list(d, n, "attachments", "attachments", func(v, _ int, n *node) {
		t := volumeAttachmentIn{a: new(VolumeAttachment)}
		volumeAttachmentFormat.decode(d, n, v, &t)
		out = append(out, t.a)
	})
	return out
}

func writeVolumeAttachment(e *encoder, a *VolumeAttachment) {
	e.w.BeginMapping()
	e.str("host-id", a.HostID)
	e.bool("provisioned", a.Provisioned)
	e.bool("read-only", a.ReadOnly)
	e.str("device-name", a.DeviceName)
	e.str("device-link", a.DeviceLink)
	e.str("bus-address", a.BusAddress)
	writeVolumePlanInfoOmit(e, &a.PlanInfo)
	e.w.EndMapping()
}

// volumeAttachmentPlanFormat: block-device and plan-info are optional in
// juju/description's schema and left out on write when empty, but its reader
// then panics without them; ferry reads them as optional.
var volumeAttachmentPlanFormat = &entity[VolumeAttachmentPlan]{
	name: "volume-attachment-plan", writes: volumeAttachmentPlansVersion, reads: []int{1},
	fields: []field[VolumeAttachmentPlan]{
		{key: "machine-id", req: true, typ: "string", dec: func(d *decoder, n *node, p *VolumeAttachmentPlan) { p.MachineID = d.str(n) }},
		// juju/description reads the block device with its v1 schema, which
		// drops the serial-id it writes; ferry reads the current (v2) shape
		// and keeps it.
		{key: "block-device", typ: "ref:block-device@2", dec: func(d *decoder, n *node, p *VolumeAttachmentPlan) {
			p.BlockDevice = new(BlockDevice)
			blockDeviceFormat.decode(d, n, 2, p.BlockDevice)
		}},
		{key: "plan-info", typ: "ref:plan-info@1", dec: func(d *decoder, n *node, p *VolumeAttachmentPlan) { readVolumePlanInfo(d, n, &p.PlanInfo) }},
	},
}

func writeVolumeAttachmentPlan(e *encoder, p *VolumeAttachmentPlan) {
	e.w.BeginMapping()
	e.str("machine-id", p.MachineID)
	if p.BlockDevice != nil {
		e.w.Key("block-device")
		writeBlockDevice(e, p.BlockDevice)
	}
	writeVolumePlanInfoOmit(e, &p.PlanInfo)
	e.w.EndMapping()
}

// volumeFormat: juju/description declares attachments and attachmentplans
// optional but panics without them; it always writes both wrappers. ferry
// reads a volume without them as having none.
var volumeFormat = &entity[Volume]{
	name: "volume", writes: 1, reads: []int{1},
	fields: []field[Volume]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, v *Volume) { v.ID = d.str(n) }},
		{key: "storage-id", typ: "string", dec: func(d *decoder, n *node, v *Volume) { v.StorageID = d.str(n) }},
		{key: "provisioned", req: true, typ: "bool", dec: func(d *decoder, n *node, v *Volume) { v.Provisioned = d.bool(n) }},
		{key: "size", req: true, typ: "uint", dec: func(d *decoder, n *node, v *Volume) { v.Size = d.uint(n) }},
		{key: "pool", typ: "string", dec: func(d *decoder, n *node, v *Volume) { v.Pool = d.str(n) }},
		{key: "hardware-id", typ: "string", dec: func(d *decoder, n *node, v *Volume) { v.HardwareID = d.str(n) }},
		{key: "wwn", typ: "string", dec: func(d *decoder, n *node, v *Volume) { v.WWN = d.str(n) }},
		{key: "volume-id", typ: "string", dec: func(d *decoder, n *node, v *Volume) { v.VolumeID = d.str(n) }},
		{key: "persistent", req: true, typ: "bool", dec: func(d *decoder, n *node, v *Volume) { v.Persistent = d.bool(n) }},
		{key: "status", req: true, typ: "ref:status", dec: func(d *decoder, n *node, v *Volume) { v.Status = readStatus(d, n) }},
		{key: "status-history", req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, v *Volume) { v.StatusHistory = readStatusHistory(d, n) }},
		{key: "attachments", typ: "wrap:volume-attachment/attachments", dec: func(d *decoder, n *node, v *Volume) { v.Attachments = readVolumeAttachments(d, n) }},
		{key: "attachmentplans", typ: "wrap:volume-attachment-plan/attachmentplans", dec: func(d *decoder, n *node, v *Volume) {
			v.AttachmentPlans = readList(d, volumeAttachmentPlanFormat, n, "attachmentplans", "attachmentplans")
		}},
	},
}

func writeVolume(e *encoder, v *Volume) {
	e.w.BeginMapping()
	e.str("id", v.ID)
	e.strOmit("storage-id", v.StorageID)
	e.bool("provisioned", v.Provisioned)
	e.uint("size", v.Size)
	e.strOmit("pool", v.Pool)
	e.strOmit("hardware-id", v.HardwareID)
	e.strOmit("wwn", v.WWN)
	e.strOmit("volume-id", v.VolumeID)
	e.bool("persistent", v.Persistent)
	e.w.Key("status")
	writeStatus(e, v.Status)
	e.w.Key("status-history")
	writeStatusHistory(e, v.StatusHistory)
	writeWrapped(e, "attachments", volumeAttachmentsVersion, "attachments", v.Attachments, writeVolumeAttachment)
	writeWrapped(e, "attachmentplans", volumeAttachmentPlansVersion, "attachmentplans", v.AttachmentPlans, writeVolumeAttachmentPlan)
	e.w.EndMapping()
}

// --- filesystems

type filesystemAttachmentIn struct {
	a         *FilesystemAttachment
	machineID string // v1 named the host machine-id
}

var filesystemAttachmentFormat = &entity[filesystemAttachmentIn]{
	name: "filesystem-attachment", writes: filesystemAttachmentsVersion, reads: []int{1, 2},
	fields: []field[filesystemAttachmentIn]{
		{key: "machine-id", until: 1, req: true, typ: "string", dec: func(d *decoder, n *node, t *filesystemAttachmentIn) { t.machineID = d.str(n) }},
		{key: "host-id", since: 2, req: true, typ: "string", dec: func(d *decoder, n *node, t *filesystemAttachmentIn) { t.a.HostID = d.str(n) }},
		{key: "provisioned", req: true, typ: "bool", dec: func(d *decoder, n *node, t *filesystemAttachmentIn) { t.a.Provisioned = d.bool(n) }},
		{key: "read-only", req: true, typ: "bool", dec: func(d *decoder, n *node, t *filesystemAttachmentIn) { t.a.ReadOnly = d.bool(n) }},
		{key: "mount-point", typ: "string", dec: func(d *decoder, n *node, t *filesystemAttachmentIn) { t.a.MountPoint = d.str(n) }},
	},
	upgrade: map[int]func(*filesystemAttachmentIn) error{1: upgradeFilesystemAttachmentV1ToV2},
}

// upgradeFilesystemAttachmentV1ToV2: v2 renamed machine-id to host-id, since
// a filesystem may also be attached to a unit (CAAS).
func upgradeFilesystemAttachmentV1ToV2(t *filesystemAttachmentIn) error {
	t.a.HostID = t.machineID
	return nil
}

func readFilesystemAttachments(d *decoder, n *node) []*FilesystemAttachment {
	var out []*FilesystemAttachment
	filesystemAttachmentFormat.list(d, n, "attachments", "attachments", func(v, _ int, n *node) {
		t := filesystemAttachmentIn{a: new(FilesystemAttachment)}
		filesystemAttachmentFormat.decode(d, n, v, &t)
		out = append(out, t.a)
	})
	return out
}

func writeFilesystemAttachment(e *encoder, a *FilesystemAttachment) {
	e.w.BeginMapping()
	e.str("host-id", a.HostID)
	e.bool("provisioned", a.Provisioned)
	e.strOmit("mount-point", a.MountPoint)
	e.bool("read-only", a.ReadOnly)
	e.w.EndMapping()
}

// filesystemFormat: as for volumes, a missing attachments wrapper (which
// makes juju/description panic, and which it never writes) reads as none.
var filesystemFormat = &entity[Filesystem]{
	name: "filesystem", writes: 1, reads: []int{1},
	fields: []field[Filesystem]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, f *Filesystem) { f.ID = d.str(n) }},
		{key: "storage-id", typ: "string", dec: func(d *decoder, n *node, f *Filesystem) { f.StorageID = d.str(n) }},
		{key: "volume-id", typ: "string", dec: func(d *decoder, n *node, f *Filesystem) { f.VolumeID = d.str(n) }},
		{key: "provisioned", req: true, typ: "bool", dec: func(d *decoder, n *node, f *Filesystem) { f.Provisioned = d.bool(n) }},
		{key: "size", req: true, typ: "uint", dec: func(d *decoder, n *node, f *Filesystem) { f.Size = d.uint(n) }},
		{key: "pool", typ: "string", dec: func(d *decoder, n *node, f *Filesystem) { f.Pool = d.str(n) }},
		{key: "filesystem-id", typ: "string", dec: func(d *decoder, n *node, f *Filesystem) { f.FilesystemID = d.str(n) }},
		{key: "status", req: true, typ: "ref:status", dec: func(d *decoder, n *node, f *Filesystem) { f.Status = readStatus(d, n) }},
		{key: "status-history", req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, f *Filesystem) { f.StatusHistory = readStatusHistory(d, n) }},
		{key: "attachments", typ: "wrap:filesystem-attachment/attachments", dec: func(d *decoder, n *node, f *Filesystem) { f.Attachments = readFilesystemAttachments(d, n) }},
	},
}

func writeFilesystem(e *encoder, f *Filesystem) {
	e.w.BeginMapping()
	e.str("id", f.ID)
	e.strOmit("storage-id", f.StorageID)
	e.strOmit("volume-id", f.VolumeID)
	e.bool("provisioned", f.Provisioned)
	e.uint("size", f.Size)
	e.strOmit("pool", f.Pool)
	e.strOmit("filesystem-id", f.FilesystemID)
	e.w.Key("status")
	writeStatus(e, f.Status)
	e.w.Key("status-history")
	writeStatusHistory(e, f.StatusHistory)
	writeWrapped(e, "attachments", filesystemAttachmentsVersion, "attachments", f.Attachments, writeFilesystemAttachment)
	e.w.EndMapping()
}

// --- storage instances

var storageConstraintsFormat = &entity[StorageInstanceConstraints]{
	name: "storage-constraints", writes: 1, reads: []int{1},
	fields: []field[StorageInstanceConstraints]{
		{key: "pool", req: true, typ: "string", dec: func(d *decoder, n *node, c *StorageInstanceConstraints) { c.Pool = d.str(n) }},
		{key: "size", req: true, typ: "uint", dec: func(d *decoder, n *node, c *StorageInstanceConstraints) { c.Size = d.uint(n) }},
	},
}

// storageFormat: owner and attachments are required in v1 and optional from
// v2. v3 added constraints, which juju/description requires on read but
// writes only when set, so it cannot read back a storage instance without
// constraints. ferry reads constraints as optional (nil when absent) and
// writes them when set, so that what either writes reads back.
var storageFormat = &entity[Storage]{
	name: "storage", writes: storagesVersion, reads: []int{1, 2, 3},
	fields: []field[Storage]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, s *Storage) { s.ID = d.str(n) }},
		{key: "kind", req: true, typ: "string", dec: func(d *decoder, n *node, s *Storage) { s.Kind = d.str(n) }},
		{key: "owner", req: true, optFrom: 2, typ: "string", dec: func(d *decoder, n *node, s *Storage) { s.Owner = d.str(n) }},
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, s *Storage) { s.Name = d.str(n) }},
		{key: "attachments", req: true, optFrom: 2, typ: "[]string", dec: func(d *decoder, n *node, s *Storage) { s.Attachments = d.strings(n) }},
		{key: "constraints", since: 3, typ: "ref:storage-constraints@1", dec: func(d *decoder, n *node, s *Storage) {
			s.Constraints = new(StorageInstanceConstraints)
			storageConstraintsFormat.decode(d, n, 1, s.Constraints)
		}},
	},
}

func writeStorage(e *encoder, s *Storage) {
	e.w.BeginMapping()
	e.str("id", s.ID)
	e.str("kind", s.Kind)
	e.strOmit("owner", s.Owner)
	e.str("name", s.Name)
	e.stringsOmit("attachments", s.Attachments)
	if c := s.Constraints; c != nil {
		// StorageInstanceConstraints has no yaml tags in juju/description:
		// its keys are the lower-cased field names.
		e.w.Key("constraints")
		e.w.BeginMapping()
		e.str("pool", c.Pool)
		e.uint("size", c.Size)
		e.w.EndMapping()
	}
	e.w.EndMapping()
}

// --- storage pools

var storagePoolFormat = &entity[StoragePool]{
	name: "storage-pool", writes: 1, reads: []int{1},
	fields: []field[StoragePool]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, p *StoragePool) { p.Name = d.str(n) }},
		{key: "provider", req: true, typ: "string", dec: func(d *decoder, n *node, p *StoragePool) { p.Provider = d.str(n) }},
		{key: "attributes", req: true, typ: "map[string]any", dec: func(d *decoder, n *node, p *StoragePool) { p.Attributes = d.anyMap(n) }},
	},
}

func writeStoragePool(e *encoder, p *StoragePool) {
	e.w.BeginMapping()
	e.str("name", p.Name)
	e.str("provider", p.Provider)
	e.anyMap("attributes", p.Attributes)
	e.w.EndMapping()
}
