package description

// Status is written as {version: 2, status: {value, message, data, updated,
// neverset}}; a history as {version: 2, history: [points]}. The point has no
// version of its own: it follows the version around it.

const statusVersion = 2

var statusPointFormat = &entity[Status]{
	name:   "status-point",
	writes: statusVersion,
	reads:  []int{1, 2},
	fields: []field[Status]{
		{key: "value", req: true, typ: "string", dec: func(d *decoder, n *node, s *Status) { s.Value = d.str(n) }},
		{key: "message", typ: "string", dec: func(d *decoder, n *node, s *Status) { s.Message = d.str(n) }},
		{key: "data", typ: "map[string]any", dec: func(d *decoder, n *node, s *Status) { s.Data = d.anyMap(n) }},
		{key: "updated", req: true, typ: "time", dec: func(d *decoder, n *node, s *Status) { s.Updated = d.time(n) }},
		{key: "neverset", since: 2, typ: "bool", dec: func(d *decoder, n *node, s *Status) { s.NeverSet = d.bool(n) }},
	},
}

// statusFormat is the versioned envelope around the point.
var statusFormat = &entity[Status]{
	name:          "status",
	writes:        statusVersion,
	reads:         []int{1, 2},
	selfVersioned: true,
	fields: []field[Status]{
		{key: "status", req: true, typ: "ref:status-point", dec: func(d *decoder, n *node, s *Status) {
			statusPointFormat.decode(d, n, d.ver, s)
		}},
	},
}

// readStatus reads a required status; null is an error, as in juju.
func readStatus(d *decoder, n *node) *Status {
	s := d.newStatus()
	statusFormat.decode(d, n, 0, s)
	return s
}

func readStatusHistory(d *decoder, n *node) []Status {
	var out []Status
	statusPointFormat.list(d, n, "status-history", "history", func(v, _ int, n *node) {
		var s Status
		statusPointFormat.decode(d, n, v, &s)
		out = append(out, s)
	})
	return out
}

func writeStatus(e *encoder, s *Status) {
	if s == nil {
		e.w.Null()
		return
	}
	e.w.BeginMapping()
	e.int("version", statusVersion)
	e.w.Key("status")
	writeStatusPoint(e, s)
	e.w.EndMapping()
}

func writeStatusPoint(e *encoder, s *Status) {
	e.w.BeginMapping()
	e.str("value", s.Value)
	e.strOmit("message", s.Message)
	e.anyMapOmit("data", s.Data)
	e.time("updated", s.Updated)
	e.bool("neverset", s.NeverSet)
	e.w.EndMapping()
}

func writeStatusHistory(e *encoder, h []Status) {
	e.w.BeginMapping()
	e.int("version", statusVersion)
	e.w.Key("history")
	e.w.BeginSequence()
	for i := range h {
		writeStatusPoint(e, &h[i])
	}
	e.w.EndSequence()
	e.w.EndMapping()
}
