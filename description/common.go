package description

import (
	"errors"
	"strconv"
	"strings"

	"github.com/modelferry/ferry/internal/yamlemit"
)

// This file holds the small self-versioned entities that hang off machines,
// applications and units: constraints, agent tools, addresses, the cloud
// credential, cloud instances, block devices, charm origins, cloud services
// and containers, provisioning state, exposed endpoints, storage directives
// and opened port ranges.

// --- constraints

type constraintsIn struct {
	c        Constraints
	cpuCores *uint64 // legacy key, v1 and later
}

var constraintsFormat = &entity[constraintsIn]{
	name: "constraints", writes: 5, reads: []int{1, 2, 3, 4, 5}, selfVersioned: true,
	fields: []field[constraintsIn]{
		{key: "architecture", typ: "string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.Architecture = d.str(n) }},
		{key: "container", typ: "string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.Container = d.str(n) }},
		{key: "cores", typ: "uint", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.CPUCores = d.uint(n) }},
		{key: "cpu-cores", typ: "uint", dec: func(d *decoder, n *node, t *constraintsIn) { u := d.uint(n); t.cpuCores = &u }},
		{key: "cpu-power", typ: "uint", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.CPUPower = d.uint(n) }},
		{key: "instance-type", typ: "string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.InstanceType = d.str(n) }},
		{key: "memory", typ: "uint", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.Memory = d.uint(n) }},
		{key: "root-disk", typ: "uint", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.RootDisk = d.uint(n) }},
		{key: "spaces", typ: "[]string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.Spaces = d.strings(n) }},
		{key: "tags", typ: "[]string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.Tags = d.strings(n) }},
		{key: "virt-type", typ: "string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.VirtType = d.str(n) }},
		{key: "zones", since: 2, typ: "[]string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.Zones = d.strings(n) }},
		{key: "root-disk-source", since: 3, typ: "string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.RootDiskSource = d.str(n) }},
		{key: "allocate-public-ip", since: 4, typ: "bool", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.AllocatePublicIP = d.bool(n) }},
		{key: "image-id", since: 5, typ: "string", dec: func(d *decoder, n *node, t *constraintsIn) { t.c.ImageID = d.str(n) }},
	},
}

func readConstraints(d *decoder, n *node) *Constraints {
	var t constraintsIn
	constraintsFormat.decode(d, n, 0, &t)
	if t.cpuCores != nil {
		if t.c.CPUCores != 0 {
			d.fail(n, KindInvalid, nil, "both \"cores\" and the legacy \"cpu-cores\" are set")
		}
		t.c.CPUCores = *t.cpuCores
	}
	return &t.c
}

func writeConstraintsOmit(e *encoder, k string, c *Constraints) {
	if c == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 5)
	e.boolOmit("allocate-public-ip", c.AllocatePublicIP)
	e.strOmit("architecture", c.Architecture)
	e.strOmit("container", c.Container)
	e.uintOmit("cores", c.CPUCores)
	e.uintOmit("cpu-power", c.CPUPower)
	e.strOmit("image-id", c.ImageID)
	e.strOmit("instance-type", c.InstanceType)
	e.uintOmit("memory", c.Memory)
	e.uintOmit("root-disk", c.RootDisk)
	e.strOmit("root-disk-source", c.RootDiskSource)
	e.stringsOmit("spaces", c.Spaces)
	e.stringsOmit("tags", c.Tags)
	e.stringsOmit("zones", c.Zones)
	e.strOmit("virt-type", c.VirtType)
	e.w.EndMapping()
}

// --- agent tools

var agentToolsFormat = &entity[AgentTools]{
	name: "tools", writes: 2, reads: []int{1, 2}, selfVersioned: true,
	fields: []field[AgentTools]{
		{key: "tools-version", req: true, typ: "string", dec: func(d *decoder, n *node, t *AgentTools) { t.Version = d.str(n) }},
		{key: "url", req: true, typ: "string", dec: func(d *decoder, n *node, t *AgentTools) { t.URL = d.str(n) }},
		{key: "sha256", req: true, typ: "string", dec: func(d *decoder, n *node, t *AgentTools) { t.SHA256 = d.str(n) }},
		{key: "size", req: true, typ: "int", dec: func(d *decoder, n *node, t *AgentTools) { t.Size, _ = d.int64(n) }},
	},
}

func readAgentTools(d *decoder, n *node) *AgentTools { return readOwn(d, agentToolsFormat, n) }

func writeAgentTools(e *encoder, t *AgentTools) {
	if t == nil {
		e.w.Null()
		return
	}
	e.w.BeginMapping()
	e.int("version", 2)
	e.str("tools-version", t.Version)
	e.str("url", t.URL)
	e.str("sha256", t.SHA256)
	e.int64("size", t.Size)
	e.w.EndMapping()
}

// --- addresses

var addressFormat = &entity[Address]{
	name: "address", writes: 2, reads: []int{1, 2}, selfVersioned: true,
	fields: []field[Address]{
		{key: "value", req: true, typ: "string", dec: func(d *decoder, n *node, a *Address) { a.Value = d.str(n) }},
		{key: "type", req: true, typ: "string", dec: func(d *decoder, n *node, a *Address) { a.Type = d.str(n) }},
		{key: "scope", typ: "string", dec: func(d *decoder, n *node, a *Address) { a.Scope = d.str(n) }},
		{key: "origin", typ: "string", dec: func(d *decoder, n *node, a *Address) { a.Origin = d.str(n) }},
		{key: "spaceid", since: 2, typ: "string", dec: func(d *decoder, n *node, a *Address) { a.SpaceID = d.str(n) }},
	},
}

func readAddress(d *decoder, n *node) *Address { return readOwn(d, addressFormat, n) }

func readAddresses(d *decoder, n *node) []Address {
	if !d.sequence(n) {
		return nil
	}
	out := make([]Address, len(n.Children()))
	for i := range n.Children() {
		d.pushIndex(i)
		addressFormat.decode(d, &n.Children()[i], 0, &out[i])
		d.pop()
	}
	return out
}

func writeAddress(e *encoder, a *Address) {
	e.w.BeginMapping()
	e.int("version", 2)
	e.str("value", a.Value)
	e.str("type", a.Type)
	e.strOmit("scope", a.Scope)
	e.strOmit("origin", a.Origin)
	e.strOmit("spaceid", a.SpaceID)
	e.w.EndMapping()
}

func writeAddressOmit(e *encoder, k string, a *Address) {
	if a != nil {
		e.w.Key(k)
		writeAddress(e, a)
	}
}

func writeAddressesOmit(e *encoder, k string, as []Address) {
	if len(as) == 0 {
		return
	}
	e.w.Key(k)
	e.w.BeginSequence()
	for i := range as {
		writeAddress(e, &as[i])
	}
	e.w.EndSequence()
}

// --- cloud credential

var cloudCredentialFormat = &entity[CloudCredential]{
	name: "cloud-credential", writes: 2, reads: []int{1, 2}, selfVersioned: true,
	fields: []field[CloudCredential]{
		{key: "owner", req: true, typ: "string", dec: func(d *decoder, n *node, c *CloudCredential) { c.Owner = d.str(n) }},
		{key: "cloud", req: true, typ: "string", dec: func(d *decoder, n *node, c *CloudCredential) { c.Cloud = d.str(n) }},
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, c *CloudCredential) { c.Name = d.str(n) }},
		{key: "auth-type", req: true, typ: "string", dec: func(d *decoder, n *node, c *CloudCredential) { c.AuthType = d.str(n) }},
		{key: "attributes", typ: "map[string]string", dec: func(d *decoder, n *node, c *CloudCredential) { c.Attributes = d.stringMap(n) }},
	},
	upgrade: map[int]func(*CloudCredential) error{1: upgradeCloudCredentialV1ToV2},
}

