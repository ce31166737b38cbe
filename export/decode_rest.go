package export

import (
	"strings"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// decodeRemoteEntity reads a remoteEntities document.
// Its typed definition is internal/jujudoc.RemoteEntityDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeRemoteEntity
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/remoteEntities, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 8.5 ms, hand 2.0 ms (4.3x).
func (x *exporter) decodeRemoteEntity(d *dec) {
	r := &description.RemoteEntity{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, r.ID = x.idField(d)
		case "token":
			r.Token = d.str()
		case "macaroon":
			if x.opts.Extended {
				r.Macaroon = d.str()
			} else {
				d.str()
			}
		}
	}
	if d.ok() {
		x.remoteEntities = append(x.remoteEntities, r)
	}
}

// decodeOfferConnection reads a applicationOfferConnections document.
// Its typed definition is internal/jujudoc.OfferConnectionDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeOfferConnection
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/applicationOfferConnections, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 9.8 ms, hand 4.1 ms (2.4x).
func (x *exporter) decodeOfferConnection(d *dec) {
	o := &description.OfferConnection{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "relation-id":
			o.RelationID = d.int()
		case "relation-key":
			o.RelationKey = d.str()
		case "offer-uuid":
			o.OfferUUID = d.str()
		case "username":
			o.UserName = d.str()
		case "source-model-uuid":
			o.SourceModelUUID = d.str()
		}
	}
	if d.ok() {
		x.offerConns = append(x.offerConns, o)
	}
}

// decodeRelationNetwork reads a relationNetworks document.
// Its typed definition is internal/jujudoc.RelationNetworksDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeRelationNetwork
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/relationNetworks, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 8.1 ms, hand 3.2 ms (2.6x).
func (x *exporter) decodeRelationNetwork(d *dec) {
	r := &description.RelationNetwork{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			// The description keeps the full _id, model prefix included
			// (ref §6.31).
			r.ID, _ = x.idField(d)
		case "relation-key":
			r.RelationKey = d.str()
		case "cidrs":
			r.CIDRs = d.strings()
		}
	}
	if d.ok() {
		x.relNetworks = append(x.relNetworks, r)
	}
}

// decodeSpace reads a spaces document (internal/jujudoc.SpaceDoc is its
// typed definition, which the importer writes with). It stays a hand decoder
// because the typed decode is slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/spaces, 2,000 documents, medians of -count 3, same
// run on 2 loaded cores: typed 4.4 ms, hand 1.5 ms (2.9x; 1.8x the bytes).
func (x *exporter) decodeSpace(d *dec) {
	s := &description.Space{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "spaceid":
			s.ID = d.str()
		case "name":
			s.Name = d.str()
		case "is-public":
			s.Public = d.boolean()
		case "providerid":
			s.ProviderID = d.str()
		}
	}
	if s.ID == "" {
		d.missing("spaceid")
	}
	// The alpha space (id 0) exists in every model and is never exported.
	if d.ok() && s.ID != "0" {
		x.spaces = append(x.spaces, s)
	}
}

// decodeSubnet reads a subnets document (internal/jujudoc.SubnetDoc is its
// typed definition, which the importer writes with). It stays a hand decoder
// because the typed decode is slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/subnets, 2,000 documents, medians of -count 3, same
// run on 2 loaded cores: typed 7.7 ms, hand 3.4 ms (2.2x; 2.1x the bytes).
func (x *exporter) decodeSubnet(d *dec) {
	s := &description.Subnet{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "subnet-id":
			s.ID = d.str()
		case "providerid":
			s.ProviderID = d.str()
		case "provider-network-id":
			s.ProviderNetworkID = d.str()
		case "cidr":
			s.CIDR = d.str()
		case "vlantag":
			s.VLANTag = d.int()
		case "availability-zones":
			s.AvailabilityZones = d.strings()
		case "is-public":
			s.IsPublic = d.boolean()
		case "space-id":
			s.SpaceID = d.str()
		case "fan-local-underlay":
			s.FanLocalUnderlay = d.str()
		case "fan-overlay":
			s.FanOverlay = d.str()
		}
	}
	if s.CIDR == "" {
		d.missing("cidr")
	}
	if d.ok() {
		x.subnets = append(x.subnets, s)
	}
}

