package description

import "time"

// Action is an action run (or queued) on a unit or machine. Its times are
// read in UTC, as juju/description reads them; Started and Completed are
// nil when unset.
type Action struct {
	ID             string
	Receiver       string
	Name           string
	Operation      string
	Parameters     map[string]any
	Parallel       bool
	ExecutionGroup string
	Enqueued       time.Time
	Started        *time.Time
	Completed      *time.Time
	Status         string
	Message        string
	Results        map[string]any
	// Logs is nil when the action has no logs wrapper; a non-nil empty
	// slice is written as an empty wrapper, which juju/description keeps
	// when it reads one.
	Logs []ActionMessage
}

// ActionMessage is one log line of an action.
type ActionMessage struct {
	Timestamp time.Time
	Message   string
}

// Operation groups the actions started by one request.
type Operation struct {
	ID                string
	Summary           string
	Enqueued          time.Time
	Started           *time.Time
	Completed         *time.Time
	Status            string
	Fail              string
	CompleteTaskCount int
	SpawnedTaskCount  int
}

// actionsVersion is the version of the actions list ferry writes.
const actionsVersion = 4

// operationsVersion is the version of the operations list ferry writes.
// juju/description v5.0.4 reads up to 3 but writes 2 (with
// spawned-task-count in it, a v3 key); ferry writes what it writes.
const operationsVersion = 2

// actionLogsVersion is the version of an action's logs wrapper.
const actionLogsVersion = 1

// readOptionalUTC reads an optional instant (action and operation started
// and completed, secret next-rotate-time and expire-time) in UTC. The zero
// time reads as unset: juju/description never writes it (see
// writeOptionalTime).
func readOptionalUTC(d *decoder, n *node) *time.Time {
	t := d.time(n)
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// writeOptionalTime writes an optional instant as yaml.v2's omitempty does
// for a *time.Time: a nil pointer and a pointer to the zero time (time.Time
// has IsZero) are both left out.
func writeOptionalTime(e *encoder, k string, t *time.Time) {
	if t != nil && !t.IsZero() {
		e.time(k, *t)
	}
}

var actionMessageFormat = &entity[ActionMessage]{
	name: "action-message", writes: actionLogsVersion, reads: []int{1},
	fields: []field[ActionMessage]{
		{key: "timestamp", req: true, typ: "time", dec: func(d *decoder, n *node, m *ActionMessage) { m.Timestamp = d.time(n).UTC() }},
		{key: "message", req: true, typ: "string", dec: func(d *decoder, n *node, m *ActionMessage) { m.Message = d.str(n) }},
	},
}

// readActionLogs reads the logs wrapper {version, messages}. A wrapper with
// no messages reads as an empty, non-nil slice, because juju/description
// writes such a wrapper back.
func readActionLogs(d *decoder, n *node) []ActionMessage {
	out := []ActionMessage{}
	actionMessageFormat.list(d, n, "logs", "messages", func(v, _ int, n *node) {
		var m ActionMessage
		actionMessageFormat.decode(d, n, v, &m)
		out = append(out, m)
	})
	return out
}

var actionFormat = &entity[Action]{
	name: "action", writes: actionsVersion, reads: []int{1, 2, 3, 4},
	fields: []field[Action]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.ID = d.str(n) }},
		{key: "receiver", req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.Receiver = d.str(n) }},
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.Name = d.str(n) }},
		{key: "operation", since: 3, req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.Operation = d.str(n) }},
		{key: "parameters", req: true, typ: "map[string]any", dec: func(d *decoder, n *node, a *Action) { a.Parameters = d.anyMap(n) }},
		{key: "parallel", since: 4, req: true, typ: "bool", dec: func(d *decoder, n *node, a *Action) { a.Parallel = d.bool(n) }},
		{key: "execution-group", since: 4, req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.ExecutionGroup = d.str(n) }},
		{key: "enqueued", req: true, typ: "time", dec: func(d *decoder, n *node, a *Action) { a.Enqueued = d.time(n).UTC() }},
		{key: "started", typ: "time", dec: func(d *decoder, n *node, a *Action) { a.Started = readOptionalUTC(d, n) }},
		{key: "completed", typ: "time", dec: func(d *decoder, n *node, a *Action) { a.Completed = readOptionalUTC(d, n) }},
		{key: "status", req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.Status = d.str(n) }},
		{key: "message", req: true, typ: "string", dec: func(d *decoder, n *node, a *Action) { a.Message = d.str(n) }},
		{key: "results", req: true, typ: "map[string]any", dec: func(d *decoder, n *node, a *Action) { a.Results = d.anyMap(n) }},
		{key: "logs", since: 2, typ: "wrap:action-message/messages", dec: func(d *decoder, n *node, a *Action) { a.Logs = readActionLogs(d, n) }},
	},
	// No upgrade steps: v2 to v4 only added keys, and operation, parallel
	// and execution-group stay empty for older actions, as in
	// juju/description.
}

