package description

// RemoteApplication is an application of another model this model consumes
// (or, as a consumer proxy, that consumes an offer of this model). Its
// endpoints and spaces are always written, as (possibly empty) wrappers.
type RemoteApplication struct {
	Name            string
	OfferUUID       string
	URL             string
	SourceModelUUID string
	ConsumeVersion  int
	Macaroon        string
	Endpoints       []*RemoteEndpoint
	IsConsumerProxy bool
	Spaces          []*RemoteSpace
	Bindings        map[string]string
	Status          *Status
}

// RemoteEndpoint is an endpoint of a remote application.
type RemoteEndpoint struct {
	Name      string
	Role      string
	Interface string
}

// RemoteSpace is a space of a remote application's model.
type RemoteSpace struct {
	CloudType          string
	Name               string
	ProviderID         string
	ProviderAttributes map[string]any
	Subnets            []*Subnet
}

// RemoteEntity maps an entity of this model to its token in another.
type RemoteEntity struct {
	ID       string
	Token    string
	Macaroon string
}

// RelationNetwork lists the ingress CIDRs of a cross-model relation.
type RelationNetwork struct {
	ID          string
	RelationKey string
	CIDRs       []string
}

// OfferConnection is a connection from another model to an offer here.
type OfferConnection struct {
	OfferUUID       string
	RelationID      int
	RelationKey     string
	UserName        string
	SourceModelUUID string
}

// ExternalController is another controller hosting models this model
// relates to.
type ExternalController struct {
	ID     string
	Alias  string
	Addrs  []string
	CACert string
	Models []string
}

// remoteApplicationsVersion is the version of the remote-applications list
// ferry writes.
const remoteApplicationsVersion = 3

// Versions of the wrappers inside a remote application and a remote space.
const (
	remoteEndpointsVersion = 1
	remoteSpacesVersion    = 1
	// juju/description writes the subnets of a remote space as version 3
	// (with every current subnet key in them).
	remoteSpaceSubnetsVersion = 3
)

var remoteEndpointFormat = &entity[RemoteEndpoint]{
	name: "remote-endpoint", writes: remoteEndpointsVersion, reads: []int{1},
	fields: []field[RemoteEndpoint]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteEndpoint) { r.Name = d.str(n) }},
		{key: "role", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteEndpoint) { r.Role = d.str(n) }},
		{key: "interface", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteEndpoint) { r.Interface = d.str(n) }},
	},
}

func writeRemoteEndpoint(e *encoder, r *RemoteEndpoint) {
	e.w.BeginMapping()
	e.str("name", r.Name)
	e.str("role", r.Role)
	e.str("interface", r.Interface)
	e.w.EndMapping()
}

var remoteSpaceFormat = &entity[RemoteSpace]{
	name: "remote-space", writes: remoteSpacesVersion, reads: []int{1},
	fields: []field[RemoteSpace]{
		{key: "cloud-type", req: true, typ: "string", dec: func(d *decoder, n *node, s *RemoteSpace) { s.CloudType = d.str(n) }},
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, s *RemoteSpace) { s.Name = d.str(n) }},
		{key: "provider-id", req: true, typ: "string", dec: func(d *decoder, n *node, s *RemoteSpace) { s.ProviderID = d.str(n) }},
		{key: "provider-attributes", req: true, typ: "map[string]any", dec: func(d *decoder, n *node, s *RemoteSpace) { s.ProviderAttributes = d.anyMap(n) }},
		{key: "subnets", typ: "wrap:subnet/subnets", dec: func(d *decoder, n *node, s *RemoteSpace) { s.Subnets = readSubnets(d, n, "subnets") }},
	},
}

// writeRemoteSpace always writes the subnets wrapper: juju/description
// leaves it out only for a space it read without one.
func writeRemoteSpace(e *encoder, s *RemoteSpace) {
	e.w.BeginMapping()
	e.str("cloud-type", s.CloudType)
	e.str("name", s.Name)
	e.str("provider-id", s.ProviderID)
	e.anyMap("provider-attributes", s.ProviderAttributes)
	e.w.Key("subnets")
	writeSubnets(e, remoteSpaceSubnetsVersion, s.Subnets)
	e.w.EndMapping()
}