// decodeIPAddress reads an ip.addresses document
// (internal/jujudoc.IPAddressDoc is its typed definition, which the importer
// writes with). It stays a hand decoder because the typed decode is slower
// by more than issue 11's 10%: BenchmarkDecodeNetwork/ip.addresses, 2,000
// documents, medians of -count 3, same run on 2 loaded cores: typed 11.7 ms,
// hand 3.7 ms (3.2x; 2.4x the bytes).
func (x *exporter) decodeIPAddress(d *dec) {
	ad := &ipAddrDoc{a: &description.IPAddress{}}
	a := ad.a
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, ad.local = x.idField(d)
		case "providerid":
			a.ProviderID = d.str()
		case "provider-network-id":
			a.ProviderNetworkID = d.str()
		case "provider-subnet-id":
			a.ProviderSubnetID = d.str()
		case "device-name":
			a.DeviceName = d.str()
		case "machine-id":
			a.MachineID = d.str()
		case "subnet-cidr":
			a.SubnetCIDR = d.str()
		case "config-method":
			a.ConfigMethod = d.str()
		case "value":
			a.Value = d.str()
		case "dns-servers":
			a.DNSServers = d.strings()
		case "dns-search-domains":
			a.DNSSearchDomains = d.strings()
		case "gateway-address":
			a.GatewayAddress = d.str()
		case "origin":
			a.Origin = d.str()
		case "is-default-gateway":
			a.IsDefaultGateway = d.boolean()
		case "is-shadow":
			a.IsShadow = d.boolean()
		case "is-secondary":
			a.IsSecondary = d.boolean()
		}
	}
	if !x.opts.Extended {
		// Juju's exporter does not carry these (ref §6.34).
		a.IsDefaultGateway, a.IsShadow, a.IsSecondary = false, false, false
	}
	if a.MachineID == "" {
		d.missing("machine-id")
	}
	if d.ok() {
		x.ipAddrs = append(x.ipAddrs, ad)
	}
}

// decodeLinkLayerDevice reads a linklayerdevices document
// (internal/jujudoc.LinkLayerDeviceDoc is its typed definition, which the
// importer writes with). It stays a hand decoder because the typed decode is
// slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/linklayerdevices, 2,000 documents, medians of
// -count 3, same run on 2 loaded cores: typed 7.5 ms, hand 2.7 ms (2.8x;
// 2.2x the bytes).
func (x *exporter) decodeLinkLayerDevice(d *dec) {
	l := &description.LinkLayerDevice{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "name":
			l.Name = d.str()
		case "mtu":
			l.MTU = uint(d.uint())
		case "providerid":
			l.ProviderID = d.str()
		case "machine-id":
			l.MachineID = d.str()
		case "type":
			l.Type = d.str()
		case "mac-address":
			l.MACAddress = d.str()
		case "is-auto-start":
			l.IsAutoStart = d.boolean()
		case "is-up":
			l.IsUp = d.boolean()
		case "parent-name":
			l.ParentName = d.str()
		case "virtual-port-type":
			l.VirtualPortType = d.str()
		}
	}
	if l.MachineID == "" {
		d.missing("machine-id")
	}
	if d.ok() {
		x.devices = append(x.devices, l)
	}
}

// decodeAction reads an actions document (internal/jujudoc.ActionDoc is its
// typed definition, which the importer writes with). It stays a hand decoder
// because the typed decode is slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/actions, 2,000 documents, medians of -count 3, same
// run on 2 loaded cores: typed 19.4 ms, hand 8.0 ms (2.4x; 2.0x the bytes).
func (x *exporter) decodeAction(d *dec) {
	a := &description.Action{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, a.ID = x.idField(d)
		case "receiver":
			a.Receiver = d.str()
		case "name":
			a.Name = d.str()
		case "parameters":
			a.Parameters = d.anyMap(false)
		case "parallel":
			a.Parallel = d.boolean()
		case "execution-group":
			a.ExecutionGroup = d.str()
		case "enqueued":
			a.Enqueued = d.time()
		case "started":
			a.Started = d.timePtr()
		case "completed":
			a.Completed = d.timePtr()
		case "operation":
			a.Operation = d.str()
		case "status":
			a.Status = d.str()
		case "message":
			a.Message = d.str()
		case "results":
			a.Results = d.anyMap(false)
		case "messages":
			arr, ok := d.subArr()
			if !ok {
				break
			}
			for arr.next() {
				s, ok := arr.subDoc()
				if !ok {
					continue
				}
				var m description.ActionMessage
				for s.next() {
					switch string(s.key()) {
					case "message":
						m.Message = s.str()
					case "timestamp":
						m.Timestamp = s.time()
					}
				}
				a.Logs = append(a.Logs, m)
			}
		}
	}
	if d.ok() {
		x.actions = append(x.actions, a)
	}
}

