package description

import "time"

// Space is a network space.
type Space struct {
	ID         string
	Name       string
	Public     bool
	ProviderID string
}

// Subnet is a subnet known to the model.
type Subnet struct {
	ID                string
	ProviderID        string
	ProviderNetworkID string
	ProviderSpaceID   string
	CIDR              string
	VLANTag           int
	AvailabilityZones []string
	IsPublic          bool
	SpaceID           string
	SpaceName         string
	FanLocalUnderlay  string
	FanOverlay        string
}

// LinkLayerDevice is a network device on a machine.
type LinkLayerDevice struct {
	Name            string
	MTU             uint
	ProviderID      string
	MachineID       string
	Type            string
	MACAddress      string
	IsAutoStart     bool
	IsUp            bool
	ParentName      string
	VirtualPortType string
}

// IPAddress is an address assigned to a link-layer device.
type IPAddress struct {
	ProviderID        string
	DeviceName        string
	MachineID         string
	SubnetCIDR        string
	ConfigMethod      string
	Value             string
	DNSServers        []string
	DNSSearchDomains  []string
	GatewayAddress    string
	IsDefaultGateway  bool
	ProviderNetworkID string
	ProviderSubnetID  string
	Origin            string
	IsShadow          bool
	IsSecondary       bool
}

// SSHHostKey holds a machine's SSH host keys.
type SSHHostKey struct {
	MachineID string
	Keys      []string
}

// CloudImageMetadata is one cached cloud image record.
type CloudImageMetadata struct {
	Stream          string
	Region          string
	Version         string // OS version, e.g. "22.04"
	Arch            string
	VirtType        string
	RootStorageType string
	RootStorageSize *uint64
	DateCreated     int64
	Source          string
	Priority        int
	ImageID         string
	ExpireAt        *time.Time
}

// FirewallRule opens a well-known service to a list of CIDRs.
type FirewallRule struct {
	ID               string
	WellKnownService string
	WhitelistCIDRs   []string
}

var spaceFormat = &entity[Space]{
	name: "space", writes: 2, reads: []int{1, 2},
	refused: map[int]string{
		3: "spaces v3 (uuid, no id) are written only by juju/description v6 and the Juju 4.0 line, which no Juju 3.x release reads (Juju 3.6 reverted them); ferry does not read them",
	},
	fields: []field[Space]{
		{key: "id", since: 2, req: true, typ: "string", dec: func(d *decoder, n *node, s *Space) { s.ID = d.str(n) }},
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, s *Space) { s.Name = d.str(n) }},
		{key: "public", req: true, typ: "bool", dec: func(d *decoder, n *node, s *Space) { s.Public = d.bool(n) }},
		{key: "provider-id", typ: "string", dec: func(d *decoder, n *node, s *Space) { s.ProviderID = d.str(n) }},
	},
}

func writeSpace(e *encoder, s *Space) {
	e.w.BeginMapping()
	e.str("id", s.ID)
	e.str("name", s.Name)
	e.bool("public", s.Public)
	e.strOmit("provider-id", s.ProviderID)
	e.w.EndMapping()
}

type subnetIn struct {
	s    *Subnet
	zone string // v1 and v2 had one availability zone
}

func subnetField(key string, since int, req bool, typ string, dec func(d *decoder, n *node, s *Subnet)) field[subnetIn] {
	return field[subnetIn]{key: key, since: since, req: req, typ: typ, dec: func(d *decoder, n *node, t *subnetIn) { dec(d, n, t.s) }}
}

