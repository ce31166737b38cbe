package importer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/migrate"
)

// diffPaths gives the paths of the differences between two models, as
// migrate.DiffModels names them; "(order)" when they hold the same values
// written in another order.
func diffPaths(t testing.TB, a, b *description.Model) []string {
	t.Helper()
	diffs, err := migrate.DiffModels(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range diffs {
		if strings.HasPrefix(d, "the descriptions hold the same values") {
			out = append(out, "(order)")
			continue
		}
		p, _, _ := strings.Cut(d, ": ")
		out = append(out, p)
	}
	return out
}

func TestDifferencesAt(t *testing.T) {
	for path, want := range map[string]string{
		"machines[0].containers[0/lxd/0].series":                    "series and cs-channel",
		"applications[mysql].tools.tools-version":                   "application agent tools",
		"applications[mysql].units[mysql/0].tools":                  "application type is the model's",
		"volumes[0].attachmentplans[0].block-device.serial-id":      "volume plan block-device serial id",
		"applications[a].resources[r].charmstore-revision.username": "store revision timestamp and username",
		"sla.level":                      "SLA level and meter code defaults",
		"applications[a].charm-metadata": "Juju 3.6 charm assumes and LXD profile as Juju's JSON",
		"machines[0].hostname":           "",
		"machines[0].nonce":              "",
		"applications[a].units":          "",
	} {
		got := strings.Join(importer.DifferencesAt(path), ", ")
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("DifferencesAt(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestDifferencesListed runs ExpectedExport on every fixture and checks
// that each change it makes is named in Differences.
func TestDifferencesListed(t *testing.T) {
	for _, fx := range roundTripFixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			m := fx.model(t)
			want, err := importer.ExpectedExport(m, importer.Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range diffPaths(t, m, want) {
				if len(importer.DifferencesAt(p)) == 0 {
					t.Errorf("ExpectedExport changes %s, which importer.Differences does not list", p)
				}
			}
		})
	}
}

// TestDifferences takes listed differences one at a time: each case,
// named after an entry of importer.Differences, gives a small model one
// value the layout cannot carry, and checks on a real round trip that the
// tree changes (the difference is real), where that entry says, that
// every change is listed, and that ExpectedExport predicts the export.
func TestDifferences(t *testing.T) {
	at := time.Date(2024, 3, 4, 5, 6, 7, 123456789, time.FixedZone("x", 3600))
	cases := map[string]func(m *description.Model){
		"series and cs-channel": func(m *description.Model) {
			m.Machines[0].Series = "jammy"
			m.Applications[0].Channel = "stable"
		},
		"never-set status flag":    func(m *description.Model) { m.Status.NeverSet = true },
		"time precision and zone":  func(m *description.Model) { m.Users[0].DateCreated = at },
		"history order and limit":  func(m *description.Model) { m.StatusHistory = make([]description.Status, 25) },
		"status data keys escaped": func(m *description.Model) { m.Status.Data = map[string]any{"a.b": 1} },
		"nil values in settings":   func(m *description.Model) { m.Applications[0].CharmConfig = map[string]any{"gone": nil} },
		"firewall rules become model config": func(m *description.Model) {
			m.FirewallRules = []*description.FirewallRule{{ID: "ssh", WellKnownService: "ssh", WhitelistCIDRs: []string{"10.0.0.0/8"}}}
		},
		"addresses without space":              func(m *description.Model) { m.Machines[0].MachineAddresses[0].SpaceID = "" },
		"base without risk":                    func(m *description.Model) { m.Machines[0].Base = "ubuntu@22.04" },
		"instance without modification status": func(m *description.Model) { m.Machines[0].Instance.ModificationStatus = nil },
		"relation without status":              func(m *description.Model) { m.Relations[0].Status = nil },
		"default endpoint binding":             func(m *description.Model) { delete(m.Applications[0].EndpointBindings, "") },
		"block sequence and charmrev sequences": func(m *description.Model) {
			m.Blocks = map[string]string{"all-changes": "x"}
			m.Sequences["charmrev-foo"] = 3
		},
		"only custom image metadata": func(m *description.Model) {
			m.CloudImageMetadata = []*description.CloudImageMetadata{{Stream: "released", Region: "r", Version: "22.04", Arch: "amd64", Source: "default-ubuntu", ImageID: "i"}}
		},
		"SLA level and meter code defaults": func(m *description.Model) { m.SLA.Level, m.MeterStatus.Code = "", "PURPLE" },
		"operator status and opened ports defaults": func(m *description.Model) {
			m.Applications[0].OperatorStatus = nil
			m.Machines[0].OpenedPortRanges = nil
		},
		"empty constraints":  func(m *description.Model) { m.Machines[0].Constraints = &description.Constraints{} },
		"model without type": func(m *description.Model) { m.Type = "" },
		"store revision timestamp and username": func(m *description.Model) {
			rev := func(user string) *description.ResourceRevision {
				return &description.ResourceRevision{Revision: 2, Type: "file", Path: "f.tgz", Origin: "store",
					Fingerprint: strings.Repeat("ab", 48), Size: 3, Timestamp: &at, Username: user}
			}
			m.Applications[0].Resources = []*description.Resource{{Name: "data", ApplicationRevision: rev("admin"), CharmStoreRevision: rev("store-user")}}
		},
		"SSH host keys without keys": func(m *description.Model) {
			m.SSHHostKeys = []*description.SSHHostKey{{MachineID: m.Machines[0].ID}}
		},
		"volume plan block-device serial id": func(m *description.Model) {
			mid := m.Machines[0].ID
			m.Volumes = []*description.Volume{{ID: "0", StorageID: "", Provisioned: true, Size: 1024,
				Status: &description.Status{Value: "attached", Updated: at},
				AttachmentPlans: []*description.VolumeAttachmentPlan{{MachineID: mid,
					PlanInfo:    description.VolumePlanInfo{DeviceType: "local"},
					BlockDevice: &description.BlockDevice{Name: "sdb", SerialID: "serial-1", Size: 1024}}}}}
		},
		"model status importing": func(m *description.Model) {
			m.Status = &description.Status{Value: "available", Updated: at}
		},
		"model config default-series becomes default-base": func(m *description.Model) {
			m.Config["default-series"] = "jammy"
		},
		"Juju 3.6 charm assumes and LXD profile as Juju's JSON; agent version from config; host keys in id order": func(m *description.Model) {
			m.Applications[0].CharmMetadata = &description.CharmMetadata{Name: m.Applications[0].Name, Summary: "s",
				Assumes: `["juju >= 3.1"]`, LXDProfile: "config:\n  security.nesting: \"true\"\n"}
		},
		"remote entity ids and duplicates": func(m *description.Model) {
			m.RemoteEntities = []*description.RemoteEntity{{ID: "application-x", Token: "t1"}, {ID: "application-x", Token: "t2"}}
		},
	}
	listed := map[string]bool{}
	for _, d := range importer.Differences {
		listed[d.Name] = true
	}
	for name, change := range cases {
		if !listed[name] {
			t.Errorf("case %q names no entry of importer.Differences", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			m := controllertest.Generate(controllertest.Small)
			change(m)
			if err := m.Validate(); err != nil {
				t.Fatalf("the case's model does not validate: %v", err)
			}
			im := target(t, m, importer.Options{})
			if _, err := im.Import(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := exportModel(t, im.DB(), m)
			want, err := importer.ExpectedExport(m, importer.Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			sameYAML(t, want, got)
			shown := false
			for _, p := range diffPaths(t, m, got) {
				names := importer.DifferencesAt(p)
				if len(names) == 0 {
					t.Errorf("the round trip changes %s, which importer.Differences does not list", p)
				}
				for _, n := range names {
					shown = shown || n == name
				}
			}
			if !shown {
				t.Errorf("the round trip shows no change where %q says", name)
			}
		})
	}
}
