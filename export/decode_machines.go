package export

import (
	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// decodeMachine reads a machines document (internal/jujudoc.MachineDoc is
// its typed definition, which the importer writes with). It stays a hand
// decoder because the typed decode is slower by more than issue 11's 10%:
// BenchmarkMachineDecode, 2,200 Juju 3.6 machine documents, same run on 2
// loaded cores: typed 252 ms, hand 131 ms (1.9x; 2.4x the bytes).
func (x *exporter) decodeMachine(d *dec) {
	md := &machineDoc{m: &description.Machine{}}
	m := md.m
	var seenID bool
	var supportedKnown bool
	var supported []string
	var baseOS, baseChannel string
	for d.next() {
		switch string(d.key()) {
		case "_id":
			md.docID, _ = x.idField(d)
		case "machineid":
			m.ID, seenID = d.str(), true
		case "base":
			if s, ok := d.subDoc(); ok {
				for s.next() {
					switch string(s.key()) {
					case "os":
						baseOS = s.str()
					case "channel":
						baseChannel = s.str()
					}
				}
			}
		case "nonce":
			m.Nonce = d.str()
		case "containertype":
			m.ContainerType = d.str()
		case "tools":
			m.Tools = decodeTools(d)
		case "jobs":
			arr, ok := d.subArr()
			if !ok {
				break
			}
			for arr.next() {
				j := jujudb.MachineJob(arr.int())
				v := j.MigrationValue()
				if v == "" && arr.ok() {
					arr.failHere(ErrInvalid, "unknown machine job %d", j)
				}
				m.Jobs = append(m.Jobs, v)
			}
		case "passwordhash":
			m.PasswordHash = d.str()
		case "addresses":
			m.ProviderAddresses = addresses(d)
		case "machineaddresses":
			m.MachineAddresses = addresses(d)
		case "preferredpublicaddress":
			m.PreferredPublicAddress = addressPtr(d)
		case "preferredprivateaddress":
			m.PreferredPrivateAddress = addressPtr(d)
		case "supportedcontainersknown":
			supportedKnown = d.boolean()
		case "supportedcontainers":
			supported = d.strings()
		case "hostname":
			// Juju 3.6 (machines v4; docs/juju-layout.md).
			m.Hostname = d.str()
		case "placement":
			m.Placement = d.str()
		}
	}
	if !seenID || m.ID == "" {
		d.missing("machineid")
	}
	if baseOS != "" {
		m.Base = baseOS + "@" + baseChannel
	}
	if supportedKnown {
		if supported == nil {
			supported = []string{}
		}
		m.SupportedContainers = &supported
	}
	if d.ok() {
		x.machines = append(x.machines, md)
	}
}

// decodeInstance reads a machine's instanceData document
// (internal/jujudoc.InstanceDataDoc is its typed definition, which the
// importer writes with). It stays a hand decoder because the typed decode is
// slower by more than issue 11's 10%: BenchmarkDecodeEntities/instanceData,
// 2,205 documents, same run on 2 loaded cores (best of 3): typed 7.3 ms,
// hand 3.4 ms (2.2x).
func (x *exporter) decodeInstance(d *dec) {
	var machine string
	c := &description.CloudInstance{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "machineid":
			machine = d.str()
		case "instanceid":
			c.InstanceID = d.str()
		case "display-name":
			c.DisplayName = d.str()
		case "arch":
			c.Architecture = d.str()
		case "mem":
			c.Memory = d.uint()
		case "rootdisk":
			c.RootDisk = d.uint()
		case "rootdisksource":
			c.RootDiskSource = d.str()
		case "cpucores":
			c.CPUCores = d.uint()
		case "cpupower":
			c.CPUPower = d.uint()
		case "tags":
			c.Tags = nilIfEmpty(d.strings())
		case "availzone":
			c.AvailabilityZone = d.str()
		case "virt-type":
			c.VirtType = d.str()
		case "charm-profiles":
			c.CharmProfiles = nilIfEmpty(d.strings())
		}
	}
	if machine == "" {
		d.missing("machineid")
	}
	if d.ok() {
		x.instances[machine] = c
	}
}

func decodeBlockDevice(s *dec) description.BlockDevice {
	var b description.BlockDevice
	for s.next() {
		switch string(s.key()) {
		case "devicename":
			b.Name = s.str()
		case "devicelinks":
			b.Links = nilIfEmpty(s.strings())
		case "label":
			b.Label = s.str()
		case "uuid":
			b.UUID = s.str()
		case "hardwareid":
			b.HardwareID = s.str()
		case "wwn":
			b.WWN = s.str()
		case "busaddress":
			b.BusAddress = s.str()
		case "size":
			b.Size = s.uint()
		case "fstype":
			b.FilesystemType = s.str()
		case "inuse":
			b.InUse = s.boolean()
		case "mountpoint":
			b.MountPoint = s.str()
		case "serialid":
			b.SerialID = s.str()
		}
	}
	return b
}