// subnetFormat: juju/description writes the subnets of remote spaces under a
// version 3 wrapper but with every current key, so the keys added in v4 to
// v6 are accepted (optional) at every version and required only from the
// version that introduced them.
var subnetFormat = &entity[subnetIn]{
	name: "subnet", writes: 6, reads: []int{1, 2, 3, 4, 5, 6},
	refused: map[int]string{
		7: "subnets v7 (uuid, space-uuid) are read only by juju/description v6 and the Juju 4.0 line, which no Juju 3.x release reads; ferry does not read them",
	},
	fields: []field[subnetIn]{
		{key: "subnet-id", reqFrom: 6, typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { t.s.ID = d.str(n) }},
		subnetField("cidr", 1, true, "string", func(d *decoder, n *node, s *Subnet) { s.CIDR = d.str(n) }),
		subnetField("provider-id", 1, false, "string", func(d *decoder, n *node, s *Subnet) { s.ProviderID = d.str(n) }),
		subnetField("vlan-tag", 1, true, "int", func(d *decoder, n *node, s *Subnet) { s.VLANTag = d.int(n) }),
		{key: "space-name", req: true, optFrom: 5, typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { t.s.SpaceName = d.str(n) }},
		{key: "availability-zone", until: 2, req: true, typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { t.zone = d.str(n) }},
		// Read and discarded by juju/description.
		{key: "allocatable-ip-high", until: 2, typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { d.str(n) }},
		{key: "allocatable-ip-low", until: 2, typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { d.str(n) }},
		subnetField("provider-network-id", 2, false, "string", func(d *decoder, n *node, s *Subnet) { s.ProviderNetworkID = d.str(n) }),
		subnetField("provider-space-id", 3, false, "string", func(d *decoder, n *node, s *Subnet) { s.ProviderSpaceID = d.str(n) }),
		subnetField("availability-zones", 3, true, "[]string", func(d *decoder, n *node, s *Subnet) { s.AvailabilityZones = d.strings(n) }),
		{key: "fan-local-underlay", typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { t.s.FanLocalUnderlay = d.str(n) }},
		{key: "fan-overlay", typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { t.s.FanOverlay = d.str(n) }},
		{key: "space-id", reqFrom: 5, typ: "string", dec: func(d *decoder, n *node, t *subnetIn) { t.s.SpaceID = d.str(n) }},
		{key: "is-public", reqFrom: 5, typ: "bool", dec: func(d *decoder, n *node, t *subnetIn) { t.s.IsPublic = d.bool(n) }},
	},
	upgrade: map[int]func(*subnetIn) error{2: upgradeSubnetV2ToV3},
}

// upgradeSubnetV2ToV3: v3 replaced the single availability zone with a list.
func upgradeSubnetV2ToV3(t *subnetIn) error {
	if t.zone != "" {
		t.s.AvailabilityZones = []string{t.zone}
	} else {
		t.s.AvailabilityZones = []string{}
	}
	return nil
}

func readSubnets(d *decoder, n *node, coll string) []*Subnet {
	var out []*Subnet
	subnetFormat.list(d, n, coll, "subnets", func(v, _ int, n *node) {
		t := subnetIn{s: new(Subnet)}
		subnetFormat.decode(d, n, v, &t)
		out = append(out, t.s)
	})
	return out
}

func writeSubnet(e *encoder, s *Subnet) {
	e.w.BeginMapping()
	e.str("subnet-id", s.ID)
	e.strOmit("provider-id", s.ProviderID)
	e.strOmit("provider-network-id", s.ProviderNetworkID)
	e.strOmit("provider-space-id", s.ProviderSpaceID)
	e.str("cidr", s.CIDR)
	e.int("vlan-tag", s.VLANTag)
	e.strings("availability-zones", s.AvailabilityZones)
	e.bool("is-public", s.IsPublic)
	e.str("space-id", s.SpaceID)
	e.str("space-name", s.SpaceName)
	e.strOmit("fan-local-underlay", s.FanLocalUnderlay)
	e.strOmit("fan-overlay", s.FanOverlay)
	e.w.EndMapping()
}

