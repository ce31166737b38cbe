package importer_test

import (
	"context"
	"testing"
	"time"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
)

// TestDifferences takes the differences ExpectedExport lists one at a
// time: each case gives a small model one value the layout cannot carry,
// and checks that the round trip changes the tree (the difference is real)
// exactly as ExpectedExport says.
func TestDifferences(t *testing.T) {
	at := time.Date(2024, 3, 4, 5, 6, 7, 123456789, time.FixedZone("x", 3600))
	cases := map[string]func(m *description.Model){
		"series and cs-channel": func(m *description.Model) {
			m.Machines[0].Series = "jammy"
			m.Applications[0].Channel = "stable"
		},
		"never-set status":       func(m *description.Model) { m.Status.NeverSet = true },
		"zero status time":       func(m *description.Model) { m.Status.Updated = time.Time{} },
		"nanosecond datetimes":   func(m *description.Model) { m.Users[0].DateCreated = at },
		"history over the limit": func(m *description.Model) { m.StatusHistory = make([]description.Status, 25) },
		"status data keys":       func(m *description.Model) { m.Status.Data = map[string]any{"a.b": 1} },
		"nil settings values": func(m *description.Model) {
			m.Applications[0].CharmConfig = map[string]any{"gone": nil, "big": 1 << 40}
		},
		"firewall rules": func(m *description.Model) {
			m.FirewallRules = []*description.FirewallRule{{ID: "ssh", WellKnownService: "ssh", WhitelistCIDRs: []string{"10.0.0.0/8"}}}
		},
		"addresses without space": func(m *description.Model) { m.Machines[0].MachineAddresses[0].SpaceID = "" },
		"base without risk":       func(m *description.Model) { m.Machines[0].Base = "ubuntu@22.04" },
		"no modification status":  func(m *description.Model) { m.Machines[0].Instance.ModificationStatus = nil },
		"relation without status": func(m *description.Model) { m.Relations[0].Status = nil },
		"no default binding":      func(m *description.Model) { delete(m.Applications[0].EndpointBindings, "") },
		"blocks and charmrev": func(m *description.Model) {
			m.Blocks = map[string]string{"all-changes": "x"}
			m.Sequences["charmrev-foo"] = 3
		},
		"non-custom images": func(m *description.Model) {
			m.CloudImageMetadata = []*description.CloudImageMetadata{{Stream: "released", Region: "r", Version: "22.04", Arch: "amd64", Source: "default-ubuntu", ImageID: "i"}}
		},
		"empty defaults": func(m *description.Model) {
			m.SLA.Level, m.MeterStatus.Code = "", "PURPLE"
			m.Applications[0].OperatorStatus = nil
			m.Machines[0].OpenedPortRanges = nil
			m.Machines[0].Constraints = &description.Constraints{}
		},
		"model without type": func(m *description.Model) { m.Type = "" },
	}
	for name, change := range cases {
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
			if yamlOf(t, got) == yamlOf(t, m) {
				t.Errorf("the round trip gave the tree back unchanged: %q is no difference", name)
			}
		})
	}
}
