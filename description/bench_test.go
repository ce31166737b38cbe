package description_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	jujudesc "github.com/juju/description/v5"
	"github.com/juju/names/v5"
	"github.com/juju/version/v2"

	"github.com/modelferry/ferry/description"
)

// The benchmarks compare ferry with juju/description v5.0.4 on the same
// model in the same run: serialize, deserialize and validate. bench/
// description.sh prints the ratios.

// benchModelSize is the model of the issue: 10,000 machines, 1,000
// applications and 10,000 units, with statuses, tools and addresses.
const (
	benchMachines     = 10000
	benchApplications = 1000
)

// benchCase is one benchmark model, built once per process.
type benchCase struct {
	once  sync.Once
	rich  bool
	model jujudesc.Model
	bytes []byte
}

var (
	// core is the core issue's model; rich also carries storage,
	// resources, payloads, offers and secrets for a fifth of its
	// applications.
	benchCore = &benchCase{}
	benchRich = &benchCase{rich: true}
)

func benchStatus(v string, t time.Time) jujudesc.StatusArgs {
	return jujudesc.StatusArgs{Value: v, Message: "all good " + v, Updated: t, Data: map[string]interface{}{"k": v}}
}

// buildJujuModel builds the benchmark model through juju/description's API.
func buildJujuModel(machines, apps int) jujudesc.Model {
	return buildJujuModelRich(machines, apps, false)
}

func buildJujuModelRich(machines, apps int, rich bool) jujudesc.Model {
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.UTC)
	m := jujudesc.NewModel(jujudesc.ModelArgs{
		Type:               "iaas",
		Owner:              names.NewUserTag("admin"),
		Config:             map[string]interface{}{"name": "bench", "uuid": "d1a5b0e4-2f0a-4d7c-8c4e-5a6b7c8d9e0f", "type": "lxd"},
		LatestToolsVersion: version.MustParse("3.5.1"),
		Cloud:              "lxd",
		CloudRegion:        "localhost",
	})
	m.SetStatus(benchStatus("available", t0))
	tools := jujudesc.AgentToolsArgs{Version: version.MustParseBinary("3.5.1-ubuntu-amd64"), URL: "https://streams.example/tools/3.5.1", SHA256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", Size: 62914560}
	for i := 0; i < machines; i++ {
		mc := m.AddMachine(jujudesc.MachineArgs{
			Id: names.NewMachineTag(fmt.Sprint(i)), Nonce: fmt.Sprintf("machine-nonce-%d", i),
			PasswordHash: "c2VjcmV0LXBhc3N3b3JkLWhhc2g=", Base: "ubuntu@22.04", Jobs: []string{"host-units"},
		})
		mc.SetInstance(jujudesc.CloudInstanceArgs{InstanceId: fmt.Sprintf("juju-d1a5b0-%d", i), Architecture: "amd64", Memory: 4096, CpuCores: 2, RootDisk: 20480, AvailabilityZone: "zone-a"})
		mc.Instance().SetStatus(benchStatus("running", t0))
		mc.SetStatus(benchStatus("started", t0))
		mc.SetTools(tools)
		mc.SetAddresses(
			[]jujudesc.AddressArgs{{Value: fmt.Sprintf("10.0.%d.%d", i/250, i%250), Type: "ipv4", Scope: "local-cloud", Origin: "machine"}},
			[]jujudesc.AddressArgs{{Value: fmt.Sprintf("10.0.%d.%d", i/250, i%250), Type: "ipv4", Scope: "local-cloud", Origin: "provider"}},
		)
	}
	perApp := machines / apps
	for a := 0; a < apps; a++ {
		name := fmt.Sprintf("app%d", a)
		app := m.AddApplication(jujudesc.ApplicationArgs{
			Tag: names.NewApplicationTag(name), Type: "iaas", CharmURL: fmt.Sprintf("ch:amd64/jammy/%s-7", name),
			Channel: "stable", CharmConfig: map[string]interface{}{"port": 8080, "debug": false, "name": name},
			LeadershipSettings: map[string]interface{}{"leader-key": "value"},
			Leader:             name + "/0",
		})
		app.SetStatus(benchStatus("active", t0))
		app.SetCharmOrigin(jujudesc.CharmOriginArgs{Source: "charm-hub", ID: "abcdef", Hash: "0123", Revision: 7, Channel: "latest/stable", Platform: "amd64/ubuntu/22.04/stable"})
		for u := 0; u < perApp; u++ {
			unit := app.AddUnit(jujudesc.UnitArgs{
				Tag: names.NewUnitTag(fmt.Sprintf("%s/%d", name, u)), Type: "iaas",
				Machine: names.NewMachineTag(fmt.Sprint(a*perApp + u)), PasswordHash: "dW5pdC1wYXNzd29yZC1oYXNo", WorkloadVersion: "1.2.3",
			})
			unit.SetAgentStatus(benchStatus("idle", t0))
			unit.SetWorkloadStatus(benchStatus("active", t0))
			unit.SetTools(tools)
			if rich && a%5 == 0 {
				addRichUnit(m, unit, a*1000+u, t0)
			}
		}
		if rich && a%5 == 0 {
			addRichApplication(m, app, name, a, t0)
		}
	}
	return m
}

