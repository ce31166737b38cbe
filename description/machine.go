package description

// Machine is a machine or a container; containers nest to any depth
// (ids like "0/lxd/1").
type Machine struct {
	ID           string
	Nonce        string
	PasswordHash string
	Placement    string
	Instance     *CloudInstance
	Base         string // "ubuntu@22.04"
	// Series is legacy: juju/description writes it when set but no longer
	// reads it. ferry keeps it so that nothing it was given is lost.
	Series                  string
	ContainerType           string
	Status                  *Status
	StatusHistory           []Status
	ProviderAddresses       []Address
	MachineAddresses        []Address
	PreferredPublicAddress  *Address
	PreferredPrivateAddress *Address
	Tools                   *AgentTools
	Jobs                    []string
	// SupportedContainers is nil when unknown and an empty slice when the
	// machine supports none; the wire format tells the two apart.
	SupportedContainers *[]string
	Containers          []*Machine
	// OpenedPortRanges maps unit name, then endpoint ("" for all endpoints),
	// to the ranges opened on this machine.
	OpenedPortRanges map[string]map[string][]PortRange
	Annotations      map[string]string
	Constraints      *Constraints
	BlockDevices     []BlockDevice
	// Hostname is the machine's host name (machines v4, Juju 3.6.22).
	Hostname string
}

// CloudInstance is the provider instance behind a machine.
type CloudInstance struct {
	InstanceID         string
	DisplayName        string
	Status             *Status
	StatusHistory      []Status
	ModificationStatus *Status
	Architecture       string
	Memory             uint64
	RootDisk           uint64
	RootDiskSource     string
	CPUCores           uint64
	CPUPower           uint64
	Tags               []string
	AvailabilityZone   string
	VirtType           string
	CharmProfiles      []string
}

// BlockDevice is a block device seen on a machine.
type BlockDevice struct {
	Name           string
	Links          []string
	Label          string
	UUID           string
	HardwareID     string
	SerialID       string
	WWN            string
	BusAddress     string
	Size           uint64
	FilesystemType string
	InUse          bool
	MountPoint     string
}

// PortRange is a range of ports opened for a unit.
type PortRange struct {
	FromPort int
	ToPort   int
	Protocol string
}

// machinesVersion is the version of the machines list ferry writes.
const machinesVersion = 4

var machineFormat = &entity[Machine]{
	name: "machine", writes: machinesVersion, reads: []int{1, 2, 3, 4},
	fields: []field[Machine]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.ID = d.str(n) }},
		{key: "nonce", req: true, typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.Nonce = d.str(n) }},
		{key: "password-hash", req: true, typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.PasswordHash = d.str(n) }},
		{key: "placement", typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.Placement = d.str(n) }},
		{key: "instance", typ: "ref:instance", dec: func(d *decoder, n *node, m *Machine) { m.Instance = readCloudInstance(d, n) }},
		// Required up to v2; from v3 juju/description still writes it when
		// set, and ignores it.
		{key: "series", req: true, optFrom: 3, typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.Series = d.str(n) }},
		{key: "base", since: 3, req: true, typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.Base = d.str(n) }},
		{key: "container-type", typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.ContainerType = d.str(n) }},
		{key: "status", req: true, typ: "ref:status", dec: func(d *decoder, n *node, m *Machine) { m.Status = readStatus(d, n) }},
		{key: "status-history", req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, m *Machine) { m.StatusHistory = readStatusHistory(d, n) }},
		{key: "provider-addresses", typ: "[]ref:address", dec: func(d *decoder, n *node, m *Machine) { m.ProviderAddresses = readAddresses(d, n) }},
		{key: "machine-addresses", typ: "[]ref:address", dec: func(d *decoder, n *node, m *Machine) { m.MachineAddresses = readAddresses(d, n) }},
		{key: "preferred-public-address", typ: "ref:address", dec: func(d *decoder, n *node, m *Machine) { m.PreferredPublicAddress = readAddress(d, n) }},
		{key: "preferred-private-address", typ: "ref:address", dec: func(d *decoder, n *node, m *Machine) { m.PreferredPrivateAddress = readAddress(d, n) }},
		{key: "tools", req: true, typ: "ref:tools", dec: func(d *decoder, n *node, m *Machine) { m.Tools = readAgentTools(d, n) }},
		{key: "jobs", req: true, typ: "[]string", dec: func(d *decoder, n *node, m *Machine) { m.Jobs = d.strings(n) }},
		{key: "supported-containers", typ: "[]string", dec: func(d *decoder, n *node, m *Machine) {
			s := d.strings(n)
			if s == nil {
				s = []string{}
			}
			m.SupportedContainers = &s
		}},
		{key: "containers", req: true, typ: "[]ref:machine", dec: func(d *decoder, n *node, m *Machine) { readContainers(d, n, m) }},
		{key: "opened-ports", typ: "wrap:opened-ports/opened-ports", dec: func(d *decoder, n *node, m *Machine) {
			if m.OpenedPortRanges == nil {
				m.OpenedPortRanges = map[string]map[string][]PortRange{}
			}
			readLegacyOpenedPorts(d, n, m.OpenedPortRanges)
		}},
		{key: "opened-port-ranges", since: 2, typ: "wrap:port-range/machine-port-ranges=map[string]{unit-port-ranges:map[string][]ref:port-range}", dec: func(d *decoder, n *node, m *Machine) {
			pr := readPortRanges(d, n)
			if m.OpenedPortRanges == nil {
				m.OpenedPortRanges = pr
				return
			}
			for u, eps := range pr {
				m.OpenedPortRanges[u] = eps
			}
		}},
		{key: "annotations", typ: "map[string]string", dec: func(d *decoder, n *node, m *Machine) { m.Annotations = d.stringMap(n) }},
		{key: "constraints", typ: "ref:constraints", dec: func(d *decoder, n *node, m *Machine) { m.Constraints = readConstraints(d, n) }},
		{key: "block-devices", typ: "wrap:block-device/block-devices", dec: func(d *decoder, n *node, m *Machine) { m.BlockDevices = readBlockDevices(d, n) }},
		// v4 (juju/description v11.0.0, Juju 3.6.22): always written, and
		// required by juju's reader (its schema has no default for it).
		{key: "hostname", since: 4, req: true, typ: "string", dec: func(d *decoder, n *node, m *Machine) { m.Hostname = d.str(n) }},
	},
	upgrade: map[int]func(*Machine) error{2: upgradeMachineV2ToV3},
}