var remoteApplicationFormat = &entity[RemoteApplication]{
	name: "remote-application", writes: remoteApplicationsVersion, reads: []int{1, 2, 3},
	fields: []field[RemoteApplication]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteApplication) { r.Name = d.str(n) }},
		{key: "offer-uuid", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteApplication) { r.OfferUUID = d.str(n) }},
		{key: "url", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteApplication) { r.URL = d.str(n) }},
		{key: "source-model-uuid", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteApplication) { r.SourceModelUUID = d.str(n) }},
		{key: "consume-version", since: 3, typ: "int", dec: func(d *decoder, n *node, r *RemoteApplication) { r.ConsumeVersion = d.int(n) }},
		{key: "macaroon", since: 2, typ: "string", dec: func(d *decoder, n *node, r *RemoteApplication) { r.Macaroon = d.str(n) }},
		{key: "endpoints", typ: "wrap:remote-endpoint/endpoints", dec: func(d *decoder, n *node, r *RemoteApplication) {
			r.Endpoints = readList(d, remoteEndpointFormat, n, "endpoints", "endpoints")
		}},
		{key: "is-consumer-proxy", typ: "bool", dec: func(d *decoder, n *node, r *RemoteApplication) { r.IsConsumerProxy = d.bool(n) }},
		{key: "spaces", typ: "wrap:remote-space/spaces", dec: func(d *decoder, n *node, r *RemoteApplication) {
			r.Spaces = readList(d, remoteSpaceFormat, n, "spaces", "spaces")
		}},
		{key: "bindings", typ: "map[string]string", dec: func(d *decoder, n *node, r *RemoteApplication) { r.Bindings = d.stringMap(n) }},
		{key: "status", typ: "ref:status", dec: func(d *decoder, n *node, r *RemoteApplication) { r.Status = readStatus(d, n) }},
	},
	upgrade: map[int]func(*RemoteApplication) error{2: upgradeRemoteApplicationV2ToV3},
}

// upgradeRemoteApplicationV2ToV3: v3 added consume-version; every offer
// consumed before it was at version 1, as juju/description sets for v1 and
// v2 documents.
func upgradeRemoteApplicationV2ToV3(r *RemoteApplication) error {
	r.ConsumeVersion = 1
	return nil
}

// writeRemoteApplication always writes the endpoints and spaces wrappers,
// as juju/description does for every remote application but one read
// without them.
func writeRemoteApplication(e *encoder, r *RemoteApplication) {
	e.w.BeginMapping()
	e.str("name", r.Name)
	e.str("offer-uuid", r.OfferUUID)
	e.str("url", r.URL)
	e.str("source-model-uuid", r.SourceModelUUID)
	e.intOmit("consume-version", r.ConsumeVersion)
	e.strOmit("macaroon", r.Macaroon)
	writeWrapped(e, "endpoints", remoteEndpointsVersion, "endpoints", r.Endpoints, writeRemoteEndpoint)
	e.boolOmit("is-consumer-proxy", r.IsConsumerProxy)
	writeWrapped(e, "spaces", remoteSpacesVersion, "spaces", r.Spaces, writeRemoteSpace)
	e.stringMapOmit("bindings", r.Bindings)
	if r.Status != nil {
		e.w.Key("status")
		writeStatus(e, r.Status)
	}
	e.w.EndMapping()
}

// remoteEntityFormat: juju/description declares macaroon optional but
// panics without it (it always writes it). ferry reads a missing macaroon
// as empty, which is what juju's schema means.
var remoteEntityFormat = &entity[RemoteEntity]{
	name: "remote-entity", writes: 1, reads: []int{1},
	fields: []field[RemoteEntity]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteEntity) { r.ID = d.str(n) }},
		{key: "token", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteEntity) { r.Token = d.str(n) }},
		{key: "macaroon", typ: "string", dec: func(d *decoder, n *node, r *RemoteEntity) { r.Macaroon = d.str(n) }},
	},
}

func writeRemoteEntity(e *encoder, r *RemoteEntity) {
	e.w.BeginMapping()
	e.str("id", r.ID)
	e.str("token", r.Token)
	e.str("macaroon", r.Macaroon)
	e.w.EndMapping()
}

