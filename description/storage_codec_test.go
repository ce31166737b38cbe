package description

import (
	"strings"
	"testing"
)

// The snippet helpers (codecDecode, codecWrite, ...) are in
// action_codec_test.go.

// --- volumes

func readVolumesSnippet(d *decoder, n *node) []*Volume {
	return readList(d, volumeFormat, n, "volumes", "volumes")
}

func writeVolumesSnippet(vs []*Volume) string {
	return codecWrite(func(e *encoder) { writeWrapped(e, "volumes", 1, "volumes", vs, writeVolume) })
}

const volumesV1 = `volumes:
  version: 1
  volumes:
  - id: "0"
    storage-id: data/0
    provisioned: true
    size: 1024
    pool: ebs
    hardware-id: hw-1
    wwn: wwn-1
    volume-id: vol-1
    persistent: true
    status:
      version: 2
      status:
        value: attached
        updated: 2024-01-02T03:04:05Z
        neverset: false
    status-history:
      version: 2
      history: []
    attachments:
      version: 2
      attachments:
      - host-id: "0"
        provisioned: true
        read-only: false
        device-name: xvdf
        device-link: /dev/disk/by-id/x
        bus-address: ""
        plan-info:
          device-type: iscsi
          device-attributes:
            iqn: iqn.2024-01.example
      - host-id: mysql/0
        provisioned: false
        read-only: true
        device-name: ""
        device-link: ""
        bus-address: ""
    attachmentplans:
      version: 1
      attachmentplans:
      - machine-id: "0"
        block-device:
          name: sdb
          links:
          - /dev/disk/by-id/x
          serial-id: s-1
          size: 1024
          in-use: true
        plan-info:
          device-type: local
      - machine-id: "1"
  - id: "1"
    provisioned: false
    size: 0
    persistent: false
    status:
      version: 2
      status:
        value: pending
        updated: 2024-01-02T03:04:05Z
        neverset: true
    status-history:
      version: 2
      history: []
    attachments:
      version: 2
      attachments: []
    attachmentplans:
      version: 1
      attachmentplans: []
`

func volumesV1Want() []*Volume {
	return []*Volume{{
		ID: "0", StorageID: "data/0", Provisioned: true, Size: 1024, Pool: "ebs",
		HardwareID: "hw-1", WWN: "wwn-1", VolumeID: "vol-1", Persistent: true,
		Status: &Status{Value: "attached", Updated: codecTime("2024-01-02T03:04:05Z")},
		Attachments: []*VolumeAttachment{{
			HostID: "0", Provisioned: true, DeviceName: "xvdf", DeviceLink: "/dev/disk/by-id/x",
			PlanInfo: VolumePlanInfo{DeviceType: "iscsi", DeviceAttributes: map[string]string{"iqn": "iqn.2024-01.example"}},
		}, {
			HostID: "mysql/0", ReadOnly: true,
		}},
		AttachmentPlans: []*VolumeAttachmentPlan{{
			MachineID:   "0",
			BlockDevice: &BlockDevice{Name: "sdb", Links: []string{"/dev/disk/by-id/x"}, SerialID: "s-1", Size: 1024, InUse: true},
			PlanInfo:    VolumePlanInfo{DeviceType: "local"},
		}, {
			MachineID: "1",
		}},
	}, {
		ID:     "1",
		Status: &Status{Value: "pending", Updated: codecTime("2024-01-02T03:04:05Z"), NeverSet: true},
	}}
}

func TestVolumesAtTheCurrentVersionDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, volumesV1, readVolumesSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, volumesV1Want())
	codecWantText(t, writeVolumesSnippet(got), volumesV1)
}