// writeSubnets writes a subnets wrapper at version v (6 for the model's,
// 3 for a remote space's, as juju/description does).
func writeSubnets(e *encoder, v int, subnets []*Subnet) {
	e.w.BeginMapping()
	e.int("version", v)
	e.w.Key("subnets")
	e.w.BeginSequence()
	for _, s := range subnets {
		writeSubnet(e, s)
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

// linkLayerDeviceFormat: juju/description writes version 1 but includes
// virtual-port-type (a v2 key) when set, so v1 accepts it too.
var linkLayerDeviceFormat = &entity[LinkLayerDevice]{
	name: "link-layer-device", writes: 1, reads: []int{1, 2},
	fields: []field[LinkLayerDevice]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.Name = d.str(n) }},
		{key: "mtu", req: true, typ: "int", dec: func(d *decoder, n *node, l *LinkLayerDevice) {
			if i := d.int(n); i >= 0 {
				l.MTU = uint(i)
			} else {
				d.fail(n, KindInvalid, nil, "mtu %d is negative", i)
			}
		}},
		{key: "provider-id", typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.ProviderID = d.str(n) }},
		{key: "machine-id", req: true, typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.MachineID = d.str(n) }},
		{key: "type", req: true, typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.Type = d.str(n) }},
		{key: "mac-address", req: true, typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.MACAddress = d.str(n) }},
		{key: "is-autostart", req: true, typ: "bool", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.IsAutoStart = d.bool(n) }},
		{key: "is-up", req: true, typ: "bool", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.IsUp = d.bool(n) }},
		{key: "parent-name", req: true, typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.ParentName = d.str(n) }},
		{key: "virtual-port-type", typ: "string", dec: func(d *decoder, n *node, l *LinkLayerDevice) { l.VirtualPortType = d.str(n) }},
	},
}

func writeLinkLayerDevice(e *encoder, l *LinkLayerDevice) {
	e.w.BeginMapping()
	e.str("name", l.Name)
	e.w.Key("mtu")
	e.w.Uint(uint64(l.MTU))
	e.strOmit("provider-id", l.ProviderID)
	e.str("machine-id", l.MachineID)
	e.str("type", l.Type)
	e.str("mac-address", l.MACAddress)
	e.bool("is-autostart", l.IsAutoStart)
	e.bool("is-up", l.IsUp)
	e.str("parent-name", l.ParentName)
	e.strOmit("virtual-port-type", l.VirtualPortType)
	e.w.EndMapping()
}

var ipAddressFormat = &entity[IPAddress]{
	name: "ip-address", writes: 5, reads: []int{1, 2, 3, 4, 5},
	fields: []field[IPAddress]{
		{key: "provider-id", typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.ProviderID = d.str(n) }},
		{key: "device-name", req: true, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.DeviceName = d.str(n) }},
		{key: "machine-id", req: true, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.MachineID = d.str(n) }},
		{key: "subnet-cidr", req: true, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.SubnetCIDR = d.str(n) }},
		{key: "config-method", req: true, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.ConfigMethod = d.str(n) }},
		{key: "value", req: true, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.Value = d.str(n) }},
		{key: "dns-servers", req: true, typ: "[]string", dec: func(d *decoder, n *node, a *IPAddress) { a.DNSServers = d.strings(n) }},
		{key: "dns-search-domains", req: true, typ: "[]string", dec: func(d *decoder, n *node, a *IPAddress) { a.DNSSearchDomains = d.strings(n) }},
		{key: "gateway-address", req: true, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.GatewayAddress = d.str(n) }},
		{key: "is-default-gateway", since: 2, typ: "bool", dec: func(d *decoder, n *node, a *IPAddress) { a.IsDefaultGateway = d.bool(n) }},
		{key: "provider-network-id", since: 3, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.ProviderNetworkID = d.str(n) }},
		{key: "provider-subnet-id", since: 3, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.ProviderSubnetID = d.str(n) }},
		{key: "origin", since: 3, typ: "string", dec: func(d *decoder, n *node, a *IPAddress) { a.Origin = d.str(n) }},
		{key: "is-shadow", since: 4, typ: "bool", dec: func(d *decoder, n *node, a *IPAddress) { a.IsShadow = d.bool(n) }},
		{key: "is-secondary", since: 5, typ: "bool", dec: func(d *decoder, n *node, a *IPAddress) { a.IsSecondary = d.bool(n) }},
	},
}

