package description

import (
	"strings"
	"testing"
)

// The snippet helpers (codecDecode, codecWrite, ...) are in
// action_codec_test.go.

// --- remote applications

func readRemoteApplicationsSnippet(d *decoder, n *node) []*RemoteApplication {
	return readList(d, remoteApplicationFormat, n, "remote-applications", "remote-applications")
}

func writeRemoteApplicationsSnippet(rs []*RemoteApplication) string {
	return codecWrite(func(e *encoder) {
		writeWrapped(e, "remote-applications", remoteApplicationsVersion, "remote-applications", rs, writeRemoteApplication)
	})
}

const remoteApplicationsV3 = `remote-applications:
  version: 3
  remote-applications:
  - name: db
    offer-uuid: 5f1a0c3e-offer
    url: ctrl:admin/default.db
    source-model-uuid: 8e9f7a6b-model
    consume-version: 2
    macaroon: '{"c":"x"}'
    endpoints:
      version: 1
      endpoints:
      - name: db
        role: provider
        interface: mysql
    is-consumer-proxy: true
    spaces:
      version: 1
      spaces:
      - cloud-type: ec2
        name: public
        provider-id: sp-1
        provider-attributes:
          vpc: v-1
        subnets:
          version: 3
          subnets:
          - subnet-id: "1"
            provider-id: subnet-1
            cidr: 10.0.0.0/24
            vlan-tag: 0
            availability-zones:
            - az-1
            is-public: true
            space-id: "2"
            space-name: public
      - cloud-type: ec2
        name: empty
        provider-id: ""
        provider-attributes: {}
        subnets:
          version: 3
          subnets: []
    bindings:
      db: public
    status:
      version: 2
      status:
        value: active
        updated: 2024-01-02T03:04:05Z
        neverset: false
  - name: minimal
    offer-uuid: ""
    url: ""
    source-model-uuid: ""
    endpoints:
      version: 1
      endpoints: []
    spaces:
      version: 1
      spaces: []
`

func remoteApplicationsV3Want() []*RemoteApplication {
	return []*RemoteApplication{{
		Name: "db", OfferUUID: "5f1a0c3e-offer", URL: "ctrl:admin/default.db", SourceModelUUID: "8e9f7a6b-model",
		ConsumeVersion: 2, Macaroon: `{"c":"x"}`,
		Endpoints:       []*RemoteEndpoint{{Name: "db", Role: "provider", Interface: "mysql"}},
		IsConsumerProxy: true,
		Spaces: []*RemoteSpace{{
			CloudType: "ec2", Name: "public", ProviderID: "sp-1",
			ProviderAttributes: map[string]any{"vpc": "v-1"},
			Subnets: []*Subnet{{
				ID: "1", ProviderID: "subnet-1", CIDR: "10.0.0.0/24", AvailabilityZones: []string{"az-1"},
				IsPublic: true, SpaceID: "2", SpaceName: "public",
			}},
		}, {
			CloudType: "ec2", Name: "empty", ProviderAttributes: map[string]any{},
		}},
		Bindings: map[string]string{"db": "public"},
		Status:   &Status{Value: "active", Updated: codecTime("2024-01-02T03:04:05Z")},
	}, {
		Name: "minimal", Endpoints: []*RemoteEndpoint{}, Spaces: []*RemoteSpace{},
	}}
}

func TestRemoteApplicationsAtTheCurrentVersionDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, remoteApplicationsV3, readRemoteApplicationsSnippet)
	codecWantClean(t, errs)
	want := remoteApplicationsV3Want()
	// An empty wrapper list reads as nil.
	want[0].Spaces[1].Subnets = nil
	want[1].Endpoints, want[1].Spaces = nil, nil
	codecWantEqual(t, got, want)
	codecWantText(t, writeRemoteApplicationsSnippet(got), remoteApplicationsV3)
}