// upgradeCloudCredentialV1ToV2 moves Kubernetes credentials off the auth
// types Juju retired: oauth2withcert becomes clientcertificate (when it has
// a client certificate and key) or oauth2 (when it has a token), and a
// certificate credential holding a token becomes oauth2.
func upgradeCloudCredentialV1ToV2(c *CloudCredential) error {
	switch c.AuthType {
	case "oauth2withcert":
		cert, okCert := c.Attributes["ClientCertificateData"]
		key, okKey := c.Attributes["ClientKeyData"]
		if okCert && okKey {
			c.AuthType = "clientcertificate"
			c.Attributes = map[string]string{"ClientCertificateData": cert, "ClientKeyData": key}
			return nil
		}
		if tok, ok := c.Attributes["Token"]; ok {
			c.AuthType = "oauth2"
			c.Attributes = map[string]string{"Token": tok}
			return nil
		}
		return errors.New("an oauth2withcert credential needs ClientCertificateData and ClientKeyData, or Token")
	case "certificate":
		if tok, ok := c.Attributes["Token"]; ok {
			c.AuthType = "oauth2"
			c.Attributes = map[string]string{"Token": tok}
		}
	}
	return nil
}

func writeCloudCredentialOmit(e *encoder, k string, c *CloudCredential) {
	if c == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 2)
	e.str("owner", c.Owner)
	e.str("cloud", c.Cloud)
	e.str("name", c.Name)
	e.str("auth-type", c.AuthType)
	e.stringMapOmit("attributes", c.Attributes)
	e.w.EndMapping()
}