func writeAction(e *encoder, a *Action) {
	e.w.BeginMapping()
	e.str("id", a.ID)
	e.str("receiver", a.Receiver)
	e.str("name", a.Name)
	e.str("operation", a.Operation)
	e.anyMap("parameters", a.Parameters)
	e.bool("parallel", a.Parallel)
	e.str("execution-group", a.ExecutionGroup)
	e.time("enqueued", a.Enqueued)
	writeOptionalTime(e, "started", a.Started)
	writeOptionalTime(e, "completed", a.Completed)
	e.str("status", a.Status)
	e.str("message", a.Message)
	e.anyMap("results", a.Results)
	if a.Logs != nil {
		e.w.Key("logs")
		e.w.BeginMapping()
		e.int("version", actionLogsVersion)
		e.w.Key("messages")
		e.w.BeginSequence()
		for i := range a.Logs {
			e.w.BeginMapping()
			e.time("timestamp", a.Logs[i].Timestamp)
			e.str("message", a.Logs[i].Message)
			e.w.EndMapping()
		}
		e.w.EndSequence()
		e.w.EndMapping()
	}
	e.w.EndMapping()
}

var operationFormat = &entity[Operation]{
	name: "operation", writes: operationsVersion, reads: []int{1, 2, 3},
	fields: []field[Operation]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, o *Operation) { o.ID = d.str(n) }},
		{key: "summary", req: true, typ: "string", dec: func(d *decoder, n *node, o *Operation) { o.Summary = d.str(n) }},
		{key: "enqueued", req: true, typ: "time", dec: func(d *decoder, n *node, o *Operation) { o.Enqueued = d.time(n).UTC() }},
		{key: "started", typ: "time", dec: func(d *decoder, n *node, o *Operation) { o.Started = readOptionalUTC(d, n) }},
		{key: "completed", typ: "time", dec: func(d *decoder, n *node, o *Operation) { o.Completed = readOptionalUTC(d, n) }},
		{key: "status", req: true, typ: "string", dec: func(d *decoder, n *node, o *Operation) { o.Status = d.str(n) }},
		{key: "fail", since: 2, typ: "string", dec: func(d *decoder, n *node, o *Operation) { o.Fail = d.str(n) }},
		{key: "complete-task-count", req: true, typ: "int", dec: func(d *decoder, n *node, o *Operation) { o.CompleteTaskCount = d.int(n) }},
		// juju/description writes this v3 key under a version 2 wrapper and
		// its v2 reader drops it; ferry reads it at v2 (optional) and keeps
		// it, so that a count survives a round trip.
		{key: "spawned-task-count", since: 2, reqFrom: 3, typ: "int", dec: func(d *decoder, n *node, o *Operation) { o.SpawnedTaskCount = d.int(n) }},
	},
}

func writeOperation(e *encoder, o *Operation) {
	e.w.BeginMapping()
	e.str("id", o.ID)
	e.str("summary", o.Summary)
	e.time("enqueued", o.Enqueued)
	writeOptionalTime(e, "started", o.Started)
	writeOptionalTime(e, "completed", o.Completed)
	e.str("status", o.Status)
	e.strOmit("fail", o.Fail)
	e.int("complete-task-count", o.CompleteTaskCount)
	e.int("spawned-task-count", o.SpawnedTaskCount)
	e.w.EndMapping()
}