func TestVolumePlanInfoIsWrittenOnlyWhenSet(t *testing.T) {
	cases := []struct {
		name string
		info VolumePlanInfo
		want string
	}{
		{"empty plan info is left out", VolumePlanInfo{}, ""},
		{"a device type alone", VolumePlanInfo{DeviceType: "local"}, "        plan-info:\n          device-type: local\n"},
		// juju/description writes this, then cannot read it (device-type
		// is required there); ferry reads it back.
		{"device attributes without a device type", VolumePlanInfo{DeviceAttributes: map[string]string{"b": "2", "a": "1"}},
			"        plan-info:\n          device-attributes:\n            a: \"1\"\n            b: \"2\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := &Volume{ID: "0", Size: 1, Status: &Status{Value: "attached"},
				Attachments: []*VolumeAttachment{{HostID: "0", PlanInfo: c.info}}}
			out := writeVolumesSnippet([]*Volume{v})
			want := `      attachments:
      - host-id: "0"
        provisioned: false
        read-only: false
        device-name: ""
        device-link: ""
        bus-address: ""
` + c.want + "    attachmentplans:\n"
			if !strings.Contains(out, want) {
				t.Fatalf("wrote:\n%s\nwant it to contain:\n%s", out, want)
			}
			got, errs := codecDecode(t, out, readVolumesSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got[0].Attachments[0].PlanInfo, c.info)
		})
	}
}

func TestOldVolumeShapesDecodeToTheCurrentShape(t *testing.T) {
	const head = `volumes:
  version: 1
  volumes:
  - id: "0"
    provisioned: true
    size: 1024
    persistent: false
    status:
      version: 2
      status:
        value: attached
        updated: 2024-01-02T03:04:05Z
        neverset: false
    status-history:
      version: 2
      history: []
`
	cases := []struct {
		name string
		src  string
		want func(v *Volume)
	}{{
		name: "v1 attachments name the machine with machine-id",
		src: head + `    attachments:
      version: 1
      attachments:
      - machine-id: "4"
        provisioned: true
        read-only: false
        device-name: xvdf
        device-link: ""
        bus-address: ""
    attachmentplans:
      version: 1
      attachmentplans: []
`,
		want: func(v *Volume) {
			v.Attachments = []*VolumeAttachment{{HostID: "4", Provisioned: true, DeviceName: "xvdf"}}
		},
	}, {
		// juju/description panics on these; it always writes both.
		name: "a volume without attachments or attachment plans has none",
		src:  head,
		want: func(v *Volume) {},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := &Volume{ID: "0", Provisioned: true, Size: 1024,
				Status: &Status{Value: "attached", Updated: codecTime("2024-01-02T03:04:05Z")}}
			c.want(want)
			got, errs := codecDecode(t, c.src, readVolumesSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got, []*Volume{want})
		})
	}
}

func TestUpgradeVolumeAttachmentV1ToV2MovesTheMachineToTheHost(t *testing.T) {
	in := volumeAttachmentIn{a: &VolumeAttachment{DeviceName: "xvdf"}, machineID: "3/lxd/1"}
	if err := upgradeVolumeAttachmentV1ToV2(&in); err != nil {
		t.Fatal(err)
	}
	codecWantEqual(t, in.a, &VolumeAttachment{HostID: "3/lxd/1", DeviceName: "xvdf"})
}

func TestBadVolumesAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  strings.Replace(volumesV1, "    wwn: wwn-1\n", "    wwn: wwn-1\n    colour: red\n", 1),
		kind: KindUnknownField,
		want: []string{`snippet.yaml:11:5: volumes[0].colour: unknown field "colour" in volume v1`},
	}, {
		name: "a missing required key",
		src:  strings.Replace(volumesV1, "    size: 1024\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:4:5: volumes[0]: volume v1: missing required field "size"`},
	}, {
		name: "a size of the wrong type",
		src:  strings.Replace(volumesV1, "    size: 1024\n", "    size: big\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:7:11: volumes[0].size: expected an unsigned int, got string "big"`},
	}, {
		name: "host-id in a v1 attachment",
		src:  strings.Replace(volumesV1, "      version: 2\n      attachments:\n", "      version: 1\n      attachments:\n", 1),
		kind: KindUnknownField,
		want: []string{
			`snippet.yaml:25:9: volumes[0].attachments[0].host-id: unknown field "host-id" in volume-attachment v1 (it is read only in versions 2 and later)`,
			`snippet.yaml:25:9: volumes[0].attachments[0]: volume-attachment v1: missing required field "machine-id"`,
			`snippet.yaml:35:9: volumes[0].attachments[1].host-id: unknown field "host-id" in volume-attachment v1 (it is read only in versions 2 and later)`,
			`snippet.yaml:35:9: volumes[0].attachments[1]: volume-attachment v1: missing required field "machine-id"`,
		},
	}, {
		name: "an unsupported attachments version",
		src:  strings.Replace(volumesV1, "      version: 2\n      attachments:\n", "      version: 3\n      attachments:\n", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:23:16: volumes[0].attachments.version: attachments version 3 is not supported (ferry reads 1, 2)`},
	}, {
		name: "an unsupported attachment plans version",
		src:  strings.Replace(volumesV1, "      version: 1\n      attachmentplans:\n      - machine-id", "      version: 2\n      attachmentplans:\n      - machine-id", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:42:16: volumes[0].attachmentplans.version: attachmentplans version 2 is not supported (ferry reads 1)`},
	}, {
		name: "an unknown plan-info key",
		src:  strings.Replace(volumesV1, "          device-type: local\n", "          device-type: local\n          colour: red\n", 1),
		kind: KindUnknownField,
		want: []string{`snippet.yaml:54:11: volumes[0].attachmentplans[0].plan-info.colour: unknown field "colour" in plan-info v1`},
	}, {
		name: "a block device without its size",
		src:  strings.Replace(volumesV1, "          size: 1024\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:46:11: volumes[0].attachmentplans[0].block-device: block-device v2: missing required field "size"`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readVolumesSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// --- filesystems

func readFilesystemsSnippet(d *decoder, n *node) []*Filesystem {
	return readList(d, filesystemFormat, n, "filesystems", "filesystems")
}

func writeFilesystemsSnippet(fs []*Filesystem) string {
	return codecWrite(func(e *encoder) { writeWrapped(e, "filesystems", 1, "filesystems", fs, writeFilesystem) })
}

const filesystemsV1 = `filesystems:
  version: 1
  filesystems:
  - id: "0"
    storage-id: data/0
    volume-id: "0"
    provisioned: true
    size: 2048
    pool: rootfs
    filesystem-id: fs-1
    status:
      version: 2
      status:
        value: attached
        updated: 2024-01-02T03:04:05Z
        neverset: false
    status-history:
      version: 2
      history: []
    attachments:
      version: 2
      attachments:
      - host-id: "0"
        provisioned: true
        mount-point: /srv
        read-only: false
      - host-id: mysql/0
        provisioned: false
        read-only: true
`

func filesystemsV1Want() []*Filesystem {
	return []*Filesystem{{
		ID: "0", StorageID: "data/0", VolumeID: "0", Provisioned: true, Size: 2048, Pool: "rootfs", FilesystemID: "fs-1",
		Status: &Status{Value: "attached", Updated: codecTime("2024-01-02T03:04:05Z")},
		Attachments: []*FilesystemAttachment{
			{HostID: "0", Provisioned: true, MountPoint: "/srv"},
			{HostID: "mysql/0", ReadOnly: true},
		},
	}}
}

func TestFilesystemsAtTheCurrentVersionDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, filesystemsV1, readFilesystemsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, filesystemsV1Want())
	codecWantText(t, writeFilesystemsSnippet(got), filesystemsV1)
}

func TestOldFilesystemShapesDecodeToTheCurrentShape(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []*FilesystemAttachment
	}{{
		name: "v1 attachments name the machine with machine-id",
		src: strings.Replace(strings.Replace(filesystemsV1,
			"      version: 2\n      attachments:\n", "      version: 1\n      attachments:\n", 1),
			"host-id", "machine-id", -1),
		want: filesystemsV1Want()[0].Attachments,
	}, {
		// juju/description panics on this; it always writes the wrapper.
		name: "a filesystem without attachments has none",
		src:  filesystemsV1[:strings.Index(filesystemsV1, "    attachments:\n")],
		want: nil,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := filesystemsV1Want()
			want[0].Attachments = c.want
			got, errs := codecDecode(t, c.src, readFilesystemsSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got, want)
		})
	}
}