// decodeOperation reads an operations document
// (internal/jujudoc.OperationDoc is its typed definition, which the importer
// writes with). It stays a hand decoder because the typed decode is slower
// by more than issue 11's 10%: BenchmarkDecodeNetwork/operations, 2,000
// documents, medians of -count 3, same run on 2 loaded cores: typed 8.8 ms,
// hand 3.4 ms (2.6x; 2.1x the bytes).
func (x *exporter) decodeOperation(d *dec) {
	o := &description.Operation{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, o.ID = x.idField(d)
		case "summary":
			o.Summary = d.str()
		case "fail":
			o.Fail = d.str()
		case "enqueued":
			o.Enqueued = d.time()
		case "started":
			o.Started = d.timePtr()
		case "completed":
			o.Completed = d.timePtr()
		case "complete-task-count":
			o.CompleteTaskCount = d.int()
		case "spawned-task-count":
			o.SpawnedTaskCount = d.int()
		case "status":
			o.Status = d.str()
		}
	}
	if d.ok() {
		x.operations = append(x.operations, o)
	}
}

// decodeImage reads a cloudimagemetadata document
// (internal/jujudoc.CloudImageMetadataDoc is its typed definition, which the
// importer writes with). It stays a hand decoder because the typed decode is
// slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/cloudimagemetadata, 2,000 documents, medians of
// -count 3, same run on 2 loaded cores: typed 12.1 ms, hand 3.8 ms (3.2x;
// 2.2x the bytes).
func (x *exporter) decodeImage(d *dec) {
	im := &imageDoc{c: &description.CloudImageMetadata{}}
	c := im.c
	for d.next() {
		switch string(d.key()) {
		case "_id":
			im.docID = d.str()
		case "image_id":
			c.ImageID = d.str()
		case "stream":
			c.Stream = d.str()
		case "region":
			c.Region = d.str()
		case "version":
			c.Version = d.str()
		case "arch":
			c.Arch = d.str()
		case "virt_type":
			c.VirtType = d.str()
		case "root_storage_type":
			c.RootStorageType = d.str()
		case "root_storage_size":
			// Juju's export writes root-storage-size only when the stored
			// value is non-zero (cloudimagemetadata/image.go metadata():
			// if m.RootStorageSize != 0).
			if !d.isNull() {
				if v := d.uint(); v != 0 {
					c.RootStorageSize = &v
				}
			}
		case "date_created":
			c.DateCreated = d.integer()
		case "source":
			c.Source = d.str()
		case "priority":
			c.Priority = d.int()
		case "expire-at":
			if x.opts.Extended {
				c.ExpireAt = d.timePtr()
			}
		}
	}
	if d.ok() {
		x.images = append(x.images, im)
	}
}

// --- storage