func benchRevision(t time.Time) jujudesc.ResourceRevisionArgs {
	return jujudesc.ResourceRevisionArgs{Revision: 3, Type: "file", Path: "payload.tgz", Description: "the payload",
		Origin: "upload", FingerprintHex: "9a0364b9e99bb480dd25e1f0284c8555", Size: 1024, Timestamp: t, Username: "admin"}
}

// addRichUnit gives a unit a resource, a payload and a filesystem-backed
// storage instance with its volume.
func addRichUnit(m jujudesc.Model, unit jujudesc.Unit, n int, t0 time.Time) {
	unit.AddResource(jujudesc.UnitResourceArgs{Name: "payload", RevisionArgs: benchRevision(t0)})
	unit.AddPayload(jujudesc.PayloadArgs{Name: "worker", Type: "docker", RawID: fmt.Sprint("payload-", n), State: "running", Labels: []string{"a", "b"}})
	id := "data/" + fmt.Sprint(n) // storage ids are name/N
	st := names.NewStorageTag(id)
	m.AddStorage(jujudesc.StorageArgs{Tag: st, Kind: "filesystem", Owner: unit.Tag(), Name: "data",
		Attachments: []names.UnitTag{unit.Tag()}, Constraints: &jujudesc.StorageInstanceConstraints{Pool: "rootfs", Size: 1024}})
	vol := m.AddVolume(jujudesc.VolumeArgs{Tag: names.NewVolumeTag(fmt.Sprint(n)), Storage: st, Provisioned: true, Size: 1024, Pool: "loop", VolumeID: "vol-" + id})
	vol.SetStatus(benchStatus("attached", t0))
	vol.AddAttachment(jujudesc.VolumeAttachmentArgs{Host: names.NewMachineTag(unit.Machine().Id()), Provisioned: true, DeviceName: "loop0"})
	fs := m.AddFilesystem(jujudesc.FilesystemArgs{Tag: names.NewFilesystemTag(fmt.Sprint(n)), Storage: st, Provisioned: true, Size: 1024, Pool: "rootfs", FilesystemID: "fs-" + id})
	fs.SetStatus(benchStatus("attached", t0))
	fs.AddAttachment(jujudesc.FilesystemAttachmentArgs{Host: unit.Tag(), Provisioned: true, MountPoint: "/srv/data"})
}

