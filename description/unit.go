package description

// Unit is a unit of an application.
type Unit struct {
	Name                   string
	Machine                string
	AgentStatus            *Status
	AgentStatusHistory     []Status
	WorkloadStatus         *Status
	WorkloadStatusHistory  []Status
	WorkloadVersion        string
	WorkloadVersionHistory []Status
	Principal              string
	Subordinates           []string
	PasswordHash           string
	Tools                  *AgentTools
	MeterStatusCode        string
	MeterStatusInfo        string
	Annotations            map[string]string
	Constraints            *Constraints
	Resources              []*UnitResource
	Payloads               []*Payload
	CloudContainer         *CloudContainer
	CharmState             map[string]string
	RelationState          map[int]string
	UniterState            string
	StorageState           string
	MeterStatusState       string
}

// CloudContainer is the Kubernetes pod of a CAAS unit.
type CloudContainer struct {
	ProviderID string
	Address    *Address
	Ports      []string
}

const unitsVersion = 3

var unitFormat = &entity[Unit]{
	name: "unit", writes: unitsVersion, reads: []int{1, 2, 3},
	fields: []field[Unit]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.Name = d.str(n) }},
		{key: "machine", req: true, typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.Machine = d.str(n) }},
		{key: "agent-status", req: true, typ: "ref:status", dec: func(d *decoder, n *node, u *Unit) { u.AgentStatus = readStatus(d, n) }},
		{key: "agent-status-history", req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, u *Unit) { u.AgentStatusHistory = readStatusHistory(d, n) }},
		{key: "workload-status", req: true, typ: "ref:status", dec: func(d *decoder, n *node, u *Unit) { u.WorkloadStatus = readStatus(d, n) }},
		{key: "workload-status-history", req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, u *Unit) { u.WorkloadStatusHistory = readStatusHistory(d, n) }},
		{key: "workload-version", typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.WorkloadVersion = d.str(n) }},
		{key: "workload-version-history", req: true, typ: "wrap:status-point/history", dec: func(d *decoder, n *node, u *Unit) {
			u.WorkloadVersionHistory = readStatusHistory(d, n)
		}},
		{key: "principal", typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.Principal = d.str(n) }},
		{key: "subordinates", typ: "[]string", dec: func(d *decoder, n *node, u *Unit) { u.Subordinates = d.strings(n) }},
		{key: "password-hash", req: true, typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.PasswordHash = d.str(n) }},
		// Required in v1; CAAS units (v2 on) have none.
		{key: "tools", req: true, optFrom: 2, typ: "ref:tools", dec: func(d *decoder, n *node, u *Unit) { u.Tools = readAgentTools(d, n) }},
		{key: "meter-status-code", typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.MeterStatusCode = d.str(n) }},
		{key: "meter-status-info", typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.MeterStatusInfo = d.str(n) }},
		{key: "resources", req: true, typ: "wrap:unit-resource/resources", dec: func(d *decoder, n *node, u *Unit) { u.Resources = readUnitResources(d, n) }},
		{key: "payloads", req: true, typ: "wrap:payload/payloads", dec: func(d *decoder, n *node, u *Unit) { u.Payloads = readPayloads(d, n) }},
		{key: "annotations", typ: "map[string]string", dec: func(d *decoder, n *node, u *Unit) { u.Annotations = d.stringMap(n) }},
		{key: "constraints", typ: "ref:constraints", dec: func(d *decoder, n *node, u *Unit) { u.Constraints = readConstraints(d, n) }},
		{key: "cloud-container", since: 2, typ: "ref:cloud-container", dec: func(d *decoder, n *node, u *Unit) {
			u.CloudContainer = readOwn(d, cloudContainerFormat, n)
		}},
		{key: "charm-state", since: 3, typ: "map[string]string", dec: func(d *decoder, n *node, u *Unit) { u.CharmState = d.stringMap(n) }},
		{key: "relation-state", since: 3, typ: "map[int]string", dec: func(d *decoder, n *node, u *Unit) { u.RelationState = readIntKeyMap(d, n) }},
		{key: "uniter-state", since: 3, typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.UniterState = d.str(n) }},
		{key: "storage-state", since: 3, typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.StorageState = d.str(n) }},
		{key: "meter-status-state", since: 3, typ: "string", dec: func(d *decoder, n *node, u *Unit) { u.MeterStatusState = d.str(n) }},
	},
}

// readIntKeyMap reads relation-state: relation ids to the uniter's state.
func readIntKeyMap(d *decoder, n *node) map[int]string {
	if !d.mapping(n) {
		return nil
	}
	out := make(map[int]string, len(n.Children())/2)
	for i := 0; i < len(n.Children()); i += 2 {
		k := &n.Children()[i]
		d.push(k.Value)
		id := d.int(k)
		out[id] = d.str(&n.Children()[i+1])
		d.pop()
	}
	return out
}

func readUnits(d *decoder, n *node) []*Unit {
	return readList(d, unitFormat, n, "units", "units")
}

func writeUnits(e *encoder, units []*Unit) {
	e.w.BeginMapping()
	e.int("version", unitsVersion)
	e.w.Key("units")
	e.w.BeginSequence()
	for _, u := range units {
		writeUnit(e, u)
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

func writeUnit(e *encoder, u *Unit) {
	e.w.BeginMapping()
	e.str("name", u.Name)
	e.str("machine", u.Machine)
	e.w.Key("agent-status")
	writeStatus(e, u.AgentStatus)
	e.w.Key("agent-status-history")
	writeStatusHistory(e, u.AgentStatusHistory)
	e.w.Key("workload-status")
	writeStatus(e, u.WorkloadStatus)
	e.w.Key("workload-status-history")
	writeStatusHistory(e, u.WorkloadStatusHistory)
	e.strOmit("workload-version", u.WorkloadVersion)
	e.w.Key("workload-version-history")
	writeStatusHistory(e, u.WorkloadVersionHistory)
	e.strOmit("principal", u.Principal)
	e.stringsOmit("subordinates", u.Subordinates)
	e.str("password-hash", u.PasswordHash)
	if u.Tools != nil {
		e.w.Key("tools")
		writeAgentTools(e, u.Tools)
	}
	e.strOmit("meter-status-code", u.MeterStatusCode)
	e.strOmit("meter-status-info", u.MeterStatusInfo)
	e.stringMapOmit("annotations", u.Annotations)
	writeConstraintsOmit(e, "constraints", u.Constraints)
	e.w.Key("resources")
	writeUnitResources(e, u.Resources)
	e.w.Key("payloads")
	writePayloads(e, u.Payloads)
	writeCloudContainerOmit(e, "cloud-container", u.CloudContainer)
	e.stringMapOmit("charm-state", u.CharmState)
	if len(u.RelationState) > 0 {
		e.w.Key("relation-state")
		if err := e.w.Value(u.RelationState); err != nil {
			panic(err) // map[int]string is always writable
		}
	}
	e.strOmit("uniter-state", u.UniterState)
	e.strOmit("storage-state", u.StorageState)
	e.strOmit("meter-status-state", u.MeterStatusState)
	e.w.EndMapping()
}