// decodeVolume reads a volumes document.
// Its typed definition is internal/jujudoc.VolumeDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeVolume
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/volumes, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 10 ms, hand 4.1 ms (2.5x).
func (x *exporter) decodeVolume(d *dec) {
	vd := &volumeDoc{v: &description.Volume{}}
	v := vd.v
	var paramsPool string
	var paramsSize uint64
	for d.next() {
		switch string(d.key()) {
		case "_id":
			vd.docID, vd.local = x.idField(d)
		case "name":
			v.ID = d.str()
		case "storageid":
			v.StorageID = d.str()
		case "attachmentcount":
			vd.attachmentCount = d.int()
		case "info":
			s, ok := d.subDoc()
			if !ok {
				break
			}
			v.Provisioned = true
			for s.next() {
				switch string(s.key()) {
				case "hardwareid":
					v.HardwareID = s.str()
				case "wwn":
					v.WWN = s.str()
				case "size":
					v.Size = s.uint()
				case "pool":
					v.Pool = s.str()
				case "volumeid":
					v.VolumeID = s.str()
				case "persistent":
					v.Persistent = s.boolean()
				}
			}
		case "params":
			paramsPool, paramsSize = d.storageParams()
		}
	}
	if !v.Provisioned {
		v.Pool, v.Size = paramsPool, paramsSize
	}
	if v.ID == "" {
		d.missing("name")
	}
	if d.ok() {
		x.volumes = append(x.volumes, vd)
	}
}

func decodePlanInfo(s *dec) description.VolumePlanInfo {
	var p description.VolumePlanInfo
	for s.next() {
		switch string(s.key()) {
		case "device-type":
			p.DeviceType = s.str()
		case "device-attributes":
			p.DeviceAttributes = s.stringMap(false)
			if len(p.DeviceAttributes) == 0 {
				p.DeviceAttributes = nil
			}
		}
	}
	return p
}

// decodeVolumeAttachment reads a volumeattachments document.
// Its typed definition is internal/jujudoc.VolumeAttachmentDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeVolumeAttachment
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/volumeattachments, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 11 ms, hand 3.8 ms (2.8x).
func (x *exporter) decodeVolumeAttachment(d *dec) {
	va := &volAttDoc{a: &description.VolumeAttachment{}}
	a := va.a
	var volume string
	var paramsRO bool
	for d.next() {
		switch string(d.key()) {
		case "_id":
			va.docID, _ = x.idField(d)
		case "volumeid":
			volume = d.str()
		case "hostid":
			a.HostID = d.str()
		case "info":
			s, ok := d.subDoc()
			if !ok {
				break
			}
			a.Provisioned = true
			for s.next() {
				switch string(s.key()) {
				case "devicename":
					a.DeviceName = s.str()
				case "devicelink":
					a.DeviceLink = s.str()
				case "busaddress":
					a.BusAddress = s.str()
				case "read-only":
					a.ReadOnly = s.boolean()
				case "plan-info":
					if p, ok := s.subDoc(); ok {
						a.PlanInfo = decodePlanInfo(&p)
					}
				}
			}
		case "params":
			if s, ok := d.subDoc(); ok {
				for s.next() {
					if string(s.key()) == "read-only" {
						paramsRO = s.boolean()
					}
				}
			}
		}
	}
	if !a.Provisioned {
		a.ReadOnly = paramsRO
	}
	if volume == "" {
		d.missing("volumeid")
	}
	if a.HostID == "" {
		d.missing("hostid")
	}
	if d.ok() {
		x.volAtts[volume] = append(x.volAtts[volume], va)
	}
}

// decodeVolumePlan reads a volumeattachmentplan document.
// Its typed definition is internal/jujudoc.VolumeAttachmentPlanDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeVolumePlan
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/volumeattachmentplan, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 34 ms, hand 9.2 ms (3.8x).
func (x *exporter) decodeVolumePlan(d *dec) {
	vp := &volPlanDoc{p: &description.VolumeAttachmentPlan{}}
	p := vp.p
	var volume string
	for d.next() {
		switch string(d.key()) {
		case "_id":
			vp.docID, _ = x.idField(d)
		case "volumeid":
			volume = d.str()
		case "machineid":
			p.MachineID = d.str()
		case "plan-info":
			if s, ok := d.subDoc(); ok {
				p.PlanInfo = decodePlanInfo(&s)
			}
		case "block-device":
			if s, ok := d.subDoc(); ok {
				b := decodeBlockDevice(&s)
				b.SerialID = "" // the plan's args have no serial id
				p.BlockDevice = &b
			}
		}
	}
	if volume == "" {
		d.missing("volumeid")
	}
	if d.ok() {
		x.volPlans[volume] = append(x.volPlans[volume], vp)
	}
}

