package jujudoc

// Address is Juju's address sub-document (state/address.go address), as
// machines, units' cloud containers and services store it (ref §6.11).
type Address struct {
	Value       string `bson:"value"`                  // 3.x
	AddressType string `bson:"addresstype"`            // 3.x
	Scope       string `bson:"networkscope,omitempty"` // 3.x
	Origin      string `bson:"origin,omitempty"`       // 3.x
	SpaceID     string `bson:"spaceid,omitempty"`      // 3.x
}

// Tools is an agent binary's sub-document (tools.Tools, embedded in
// machines, units and applications).
type Tools struct {
	Version string `bson:"version"` // 3.x
	URL     string `bson:"url"`     // 3.x
	SHA256  string `bson:"sha256"`  // 3.x
	Size    int64  `bson:"size"`    // 3.x
}

// Base is the {os, channel} sub-document (state/base.go Base) of machines
// and units; the channel always carries its risk ("22.04/stable").
type Base struct {
	OS      string `bson:"os"`      // 3.x
	Channel string `bson:"channel"` // 3.x
}

// MachineDoc is a machines document (state/machine.go machineDoc, ref
// §6.9). Fields Juju keeps for itself and the export does not read (clean,
// force-destroyed, principals, volumes, filesystems) are still declared:
// the importer writes them.
type MachineDoc struct {
	DocID                    string    `bson:"_id,omitempty"`                     // 3.x; the importer adds it
	MachineID                string    `bson:"machineid"`                         // 3.x
	Base                     *Base     `bson:"base,omitempty"`                    // 3.x (series before 3.1)
	Nonce                    string    `bson:"nonce"`                             // 3.x
	ContainerType            string    `bson:"containertype"`                     // 3.x
	Principals               []string  `bson:"principals"`                        // 3.x
	Life                     int32     `bson:"life"`                              // 3.x
	Tools                    *Tools    `bson:"tools,omitempty"`                   // 3.x
	Jobs                     []int32   `bson:"jobs"`                              // 3.x (jujudb.MachineJob)
	PasswordHash             string    `bson:"passwordhash"`                      // 3.x
	Clean                    bool      `bson:"clean"`                             // 3.x
	ForceDestroyed           bool      `bson:"force-destroyed"`                   // 3.x
	Volumes                  []string  `bson:"volumes,omitempty"`                 // 3.x
	Filesystems              []string  `bson:"filesystems,omitempty"`             // 3.x
	Addresses                []Address `bson:"addresses"`                         // 3.x: provider addresses
	MachineAddresses         []Address `bson:"machineaddresses"`                  // 3.x
	PreferredPublicAddress   *Address  `bson:"preferredpublicaddress,omitempty"`  // 3.x
	PreferredPrivateAddress  *Address  `bson:"preferredprivateaddress,omitempty"` // 3.x
	SupportedContainersKnown bool      `bson:"supportedcontainersknown"`          // 3.x
	SupportedContainers      []string  `bson:"supportedcontainers,omitempty"`     // 3.x
	Placement                string    `bson:"placement,omitempty"`               // 3.x
	// Hostname is what the machine agent reports (3.x: Juju has had the
	// field since 2.9; the description carries it from machines v4, Juju
	// 3.6.22).
	Hostname string `bson:"hostname,omitempty"`
}

// VirtualHostKeyDoc is a virtualHostKeys document (Juju 3.6.4 – 3.6.27,
// state/virtualhostkeys.go virtualHostKeyDoc; docs/juju-layout.md): the SSH
// host key the controller's SSH proxy presents for a machine or unit. Its
// local id is "machine-<id>-hostkey" or "unit-<name>-hostkey".
type VirtualHostKeyDoc struct {
	DocID   string `bson:"_id,omitempty"` // 3.6.4+; the importer adds it
	HostKey []byte `bson:"hostkey"`       // 3.6.4+
}
