package description

import (
	"strings"

	"github.com/modelferry/ferry/internal/yamlemit"
)

// Application is a deployed application with its units.
type Application struct {
	Name        string
	Type        string // "iaas" or "caas"
	Subordinate bool
	// Series is legacy, as for Machine.
	Series               string
	CharmURL             string
	Channel              string // cs-channel
	CharmModifiedVersion int
	ForceCharm           bool
	MinUnits             int
	Exposed              bool
	ExposedEndpoints     map[string]ExposedEndpoint
	Status               *Status
	StatusHistory        []Status
	EndpointBindings     map[string]string
	CharmConfig          map[string]any // "settings" on the wire
	ApplicationConfig    map[string]any
	Leader               string
	LeadershipSettings   map[string]any
	MetricsCredentials   []byte // base64 on the wire
	Units                []*Unit
	Resources            []*Resource
	Annotations          map[string]string
	Constraints          *Constraints
	StorageDirectives    map[string]StorageDirective
	PasswordHash         string
	PodSpec              string
	Placement            string
	HasResources         bool
	DesiredScale         int
	CloudService         *CloudService
	Tools                *AgentTools
	OperatorStatus       *Status
	ProvisioningState    *ProvisioningState
	OpenedPortRanges     map[string]map[string][]PortRange
	// Offers is nil when the application has never been offered; the wire
	// format writes an empty offer list differently from none.
	Offers      []*ApplicationOffer
	CharmOrigin *CharmOrigin

	// The charm's own data (applications v13, Juju 3.6); nil when absent.
	CharmMetadata *CharmMetadata
	CharmManifest *CharmManifest
	CharmActions  *CharmActions
	CharmConfigs  *CharmConfigs
	// StorageUniqueID is the unique id of the application's storage
	// (applications v14, Juju 3.6.13).
	StorageUniqueID string
}

// ExposedEndpoint says to which spaces and CIDRs an endpoint is exposed.
type ExposedEndpoint struct {
	ExposeToSpaceIDs []string
	ExposeToCIDRs    []string
}

// StorageDirective is an application's storage request for one store
// (storage-constraints before juju/description v5.0.4).
type StorageDirective struct {
	Pool  string
	Size  uint64 // MiB
	Count uint64
}

// CharmOrigin says where an application's charm came from.
type CharmOrigin struct {
	Source   string
	ID       string
	Hash     string
	Revision int
	Channel  string
	Platform string // arch/os/version
}

// CloudService is the Kubernetes service of a CAAS application.
type CloudService struct {
	ProviderID string
	Addresses  []Address
}

// ProvisioningState is the scaling state of a CAAS application.
type ProvisioningState struct {
	Scaling     bool
	ScaleTarget int
}

// ApplicationOffer is an offer of some of an application's endpoints to
// other models.
type ApplicationOffer struct {
	OfferUUID              string
	OfferName              string
	Endpoints              map[string]string
	ACL                    map[string]string
	ApplicationName        string
	ApplicationDescription string
}

const applicationsVersion = 14

type applicationIn struct {
	a      *Application
	series string // read up to v8; see upgradeApplicationV9ToV10
}

func appField(key string, since int, req bool, typ string, dec func(d *decoder, n *node, a *Application)) field[applicationIn] {
	return field[applicationIn]{key: key, since: since, req: req, typ: typ, dec: func(d *decoder, n *node, t *applicationIn) { dec(d, n, t.a) }}
}