// decodeFilesystem reads a filesystems document.
// Its typed definition is internal/jujudoc.FilesystemDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeFilesystem
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/filesystems, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 10 ms, hand 3.8 ms (2.8x).
func (x *exporter) decodeFilesystem(d *dec) {
	fd := &fsDoc{f: &description.Filesystem{}}
	f := fd.f
	var paramsPool string
	var paramsSize uint64
	for d.next() {
		switch string(d.key()) {
		case "_id":
			fd.docID, fd.local = x.idField(d)
		case "filesystemid":
			f.ID = d.str()
		case "storageid":
			f.StorageID = d.str()
		case "volumeid":
			f.VolumeID = d.str()
		case "attachmentcount":
			fd.attachmentCount = d.int()
		case "info":
			s, ok := d.subDoc()
			if !ok {
				break
			}
			f.Provisioned = true
			for s.next() {
				switch string(s.key()) {
				case "size":
					f.Size = s.uint()
				case "pool":
					f.Pool = s.str()
				case "filesystemid":
					f.FilesystemID = s.str()
				}
			}
		case "params":
			paramsPool, paramsSize = d.storageParams()
		}
	}
	if !f.Provisioned {
		f.Pool, f.Size = paramsPool, paramsSize
	}
	if f.ID == "" {
		d.missing("filesystemid")
	}
	if d.ok() {
		x.filesystems = append(x.filesystems, fd)
	}
}

// decodeFilesystemAttachment reads a filesystemAttachments document.
// Its typed definition is internal/jujudoc.FilesystemAttachmentDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeFilesystemAttachment
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/filesystemAttachments, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 11 ms, hand 4.4 ms (2.4x).
func (x *exporter) decodeFilesystemAttachment(d *dec) {
	fa := &fsAttDoc{a: &description.FilesystemAttachment{}}
	a := fa.a
	var fs, location string
	var paramsRO bool
	for d.next() {
		switch string(d.key()) {
		case "_id":
			fa.docID, _ = x.idField(d)
		case "filesystemid":
			fs = d.str()
		case "hostid":
			a.HostID = d.str()
		case "info":
			s, ok := d.subDoc()
			if !ok {
				break
			}
			a.Provisioned = true
			for s.next() {
				switch string(s.key()) {
				case "mountpoint":
					a.MountPoint = s.str()
				case "read-only":
					a.ReadOnly = s.boolean()
				}
			}
		case "params":
			if s, ok := d.subDoc(); ok {
				for s.next() {
					switch string(s.key()) {
					case "location":
						location = s.str()
					case "read-only":
						paramsRO = s.boolean()
					}
				}
			}
		}
	}
	if !a.Provisioned {
		a.MountPoint, a.ReadOnly = location, paramsRO
	}
	if fs == "" {
		d.missing("filesystemid")
	}
	if a.HostID == "" {
		d.missing("hostid")
	}
	if d.ok() {
		x.fsAtts[fs] = append(x.fsAtts[fs], fa)
	}
}

// decodeStorageInstance reads a storageinstances document.
// Its typed definition is internal/jujudoc.StorageInstanceDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeStorageInstance
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/storageinstances, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 12 ms, hand 4.1 ms (2.9x).
func (x *exporter) decodeStorageInstance(d *dec) {
	sd := &storageDoc{s: &description.Storage{}}
	s := sd.s
	for d.next() {
		switch string(d.key()) {
		case "_id":
			sd.docID, sd.local = x.idField(d)
		case "id":
			s.ID = d.str()
		case "storagekind":
			s.Kind = jujudb.StorageKind(d.int()).String()
		case "owner":
			s.Owner = d.str()
		case "storagename":
			s.Name = d.str()
		case "constraints":
			c, ok := d.subDoc()
			if !ok {
				break
			}
			s.Constraints = &description.StorageInstanceConstraints{}
			for c.next() {
				switch string(c.key()) {
				case "pool":
					s.Constraints.Pool = c.str()
				case "size":
					s.Constraints.Size = c.uint()
				}
			}
		}
	}
	if s.ID == "" {
		d.missing("id")
	}
	if d.ok() {
		x.storages = append(x.storages, sd)
	}
}