// --- cloud instance

var cloudInstanceFormat = &entity[CloudInstance]{
	name: "instance", writes: 6, reads: []int{1, 2, 3, 4, 5, 6}, selfVersioned: true,
	fields: []field[CloudInstance]{
		{key: "instance-id", req: true, typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) { c.InstanceID = d.str(n) }},
		{key: "display-name", typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) { c.DisplayName = d.str(n) }},
		// v1 held the status as a bare string, which juju/description
		// discards; ferry keeps its value.
		{key: "status", req: true, until: 1, typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) {
			c.Status = &Status{Value: d.str(n)}
		}},
		{key: "status", since: 2, req: true, typ: "ref:status", dec: func(d *decoder, n *node, c *CloudInstance) { c.Status = readStatus(d, n) }},
		{key: "status-history", since: 2, req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, c *CloudInstance) {
			c.StatusHistory = readStatusHistory(d, n)
		}},
		{key: "architecture", typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) { c.Architecture = d.str(n) }},
		{key: "memory", typ: "uint", dec: func(d *decoder, n *node, c *CloudInstance) { c.Memory = d.uint(n) }},
		{key: "root-disk", typ: "uint", dec: func(d *decoder, n *node, c *CloudInstance) { c.RootDisk = d.uint(n) }},
		{key: "cores", typ: "uint", dec: func(d *decoder, n *node, c *CloudInstance) { c.CPUCores = d.uint(n) }},
		{key: "cpu-power", typ: "uint", dec: func(d *decoder, n *node, c *CloudInstance) { c.CPUPower = d.uint(n) }},
		{key: "tags", typ: "[]string", dec: func(d *decoder, n *node, c *CloudInstance) { c.Tags = d.strings(n) }},
		{key: "availability-zone", typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) { c.AvailabilityZone = d.str(n) }},
		{key: "charm-profiles", since: 3, typ: "[]string", dec: func(d *decoder, n *node, c *CloudInstance) { c.CharmProfiles = d.strings(n) }},
		{key: "modification-status", since: 4, typ: "ref:status", dec: func(d *decoder, n *node, c *CloudInstance) { c.ModificationStatus = readStatus(d, n) }},
		{key: "root-disk-source", since: 5, typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) { c.RootDiskSource = d.str(n) }},
		{key: "virt-type", since: 6, typ: "string", dec: func(d *decoder, n *node, c *CloudInstance) { c.VirtType = d.str(n) }},
	},
}

func readCloudInstance(d *decoder, n *node) *CloudInstance {
	return readOwn(d, cloudInstanceFormat, n)
}