var applicationFormat = &entity[applicationIn]{
	name: "application", writes: applicationsVersion, reads: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
	fields: []field[applicationIn]{
		appField("name", 1, true, "string", func(d *decoder, n *node, a *Application) { a.Name = d.str(n) }),
		// Required up to v8. Later versions drop it on read, but
		// juju/description still writes it when set; ferry keeps it.
		{key: "series", req: true, optFrom: 9, typ: "string", dec: func(d *decoder, n *node, t *applicationIn) { t.series = d.str(n) }},
		appField("type", 2, true, "string", func(d *decoder, n *node, a *Application) { a.Type = d.str(n) }),
		appField("subordinate", 1, false, "bool", func(d *decoder, n *node, a *Application) { a.Subordinate = d.bool(n) }),
		appField("charm-url", 1, true, "string", func(d *decoder, n *node, a *Application) { a.CharmURL = d.str(n) }),
		appField("cs-channel", 1, true, "string", func(d *decoder, n *node, a *Application) { a.Channel = d.str(n) }),
		appField("charm-mod-version", 1, true, "int", func(d *decoder, n *node, a *Application) { a.CharmModifiedVersion = d.int(n) }),
		appField("force-charm", 1, false, "bool", func(d *decoder, n *node, a *Application) { a.ForceCharm = d.bool(n) }),
		appField("exposed", 1, false, "bool", func(d *decoder, n *node, a *Application) { a.Exposed = d.bool(n) }),
		appField("min-units", 1, false, "int", func(d *decoder, n *node, a *Application) { a.MinUnits = d.int(n) }),
		appField("status", 1, true, "ref:status", func(d *decoder, n *node, a *Application) { a.Status = readStatus(d, n) }),
		appField("status-history", 1, true, "wrap:status-point/history", func(d *decoder, n *node, a *Application) { a.StatusHistory = readStatusHistory(d, n) }),
		appField("endpoint-bindings", 1, false, "map[string]string", func(d *decoder, n *node, a *Application) { a.EndpointBindings = d.stringMap(n) }),
		appField("settings", 1, true, "map[string]any", func(d *decoder, n *node, a *Application) { a.CharmConfig = d.anyMap(n) }),
		appField("leader", 1, false, "string", func(d *decoder, n *node, a *Application) { a.Leader = d.str(n) }),
		appField("leadership-settings", 1, true, "map[string]any", func(d *decoder, n *node, a *Application) { a.LeadershipSettings = d.anyMap(n) }),
		{key: "storage-constraints", until: 11, typ: "map[string]ref:storage-directive", dec: func(d *decoder, n *node, t *applicationIn) {
			t.a.StorageDirectives = readEntityMap(d, n, storageDirectiveFormat)
		}},
		appField("metrics-creds", 1, false, "base64", func(d *decoder, n *node, a *Application) { a.MetricsCredentials = d.base64(n) }),
		appField("resources", 1, true, "wrap:resource/resources", func(d *decoder, n *node, a *Application) { a.Resources = readResources(d, n) }),
		appField("units", 1, true, "wrap:unit/units", func(d *decoder, n *node, a *Application) { a.Units = readUnits(d, n) }),
		appField("annotations", 1, false, "map[string]string", func(d *decoder, n *node, a *Application) { a.Annotations = d.stringMap(n) }),
		appField("constraints", 1, false, "ref:constraints", func(d *decoder, n *node, a *Application) { a.Constraints = readConstraints(d, n) }),
		appField("application-config", 3, false, "map[string]any", func(d *decoder, n *node, a *Application) { a.ApplicationConfig = d.anyMap(n) }),
		appField("password-hash", 3, false, "string", func(d *decoder, n *node, a *Application) { a.PasswordHash = d.str(n) }),
		appField("pod-spec", 3, false, "string", func(d *decoder, n *node, a *Application) { a.PodSpec = d.str(n) }),
		appField("cloud-service", 3, false, "ref:cloud-service", func(d *decoder, n *node, a *Application) {
			a.CloudService = readOwn(d, cloudServiceFormat, n)
		}),
		appField("tools", 3, false, "ref:tools", func(d *decoder, n *node, a *Application) { a.Tools = readAgentTools(d, n) }),
		appField("placement", 4, false, "string", func(d *decoder, n *node, a *Application) { a.Placement = d.str(n) }),
		appField("desired-scale", 4, false, "int", func(d *decoder, n *node, a *Application) { a.DesiredScale = d.int(n) }),
		appField("operator-status", 4, false, "ref:status", func(d *decoder, n *node, a *Application) { a.OperatorStatus = readStatus(d, n) }),
		appField("offers", 5, false, "wrap:offer/offers", func(d *decoder, n *node, a *Application) { a.Offers = readOffers(d, n) }),
		appField("has-resources", 6, false, "bool", func(d *decoder, n *node, a *Application) { a.HasResources = d.bool(n) }),
		appField("charm-origin", 7, false, "ref:charm-origin", func(d *decoder, n *node, a *Application) { a.CharmOrigin = readCharmOrigin(d, n) }),
		appField("exposed-endpoints", 8, false, "map[string]ref:exposed-endpoint", func(d *decoder, n *node, a *Application) {
			a.ExposedEndpoints = readEntityMap(d, n, exposedEndpointFormat)
		}),
		appField("opened-port-ranges", 10, false, "wrap:port-range/machine-port-ranges=map[string]{unit-port-ranges:map[string][]ref:port-range}", func(d *decoder, n *node, a *Application) { a.OpenedPortRanges = readPortRanges(d, n) }),
		appField("provisioning-state", 11, false, "ref:provisioning-state", func(d *decoder, n *node, a *Application) {
			a.ProvisioningState = readOwn(d, provisioningStateFormat, n)
		}),
		appField("storage-directives", 12, false, "map[string]ref:storage-directive", func(d *decoder, n *node, a *Application) {
			a.StorageDirectives = readEntityMap(d, n, storageDirectiveFormat)
		}),
		// v13 (juju/description v7.0.0, Juju 3.6.0): the charm's data.
		appField("charm-metadata", 13, false, "ref:charm-metadata", func(d *decoder, n *node, a *Application) {
			a.CharmMetadata = readOwn(d, charmMetadataFormat, n)
		}),
		appField("charm-manifest", 13, false, "ref:charm-manifest", func(d *decoder, n *node, a *Application) {
			a.CharmManifest = readOwn(d, charmManifestFormat, n)
		}),
		appField("charm-actions", 13, false, "ref:charm-actions", func(d *decoder, n *node, a *Application) {
			a.CharmActions = readOwn(d, charmActionsFormat, n)
		}),
		appField("charm-configs", 13, false, "ref:charm-configs", func(d *decoder, n *node, a *Application) {
			a.CharmConfigs = readOwn(d, charmConfigsFormat, n)
		}),
		// v14 (juju/description v9.0.1 and v10.0.0, Juju 3.6.13).
		appField("storage-unique-id", 14, false, "string", func(d *decoder, n *node, a *Application) { a.StorageUniqueID = d.str(n) }),
	},
	upgrade: map[int]func(*applicationIn) error{
		1: upgradeApplicationV1ToV2,
		8: upgradeApplicationV8ToV9,
	},
}

