package description

import "time"

// Resource is an application resource: the revision the application uses
// and, for charm-store charms, the store's latest.
type Resource struct {
	Name                string
	ApplicationRevision *ResourceRevision
	CharmStoreRevision  *ResourceRevision
}

// ResourceRevision is one revision of a resource.
type ResourceRevision struct {
	Revision    int
	Type        string // file or oci-image
	Path        string
	Description string
	Origin      string // upload or store
	Fingerprint string // hex SHA-384
	Size        int64
	Timestamp   *time.Time
	Username    string
}

// UnitResource is the revision of a resource a unit has.
type UnitResource struct {
	Name     string
	Revision *ResourceRevision
}

// Payload is a payload a unit tracks.
type Payload struct {
	Name   string
	Type   string
	RawID  string
	State  string
	Labels []string
}

var resourceRevisionFormat = &entity[ResourceRevision]{
	name: "resource-revision", writes: 1, reads: []int{1},
	fields: []field[ResourceRevision]{
		{key: "revision", req: true, typ: "int", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Revision = d.int(n) }},
		{key: "type", req: true, typ: "string", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Type = d.str(n) }},
		{key: "path", req: true, typ: "string", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Path = d.str(n) }},
		{key: "description", req: true, typ: "string", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Description = d.str(n) }},
		{key: "origin", req: true, typ: "string", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Origin = d.str(n) }},
		{key: "fingerprint", req: true, typ: "string", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Fingerprint = d.str(n) }},
		{key: "size", req: true, typ: "int", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Size, _ = d.int64(n) }},
		// juju/description keeps the instant in UTC and drops a zero one.
		{key: "timestamp", typ: "time", dec: func(d *decoder, n *node, r *ResourceRevision) {
			if t := d.time(n); !t.IsZero() {
				t = t.UTC()
				r.Timestamp = &t
			}
		}},
		{key: "username", typ: "string", dec: func(d *decoder, n *node, r *ResourceRevision) { r.Username = d.str(n) }},
	},
}

func readResourceRevision(d *decoder, n *node) *ResourceRevision {
	r := new(ResourceRevision)
	resourceRevisionFormat.decode(d, n, 1, r)
	return r
}

func writeResourceRevision(e *encoder, r *ResourceRevision) {
	if r == nil {
		e.w.Null()
		return
	}
	e.w.BeginMapping()
	e.int("revision", r.Revision)
	e.str("type", r.Type)
	e.str("path", r.Path)
	e.str("description", r.Description)
	e.str("origin", r.Origin)
	e.str("fingerprint", r.Fingerprint)
	e.int64("size", r.Size)
	e.timeOmit("timestamp", r.Timestamp)
	e.strOmit("username", r.Username)
	e.w.EndMapping()
}

var resourceFormat = &entity[Resource]{
	name: "resource", writes: 1, reads: []int{1},
	fields: []field[Resource]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, r *Resource) { r.Name = d.str(n) }},
		{key: "application-revision", req: true, typ: "ref:resource-revision@1", dec: func(d *decoder, n *node, r *Resource) {
			r.ApplicationRevision = readResourceRevision(d, n)
		}},
		{key: "charmstore-revision", typ: "ref:resource-revision@1", dec: func(d *decoder, n *node, r *Resource) {
			r.CharmStoreRevision = readResourceRevision(d, n)
		}},
	},
}

func readResources(d *decoder, n *node) []*Resource {
	return readList(d, resourceFormat, n, "resources", "resources")
}

func writeResources(e *encoder, rs []*Resource) {
	e.w.BeginMapping()
	e.int("version", 1)
	e.w.Key("resources")
	e.w.BeginSequence()
	for _, r := range rs {
		e.w.BeginMapping()
		e.str("name", r.Name)
		e.w.Key("application-revision")
		writeResourceRevision(e, r.ApplicationRevision)
		if r.CharmStoreRevision != nil {
			e.w.Key("charmstore-revision")
			writeResourceRevision(e, r.CharmStoreRevision)
		}
		e.w.EndMapping()
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

var unitResourceFormat = &entity[UnitResource]{
	name: "unit-resource", writes: 1, reads: []int{1},
	fields: []field[UnitResource]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, r *UnitResource) { r.Name = d.str(n) }},
		{key: "revision", req: true, typ: "ref:resource-revision@1", dec: func(d *decoder, n *node, r *UnitResource) { r.Revision = readResourceRevision(d, n) }},
	},
}

func readUnitResources(d *decoder, n *node) []*UnitResource {
	return readList(d, unitResourceFormat, n, "resources", "resources")
}

func writeUnitResources(e *encoder, rs []*UnitResource) {
	e.w.BeginMapping()
	e.int("version", 1)
	e.w.Key("resources")
	e.w.BeginSequence()
	for _, r := range rs {
		e.w.BeginMapping()
		e.str("name", r.Name)
		e.w.Key("revision")
		writeResourceRevision(e, r.Revision)
		e.w.EndMapping()
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

var payloadFormat = &entity[Payload]{
	name: "payload", writes: 1, reads: []int{1},
	fields: []field[Payload]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, p *Payload) { p.Name = d.str(n) }},
		{key: "type", req: true, typ: "string", dec: func(d *decoder, n *node, p *Payload) { p.Type = d.str(n) }},
		{key: "raw-id", req: true, typ: "string", dec: func(d *decoder, n *node, p *Payload) { p.RawID = d.str(n) }},
		{key: "state", req: true, typ: "string", dec: func(d *decoder, n *node, p *Payload) { p.State = d.str(n) }},
		{key: "labels", typ: "[]string", dec: func(d *decoder, n *node, p *Payload) { p.Labels = d.strings(n) }},
	},
}

func readPayloads(d *decoder, n *node) []*Payload {
	return readList(d, payloadFormat, n, "payloads", "payloads")
}

func writePayloads(e *encoder, ps []*Payload) {
	e.w.BeginMapping()
	e.int("version", 1)
	e.w.Key("payloads")
	e.w.BeginSequence()
	for _, p := range ps {
		e.w.BeginMapping()
		e.str("name", p.Name)
		e.str("type", p.Type)
		e.str("raw-id", p.RawID)
		e.str("state", p.State)
		e.stringsOmit("labels", p.Labels)
		e.w.EndMapping()
	}
	e.w.EndSequence()
	e.w.EndMapping()
}