// decodeBlockDevices reads a machine's blockdevices document
// (internal/jujudoc.BlockDevicesDoc is its typed definition, which the
// importer writes with). It stays a hand decoder because the typed decode is
// slower by more than issue 11's 10%: BenchmarkDecodeEntities/blockdevices,
// 2,205 documents, same run on 2 loaded cores (best of 3): typed 14.1 ms,
// hand 5.3 ms (2.6x).
func (x *exporter) decodeBlockDevices(d *dec) {
	var machine string
	var devs []description.BlockDevice
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "machineid":
			machine = d.str()
		case "blockdevices":
			arr, ok := d.subArr()
			if !ok {
				break
			}
			for arr.next() {
				if s, ok := arr.subDoc(); ok {
					b := decodeBlockDevice(&s)
					if !x.opts.Extended {
						b.SerialID = "" // Juju's exporter drops it
					}
					devs = append(devs, b)
				}
			}
		}
	}
	if machine == "" {
		d.missing("machineid")
	}
	if d.ok() {
		x.blockDevices[machine] = devs
	}
}

// decodePortRanges reads unit-port-ranges: unit -> endpoint -> ranges.
func decodePortRanges(d *dec) map[string]map[string][]description.PortRange {
	units, ok := d.subDoc()
	if !ok {
		return nil
	}
	out := map[string]map[string][]description.PortRange{}
	for units.next() {
		unit := string(units.key())
		eps, ok := units.subDoc()
		if !ok {
			continue
		}
		byEP := map[string][]description.PortRange{}
		for eps.next() {
			ep := string(eps.key())
			arr, ok := eps.subArr()
			if !ok {
				continue
			}
			var ranges []description.PortRange
			for arr.next() {
				r, ok := arr.subDoc()
				if !ok {
					continue
				}
				var pr description.PortRange
				for r.next() {
					switch string(r.key()) {
					case "fromport":
						pr.FromPort = r.int()
					case "toport":
						pr.ToPort = r.int()
					case "protocol":
						pr.Protocol = r.str()
					}
				}
				ranges = append(ranges, pr)
			}
			if len(ranges) > 0 {
				sortPortRanges(ranges)
				byEP[ep] = ranges
			}
		}
		if len(byEP) > 0 {
			out[unit] = byEP
		}
	}
	return out
}

// decodeOpenedPorts reads an openedPorts document, a machine's or an
// application's (internal/jujudoc.MachinePortRangesDoc and
// ApplicationPortRangesDoc is its typed definition, which the importer
// writes with). It stays a hand decoder because the typed decode is slower
// by more than issue 11's 10%: BenchmarkDecodeEntities/openedPorts, 2,207
// documents, same run on 2 loaded cores (best of 3): typed 11.8 ms, hand 2.5
// ms (4.7x).
func (x *exporter) decodeOpenedPorts(d *dec) {
	var machine, app string
	var ranges map[string]map[string][]description.PortRange
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "machine-id":
			machine = d.str()
		case "application-name":
			app = d.str()
		case "unit-port-ranges":
			ranges = decodePortRanges(d)
		}
	}
	x.keepOpenedPorts(d, machine, app, ranges)
}

// keepOpenedPorts checks that an openedPorts document names a machine or
// an application, not both, and keeps its ranges for it.
func (x *exporter) keepOpenedPorts(d *dec, machine, app string, ranges map[string]map[string][]description.PortRange) {
	switch {
	case machine == "" && app == "":
		d.missing("machine-id")
	case machine != "" && app != "":
		d.fail("application-name", ErrInvalid, "document names both machine %q and application %q", machine, app)
	}
	if !d.ok() {
		return
	}
	if machine != "" {
		if x.kinds.has(Machines) {
			x.machinePorts[machine] = ranges
		}
	} else if x.kinds.has(Applications) {
		x.appPorts[app] = ranges
	}
}

// decodeSSHHostKeys reads an sshhostkeys document
// (internal/jujudoc.SSHHostKeysDoc is its typed definition, which the
// importer writes with). It stays a hand decoder because the typed decode is
// slower by more than issue 11's 10%: BenchmarkDecodeNetwork/sshhostkeys,
// 2,000 documents, medians of -count 3, same run on 2 loaded cores: typed
// 8.9 ms, hand 2.9 ms (3.1x; 2.1x the bytes).
func (x *exporter) decodeSSHHostKeys(d *dec) {
	var local string
	var keys []string
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "keys":
			keys = d.strings()
		}
	}
	k, ok := jujudb.ParseGlobalKey(local)
	if d.ok() && (!ok || k.Kind != "m" || k.Suffix != "") {
		d.fail("_id", ErrInvalid, "local id %q is not a machine key m#<id>", local)
	}
	if d.ok() {
		x.sshKeys[k.ID] = keys
	}
}

// decodeVirtualHostKey reads one of Juju 3.6's virtual host keys (model
// v12). Controllers before 3.6.4 and from 3.6.28 have no such collection,
// which reads as no keys.
func (x *exporter) decodeVirtualHostKey(d *dec) {
	var doc jujudoc.VirtualHostKeyDoc
	if !x.typed(d, &doc) {
		return
	}
	local, _ := jujudb.LocalID(x.uuid, doc.DocID)
	if len(doc.HostKey) == 0 {
		d.missing("hostkey")
		return
	}
	x.virtualHostKeys = append(x.virtualHostKeys, &description.VirtualHostKey{ID: local, HostKey: doc.HostKey})
}