// upgradeApplicationV1ToV2: v1 had no type; every such application was IAAS.
func upgradeApplicationV1ToV2(t *applicationIn) error {
	if t.a.Type == "" {
		t.a.Type = "iaas"
	}
	return nil
}

// upgradeApplicationV8ToV9 settles the series that v9 dropped: a v7 or v8
// application whose charm origin has no platform gets one derived from its
// series (unknown/<os>/<version>), as juju/description does. The series
// itself is then dropped (readApplication keeps it only for v9 and later,
// where juju writes it by choice and no platform is derived from it).
func upgradeApplicationV8ToV9(t *applicationIn) error {
	if t.series != "" && t.a.CharmOrigin != nil && t.a.CharmOrigin.Platform == "" {
		base, err := seriesBase(t.series)
		if err != nil {
			return err
		}
		t.a.CharmOrigin.Platform = "unknown/" + strings.Replace(base, "@", "/", 1)
	}
	return nil
}

func readApplication(d *decoder, n *node, v int) *Application {
	t := applicationIn{a: new(Application)}
	applicationFormat.decode(d, n, v, &t)
	if v >= 9 {
		t.a.Series = t.series
	}
	return t.a
}

func writeApplication(e *encoder, a *Application) {
	e.w.BeginMapping()
	e.str("name", a.Name)
	e.str("type", a.Type)
	e.strOmit("series", a.Series)
	e.boolOmit("subordinate", a.Subordinate)
	e.str("charm-url", a.CharmURL)
	e.str("cs-channel", a.Channel)
	e.int("charm-mod-version", a.CharmModifiedVersion)
	e.boolOmit("force-charm", a.ForceCharm)
	e.intOmit("min-units", a.MinUnits)
	e.boolOmit("exposed", a.Exposed)
	if len(a.ExposedEndpoints) > 0 {
		e.w.Key("exposed-endpoints")
		e.w.BeginMapping()
		for _, k := range yamlemit.SortedKeys(a.ExposedEndpoints) {
			x := a.ExposedEndpoints[k]
			e.w.Key(k)
			e.w.BeginMapping()
			e.int("version", 1)
			e.stringsOmit("expose-to-spaces", x.ExposeToSpaceIDs)
			e.stringsOmit("expose-to-cidrs", x.ExposeToCIDRs)
			e.w.EndMapping()
		}
		e.w.EndMapping()
	}
	e.w.Key("status")
	writeStatus(e, a.Status)
	e.w.Key("status-history")
	writeStatusHistory(e, a.StatusHistory)
	e.stringMapOmit("endpoint-bindings", a.EndpointBindings)
	e.anyMap("settings", a.CharmConfig)
	e.anyMapOmit("application-config", a.ApplicationConfig)
	e.strOmit("leader", a.Leader)
	e.anyMap("leadership-settings", a.LeadershipSettings)
	e.base64Omit("metrics-creds", a.MetricsCredentials)
	e.w.Key("units")
	writeUnits(e, a.Units)
	e.w.Key("resources")
	writeResources(e, a.Resources)
	e.stringMapOmit("annotations", a.Annotations)
	writeConstraintsOmit(e, "constraints", a.Constraints)
	if len(a.StorageDirectives) > 0 {
		e.w.Key("storage-directives")
		e.w.BeginMapping()
		for _, k := range yamlemit.SortedKeys(a.StorageDirectives) {
			s := a.StorageDirectives[k]
			e.w.Key(k)
			e.w.BeginMapping()
			e.int("version", 1)
			e.str("pool", s.Pool)
			e.uint("size", s.Size)
			e.uint("count", s.Count)
			e.w.EndMapping()
		}
		e.w.EndMapping()
	}
	e.strOmit("password-hash", a.PasswordHash)
	e.strOmit("pod-spec", a.PodSpec)
	e.strOmit("placement", a.Placement)
	e.boolOmit("has-resources", a.HasResources)
	e.intOmit("desired-scale", a.DesiredScale)
	writeCloudServiceOmit(e, "cloud-service", a.CloudService)
	if a.Tools != nil {
		e.w.Key("tools")
		writeAgentTools(e, a.Tools)
	}
	if a.OperatorStatus != nil {
		e.w.Key("operator-status")
		writeStatus(e, a.OperatorStatus)
	}
	writeProvisioningStateOmit(e, "provisioning-state", a.ProvisioningState)
	if e.t.Applications >= 14 {
		e.strOmit("storage-unique-id", a.StorageUniqueID)
	}
	writePortRangesOmit(e, "opened-port-ranges", a.OpenedPortRanges)
	writeOffersOmit(e, a.Offers)
	writeCharmOriginOmit(e, "charm-origin", a.CharmOrigin)
	if e.t.Applications >= 13 {
		if a.CharmMetadata != nil {
			writeCharmMetadata(e, a.CharmMetadata)
		}
		if a.CharmManifest != nil {
			writeCharmManifest(e, a.CharmManifest)
		}
		if a.CharmActions != nil {
			writeCharmActions(e, a.CharmActions)
		}
		if a.CharmConfigs != nil {
			writeCharmConfigs(e, a.CharmConfigs)
		}
	}
	e.w.EndMapping()
}