var relationNetworkFormat = &entity[RelationNetwork]{
	name: "relation-network", writes: 1, reads: []int{1},
	fields: []field[RelationNetwork]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, r *RelationNetwork) { r.ID = d.str(n) }},
		{key: "relation-key", req: true, typ: "string", dec: func(d *decoder, n *node, r *RelationNetwork) { r.RelationKey = d.str(n) }},
		{key: "cidrs", req: true, typ: "[]string", dec: func(d *decoder, n *node, r *RelationNetwork) { r.CIDRs = d.strings(n) }},
	},
}

func writeRelationNetwork(e *encoder, r *RelationNetwork) {
	e.w.BeginMapping()
	e.str("id", r.ID)
	e.str("relation-key", r.RelationKey)
	e.strings("cidrs", r.CIDRs)
	e.w.EndMapping()
}

var offerConnectionFormat = &entity[OfferConnection]{
	name: "offer-connection", writes: 1, reads: []int{1},
	fields: []field[OfferConnection]{
		{key: "offer-uuid", req: true, typ: "string", dec: func(d *decoder, n *node, o *OfferConnection) { o.OfferUUID = d.str(n) }},
		{key: "relation-id", req: true, typ: "int", dec: func(d *decoder, n *node, o *OfferConnection) { o.RelationID = d.int(n) }},
		{key: "relation-key", req: true, typ: "string", dec: func(d *decoder, n *node, o *OfferConnection) { o.RelationKey = d.str(n) }},
		{key: "user-name", req: true, typ: "string", dec: func(d *decoder, n *node, o *OfferConnection) { o.UserName = d.str(n) }},
		{key: "source-model-uuid", req: true, typ: "string", dec: func(d *decoder, n *node, o *OfferConnection) { o.SourceModelUUID = d.str(n) }},
	},
}

func writeOfferConnection(e *encoder, o *OfferConnection) {
	e.w.BeginMapping()
	e.str("offer-uuid", o.OfferUUID)
	e.int("relation-id", o.RelationID)
	e.str("relation-key", o.RelationKey)
	e.str("user-name", o.UserName)
	e.str("source-model-uuid", o.SourceModelUUID)
	e.w.EndMapping()
}

var externalControllerFormat = &entity[ExternalController]{
	name: "external-controller", writes: 1, reads: []int{1},
	fields: []field[ExternalController]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, c *ExternalController) { c.ID = d.str(n) }},
		{key: "alias", typ: "string", dec: func(d *decoder, n *node, c *ExternalController) { c.Alias = d.str(n) }},
		{key: "addrs", req: true, typ: "[]string", dec: func(d *decoder, n *node, c *ExternalController) { c.Addrs = d.strings(n) }},
		{key: "ca-cert", req: true, typ: "string", dec: func(d *decoder, n *node, c *ExternalController) { c.CACert = d.str(n) }},
		{key: "models", req: true, typ: "[]string", dec: func(d *decoder, n *node, c *ExternalController) { c.Models = d.strings(n) }},
	},
}

func writeExternalController(e *encoder, c *ExternalController) {
	e.w.BeginMapping()
	e.str("id", c.ID)
	e.strOmit("alias", c.Alias)
	e.strings("addrs", c.Addrs)
	e.str("ca-cert", c.CACert)
	e.strings("models", c.Models)
	e.w.EndMapping()
}

// firewallRuleFormat reads the model's firewall rules (the type lives in
// network.go).
var firewallRuleFormat = &entity[FirewallRule]{
	name: "firewall-rule", writes: 1, reads: []int{1},
	fields: []field[FirewallRule]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, r *FirewallRule) { r.ID = d.str(n) }},
		{key: "well-known-service", req: true, typ: "string", dec: func(d *decoder, n *node, r *FirewallRule) { r.WellKnownService = d.str(n) }},
		{key: "whitelist-cidrs", req: true, typ: "[]string", dec: func(d *decoder, n *node, r *FirewallRule) { r.WhitelistCIDRs = d.strings(n) }},
	},
}

func writeFirewallRule(e *encoder, r *FirewallRule) {
	e.w.BeginMapping()
	e.str("id", r.ID)
	e.str("well-known-service", r.WellKnownService)
	e.strings("whitelist-cidrs", r.WhitelistCIDRs)
	e.w.EndMapping()
}