func TestUpgradeFilesystemAttachmentV1ToV2MovesTheMachineToTheHost(t *testing.T) {
	in := filesystemAttachmentIn{a: &FilesystemAttachment{MountPoint: "/srv"}, machineID: "2"}
	if err := upgradeFilesystemAttachmentV1ToV2(&in); err != nil {
		t.Fatal(err)
	}
	codecWantEqual(t, in.a, &FilesystemAttachment{HostID: "2", MountPoint: "/srv"})
}

func TestBadFilesystemsAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key in an attachment",
		src:  strings.Replace(filesystemsV1, "        mount-point: /srv\n", "        mount-point: /srv\n        colour: red\n", 1),
		kind: KindUnknownField,
		want: []string{`snippet.yaml:26:9: filesystems[0].attachments[0].colour: unknown field "colour" in filesystem-attachment v2`},
	}, {
		name: "a missing required key",
		src:  strings.Replace(filesystemsV1, "    provisioned: true\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:4:5: filesystems[0]: filesystem v1: missing required field "provisioned"`},
	}, {
		name: "a value of the wrong type",
		src:  strings.Replace(filesystemsV1, "        read-only: true\n", "        read-only: maybe\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:29:20: filesystems[0].attachments[1].read-only: expected a bool, got string "maybe"`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(filesystemsV1, "  version: 1\n", "  version: 2\n", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: filesystems.version: filesystems version 2 is not supported (ferry reads 1)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readFilesystemsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// --- storage instances

func readStoragesSnippet(d *decoder, n *node) []*Storage {
	return readList(d, storageFormat, n, "storages", "storages")
}

func writeStoragesSnippet(ss []*Storage) string {
	return codecWrite(func(e *encoder) { writeWrapped(e, "storages", storagesVersion, "storages", ss, writeStorage) })
}

const storagesV3 = `storages:
  version: 3
  storages:
  - id: data/0
    kind: block
    owner: unit-mysql-0
    name: data
    attachments:
    - mysql/0
    - mysql/1
    constraints:
      pool: ebs
      size: 1024
  - id: logs/1
    kind: filesystem
    name: logs
`

func TestStoragesAtTheCurrentVersionDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, storagesV3, readStoragesSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, []*Storage{{
		ID: "data/0", Kind: "block", Owner: "unit-mysql-0", Name: "data",
		Attachments: []string{"mysql/0", "mysql/1"},
		Constraints: &StorageInstanceConstraints{Pool: "ebs", Size: 1024},
	}, {
		// No constraints: juju/description requires them at v3 but writes
		// them only when set; ferry reads their absence as none.
		ID: "logs/1", Kind: "filesystem", Name: "logs",
	}})
	codecWantText(t, writeStoragesSnippet(got), storagesV3)
}

func TestOldStorageVersionsDecodeToTheCurrentShape(t *testing.T) {
	const v1 = `storages:
  version: 1
  storages:
  - id: data/0
    kind: block
    owner: application-mysql
    name: data
    attachments: []
`
	cases := []struct {
		name string
		src  string
		want *Storage
	}{{
		name: "a v1 storage with owner and attachments",
		src:  v1,
		want: &Storage{ID: "data/0", Kind: "block", Owner: "application-mysql", Name: "data", Attachments: []string{}},
	}, {
		name: "a v2 storage without owner and attachments",
		src:  "storages:\n  version: 2\n  storages:\n  - id: data/0\n    kind: block\n    name: data\n",
		want: &Storage{ID: "data/0", Kind: "block", Name: "data"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, errs := codecDecode(t, c.src, readStoragesSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got, []*Storage{c.want})
		})
	}
}

func TestBadStoragesAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  storagesV3 + "    colour: red\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:17:5: storages[1].colour: unknown field "colour" in storage v3`},
	}, {
		name: "constraints before v3",
		src:  strings.Replace(storagesV3, "version: 3", "version: 2", 1),
		kind: KindUnknownField,
		want: []string{`snippet.yaml:11:5: storages[0].constraints: unknown field "constraints" in storage v2 (it is read only in versions 3 and later)`},
	}, {
		name: "owner and attachments are required at v1",
		src:  strings.Replace(strings.Replace(storagesV3, "version: 3", "version: 1", 1), "    constraints:\n      pool: ebs\n      size: 1024\n", "", 1),
		kind: KindMissingField,
		want: []string{
			`snippet.yaml:11:5: storages[1]: storage v1: missing required field "owner"`,
			`snippet.yaml:11:5: storages[1]: storage v1: missing required field "attachments"`,
		},
	}, {
		name: "constraints without a size",
		src:  strings.Replace(storagesV3, "      size: 1024\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:12:7: storages[0].constraints: storage-constraints v1: missing required field "size"`},
	}, {
		name: "attachments of the wrong type",
		src:  strings.Replace(storagesV3, "    attachments:\n    - mysql/0\n    - mysql/1\n", "    attachments: mysql/0\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:8:18: storages[0].attachments: expected a list, got string "mysql/0"`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(storagesV3, "version: 3", "version: 4", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: storages.version: storages version 4 is not supported (ferry reads 1, 2, 3)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readStoragesSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// --- storage pools

func readStoragePoolsSnippet(d *decoder, n *node) []*StoragePool {
	return readList(d, storagePoolFormat, n, "storage-pools", "pools")
}

func TestStoragePoolsDecodeAndWriteBackUnchanged(t *testing.T) {
	const src = `storage-pools:
  version: 1
  pools:
  - name: fast
    provider: ebs
    attributes:
      iops: 3000
      volume-type: io1
  - name: empty
    provider: loop
    attributes: {}
`
	got, errs := codecDecode(t, src, readStoragePoolsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, []*StoragePool{
		{Name: "fast", Provider: "ebs", Attributes: map[string]any{"iops": 3000, "volume-type": "io1"}},
		{Name: "empty", Provider: "loop", Attributes: map[string]any{}},
	})
	out := codecWrite(func(e *encoder) { writeWrapped(e, "storage-pools", 1, "pools", got, writeStoragePool) })
	codecWantText(t, out, src)
}

func TestAStoragePoolWithNilAttributesWritesAnEmptyMap(t *testing.T) {
	out := codecWrite(func(e *encoder) {
		writeWrapped(e, "storage-pools", 1, "pools", []*StoragePool{{Name: "p", Provider: "loop"}}, writeStoragePool)
	})
	codecWantText(t, out, "storage-pools:\n  version: 1\n  pools:\n  - name: p\n    provider: loop\n    attributes: {}\n")
}

func TestBadStoragePoolsAreReportedWithPathAndPosition(t *testing.T) {
	const src = `storage-pools:
  version: 1
  pools:
  - name: fast
    provider: ebs
    attributes: {}
`
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  src + "    colour: red\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:7:5: storage-pools[0].colour: unknown field "colour" in storage-pool v1`},
	}, {
		name: "a missing required key",
		src:  strings.Replace(src, "    provider: ebs\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:4:5: storage-pools[0]: storage-pool v1: missing required field "provider"`},
	}, {
		name: "attributes of the wrong type",
		src:  strings.Replace(src, "attributes: {}", "attributes: [a]", 1),
		kind: KindType,
		want: []string{`snippet.yaml:6:17: storage-pools[0].attributes: expected a mapping, got a list`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(src, "version: 1", "version: 2", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: storage-pools.version: storage-pools version 2 is not supported (ferry reads 1)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readStoragePoolsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}