func writeIPAddress(e *encoder, a *IPAddress) {
	e.w.BeginMapping()
	e.strOmit("provider-id", a.ProviderID)
	e.str("device-name", a.DeviceName)
	e.str("machine-id", a.MachineID)
	e.str("subnet-cidr", a.SubnetCIDR)
	e.str("config-method", a.ConfigMethod)
	e.str("value", a.Value)
	e.strings("dns-servers", a.DNSServers)
	e.strings("dns-search-domains", a.DNSSearchDomains)
	e.str("gateway-address", a.GatewayAddress)
	e.bool("is-default-gateway", a.IsDefaultGateway)
	e.strOmit("provider-network-id", a.ProviderNetworkID)
	e.strOmit("provider-subnet-id", a.ProviderSubnetID)
	e.str("origin", a.Origin)
	e.bool("is-shadow", a.IsShadow)
	e.bool("is-secondary", a.IsSecondary)
	e.w.EndMapping()
}

var sshHostKeyFormat = &entity[SSHHostKey]{
	name: "ssh-host-key", writes: 1, reads: []int{1},
	fields: []field[SSHHostKey]{
		{key: "machine-id", req: true, typ: "string", dec: func(d *decoder, n *node, k *SSHHostKey) { k.MachineID = d.str(n) }},
		{key: "keys", req: true, typ: "[]string", dec: func(d *decoder, n *node, k *SSHHostKey) { k.Keys = d.strings(n) }},
	},
}

func writeSSHHostKey(e *encoder, k *SSHHostKey) {
	e.w.BeginMapping()
	e.str("machine-id", k.MachineID)
	e.strings("keys", k.Keys)
	e.w.EndMapping()
}

type cloudImageIn struct {
	c      *CloudImageMetadata
	series string
}

func cimField(key string, req bool, typ string, dec func(d *decoder, n *node, c *CloudImageMetadata)) field[cloudImageIn] {
	return field[cloudImageIn]{key: key, req: req, typ: typ, dec: func(d *decoder, n *node, t *cloudImageIn) { dec(d, n, t.c) }}
}

var cloudImageMetadataFormat = &entity[cloudImageIn]{
	name: "cloud-image-metadata", writes: 2, reads: []int{1, 2},
	fields: []field[cloudImageIn]{
		cimField("stream", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.Stream = d.str(n) }),
		cimField("region", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.Region = d.str(n) }),
		{key: "series", until: 1, req: true, typ: "string", dec: func(d *decoder, n *node, t *cloudImageIn) { t.series = d.str(n) }},
		cimField("version", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.Version = d.str(n) }),
		cimField("arch", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.Arch = d.str(n) }),
		cimField("virt-type", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.VirtType = d.str(n) }),
		cimField("root-storage-type", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.RootStorageType = d.str(n) }),
		cimField("root-storage-size", false, "uint", func(d *decoder, n *node, c *CloudImageMetadata) { u := d.uint(n); c.RootStorageSize = &u }),
		cimField("date-created", true, "int", func(d *decoder, n *node, c *CloudImageMetadata) { c.DateCreated, _ = d.int64(n) }),
		cimField("source", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.Source = d.str(n) }),
		cimField("priority", true, "int", func(d *decoder, n *node, c *CloudImageMetadata) { c.Priority = d.int(n) }),
		cimField("image-id", true, "string", func(d *decoder, n *node, c *CloudImageMetadata) { c.ImageID = d.str(n) }),
		cimField("expire-at", false, "time", func(d *decoder, n *node, c *CloudImageMetadata) { c.ExpireAt = d.timePtr(n) }),
	},
}

func writeCloudImageMetadata(e *encoder, c *CloudImageMetadata) {
	e.w.BeginMapping()
	e.str("stream", c.Stream)
	e.str("region", c.Region)
	e.str("version", c.Version)
	e.str("arch", c.Arch)
	e.str("virt-type", c.VirtType)
	e.str("root-storage-type", c.RootStorageType)
	if c.RootStorageSize != nil {
		e.uint("root-storage-size", *c.RootStorageSize)
	}
	e.int64("date-created", c.DateCreated)
	e.str("source", c.Source)
	e.int("priority", c.Priority)
	e.str("image-id", c.ImageID)
	e.timeOmit("expire-at", c.ExpireAt)
	e.w.EndMapping()
}
