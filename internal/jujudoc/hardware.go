package jujudoc

// BlockDevice is one of a machine's block devices (state/blockdevices.go
// BlockDeviceInfo), in the field order ferry writes (serialid before
// size; Juju's struct has it last).
type BlockDevice struct {
	DeviceName     string   `bson:"devicename"`            // 3.x
	DeviceLinks    []string `bson:"devicelinks,omitempty"` // 3.x
	Label          string   `bson:"label,omitempty"`       // 3.x
	UUID           string   `bson:"uuid,omitempty"`        // 3.x
	HardwareID     string   `bson:"hardwareid,omitempty"`  // 3.x
	WWN            string   `bson:"wwn,omitempty"`         // 3.x
	BusAddress     string   `bson:"busaddress,omitempty"`  // 3.x
	SerialID       string   `bson:"serialid,omitempty"`    // 3.x
	Size           int64    `bson:"size"`                  // 3.x, MiB (uint64 in Juju, stored as int64)
	FilesystemType string   `bson:"fstype,omitempty"`      // 3.x
	InUse          bool     `bson:"inuse"`                 // 3.x
	MountPoint     string   `bson:"mountpoint,omitempty"`  // 3.x
}

// BlockDevicesDoc is a blockdevices document (state/blockdevices.go
// blockDevicesDoc), keyed by machine id.
type BlockDevicesDoc struct {
	DocID        string        `bson:"_id,omitempty"` // 3.x; the importer adds it
	Machine      string        `bson:"machineid"`     // 3.x
	BlockDevices []BlockDevice `bson:"blockdevices"`  // 3.x
}

// ContainerRefsDoc is a containerRefs document (state/container.go
// machineContainers), keyed by machine id.
type ContainerRefsDoc struct {
	DocID     string   `bson:"_id,omitempty"`      // 3.x; the importer adds it
	MachineID string   `bson:"machineid"`          // 3.x
	Children  []string `bson:"children,omitempty"` // 3.x
}

// InstanceDataDoc is an instanceData document (state/machine.go
// instanceData), keyed by machine id. Juju's sizes are *uint64 with
// omitempty; they are int64 here (mgo stores uint64 as int64, and ferry
// writes none when zero) so that a negative stored value is decoded and
// refused by the exporter rather than by the decoder.
type InstanceDataDoc struct {
	DocID          string   `bson:"_id,omitempty"`            // 3.x; the importer adds it
	MachineID      string   `bson:"machineid"`                // 3.x
	InstanceID     string   `bson:"instanceid"`               // 3.x
	DisplayName    string   `bson:"display-name"`             // 3.x
	Arch           string   `bson:"arch,omitempty"`           // 3.x
	Mem            int64    `bson:"mem,omitempty"`            // 3.x, MiB
	RootDisk       int64    `bson:"rootdisk,omitempty"`       // 3.x, MiB
	RootDiskSource string   `bson:"rootdisksource,omitempty"` // 3.x
	CPUCores       int64    `bson:"cpucores,omitempty"`       // 3.x
	CPUPower       int64    `bson:"cpupower,omitempty"`       // 3.x
	Tags           []string `bson:"tags,omitempty"`           // 3.x
	AvailZone      string   `bson:"availzone,omitempty"`      // 3.x
	VirtType       string   `bson:"virt-type,omitempty"`      // 3.x
	CharmProfiles  []string `bson:"charm-profiles,omitempty"` // 3.x
}

// PortRange is one opened port range (network.PortRange as Juju stores
// it).
type PortRange struct {
	FromPort int32  `bson:"fromport"` // 3.x
	ToPort   int32  `bson:"toport"`   // 3.x
	Protocol string `bson:"protocol"` // 3.x
}

// UnitPortRanges is unit name -> endpoint name ("" for all endpoints) ->
// opened ranges.
type UnitPortRanges = Keyed[Keyed[[]PortRange]]

// MachinePortRangesDoc is a machine's openedPorts document
// (state/machine_ports.go machinePortRangesDoc), keyed by machine id.
// Juju writes one even when nothing is open.
type MachinePortRangesDoc struct {
	DocID      string         `bson:"_id,omitempty"`    // 3.x; the importer adds it
	MachineID  string         `bson:"machine-id"`       // 3.x
	UnitRanges UnitPortRanges `bson:"unit-port-ranges"` // 3.x
}

// ApplicationPortRangesDoc is a CAAS or IAAS application's openedPorts
// document (state/application_ports.go applicationPortRangesDoc), keyed
// by the application's global key.
type ApplicationPortRangesDoc struct {
	DocID           string             `bson:"_id,omitempty"`    // 3.x; the importer adds it
	ApplicationName string             `bson:"application-name"` // 3.x
	PortRanges      Keyed[[]PortRange] `bson:"port-ranges"`      // 3.x
	UnitRanges      UnitPortRanges     `bson:"unit-port-ranges"` // 3.x
}