func writeCloudInstanceOmit(e *encoder, k string, c *CloudInstance) {
	if c == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 6)
	e.str("instance-id", c.InstanceID)
	e.strOmit("display-name", c.DisplayName)
	e.w.Key("status")
	writeStatus(e, c.Status)
	e.w.Key("status-history")
	writeStatusHistory(e, c.StatusHistory)
	if c.ModificationStatus != nil {
		e.w.Key("modification-status")
		writeStatus(e, c.ModificationStatus)
	}
	e.strOmit("architecture", c.Architecture)
	e.uintOmit("memory", c.Memory)
	e.uintOmit("root-disk", c.RootDisk)
	e.strOmit("root-disk-source", c.RootDiskSource)
	e.uintOmit("cores", c.CPUCores)
	e.uintOmit("cpu-power", c.CPUPower)
	e.stringsOmit("tags", c.Tags)
	e.strOmit("availability-zone", c.AvailabilityZone)
	e.strOmit("virt-type", c.VirtType)
	e.stringsOmit("charm-profiles", c.CharmProfiles)
	e.w.EndMapping()
}

// --- block devices

var blockDeviceFormat = &entity[BlockDevice]{
	name: "block-device", writes: 2, reads: []int{1, 2},
	fields: []field[BlockDevice]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.Name = d.str(n) }},
		{key: "links", typ: "[]string", dec: func(d *decoder, n *node, b *BlockDevice) { b.Links = d.strings(n) }},
		{key: "label", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.Label = d.str(n) }},
		{key: "uuid", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.UUID = d.str(n) }},
		{key: "hardware-id", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.HardwareID = d.str(n) }},
		{key: "wwn", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.WWN = d.str(n) }},
		{key: "bus-address", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.BusAddress = d.str(n) }},
		{key: "size", req: true, typ: "uint", dec: func(d *decoder, n *node, b *BlockDevice) { b.Size = d.uint(n) }},
		{key: "fs-type", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.FilesystemType = d.str(n) }},
		{key: "in-use", req: true, typ: "bool", dec: func(d *decoder, n *node, b *BlockDevice) { b.InUse = d.bool(n) }},
		{key: "mount-point", typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.MountPoint = d.str(n) }},
		{key: "serial-id", since: 2, typ: "string", dec: func(d *decoder, n *node, b *BlockDevice) { b.SerialID = d.str(n) }},
	},
}

func readBlockDevices(d *decoder, n *node) []BlockDevice {
	var out []BlockDevice
	blockDeviceFormat.list(d, n, "block-devices", "block-devices", func(v, _ int, n *node) {
		var b BlockDevice
		blockDeviceFormat.decode(d, n, v, &b)
		out = append(out, b)
	})
	return out
}

func writeBlockDevice(e *encoder, b *BlockDevice) {
	e.w.BeginMapping()
	e.str("name", b.Name)
	e.stringsOmit("links", b.Links)
	e.strOmit("label", b.Label)
	e.strOmit("uuid", b.UUID)
	e.strOmit("hardware-id", b.HardwareID)
	e.strOmit("serial-id", b.SerialID)
	e.strOmit("wwn", b.WWN)
	e.strOmit("bus-address", b.BusAddress)
	e.uint("size", b.Size)
	e.strOmit("fs-type", b.FilesystemType)
	e.bool("in-use", b.InUse)
	e.strOmit("mount-point", b.MountPoint)
	e.w.EndMapping()
}