// addRichApplication gives an application a resource, an offer and a
// secret with two revisions.
func addRichApplication(m jujudesc.Model, app jujudesc.Application, name string, a int, t0 time.Time) {
	r := app.AddResource(jujudesc.ResourceArgs{Name: "payload"})
	r.SetApplicationRevision(benchRevision(t0))
	r.SetCharmStoreRevision(benchRevision(t0))
	app.AddOffer(jujudesc.ApplicationOfferArgs{OfferUUID: fmt.Sprintf("0c2b2f3a-8a46-4b5e-9f0c-%012d", a), OfferName: name + "-offer",
		Endpoints: map[string]string{"db": "db"}, ACL: map[string]string{"admin": "admin"}, ApplicationName: name, ApplicationDescription: "an offer"})
	m.AddSecret(jujudesc.SecretArgs{
		ID: fmt.Sprintf("cnl5ba7mp25c7a3aa%03d", a%1000), Version: 1, Description: "db password", Label: name + "-db",
		RotatePolicy: "never", Owner: names.NewApplicationTag(name), Created: t0, Updated: t0,
		Revisions: []jujudesc.SecretRevisionArgs{
			{Number: 1, Created: t0, Updated: t0, Content: map[string]string{"password": "c2VjcmV0"}},
			{Number: 2, Created: t0, Updated: t0, ValueRef: &jujudesc.SecretValueRefArgs{BackendID: "vault", RevisionID: "r2"}},
		},
		ACL:       map[string]jujudesc.SecretAccessArgs{"application-" + name: {Scope: "model-x", Role: "manage"}},
		Consumers: []jujudesc.SecretConsumerArgs{{Consumer: names.NewApplicationTag(name), Label: "mine", CurrentRevision: 2}},
	})
}

func (c *benchCase) load(b *testing.B) {
	c.once.Do(func() {
		c.model = buildJujuModelRich(benchMachines, benchApplications, c.rich)
		var err error
		if c.bytes, err = jujudesc.Serialize(c.model); err != nil {
			panic(err)
		}
		if _, err := description.Read("bench.yaml", c.bytes); err != nil {
			panic(err) // the benchmark model must be valid for ferry too
		}
	})
	b.SetBytes(int64(len(c.bytes)))
	b.ReportAllocs()
}

// jujuModel is juju's model of the case, built again if a ferry benchmark
// of this process dropped it.
func (c *benchCase) jujuModel() jujudesc.Model {
	if c.model == nil {
		c.model = buildJujuModelRich(benchMachines, benchApplications, c.rich)
	}
	return c.model
}

// dropJuju lets the garbage collector have juju's model before a ferry
// benchmark: ferry never holds it, and a live heap of juju's objects makes
// every collection during ferry's run mark them too.
func (c *benchCase) dropJuju() {
	c.model = nil
	runtime.GC()
}

// forEachCase runs a benchmark on the core and the rich model.
func forEachCase(b *testing.B, f func(b *testing.B, c *benchCase)) {
	b.Run("core", func(b *testing.B) { benchCore.load(b); f(b, benchCore) })
	b.Run("rich", func(b *testing.B) { benchRich.load(b); f(b, benchRich) })
}

func BenchmarkSerializeFerry(b *testing.B) {
	forEachCase(b, func(b *testing.B, c *benchCase) {
		c.dropJuju()
		m, err := description.ReadWithOptions("bench.yaml", c.bytes, description.ReadOptions{SkipValidation: true})
		if err != nil {
			b.Fatal(err)
		}
		var buf []byte
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if buf, err = description.AppendWrite(buf[:0], m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSerializeJuju(b *testing.B) {
	forEachCase(b, func(b *testing.B, c *benchCase) {
		m := c.jujuModel()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := jujudesc.Serialize(m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDeserializeFerry(b *testing.B) {
	forEachCase(b, func(b *testing.B, c *benchCase) {
		c.dropJuju()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := description.ReadWithOptions("bench.yaml", c.bytes, description.ReadOptions{SkipValidation: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDeserializeJuju(b *testing.B) {
	forEachCase(b, func(b *testing.B, c *benchCase) {
		c.dropJuju() // juju's reader builds its own
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := jujudesc.Deserialize(c.bytes); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Validation at two sizes shows how each grows: ferry linearly, juju
// quadratically.
func BenchmarkValidateFerry(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data, err := jujudesc.Serialize(buildJujuModel(n, n/10))
		if err != nil {
			b.Fatal(err)
		}
		m, err := description.ReadWithOptions("v.yaml", data, description.ReadOptions{SkipValidation: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("machines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := m.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkValidateJuju(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data, err := jujudesc.Serialize(buildJujuModel(n, n/10))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("machines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				// Validate mutates the model (reference §11), so read a
				// fresh one each time, outside the timer.
				b.StopTimer()
				m, err := jujudesc.Deserialize(data)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := m.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