// upgradeMachineV2ToV3 turns the series of a v1 or v2 machine into the base
// v3 names, and drops the series as juju/description does.
func upgradeMachineV2ToV3(m *Machine) error {
	b, err := seriesBase(m.Series)
	if err != nil {
		return err
	}
	m.Base, m.Series = b, ""
	return nil
}

func writeMachine(e *encoder, m *Machine) {
	e.w.BeginMapping()
	e.str("id", m.ID)
	e.str("nonce", m.Nonce)
	e.str("password-hash", m.PasswordHash)
	e.strOmit("placement", m.Placement)
	writeCloudInstanceOmit(e, "instance", m.Instance)
	e.strOmit("series", m.Series)
	e.str("base", m.Base)
	e.strOmit("container-type", m.ContainerType)
	e.w.Key("status")
	writeStatus(e, m.Status)
	e.w.Key("status-history")
	writeStatusHistory(e, m.StatusHistory)
	writeAddressesOmit(e, "provider-addresses", m.ProviderAddresses)
	writeAddressesOmit(e, "machine-addresses", m.MachineAddresses)
	writeAddressOmit(e, "preferred-public-address", m.PreferredPublicAddress)
	writeAddressOmit(e, "preferred-private-address", m.PreferredPrivateAddress)
	e.w.Key("tools")
	writeAgentTools(e, m.Tools)
	e.strings("jobs", m.Jobs)
	if m.SupportedContainers != nil {
		e.strings("supported-containers", *m.SupportedContainers)
	}
	e.w.Key("containers")
	e.w.BeginSequence()
	for _, c := range m.Containers {
		writeMachine(e, c)
	}
	e.w.EndSequence()
	writePortRangesOmit(e, "opened-port-ranges", m.OpenedPortRanges)
	e.stringMapOmit("annotations", m.Annotations)
	writeConstraintsOmit(e, "constraints", m.Constraints)
	writeBlockDevices(e, m.BlockDevices)
	if e.t.Machines >= 4 {
		e.str("hostname", m.Hostname)
	}
	e.w.EndMapping()
}

// readContainers is set in init: containers are machines, and a table that
// refers to itself cannot be initialised in one declaration.
var readContainers func(d *decoder, n *node, m *Machine)

func init() {
	readContainers = func(d *decoder, n *node, m *Machine) {
		if !d.sequence(n) {
			return
		}
		v := d.ver
		for i := range n.Children() {
			d.pushIndex(i)
			c := new(Machine)
			machineFormat.decode(d, &n.Children()[i], v, c)
			m.Containers = append(m.Containers, c)
			d.pop()
		}
	}
}