// --- offers

const offersVersion = 2

type offerIn struct {
	o         *ApplicationOffer
	endpoints []string // v1 listed endpoint names
}

var offerFormat = &entity[offerIn]{
	name: "offer", writes: offersVersion, reads: []int{1, 2},
	fields: []field[offerIn]{
		{key: "offer-name", req: true, typ: "string", dec: func(d *decoder, n *node, t *offerIn) { t.o.OfferName = d.str(n) }},
		{key: "endpoints", until: 1, req: true, typ: "[]string", dec: func(d *decoder, n *node, t *offerIn) { t.endpoints = d.strings(n) }},
		// juju/description requires these four at v2 but leaves them out
		// when empty, so it cannot read back an offer with no ACL (or one
		// upgraded from v1, which has no uuid or application name); ferry
		// reads them as optional so that what it writes reads back.
		{key: "endpoints", since: 2, typ: "map[string]string", dec: func(d *decoder, n *node, t *offerIn) { t.o.Endpoints = d.stringMap(n) }},
		{key: "acl", req: true, optFrom: 2, typ: "map[string]string", dec: func(d *decoder, n *node, t *offerIn) { t.o.ACL = d.stringMap(n) }},
		{key: "offer-uuid", since: 2, typ: "string", dec: func(d *decoder, n *node, t *offerIn) { t.o.OfferUUID = d.str(n) }},
		{key: "application-name", since: 2, typ: "string", dec: func(d *decoder, n *node, t *offerIn) { t.o.ApplicationName = d.str(n) }},
		{key: "application-description", since: 2, typ: "string", dec: func(d *decoder, n *node, t *offerIn) { t.o.ApplicationDescription = d.str(n) }},
	},
	upgrade: map[int]func(*offerIn) error{1: upgradeOfferV1ToV2},
}

