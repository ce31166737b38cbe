package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"gopkg.in/yaml.v3"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/jujudb"
)

func init() {
	c := &command{
		name: "status",
		args: "(--mongo URI --model NAME|OWNER/NAME|UUID [connection flags] | FILE) [--format tabular|yaml|json]",
		summary: `Show a model's status in the shape of juju status.

With --mongo, status reads the model from a controller's database with a
partial export (machines, applications, units, relations and remote
applications with their statuses; no history, settings, storage or
secrets). With a FILE, it reads a description.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runStatus(ctx, c, st, args) }
	register(c)
}

func runStatus(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	in := addInputFlags(fs)
	mf := addMongoFlags(fs)
	model := fs.String("model", "", "model to show: name, owner/name or UUID (with --mongo)")
	format := fs.String("format", "tabular", "output format: tabular, yaml or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *format {
	case "tabular", "yaml", "json":
	default:
		return usageError{fmt.Sprintf("--format %q: want tabular, yaml or json", *format)}
	}
	var m *description.Model
	// What juju status's header shows besides the model: the controller's
	// name and when the status was read; a file has neither.
	ctrl, stamp := "", ""
	switch {
	case fs.NArg() > 1:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(1))}
	case fs.NArg() == 1:
		if mf.uri != "" || *model != "" {
			return usageError{"give either a FILE or --mongo and --model, not both"}
		}
		var err error
		if m, err = in.read(fs.Arg(0)); err != nil {
			return err
		}
	default:
		if *model == "" {
			return usageError{"--model is required with --mongo (or give a description FILE)"}
		}
		client, db, err := mf.connect(ctx)
		if err != nil {
			return err
		}
		defer client.Disconnect(context.Background())
		src := export.NewMongoSource(db)
		sum, err := export.FindModel(ctx, src, *model)
		if err != nil {
			return mf.redactErr(err)
		}
		m, err = export.Export(ctx, src, sum.UUID, export.Options{Kinds: export.StatusKinds, StatusHistoryLimit: -1})
		if err != nil {
			return mf.redactErr(err)
		}
		mf.report(st, "status "+sum.Ref())
		stamp = time.Now().UTC().Format("15:04:05Z07:00")
		if ctrl, err = controllerName(ctx, db); err != nil {
			return mf.redactErr(err)
		}
	}
	s := buildStatus(m)
	s.Model.Controller, s.timestamp = ctrl, stamp
	switch *format {
	case "json":
		enc := json.NewEncoder(st.out)
		return enc.Encode(s)
	case "yaml":
		enc := yaml.NewEncoder(st.out)
		enc.SetIndent(2)
		if err := enc.Encode(s); err != nil {
			return err
		}
		return enc.Close()
	}
	return writeTabular(st.out, s)
}

// The status document, shaped as juju status --format yaml shapes it.

type statusInfo struct {
	Current string `json:"current,omitempty" yaml:"current,omitempty"`
	Message string `json:"message,omitempty" yaml:"message,omitempty"`
	Since   string `json:"since,omitempty" yaml:"since,omitempty"`
	Version string `json:"version,omitempty" yaml:"version,omitempty"`
}

type modelStatus struct {
	Name        string     `json:"name" yaml:"name"`
	Type        string     `json:"type" yaml:"type"`
	Controller  string     `json:"controller,omitempty" yaml:"controller,omitempty"`
	Owner       string     `json:"owner" yaml:"owner"`
	UUID        string     `json:"uuid" yaml:"uuid"`
	Cloud       string     `json:"cloud" yaml:"cloud"`
	Region      string     `json:"region,omitempty" yaml:"region,omitempty"`
	Version     string     `json:"version" yaml:"version"`
	ModelStatus statusInfo `json:"model-status" yaml:"model-status"`
	SLA         string     `json:"sla" yaml:"sla"`
}

type machineStatus struct {
	JujuStatus   statusInfo                `json:"juju-status" yaml:"juju-status"`
	DNSName      string                    `json:"dns-name,omitempty" yaml:"dns-name,omitempty"`
	IPAddresses  []string                  `json:"ip-addresses,omitempty" yaml:"ip-addresses,omitempty"`
	InstanceID   string                    `json:"instance-id" yaml:"instance-id"`
	MachineState statusInfo                `json:"machine-status" yaml:"machine-status"`
	Modification statusInfo                `json:"modification-status,omitempty" yaml:"modification-status,omitempty"`
	Base         string                    `json:"base,omitempty" yaml:"base,omitempty"`
	Zone         string                    `json:"availability-zone,omitempty" yaml:"availability-zone,omitempty"`
	Hardware     string                    `json:"hardware,omitempty" yaml:"hardware,omitempty"`
	Containers   map[string]*machineStatus `json:"containers,omitempty" yaml:"containers,omitempty"`
}

type unitStatus struct {
	Workload      statusInfo             `json:"workload-status" yaml:"workload-status"`
	Juju          statusInfo             `json:"juju-status" yaml:"juju-status"`
	Leader        bool                   `json:"leader,omitempty" yaml:"leader,omitempty"`
	Machine       string                 `json:"machine,omitempty" yaml:"machine,omitempty"`
	OpenPorts     []string               `json:"open-ports,omitempty" yaml:"open-ports,omitempty"`
	PublicAddress string                 `json:"public-address,omitempty" yaml:"public-address,omitempty"`
	Subordinates  map[string]*unitStatus `json:"subordinates,omitempty" yaml:"subordinates,omitempty"`
}

type relatedApp struct {
	RelatedApplication string `json:"related-application" yaml:"related-application"`
	Interface          string `json:"interface" yaml:"interface"`
	Scope              string `json:"scope" yaml:"scope"`
}

type appStatus struct {
	Charm         string                  `json:"charm" yaml:"charm"`
	CharmChannel  string                  `json:"charm-channel,omitempty" yaml:"charm-channel,omitempty"`
	CharmRev      int                     `json:"charm-rev" yaml:"charm-rev"`
	Exposed       bool                    `json:"exposed" yaml:"exposed"`
	Scale         int                     `json:"scale,omitempty" yaml:"scale,omitempty"`
	Version       string                  `json:"version,omitempty" yaml:"version,omitempty"`
	Status        statusInfo              `json:"application-status" yaml:"application-status"`
	Relations     map[string][]relatedApp `json:"relations,omitempty" yaml:"relations,omitempty"`
	SubordinateTo []string                `json:"subordinate-to,omitempty" yaml:"subordinate-to,omitempty"`
	Units         map[string]*unitStatus  `json:"units,omitempty" yaml:"units,omitempty"`
	subordinate   bool
	charmName     string
}

type saasStatus struct {
	URL    string     `json:"url" yaml:"url"`
	Status statusInfo `json:"application-status" yaml:"application-status"`
}

type relationStatus struct {
	Provider  string `json:"provider" yaml:"provider"`
	Requirer  string `json:"requirer" yaml:"requirer"`
	Interface string `json:"interface" yaml:"interface"`
	Type      string `json:"type" yaml:"type"`
	Status    string `json:"status,omitempty" yaml:"status,omitempty"`
	Message   string `json:"message,omitempty" yaml:"message,omitempty"`
}

type status struct {
	Model        modelStatus               `json:"model" yaml:"model"`
	Machines     map[string]*machineStatus `json:"machines" yaml:"machines"`
	Applications map[string]*appStatus     `json:"applications" yaml:"applications"`
	SAAS         map[string]*saasStatus    `json:"application-endpoints,omitempty" yaml:"application-endpoints,omitempty"`
	Relations    []relationStatus          `json:"relations,omitempty" yaml:"relations,omitempty"`

	// timestamp is when the status was read (juju status's Timestamp
	// column), "" when it comes from a file.
	timestamp string

	machineOrder []string
	machineList  map[string]*description.Machine
}

func info(s *description.Status) statusInfo {
	if s == nil {
		return statusInfo{}
	}
	i := statusInfo{Current: s.Value, Message: s.Message}
	if !s.Updated.IsZero() {
		i.Since = s.Updated.UTC().Format(time.RFC3339)
	}
	return i
}

// shortBase drops the default risk: "ubuntu@22.04/stable" -> "ubuntu@22.04".
func shortBase(b string) string { return strings.TrimSuffix(b, "/stable") }

func machineAddress(m *description.Machine) string {
	for _, a := range []*description.Address{m.PreferredPublicAddress, m.PreferredPrivateAddress} {
		if a != nil && a.Value != "" {
			return a.Value
		}
	}
	for _, as := range [][]description.Address{m.ProviderAddresses, m.MachineAddresses} {
		if len(as) > 0 {
			return as[0].Value
		}
	}
	return ""
}

// charmNameRev takes the name and revision from a charm URL such as
// ch:amd64/jammy/mysql-151.
func charmNameRev(url string) (string, int) {
	name := url
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if rev, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i], rev
		}
	}
	return name, -1
}

func portStrings(byEndpoint map[string][]description.PortRange) []string {
	seen := map[string]bool{}
	var out []string
	for _, rs := range byEndpoint {
		for _, r := range rs {
			s := strconv.Itoa(r.FromPort)
			if r.ToPort != r.FromPort {
				s += "-" + strconv.Itoa(r.ToPort)
			}
			s += "/" + r.Protocol
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

func buildStatus(m *description.Model) *status {
	version, _ := m.Config["agent-version"].(string)
	s := &status{
		Model: modelStatus{Name: m.Name(), Type: m.Type, Owner: m.Owner, UUID: m.UUID(), Cloud: m.Cloud, Region: m.CloudRegion,
			Version: version, ModelStatus: info(m.Status), SLA: m.SLA.Level},
		Machines:     map[string]*machineStatus{},
		Applications: map[string]*appStatus{},
		machineList:  map[string]*description.Machine{},
	}
	if s.Model.SLA == "" {
		s.Model.SLA = "unsupported"
	}
	var addMachine func(into map[string]*machineStatus, mc *description.Machine)
	ports := map[string][]string{} // unit -> ports
	addMachine = func(into map[string]*machineStatus, mc *description.Machine) {
		ms := &machineStatus{JujuStatus: info(mc.Status), Base: shortBase(mc.Base)}
		if mc.Tools != nil {
			ms.JujuStatus.Version = strings.SplitN(mc.Tools.Version, "-", 2)[0]
		}
		if a := machineAddress(mc); a != "" {
			ms.DNSName = a
		}
		for _, a := range mc.ProviderAddresses {
			ms.IPAddresses = append(ms.IPAddresses, a.Value)
		}
		if in := mc.Instance; in != nil {
			ms.InstanceID = in.InstanceID
			ms.MachineState = info(in.Status)
			ms.Modification = info(in.ModificationStatus)
			ms.Zone = in.AvailabilityZone
			var hw []string
			if in.Architecture != "" {
				hw = append(hw, "arch="+in.Architecture)
			}
			if in.CPUCores > 0 {
				hw = append(hw, fmt.Sprintf("cores=%d", in.CPUCores))
			}
			if in.Memory > 0 {
				hw = append(hw, fmt.Sprintf("mem=%dM", in.Memory))
			}
			if in.RootDisk > 0 {
				hw = append(hw, fmt.Sprintf("root-disk=%dM", in.RootDisk))
			}
			if in.AvailabilityZone != "" {
				hw = append(hw, "availability-zone="+in.AvailabilityZone)
			}
			ms.Hardware = strings.Join(hw, " ")
		}
		into[mc.ID] = ms
		s.machineOrder = append(s.machineOrder, mc.ID)
		s.machineList[mc.ID] = mc
		for u, eps := range mc.OpenedPortRanges {
			ports[u] = portStrings(eps)
		}
		if len(mc.Containers) > 0 {
			ms.Containers = map[string]*machineStatus{}
			for _, c := range mc.Containers {
				addMachine(ms.Containers, c)
			}
		}
	}
	for _, mc := range m.Machines {
		addMachine(s.Machines, mc)
	}
	units := map[string]*unitStatus{}
	unitApp := map[string]*description.Application{}
	for _, a := range m.Applications {
		name, rev := charmNameRev(a.CharmURL)
		as := &appStatus{Charm: name, charmName: name, CharmRev: rev, Exposed: a.Exposed, Status: info(a.Status), subordinate: a.Subordinate}
		if o := a.CharmOrigin; o != nil {
			as.CharmChannel = o.Channel
			if o.Revision >= 0 {
				as.CharmRev = o.Revision
			}
		}
		if m.Type == "caas" {
			as.Scale = a.DesiredScale
		} else if !a.Subordinate {
			as.Scale = len(a.Units)
		}
		for u, eps := range a.OpenedPortRanges {
			ports[u] = portStrings(eps)
		}
		for _, u := range a.Units {
			us := &unitStatus{Workload: info(u.WorkloadStatus), Juju: info(u.AgentStatus), Leader: u.Name == a.Leader, Machine: u.Machine}
			if u.Tools != nil {
				us.Juju.Version = strings.SplitN(u.Tools.Version, "-", 2)[0]
			}
			if mc := s.machineList[u.Machine]; mc != nil {
				us.PublicAddress = machineAddress(mc)
			} else if cc := u.CloudContainer; cc != nil && cc.Address != nil {
				us.PublicAddress = cc.Address.Value
			}
			us.OpenPorts = ports[u.Name]
			if as.Version == "" || u.Name == a.Leader {
				if u.WorkloadVersion != "" {
					as.Version = u.WorkloadVersion
				}
			}
			units[u.Name] = us
			unitApp[u.Name] = a
		}
		s.Applications[a.Name] = as
	}
	// Units go under their application, subordinates under their principal.
	for _, a := range m.Applications {
		as := s.Applications[a.Name]
		for _, u := range a.Units {
			us := units[u.Name]
			if u.Principal != "" && units[u.Principal] != nil {
				p := units[u.Principal]
				if p.Subordinates == nil {
					p.Subordinates = map[string]*unitStatus{}
				}
				us.Machine = ""
				p.Subordinates[u.Name] = us
				continue
			}
			if as.Units == nil {
				as.Units = map[string]*unitStatus{}
			}
			as.Units[u.Name] = us
		}
	}
	for _, r := range m.RemoteApplications {
		if s.SAAS == nil {
			s.SAAS = map[string]*saasStatus{}
		}
		s.SAAS[r.Name] = &saasStatus{URL: r.URL, Status: info(r.Status)}
	}
	for _, r := range m.Relations {
		rs := relationStatus{Type: "regular"}
		for _, ep := range r.Endpoints {
			ref := ep.ApplicationName + ":" + ep.Name
			rs.Interface = ep.Interface
			switch ep.Role {
			case "provider":
				rs.Provider = ref
			case "requirer":
				rs.Requirer = ref
			case "peer":
				rs.Provider, rs.Requirer, rs.Type = ref, ref, "peer"
			}
			if ep.Scope == "container" && rs.Type != "peer" {
				rs.Type = "subordinate"
			}
			if as := s.Applications[ep.ApplicationName]; as != nil {
				if as.Relations == nil {
					as.Relations = map[string][]relatedApp{}
				}
				for _, other := range r.Endpoints {
					if other != ep || len(r.Endpoints) == 1 {
						as.Relations[ep.Name] = append(as.Relations[ep.Name], relatedApp{RelatedApplication: other.ApplicationName, Interface: ep.Interface, Scope: ep.Scope})
						if ep.Scope == "container" && as.subordinate && other.ApplicationName != ep.ApplicationName && !slices.Contains(as.SubordinateTo, other.ApplicationName) {
							as.SubordinateTo = append(as.SubordinateTo, other.ApplicationName)
						}
					}
				}
			}
		}
		if r.Status != nil {
			rs.Status, rs.Message = r.Status.Value, r.Status.Message
		}
		s.Relations = append(s.Relations, rs)
	}
	for _, as := range s.Applications {
		sort.Strings(as.SubordinateTo)
	}
	sort.SliceStable(s.Relations, func(i, j int) bool {
		if s.Relations[i].Provider != s.Relations[j].Provider {
			return s.Relations[i].Provider < s.Relations[j].Provider
		}
		return s.Relations[i].Requirer < s.Relations[j].Requirer
	})
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeTabular writes the status as juju status does: Model, SAAS, App,
// Unit, Machine and Relation sections.
func writeTabular(out io.Writer, s *status) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	region := s.Model.Cloud
	if s.Model.Region != "" {
		region += "/" + s.Model.Region
	}
	// juju status's header is Model, Controller, Cloud/Region, Version,
	// SLA, Timestamp (seen in juju status output quoted by
	// openstack/charm-guide, doc/source/admin/upgrades/
	// openstack-example-pre-juju-status.rst); ferry adds the model's type
	// and status after them.
	fmt.Fprintln(w, "Model\tController\tCloud/Region\tVersion\tSLA\tTimestamp\tType\tStatus")
	printRow(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Model.Name, dash(s.Model.Controller), region, dash(s.Model.Version), s.Model.SLA,
		dash(s.timestamp), s.Model.Type, dash(s.Model.ModelStatus.Current))
	if len(s.SAAS) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "SAAS\tStatus\tURL")
		for _, n := range sortedNames(s.SAAS) {
			x := s.SAAS[n]
			printRow(w, "%s\t%s\t%s\n", n, dash(x.Status.Current), x.URL)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if len(s.Applications) > 0 {
		fmt.Fprintln(out)
		w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "App\tVersion\tStatus\tScale\tCharm\tChannel\tRev\tExposed\tMessage")
		for _, n := range sortedNames(s.Applications) {
			a := s.Applications[n]
			exposed := "no"
			if a.Exposed {
				exposed = "yes"
			}
			printRow(w, "%s\t%s\t%s\t%d\t%s\t%s\t%d\t%s\t%s\n", n, a.Version, a.Status.Current, a.Scale, a.charmName, a.CharmChannel, a.CharmRev, exposed, a.Status.Message)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(out)
		w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "Unit\tWorkload\tAgent\tMachine\tPublic address\tPorts\tMessage")
		var unit func(indent, name string, u *unitStatus)
		unit = func(indent, name string, u *unitStatus) {
			if u.Leader {
				name += "*"
			}
			printRow(w, "%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", indent, name, u.Workload.Current, u.Juju.Current, u.Machine, u.PublicAddress,
				strings.Join(u.OpenPorts, ","), u.Workload.Message)
			for _, sn := range sortedNames(u.Subordinates) {
				unit(indent+"  ", sn, u.Subordinates[sn])
			}
		}
		for _, n := range sortedNames(s.Applications) {
			for _, un := range sortedUnitNames(s.Applications[n].Units) {
				unit("", un, s.Applications[n].Units[un])
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if len(s.machineOrder) > 0 {
		fmt.Fprintln(out)
		w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "Machine\tState\tAddress\tInst id\tBase\tAZ\tMessage")
		for _, id := range s.machineOrder {
			mc := s.machineList[id]
			ms := findMachineStatus(s.Machines, id)
			printRow(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, ms.JujuStatus.Current, machineAddress(mc), ms.InstanceID, ms.Base, ms.Zone, ms.MachineState.Message)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if len(s.Relations) > 0 {
		fmt.Fprintln(out)
		w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "Relation provider\tRequirer\tInterface\tType\tMessage")
		for _, r := range s.Relations {
			msg := r.Message
			if r.Status != "" && r.Status != "joined" {
				msg = strings.TrimSpace(r.Status + " " + msg)
			}
			printRow(w, "%s\t%s\t%s\t%s\t%s\n", r.Provider, r.Requirer, r.Interface, r.Type, msg)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func findMachineStatus(ms map[string]*machineStatus, id string) *machineStatus {
	if m := ms[id]; m != nil {
		return m
	}
	for _, m := range ms {
		if c := findMachineStatus(m.Containers, id); c != nil {
			return c
		}
	}
	return nil
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sortedUnitNames orders units by application, then number ("a/2" before
// "a/10"), as juju status does.
func sortedUnitNames[V any](m map[string]V) []string {
	out := sortedNames(m)
	sort.SliceStable(out, func(i, j int) bool {
		ai, ni, _ := strings.Cut(out[i], "/")
		aj, nj, _ := strings.Cut(out[j], "/")
		if ai != aj {
			return ai < aj
		}
		x, _ := strconv.Atoi(ni)
		y, _ := strconv.Atoi(nj)
		return x < y
	})
	return out
}

// controllerName is the controller's name from its config
// (controller-name, which Juju sets at bootstrap), or its UUID when the
// config has no name.
func controllerName(ctx context.Context, db *mongo.Database) (string, error) {
	var d bson.Raw
	err := db.Collection(jujudb.Controllers).FindOne(ctx, bson.D{{Key: "_id", Value: importer.ControllerSettingsKey}}).Decode(&d)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("status: reading the controller's config: %w", err)
	}
	if n, _ := d.Lookup("settings", "controller-name").StringValueOK(); n != "" {
		return n, nil
	}
	u, _ := d.Lookup("settings", "controller-uuid").StringValueOK()
	return u, nil
}