// writeBlockDevices writes the wrapper; juju/description writes it for every
// machine, even one without devices.
func writeBlockDevices(e *encoder, bs []BlockDevice) {
	e.w.Key("block-devices")
	e.w.BeginMapping()
	e.int("version", 2)
	e.w.Key("block-devices")
	e.w.BeginSequence()
	for i := range bs {
		writeBlockDevice(e, &bs[i])
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

// --- charm origin

type charmOriginIn struct{ o CharmOrigin }

var charmOriginFormat = &entity[charmOriginIn]{
	name: "charm-origin", writes: 2, reads: []int{1, 2}, selfVersioned: true,
	fields: []field[charmOriginIn]{
		{key: "source", typ: "string", dec: func(d *decoder, n *node, t *charmOriginIn) { t.o.Source = d.str(n) }},
		{key: "id", typ: "string", dec: func(d *decoder, n *node, t *charmOriginIn) { t.o.ID = d.str(n) }},
		{key: "hash", typ: "string", dec: func(d *decoder, n *node, t *charmOriginIn) { t.o.Hash = d.str(n) }},
		{key: "revision", typ: "int", dec: func(d *decoder, n *node, t *charmOriginIn) { t.o.Revision = d.int(n) }},
		{key: "channel", typ: "string", dec: func(d *decoder, n *node, t *charmOriginIn) { t.o.Channel = d.str(n) }},
		{key: "platform", req: true, typ: "string", dec: func(d *decoder, n *node, t *charmOriginIn) { t.o.Platform = d.str(n) }},
	},
	upgrade: map[int]func(*charmOriginIn) error{1: upgradeCharmOriginV1ToV2},
}

// upgradeCharmOriginV1ToV2 rewrites the v1 platform arch/os/series as
// arch/os/version/stable.
func upgradeCharmOriginV1ToV2(t *charmOriginIn) error {
	parts := strings.Split(t.o.Platform, "/")
	if len(parts) < 3 {
		return errors.New("platform " + quote(t.o.Platform) + " not valid: want arch/os/series")
	}
	v, ok := seriesVersion(parts[2])
	if !ok {
		return errors.New("platform series " + quote(parts[2]) + " not valid")
	}
	parts[2] = v
	t.o.Platform = strings.Join(append(parts, "stable"), "/")
	return nil
}

func readCharmOrigin(d *decoder, n *node) *CharmOrigin {
	t := charmOriginIn{o: CharmOrigin{Source: "unknown"}}
	charmOriginFormat.decode(d, n, 0, &t)
	return &t.o
}

func writeCharmOriginOmit(e *encoder, k string, o *CharmOrigin) {
	if o == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 2)
	e.str("source", o.Source)
	e.str("id", o.ID)
	e.str("hash", o.Hash)
	e.int("revision", o.Revision)
	e.str("channel", o.Channel)
	e.str("platform", o.Platform)
	e.w.EndMapping()
}

// --- cloud service and container (CAAS)

var cloudServiceFormat = &entity[CloudService]{
	name: "cloud-service", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[CloudService]{
		{key: "provider-id", typ: "string", dec: func(d *decoder, n *node, c *CloudService) { c.ProviderID = d.str(n) }},
		{key: "addresses", typ: "[]ref:address", dec: func(d *decoder, n *node, c *CloudService) { c.Addresses = readAddresses(d, n) }},
	},
}

func writeCloudServiceOmit(e *encoder, k string, c *CloudService) {
	if c == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 1)
	e.strOmit("provider-id", c.ProviderID)
	writeAddressesOmit(e, "addresses", c.Addresses)
	e.w.EndMapping()
}

var cloudContainerFormat = &entity[CloudContainer]{
	name: "cloud-container", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[CloudContainer]{
		{key: "provider-id", typ: "string", dec: func(d *decoder, n *node, c *CloudContainer) { c.ProviderID = d.str(n) }},
		{key: "address", typ: "ref:address", dec: func(d *decoder, n *node, c *CloudContainer) { c.Address = readAddress(d, n) }},
		{key: "ports", typ: "[]string", dec: func(d *decoder, n *node, c *CloudContainer) { c.Ports = d.strings(n) }},
	},
}

func writeCloudContainerOmit(e *encoder, k string, c *CloudContainer) {
	if c == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 1)
	e.strOmit("provider-id", c.ProviderID)
	writeAddressOmit(e, "address", c.Address)
	e.stringsOmit("ports", c.Ports)
	e.w.EndMapping()
}

var provisioningStateFormat = &entity[ProvisioningState]{
	name: "provisioning-state", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[ProvisioningState]{
		{key: "scaling", typ: "bool", dec: func(d *decoder, n *node, p *ProvisioningState) { p.Scaling = d.bool(n) }},
		{key: "scale-target", typ: "int", dec: func(d *decoder, n *node, p *ProvisioningState) { p.ScaleTarget = d.int(n) }},
	},
}

func writeProvisioningStateOmit(e *encoder, k string, p *ProvisioningState) {
	if p == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 1)
	e.bool("scaling", p.Scaling)
	e.int("scale-target", p.ScaleTarget)
	e.w.EndMapping()
}