// decodeStorageAttachment reads a storageattachments document.
// Its typed definition is internal/jujudoc.StorageAttachmentDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeStorageAttachment
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/storageattachments, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 9.8 ms, hand 1.9 ms (5.1x).
func (x *exporter) decodeStorageAttachment(d *dec) {
	var unit, storage string
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "unitid":
			unit = d.str()
		case "storageid":
			storage = d.str()
		}
	}
	if unit == "" {
		d.missing("unitid")
	}
	if storage == "" {
		d.missing("storageid")
	}
	if d.ok() {
		x.storageAtts[storage] = append(x.storageAtts[storage], unit)
	}
}

// --- secrets

// decodeSecret reads a secretMetadata document.
// Its typed definition is internal/jujudoc.SecretMetadataDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeSecret
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/secretMetadata, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 8.9 ms, hand 4.9 ms (1.8x).
func (x *exporter) decodeSecret(d *dec) {
	sd := &secretDoc{s: &description.Secret{}}
	s := sd.s
	for d.next() {
		switch string(d.key()) {
		case "_id":
			sd.docID, s.ID = x.idField(d)
		case "version":
			s.Version = d.int()
		case "owner-tag":
			s.Owner = d.str()
		case "description":
			s.Description = d.str()
		case "label":
			s.Label = d.str()
		case "rotate-policy":
			s.RotatePolicy = d.str()
		case "create-time":
			s.Created = d.time()
		case "update-time":
			s.Updated = d.time()
		case "auto-prune":
			s.AutoPrune = d.boolean()
		case "latest-revision-checksum":
			// Juju 3.6 (secrets v2; docs/juju-layout.md).
			s.LatestRevisionChecksum = d.str()
		}
	}
	if s.Owner == "" {
		d.missing("owner-tag")
	}
	if s.RotatePolicy == "" {
		s.RotatePolicy = "never" // as Juju's RotatePolicy.String() (ref §11)
	}
	if d.ok() {
		x.secrets = append(x.secrets, sd)
	}
}

// decodeSecretRotate reads a secretRotate document.
// Its typed definition is internal/jujudoc.SecretRotationDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeSecretRotate
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/secretRotate, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 8.4 ms, hand 1.9 ms (4.4x).
func (x *exporter) decodeSecretRotate(d *dec) {
	var id string
	var next = new(description.Secret).NextRotateTime
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, id = x.idField(d)
		case "next-rotate-time":
			next = d.timePtr()
		}
	}
	if d.ok() {
		x.secretRotate[id] = next
	}
}

// decodeSecretRevision reads a secretRevisions document.
// Its typed definition is internal/jujudoc.SecretRevisionDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeSecretRevision
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/secretRevisions, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 14 ms, hand 6.1 ms (2.3x).
func (x *exporter) decodeSecretRevision(d *dec) {
	r := &description.SecretRevision{}
	var local string
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "revision":
			r.Number = d.int()
		case "create-time":
			r.Created = d.time()
		case "update-time":
			r.Updated = d.time()
		case "expire-time":
			r.ExpireTime = d.timePtr()
		case "obsolete":
			r.Obsolete = d.boolean()
		case "pending-delete":
			r.PendingDelete = d.boolean()
		case "data":
			// Juju formats every value with %v; they are strings in practice.
			m := d.anyMap(true)
			if len(m) > 0 {
				r.Content = make(map[string]string, len(m))
				for k, v := range m {
					if s, ok := v.(string); ok {
						r.Content[k] = s
					} else {
						d.fail("data."+k, ErrType, "expected string, got %T", v)
					}
				}
			}
		case "value-reference":
			s, ok := d.subDoc()
			if !ok {
				break
			}
			ref := &description.SecretValueRef{}
			for s.next() {
				switch string(s.key()) {
				case "backend-id":
					ref.BackendID = s.str()
				case "revision-id":
					ref.RevisionID = s.str()
				}
			}
			r.ValueRef = ref
		}
	}
	id, _, ok := strings.Cut(local, "/")
	if d.ok() && !ok {
		d.fail("_id", ErrInvalid, "local id %q is not <secret id>/<revision>", local)
	}
	if d.ok() {
		x.secretRevs[id] = append(x.secretRevs[id], r)
	}
}

