package description

import (
	"reflect"
	"testing"
)

// Each upgrade step is tested alone, on the shape it receives.

func TestUpgradeMachineV2ToV3TurnsSeriesIntoBase(t *testing.T) {
	m := &Machine{Series: "jammy"}
	if err := upgradeMachineV2ToV3(m); err != nil || m.Base != "ubuntu@22.04" || m.Series != "" {
		t.Fatalf("got %+v, %v", m, err)
	}
	m = &Machine{Series: "win2019"}
	if err := upgradeMachineV2ToV3(m); err != nil || m.Base != "windows@win2019" {
		t.Fatalf("got %+v, %v", m, err)
	}
	m = &Machine{Series: "centos7"}
	if err := upgradeMachineV2ToV3(m); err != nil || m.Base != "centos@centos7" {
		t.Fatalf("got %+v, %v", m, err)
	}
	if err := upgradeMachineV2ToV3(&Machine{Series: "warty"}); err == nil || err.Error() != `base series "warty" not valid` {
		t.Fatalf("got %v", err)
	}
}

func TestUpgradeApplicationV1ToV2SetsTypeIAAS(t *testing.T) {
	a := applicationIn{a: &Application{}}
	if err := upgradeApplicationV1ToV2(&a); err != nil || a.a.Type != "iaas" {
		t.Fatalf("got %+v, %v", a.a, err)
	}
}

func TestUpgradeApplicationV8ToV9DerivesPlatformFromSeries(t *testing.T) {
	a := applicationIn{a: &Application{CharmOrigin: &CharmOrigin{}}, series: "focal"}
	if err := upgradeApplicationV8ToV9(&a); err != nil || a.a.CharmOrigin.Platform != "unknown/ubuntu/20.04" {
		t.Fatalf("got %+v, %v", a.a.CharmOrigin, err)
	}
	a = applicationIn{a: &Application{CharmOrigin: &CharmOrigin{Platform: "amd64/ubuntu/22.04/stable"}}, series: "focal"}
	if err := upgradeApplicationV8ToV9(&a); err != nil || a.a.CharmOrigin.Platform != "amd64/ubuntu/22.04/stable" {
		t.Fatalf("a platform that is set must stay: %+v", a.a.CharmOrigin)
	}
}

func TestUpgradeCharmOriginV1ToV2RewritesPlatform(t *testing.T) {
	o := charmOriginIn{o: CharmOrigin{Platform: "amd64/ubuntu/jammy"}}
	if err := upgradeCharmOriginV1ToV2(&o); err != nil || o.o.Platform != "amd64/ubuntu/22.04/stable" {
		t.Fatalf("got %+v, %v", o.o, err)
	}
	if err := upgradeCharmOriginV1ToV2(&charmOriginIn{o: CharmOrigin{Platform: "amd64"}}); err == nil {
		t.Fatal("a platform without a series must fail")
	}
}

func TestUpgradeCloudCredentialV1ToV2MigratesRetiredAuthTypes(t *testing.T) {
	tests := []struct {
		name     string
		in, want CloudCredential
		fails    bool
	}{{
		name: "oauth2withcert with a client certificate becomes clientcertificate",
		in:   CloudCredential{AuthType: "oauth2withcert", Attributes: map[string]string{"ClientCertificateData": "c", "ClientKeyData": "k", "Token": "t"}},
		want: CloudCredential{AuthType: "clientcertificate", Attributes: map[string]string{"ClientCertificateData": "c", "ClientKeyData": "k"}},
	}, {
		name: "oauth2withcert with only a token becomes oauth2",
		in:   CloudCredential{AuthType: "oauth2withcert", Attributes: map[string]string{"Token": "t", "x": "y"}},
		want: CloudCredential{AuthType: "oauth2", Attributes: map[string]string{"Token": "t"}},
	}, {
		name:  "oauth2withcert with neither fails",
		in:    CloudCredential{AuthType: "oauth2withcert", Attributes: map[string]string{}},
		fails: true,
	}, {
		name: "certificate with a token becomes oauth2",
		in:   CloudCredential{AuthType: "certificate", Attributes: map[string]string{"Token": "t", "ClientCertificateData": "c"}},
		want: CloudCredential{AuthType: "oauth2", Attributes: map[string]string{"Token": "t"}},
	}, {
		name: "other auth types are kept",
		in:   CloudCredential{AuthType: "userpass", Attributes: map[string]string{"u": "p"}},
		want: CloudCredential{AuthType: "userpass", Attributes: map[string]string{"u": "p"}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.in
			err := upgradeCloudCredentialV1ToV2(&c)
			if tc.fails {
				if err == nil {
					t.Fatal("want an error")
				}
				return
			}
			if err != nil || !reflect.DeepEqual(c, tc.want) {
				t.Fatalf("got %+v, %v", c, err)
			}
		})
	}
}

func TestUpgradeOfferV1ToV2MapsEndpointNamesToThemselves(t *testing.T) {
	o := offerIn{o: &ApplicationOffer{}, endpoints: []string{"db", "admin"}}
	if err := upgradeOfferV1ToV2(&o); err != nil || !reflect.DeepEqual(o.o.Endpoints, map[string]string{"db": "db", "admin": "admin"}) {
		t.Fatalf("got %+v, %v", o.o, err)
	}
}

func TestUpgradeSubnetV2ToV3MakesTheZoneAList(t *testing.T) {
	s := subnetIn{s: &Subnet{}, zone: "az1"}
	if err := upgradeSubnetV2ToV3(&s); err != nil || !reflect.DeepEqual(s.s.AvailabilityZones, []string{"az1"}) {
		t.Fatalf("got %+v", s.s)
	}
	s = subnetIn{s: &Subnet{}}
	if err := upgradeSubnetV2ToV3(&s); err != nil || s.s.AvailabilityZones == nil || len(s.s.AvailabilityZones) != 0 {
		t.Fatalf("got %+v", s.s)
	}
}

func TestUpgradeModelV1ToV2InventsADeterministicStatus(t *testing.T) {
	m := &Model{}
	if err := upgradeModelV1ToV2(m); err != nil || m.Status == nil || m.Status.Value != "available" || !m.Status.Updated.IsZero() {
		t.Fatalf("got %+v", m.Status)
	}
}

func TestUpgradeModelV3ToV4SetsTypeIAAS(t *testing.T) {
	m := &Model{}
	if err := upgradeModelV3ToV4(m); err != nil || m.Type != "iaas" {
		t.Fatalf("got %q", m.Type)
	}
	m = &Model{Type: "caas"}
	_ = upgradeModelV3ToV4(m)
	if m.Type != "caas" {
		t.Fatal("a set type must stay")
	}
}

// TestEveryEntityWritesItsNewestReadVersion guards the tables: an entity
// whose writer emits a version it cannot read back would lose data.
func TestEveryEntityWritesAVersionItReads(t *testing.T) {
	for _, e := range allEntities() {
		if !e.readsVersion(e.writeVersion()) {
			t.Errorf("%s writes version %d but reads %v", e.entityName(), e.writeVersion(), e.readVersions())
		}
	}
}
