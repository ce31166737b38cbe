package description

import "github.com/modelferry/ferry/internal/yamlemit"

// Relation joins endpoints of two applications (or one, for a peer relation).
type Relation struct {
	ID              int
	Key             string
	Endpoints       []*Endpoint
	Suspended       bool
	SuspendedReason string
	Status          *Status
}

// Endpoint is one side of a relation, with the settings of every unit in
// scope and of the application.
type Endpoint struct {
	ApplicationName     string
	Name                string
	Role                string // provider, requirer or peer
	Interface           string
	Optional            bool
	Limit               int
	Scope               string // global or container
	UnitSettings        map[string]map[string]any
	ApplicationSettings map[string]any
}

const relationsVersion = 3

var endpointFormat = &entity[Endpoint]{
	name: "endpoint", writes: 2, reads: []int{1, 2},
	fields: []field[Endpoint]{
		{key: "application-name", req: true, typ: "string", dec: func(d *decoder, n *node, e *Endpoint) { e.ApplicationName = d.str(n) }},
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, e *Endpoint) { e.Name = d.str(n) }},
		{key: "role", req: true, typ: "string", dec: func(d *decoder, n *node, e *Endpoint) { e.Role = d.str(n) }},
		{key: "interface", req: true, typ: "string", dec: func(d *decoder, n *node, e *Endpoint) { e.Interface = d.str(n) }},
		{key: "optional", req: true, typ: "bool", dec: func(d *decoder, n *node, e *Endpoint) { e.Optional = d.bool(n) }},
		{key: "limit", req: true, typ: "int", dec: func(d *decoder, n *node, e *Endpoint) { e.Limit = d.int(n) }},
		{key: "scope", req: true, typ: "string", dec: func(d *decoder, n *node, e *Endpoint) { e.Scope = d.str(n) }},
		{key: "unit-settings", req: true, typ: "map[string]map[string]any", dec: func(d *decoder, n *node, e *Endpoint) {
			if !d.mapping(n) {
				return
			}
			e.UnitSettings = make(map[string]map[string]any, len(n.Children())/2)
			for i := 0; i < len(n.Children()); i += 2 {
				u := d.key(&n.Children()[i])
				d.push(u)
				s := d.anyMap(&n.Children()[i+1])
				if s == nil {
					s = map[string]any{}
				}
				e.UnitSettings[u] = s
				d.pop()
			}
		}},
		{key: "application-settings", since: 2, req: true, typ: "map[string]any", dec: func(d *decoder, n *node, e *Endpoint) { e.ApplicationSettings = d.anyMap(n) }},
	},
}

var relationFormat = &entity[Relation]{
	name: "relation", writes: relationsVersion, reads: []int{1, 2, 3},
	fields: []field[Relation]{
		{key: "id", req: true, typ: "int", dec: func(d *decoder, n *node, r *Relation) { r.ID = d.int(n) }},
		{key: "key", req: true, typ: "string", dec: func(d *decoder, n *node, r *Relation) { r.Key = d.str(n) }},
		{key: "endpoints", req: true, typ: "wrap:endpoint/endpoints", dec: func(d *decoder, n *node, r *Relation) {
			r.Endpoints = readList(d, endpointFormat, n, "endpoints", "endpoints")
		}},
		// A null status is dropped, as juju/description drops it.
		{key: "status", since: 2, typ: "ref:status|null", dec: func(d *decoder, n *node, r *Relation) {
			if !n.IsNull() {
				r.Status = readStatus(d, n)
			}
		}},
		{key: "suspended", since: 3, typ: "bool", dec: func(d *decoder, n *node, r *Relation) { r.Suspended = d.bool(n) }},
		{key: "suspended-reason", since: 3, typ: "string", dec: func(d *decoder, n *node, r *Relation) { r.SuspendedReason = d.str(n) }},
	},
}

func writeRelation(e *encoder, r *Relation) {
	e.w.BeginMapping()
	e.int("id", r.ID)
	e.str("key", r.Key)
	e.w.Key("endpoints")
	e.w.BeginMapping()
	e.int("version", 2)
	e.w.Key("endpoints")
	e.w.BeginSequence()
	for _, ep := range r.Endpoints {
		e.w.BeginMapping()
		e.str("application-name", ep.ApplicationName)
		e.str("name", ep.Name)
		e.str("role", ep.Role)
		e.str("interface", ep.Interface)
		e.bool("optional", ep.Optional)
		e.int("limit", ep.Limit)
		e.str("scope", ep.Scope)
		e.w.Key("unit-settings")
		e.w.BeginMapping()
		for _, u := range yamlemit.SortedKeys(ep.UnitSettings) {
			e.anyMap(u, ep.UnitSettings[u])
		}
		e.w.EndMapping()
		e.anyMap("application-settings", ep.ApplicationSettings)
		e.w.EndMapping()
	}
	e.w.EndSequence()
	e.w.EndMapping()
	e.bool("suspended", r.Suspended)
	e.str("suspended-reason", r.SuspendedReason)
	if r.Status != nil {
		e.w.Key("status")
		writeStatus(e, r.Status)
	}
	e.w.EndMapping()
}