// upgradeOfferV1ToV2: v1 listed endpoint names; v2 maps each endpoint
// name to the application endpoint it offers, which was always the same.
func upgradeOfferV1ToV2(t *offerIn) error {
	t.o.Endpoints = make(map[string]string, len(t.endpoints))
	for _, ep := range t.endpoints {
		t.o.Endpoints[ep] = ep
	}
	return nil
}

// readOffers reads an application's offers; an offers wrapper with an empty
// list (which juju/description writes and cannot read back) reads as an
// empty, non-nil list.
func readOffers(d *decoder, n *node) []*ApplicationOffer {
	out := []*ApplicationOffer{}
	offerFormat.list(d, n, "offers", "offers", func(v, _ int, n *node) {
		t := offerIn{o: new(ApplicationOffer)}
		offerFormat.decode(d, n, v, &t)
		out = append(out, t.o)
	})
	return out
}

// writeOffersOmit writes the offers only when there are some: the empty
// wrapper juju/description writes for an application offered and then
// unoffered is one its own reader rejects.
func writeOffersOmit(e *encoder, offers []*ApplicationOffer) {
	if len(offers) == 0 {
		return
	}
	e.w.Key("offers")
	e.w.BeginMapping()
	e.int("version", offersVersion)
	e.w.Key("offers")
	e.w.BeginSequence()
	for _, o := range offers {
		e.w.BeginMapping()
		e.strOmit("offer-uuid", o.OfferUUID)
		e.str("offer-name", o.OfferName)
		e.stringMapOmit("endpoints", o.Endpoints)
		e.stringMapOmit("acl", o.ACL)
		e.strOmit("application-name", o.ApplicationName)
		e.strOmit("application-description", o.ApplicationDescription)
		e.w.EndMapping()
	}
	e.w.EndSequence()
	e.w.EndMapping()
}