var exposedEndpointFormat = &entity[ExposedEndpoint]{
	name: "exposed-endpoint", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[ExposedEndpoint]{
		{key: "expose-to-spaces", typ: "[]string", dec: func(d *decoder, n *node, x *ExposedEndpoint) { x.ExposeToSpaceIDs = d.strings(n) }},
		{key: "expose-to-cidrs", typ: "[]string", dec: func(d *decoder, n *node, x *ExposedEndpoint) { x.ExposeToCIDRs = d.strings(n) }},
	},
}

var storageDirectiveFormat = &entity[StorageDirective]{
	name: "storage-directive", writes: 1, reads: []int{1}, selfVersioned: true,
	fields: []field[StorageDirective]{
		{key: "pool", req: true, typ: "string", dec: func(d *decoder, n *node, s *StorageDirective) { s.Pool = d.str(n) }},
		{key: "size", req: true, typ: "uint", dec: func(d *decoder, n *node, s *StorageDirective) { s.Size = d.uint(n) }},
		{key: "count", req: true, typ: "uint", dec: func(d *decoder, n *node, s *StorageDirective) { s.Count = d.uint(n) }},
	},
}

// readEntityMap reads a mapping of name to self-versioned entity.
func readEntityMap[T any](d *decoder, n *node, e *entity[T]) map[string]T {
	return readEntityMapAt(d, n, e, 0)
}

// readEntityMapAt reads a mapping of names to entities read at version v
// (0 for self-versioned entities).
func readEntityMapAt[T any](d *decoder, n *node, e *entity[T], v int) map[string]T {
	if !d.mapping(n) {
		return nil
	}
	out := make(map[string]T, len(n.Children())/2)
	for i := 0; i < len(n.Children()); i += 2 {
		k := d.key(&n.Children()[i])
		d.push(k)
		var t T
		e.decode(d, &n.Children()[i+1], v, &t)
		out[k] = t
		d.pop()
	}
	return out
}

// --- opened port ranges: {version: 1, machine-port-ranges: {unit:
// {unit-port-ranges: {endpoint: [{from-port, to-port, protocol}]}}}}

var portRangeFormat = &entity[PortRange]{
	name: "port-range", writes: 1, reads: []int{1},
	fields: []field[PortRange]{
		{key: "from-port", req: true, typ: "int", dec: func(d *decoder, n *node, p *PortRange) { p.FromPort = d.int(n) }},
		{key: "to-port", req: true, typ: "int", dec: func(d *decoder, n *node, p *PortRange) { p.ToPort = d.int(n) }},
		{key: "protocol", req: true, typ: "string", dec: func(d *decoder, n *node, p *PortRange) { p.Protocol = d.str(n) }},
	},
}

func readPortRanges(d *decoder, n *node) map[string]map[string][]PortRange {
	_, inner, ok := portRangeFormat.wrapper(d, n, "opened-port-ranges", "machine-port-ranges")
	if !ok || !d.mapping(inner) {
		return nil
	}
	d.push("machine-port-ranges")
	defer d.pop()
	out := make(map[string]map[string][]PortRange, len(inner.Children())/2)
	for i := 0; i < len(inner.Children()); i += 2 {
		unit := d.key(&inner.Children()[i])
		d.push(unit)
		un := &inner.Children()[i+1]
		if d.mapping(un) {
			byEndpoint := map[string][]PortRange{}
			for j := 0; j < len(un.Children()); j += 2 {
				k := d.key(&un.Children()[j])
				if k != "unit-port-ranges" {
					d.push(k)
					d.fail(&un.Children()[j], KindUnknownField, nil, "unknown field %q (a unit's port ranges have only \"unit-port-ranges\")", k)
					d.pop()
					continue
				}
				d.push(k)
				en := &un.Children()[j+1]
				if d.mapping(en) {
					for m := 0; m < len(en.Children()); m += 2 {
						ep := d.key(&en.Children()[m])
						d.push(ep)
						ln := &en.Children()[m+1]
						if d.sequence(ln) {
							ranges := make([]PortRange, len(ln.Children()))
							for r := range ln.Children() {
								d.pushIndex(r)
								portRangeFormat.decode(d, &ln.Children()[r], 1, &ranges[r])
								d.pop()
							}
							byEndpoint[ep] = ranges
						}
						d.pop()
					}
				}
				d.pop()
			}
			out[unit] = byEndpoint
		}
		d.pop()
	}
	return out
}