// decodeSecretPermission reads a secretPermissions document.
// Its typed definition is internal/jujudoc.SecretPermissionDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeSecretPermission
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/secretPermissions, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 9.5 ms, hand 3.0 ms (3.1x).
func (x *exporter) decodeSecretPermission(d *dec) {
	var local, subject string
	var a description.SecretAccess
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "scope-tag":
			a.Scope = d.str()
		case "subject-tag":
			subject = d.str()
		case "role":
			a.Role = d.str()
		}
	}
	if subject == "" {
		d.missing("subject-tag")
	}
	id, _, _ := strings.Cut(local, "#")
	if d.ok() {
		if x.secretPerms[id] == nil {
			x.secretPerms[id] = map[string]description.SecretAccess{}
		}
		x.secretPerms[id][subject] = a
	}
}

// decodeSecretConsumer reads a consumer of a local secret, or (when the
// secret part of the _id is "<source model uuid>/<secret id>") a secret
// consumed from another model (ref §6.49).
//
// Its typed definition is internal/jujudoc.SecretConsumerDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeSecretConsumer
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/secretConsumers, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 7.9 ms, hand 4.3 ms (1.8x).
func (x *exporter) decodeSecretConsumer(d *dec) {
	var local, consumer, label string
	var current, latest int
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "consumer-tag":
			consumer = d.str()
		case "label":
			label = d.str()
		case "current-revision":
			current = d.int()
		case "latest-revision":
			latest = d.int()
		}
	}
	if consumer == "" {
		d.missing("consumer-tag")
	}
	if !d.ok() {
		return
	}
	id, _, _ := strings.Cut(local, "#")
	if source, secretID, remote := strings.Cut(id, "/"); remote {
		x.remoteSecrets = append(x.remoteSecrets, &remoteSecretDoc{docID: local, r: &description.RemoteSecret{
			ID: secretID, SourceUUID: source, Consumer: consumer, Label: label,
			CurrentRevision: current, LatestRevision: latest,
		}})
		return
	}
	x.secretConsumers[id] = append(x.secretConsumers[id], &description.SecretConsumer{
		Consumer: consumer, Label: label, CurrentRevision: current,
	})
}

// decodeSecretRemoteConsumer reads a secretRemoteConsumers document.
// Its typed definition is internal/jujudoc.SecretRemoteConsumerDoc, which the importer
// writes with. It stays a hand decoder because the typed one (typedDecodeSecretRemoteConsumer
// in export/typeddec_rest_bench_test.go) is slower by more than issue
// 11's 10%: BenchmarkDecodeRest/secretRemoteConsumers, 2,000 docs, same runs (2 x
// -count 5) on 2 loaded cores, medians: typed 5.9 ms, hand 4.1 ms (1.5x).
func (x *exporter) decodeSecretRemoteConsumer(d *dec) {
	var local string
	c := &description.SecretRemoteConsumer{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "consumer-tag":
			c.Consumer = d.str()
		case "current-revision":
			c.CurrentRevision = d.int()
		}
	}
	if c.Consumer == "" {
		d.missing("consumer-tag")
	}
	id, _, _ := strings.Cut(local, "#")
	// (unsure) The reference does not say what SecretRemoteConsumerArgs.ID
	// holds; ferry gives the consumer document's local id.
	c.ID = local
	if d.ok() {
		x.secretRemote[id] = append(x.secretRemote[id], c)
	}
}

// --- global documents (phase two)

// decodePermission reads a permissions document
// (internal/jujudoc.PermissionDoc is its typed definition). It stays a hand
// decoder because the typed decode is slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/permissions, 2,000 documents, medians, same run (a
// second run of the two slowest-looking, -count 5) on 2 loaded cores: typed
// 4.8 ms, hand 1.6 ms (3.0x; 1.7x the bytes).
func (x *exporter) decodePermission(d *dec) {
	var p permission
	for d.next() {
		switch string(d.key()) {
		case "object-global-key":
			p.object = d.str()
		case "subject-global-key":
			p.subject = d.str()
		case "access":
			p.access = d.str()
		}
	}
	if p.object == "" {
		d.missing("object-global-key")
	}
	if p.subject == "" {
		d.missing("subject-global-key")
	}
	if d.ok() {
		x.perms = append(x.perms, p)
	}
}