func TestRemoteApplicationWriterAlwaysWritesTheEndpointsAndSpacesWrappers(t *testing.T) {
	out := writeRemoteApplicationsSnippet([]*RemoteApplication{{Name: "x", ConsumeVersion: 0}})
	codecWantText(t, out, `remote-applications:
  version: 3
  remote-applications:
  - name: x
    offer-uuid: ""
    url: ""
    source-model-uuid: ""
    endpoints:
      version: 1
      endpoints: []
    spaces:
      version: 1
      spaces: []
`)
}

func TestOldRemoteApplicationVersionsDecodeToTheCurrentShape(t *testing.T) {
	const v1 = `remote-applications:
  version: 1
  remote-applications:
  - name: db
    offer-uuid: o
    url: u
    source-model-uuid: m
`
	base := func() *RemoteApplication {
		return &RemoteApplication{Name: "db", OfferUUID: "o", URL: "u", SourceModelUUID: "m"}
	}
	cases := []struct {
		name string
		src  string
		want func() *RemoteApplication
	}{{
		name: "a v1 remote application consumed version 1 of its offer",
		src:  v1,
		want: func() *RemoteApplication { r := base(); r.ConsumeVersion = 1; return r },
	}, {
		name: "a v2 remote application has a macaroon and consumed version 1",
		src:  strings.Replace(v1, "version: 1", "version: 2", 1) + "    macaroon: mac\n",
		want: func() *RemoteApplication { r := base(); r.ConsumeVersion, r.Macaroon = 1, "mac"; return r },
	}, {
		name: "a v3 remote application without consume-version has 0",
		src:  strings.Replace(v1, "version: 1", "version: 3", 1),
		want: base,
	}, {
		name: "remote-space subnets of an older subnet version are upgraded",
		src: strings.Replace(v1, "version: 1", "version: 3", 1) + `    spaces:
      version: 1
      spaces:
      - cloud-type: ec2
        name: public
        provider-id: sp-1
        provider-attributes: {}
        subnets:
          version: 2
          subnets:
          - cidr: 10.0.0.0/24
            vlan-tag: 0
            space-name: public
            availability-zone: az-1
`,
		want: func() *RemoteApplication {
			r := base()
			r.Spaces = []*RemoteSpace{{CloudType: "ec2", Name: "public", ProviderID: "sp-1", ProviderAttributes: map[string]any{},
				Subnets: []*Subnet{{CIDR: "10.0.0.0/24", SpaceName: "public", AvailabilityZones: []string{"az-1"}}}}}
			return r
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, errs := codecDecode(t, c.src, readRemoteApplicationsSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got, []*RemoteApplication{c.want()})
		})
	}
}

func TestUpgradeRemoteApplicationV2ToV3SetsConsumeVersionOne(t *testing.T) {
	r := &RemoteApplication{Name: "db", Macaroon: "m"}
	if err := upgradeRemoteApplicationV2ToV3(r); err != nil {
		t.Fatal(err)
	}
	codecWantEqual(t, r, &RemoteApplication{Name: "db", Macaroon: "m", ConsumeVersion: 1})
}

func TestBadRemoteApplicationsAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  remoteApplicationsV3 + "    colour: red\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:62:5: remote-applications[1].colour: unknown field "colour" in remote-application v3`},
	}, {
		name: "macaroon before v2",
		src:  "remote-applications:\n  version: 1\n  remote-applications:\n  - name: db\n    offer-uuid: o\n    url: u\n    source-model-uuid: m\n    macaroon: x\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:8:5: remote-applications[0].macaroon: unknown field "macaroon" in remote-application v1 (it is read only in versions 2 and later)`},
	}, {
		name: "a missing required key",
		src:  strings.Replace(remoteApplicationsV3, "    url: \"\"\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:52:5: remote-applications[1]: remote-application v3: missing required field "url"`},
	}, {
		name: "bindings of the wrong type",
		src:  strings.Replace(remoteApplicationsV3, "    bindings:\n      db: public\n", "    bindings: [db]\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:44:15: remote-applications[0].bindings: expected a mapping, got a list`},
	}, {
		name: "a null status",
		src:  remoteApplicationsV3 + "    status: null\n",
		kind: KindType,
		want: []string{`snippet.yaml:62:13: remote-applications[1].status: expected a mapping, got null`},
	}, {
		name: "a remote endpoint without its interface",
		src:  strings.Replace(remoteApplicationsV3, "        interface: mysql\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:13:9: remote-applications[0].endpoints[0]: remote-endpoint v1: missing required field "interface"`},
	}, {
		name: "a remote space without provider attributes",
		src:  strings.Replace(remoteApplicationsV3, "        provider-attributes: {}\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:37:9: remote-applications[0].spaces[1]: remote-space v1: missing required field "provider-attributes"`},
	}, {
		name: "an unsupported endpoints version",
		src:  strings.Replace(remoteApplicationsV3, "      version: 1\n      endpoints:\n      - name", "      version: 2\n      endpoints:\n      - name", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:11:16: remote-applications[0].endpoints.version: endpoints version 2 is not supported (ferry reads 1)`},
	}, {
		name: "an unsupported spaces version",
		src:  strings.Replace(remoteApplicationsV3, "      version: 1\n      spaces:\n      - cloud-type", "      version: 2\n      spaces:\n      - cloud-type", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:18:16: remote-applications[0].spaces.version: spaces version 2 is not supported (ferry reads 1)`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(remoteApplicationsV3, "  version: 3\n", "  version: 4\n", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: remote-applications.version: remote-applications version 4 is not supported (ferry reads 1, 2, 3)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readRemoteApplicationsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// --- the small cross-model entities

// smallRemoteCase is one of the one-version collections: a document that
// decodes and writes back unchanged, what it decodes to, and bad variants.
type smallRemoteCase struct {
	name   string
	src    string
	decode func(d *decoder, n *node) any
	write  func(e *encoder, x any)
	want   any
	bad    []badSnippet
}

type badSnippet struct {
	name string
	src  string
	kind ErrorKind
	want string
}

func smallRemoteCases() []smallRemoteCase {
	return []smallRemoteCase{{
		name: "remote entities",
		src: `remote-entities:
  version: 1
  remote-entities:
  - id: application-db
    token: tok-1
    macaroon: mac-1
  - id: application-web
    token: tok-2
    macaroon: ""
`,
		decode: func(d *decoder, n *node) any {
			return readList(d, remoteEntityFormat, n, "remote-entities", "remote-entities")
		},
		write: func(e *encoder, x any) {
			writeWrapped(e, "remote-entities", 1, "remote-entities", x.([]*RemoteEntity), writeRemoteEntity)
		},
		want: []*RemoteEntity{{ID: "application-db", Token: "tok-1", Macaroon: "mac-1"}, {ID: "application-web", Token: "tok-2"}},
		bad: []badSnippet{{
			name: "an unknown key",
			src:  "remote-entities:\n  version: 1\n  remote-entities:\n  - id: a\n    token: t\n    colour: red\n",
			kind: KindUnknownField,
			want: `snippet.yaml:6:5: remote-entities[0].colour: unknown field "colour" in remote-entity v1`,
		}, {
			name: "a missing token",
			src:  "remote-entities:\n  version: 1\n  remote-entities:\n  - id: a\n",
			kind: KindMissingField,
			want: `snippet.yaml:4:5: remote-entities[0]: remote-entity v1: missing required field "token"`,
		}, {
			name: "an id of the wrong type",
			src:  "remote-entities:\n  version: 1\n  remote-entities:\n  - id: [a]\n    token: t\n",
			kind: KindType,
			want: `snippet.yaml:4:9: remote-entities[0].id: expected a string, got a list`,
		}, {
			name: "an unsupported version",
			src:  "remote-entities:\n  version: 2\n  remote-entities: []\n",
			kind: KindVersion,
			want: `snippet.yaml:2:12: remote-entities.version: remote-entities version 2 is not supported (ferry reads 1)`,
		}},
	}, {
		name: "relation networks",
		src: `relation-networks:
  version: 1
  relation-networks:
  - id: net-1
    relation-key: db:db web:db
    cidrs:
    - 10.0.0.0/24
    - 192.168.0.0/16
  - id: net-2
    relation-key: a:b c:d
    cidrs: []
`,
		decode: func(d *decoder, n *node) any {
			return readList(d, relationNetworkFormat, n, "relation-networks", "relation-networks")
		},
		write: func(e *encoder, x any) {
			writeWrapped(e, "relation-networks", 1, "relation-networks", x.([]*RelationNetwork), writeRelationNetwork)
		},
		want: []*RelationNetwork{
			{ID: "net-1", RelationKey: "db:db web:db", CIDRs: []string{"10.0.0.0/24", "192.168.0.0/16"}},
			{ID: "net-2", RelationKey: "a:b c:d", CIDRs: []string{}},
		},
		bad: []badSnippet{{
			name: "a missing cidrs list",
			src:  "relation-networks:\n  version: 1\n  relation-networks:\n  - id: net\n    relation-key: k\n",
			kind: KindMissingField,
			want: `snippet.yaml:4:5: relation-networks[0]: relation-network v1: missing required field "cidrs"`,
		}, {
			name: "a cidr of the wrong type",
			src:  "relation-networks:\n  version: 1\n  relation-networks:\n  - id: net\n    relation-key: k\n    cidrs: [{a: b}]\n",
			kind: KindType,
			want: `snippet.yaml:6:13: relation-networks[0].cidrs[0]: expected a string, got a mapping`,
		}},
	}, {
		name: "offer connections",
		src: `offer-connections:
  version: 1
  offer-connections:
  - offer-uuid: o-1
    relation-id: 3
    relation-key: db:db web:db
    user-name: bob@external
    source-model-uuid: m-1
`,
		decode: func(d *decoder, n *node) any {
			return readList(d, offerConnectionFormat, n, "offer-connections", "offer-connections")
		},
		write: func(e *encoder, x any) {
			writeWrapped(e, "offer-connections", 1, "offer-connections", x.([]*OfferConnection), writeOfferConnection)
		},
		want: []*OfferConnection{{OfferUUID: "o-1", RelationID: 3, RelationKey: "db:db web:db", UserName: "bob@external", SourceModelUUID: "m-1"}},
		bad: []badSnippet{{
			name: "a relation id of the wrong type",
			src:  "offer-connections:\n  version: 1\n  offer-connections:\n  - offer-uuid: o\n    relation-id: three\n    relation-key: k\n    user-name: u\n    source-model-uuid: m\n",
			kind: KindType,
			want: `snippet.yaml:5:18: offer-connections[0].relation-id: expected an int, got string "three"`,
		}, {
			name: "a missing user name",
			src:  "offer-connections:\n  version: 1\n  offer-connections:\n  - offer-uuid: o\n    relation-id: 3\n    relation-key: k\n    source-model-uuid: m\n",
			kind: KindMissingField,
			want: `snippet.yaml:4:5: offer-connections[0]: offer-connection v1: missing required field "user-name"`,
		}},
	}, {
		name: "external controllers",
		src: `external-controllers:
  version: 1
  external-controllers:
  - id: c-1
    alias: other
    addrs:
    - 10.0.0.1:17070
    ca-cert: |
      -----BEGIN CERTIFICATE-----
      abc
      -----END CERTIFICATE-----
    models:
    - m-1
  - id: c-2
    addrs: []
    ca-cert: ""
    models: []
`,
		decode: func(d *decoder, n *node) any {
			return readList(d, externalControllerFormat, n, "external-controllers", "external-controllers")
		},
		write: func(e *encoder, x any) {
			writeWrapped(e, "external-controllers", 1, "external-controllers", x.([]*ExternalController), writeExternalController)
		},
		want: []*ExternalController{{
			ID: "c-1", Alias: "other", Addrs: []string{"10.0.0.1:17070"},
			CACert: "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n", Models: []string{"m-1"},
		}, {
			ID: "c-2", Addrs: []string{}, Models: []string{},
		}},
		bad: []badSnippet{{
			name: "missing models",
			src:  "external-controllers:\n  version: 1\n  external-controllers:\n  - id: c\n    addrs: []\n    ca-cert: x\n",
			kind: KindMissingField,
			want: `snippet.yaml:4:5: external-controllers[0]: external-controller v1: missing required field "models"`,
		}, {
			name: "an unknown key",
			src:  "external-controllers:\n  version: 1\n  external-controllers:\n  - id: c\n    addrs: []\n    ca-cert: x\n    models: []\n    name: y\n",
			kind: KindUnknownField,
			want: `snippet.yaml:8:5: external-controllers[0].name: unknown field "name" in external-controller v1`,
		}},
	}, {
		name: "firewall rules",
		src: `firewall-rules:
  version: 1
  firewall-rules:
  - id: ssh
    well-known-service: ssh
    whitelist-cidrs:
    - 0.0.0.0/0
  - id: juju-application-offer
    well-known-service: juju-application-offer
    whitelist-cidrs: []
`,
		decode: func(d *decoder, n *node) any {
			return readList(d, firewallRuleFormat, n, "firewall-rules", "firewall-rules")
		},
		write: func(e *encoder, x any) {
			writeWrapped(e, "firewall-rules", 1, "firewall-rules", x.([]*FirewallRule), writeFirewallRule)
		},
		want: []*FirewallRule{
			{ID: "ssh", WellKnownService: "ssh", WhitelistCIDRs: []string{"0.0.0.0/0"}},
			{ID: "juju-application-offer", WellKnownService: "juju-application-offer", WhitelistCIDRs: []string{}},
		},
		bad: []badSnippet{{
			name: "a missing service",
			src:  "firewall-rules:\n  version: 1\n  firewall-rules:\n  - id: ssh\n    whitelist-cidrs: []\n",
			kind: KindMissingField,
			want: `snippet.yaml:4:5: firewall-rules[0]: firewall-rule v1: missing required field "well-known-service"`,
		}, {
			name: "an unsupported version",
			src:  "firewall-rules:\n  version: 0\n  firewall-rules:\n  - id: ssh\n",
			kind: KindVersion,
			want: `snippet.yaml:2:12: firewall-rules.version: firewall-rules version 0 is not supported (ferry reads 1)`,
		}},
	}}
}

func TestSmallCrossModelCollectionsDecodeAndWriteBackUnchanged(t *testing.T) {
	for _, c := range smallRemoteCases() {
		t.Run(c.name, func(t *testing.T) {
			got, errs := codecDecode(t, c.src, c.decode)
			codecWantClean(t, errs)
			codecWantEqual(t, got, c.want)
			codecWantText(t, codecWrite(func(e *encoder) { c.write(e, got) }), c.src)
		})
	}
}

func TestBadSmallCrossModelCollectionsAreReportedWithPathAndPosition(t *testing.T) {
	for _, c := range smallRemoteCases() {
		for _, b := range c.bad {
			t.Run(c.name+"/"+b.name, func(t *testing.T) {
				_, errs := codecDecode(t, b.src, c.decode)
				codecWantKind(t, errs, b.kind)
				codecWantErrors(t, errs, b.want)
			})
		}
	}
}

func TestRemoteEntityWithoutMacaroonReadsAsEmpty(t *testing.T) {
	// juju/description panics here (its schema calls macaroon optional);
	// ferry reads it as empty and writes it back, which juju reads.
	got, errs := codecDecode(t, "remote-entities:\n  version: 1\n  remote-entities:\n  - id: a\n    token: t\n",
		func(d *decoder, n *node) []*RemoteEntity {
			return readList(d, remoteEntityFormat, n, "remote-entities", "remote-entities")
		})
	codecWantClean(t, errs)
	codecWantEqual(t, got, []*RemoteEntity{{ID: "a", Token: "t"}})
	out := codecWrite(func(e *encoder) { writeWrapped(e, "remote-entities", 1, "remote-entities", got, writeRemoteEntity) })
	codecWantText(t, out, "remote-entities:\n  version: 1\n  remote-entities:\n  - id: a\n    token: t\n    macaroon: \"\"\n")
}