// writePortRangesOmit writes opened port ranges with maps in yaml.v2's key
// order, as juju/description does.
func writePortRangesOmit(e *encoder, k string, pr map[string]map[string][]PortRange) {
	if pr == nil {
		return
	}
	e.w.Key(k)
	e.w.BeginMapping()
	e.int("version", 1)
	e.w.Key("machine-port-ranges")
	e.w.BeginMapping()
	for _, unit := range yamlemit.SortedKeys(pr) {
		e.w.Key(unit)
		e.w.BeginMapping()
		e.w.Key("unit-port-ranges")
		e.w.BeginMapping()
		byEndpoint := pr[unit]
		for _, ep := range yamlemit.SortedKeys(byEndpoint) {
			e.w.Key(ep)
			e.w.BeginSequence()
			for _, r := range byEndpoint[ep] {
				e.w.BeginMapping()
				e.int("from-port", r.FromPort)
				e.int("to-port", r.ToPort)
				e.str("protocol", r.Protocol)
				e.w.EndMapping()
			}
			e.w.EndSequence()
		}
		e.w.EndMapping()
		e.w.EndMapping()
	}
	e.w.EndMapping()
	e.w.EndMapping()
}

// readLegacyOpenedPorts reads the machine "opened-ports" shape that came
// before opened-port-ranges, still accepted at every machine version, into
// port ranges for all endpoints (""), as juju/description converts it.
func readLegacyOpenedPorts(d *decoder, n *node, into map[string]map[string][]PortRange) {
	legacySubnetFormat.list(d, n, "opened-ports", "opened-ports", func(_, _ int, sn *node) {
		var s legacySubnetPorts
		legacySubnetFormat.decode(d, sn, 1, &s)
		for _, p := range s.ports {
			if into[p.unit] == nil {
				into[p.unit] = map[string][]PortRange{}
			}
			into[p.unit][""] = append(into[p.unit][""], p.r)
		}
	})
}

type legacyPort struct {
	unit string
	r    PortRange
}

type legacySubnetPorts struct {
	subnet string
	ports  []legacyPort
}

var legacyPortFormat = &entity[legacyPort]{
	name: "opened-port", writes: 1, reads: []int{1},
	fields: []field[legacyPort]{
		{key: "unit-name", req: true, typ: "string", dec: func(d *decoder, n *node, p *legacyPort) { p.unit = d.str(n) }},
		{key: "from-port", req: true, typ: "int", dec: func(d *decoder, n *node, p *legacyPort) { p.r.FromPort = d.int(n) }},
		{key: "to-port", req: true, typ: "int", dec: func(d *decoder, n *node, p *legacyPort) { p.r.ToPort = d.int(n) }},
		{key: "protocol", req: true, typ: "string", dec: func(d *decoder, n *node, p *legacyPort) { p.r.Protocol = d.str(n) }},
	},
}

var legacySubnetFormat = &entity[legacySubnetPorts]{
	name: "opened-ports", writes: 1, reads: []int{1},
	fields: []field[legacySubnetPorts]{
		{key: "subnet-id", req: true, typ: "string", dec: func(d *decoder, n *node, s *legacySubnetPorts) { s.subnet = d.str(n) }},
		{key: "opened-ports", req: true, typ: "wrap:opened-port/opened-ports", dec: func(d *decoder, n *node, s *legacySubnetPorts) {
			legacyPortFormat.list(d, n, "opened-ports", "opened-ports", func(_, _ int, pn *node) {
				var p legacyPort
				legacyPortFormat.decode(d, pn, 1, &p)
				s.ports = append(s.ports, p)
			})
		}},
	},
}

func quote(s string) string { return strconv.Quote(s) }