// permission is one permissions document: a subject's access to an object.
type permission struct{ object, subject, access string }

// decodeUser reads a users document (the importer writes none, so it has no
// internal/jujudoc type; BenchmarkDecodeNetwork's file has the typed one).
// It stays a hand decoder because the typed decode is slower by more than
// issue 11's 10%: BenchmarkDecodeNetwork/users, 2,000 documents, medians of
// -count 3, same run on 2 loaded cores: typed 2.7 ms, hand 1.0 ms (2.6x;
// 1.6x the bytes).
func (x *exporter) decodeUser(d *dec) {
	var id string
	var deleted bool
	for d.next() {
		switch string(d.key()) {
		case "_id":
			id = d.str()
		case "deleted":
			deleted = d.boolean()
		}
	}
	if d.ok() {
		x.usersSeen[strings.ToLower(id)] = true
		x.users[strings.ToLower(id)] = deleted
	}
}

// decodeCredential reads a cloudCredentials document (the importer writes
// none, so it has no internal/jujudoc type; BenchmarkDecodeNetwork's file
// has the typed one). It stays a hand decoder because the typed decode is
// slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/cloudCredentials, 2,000 documents, medians of
// -count 3, same run on 2 loaded cores: typed 14.6 ms, hand 3.8 ms (3.8x;
// 1.5x the bytes).
func (x *exporter) decodeCredential(d *dec) {
	c := &description.CloudCredential{}
	for d.next() {
		switch string(d.key()) {
		case "owner":
			c.Owner = d.str()
		case "cloud":
			c.Cloud = d.str()
		case "name":
			c.Name = d.str()
		case "auth-type":
			c.AuthType = d.str()
		case "attributes":
			c.Attributes = d.stringMap(false)
			if len(c.Attributes) == 0 {
				c.Attributes = nil
			}
		}
	}
	if d.ok() {
		x.credential = c
		x.credentialSeen = true
	}
}

// decodeSecretBackend reads the model's secretBackends document (the
// importer writes none, so it has no internal/jujudoc type;
// BenchmarkDecodeNetwork's file has the typed one). It stays a hand decoder
// because the typed decode is slower by more than issue 11's 10%:
// BenchmarkDecodeNetwork/secretBackends, 2,000 documents, medians of -count
// 3, same run on 2 loaded cores: typed 3.5 ms, hand 1.5 ms (2.3x; 1.6x the
// bytes).
func (x *exporter) decodeSecretBackend(d *dec) {
	var id string
	for d.next() {
		if string(d.key()) == "_id" {
			id = d.str()
		}
	}
	if d.ok() {
		x.backendID = id
		x.backendSeen = true
	}
}

// decodeExternalController reads an externalControllers document
// (internal/jujudoc.ExternalControllerDoc is its typed definition). It stays
// a hand decoder because the typed decode is slower by more than issue 11's
// 10%: BenchmarkDecodeNetwork/externalControllers, 2,000 documents, medians,
// same run (a second run, -count 5, of the two closest in the first) on 2
// loaded cores: typed 6.8 ms, hand 2.9 ms (2.4x; 1.8x the bytes).
func (x *exporter) decodeExternalController(d *dec) {
	c := &description.ExternalController{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			c.ID = d.str()
		case "alias":
			c.Alias = d.str()
		case "addresses":
			c.Addrs = d.strings()
		case "cacert":
			c.CACert = d.str()
		case "models":
			c.Models = d.strings()
		}
	}
	if d.ok() {
		x.extControllers = append(x.extControllers, c)
	}
}

// storageParams reads the params sub-document of a volume or filesystem:
// the pool and size asked for, which stand for an unprovisioned one.
func (d *dec) storageParams() (pool string, size uint64) {
	s, ok := d.subDoc()
	if !ok {
		return "", 0
	}
	for s.next() {
		switch string(s.key()) {
		case "pool":
			pool = s.str()
		case "size":
			size = s.uint()
		}
	}
	return pool, size
}
