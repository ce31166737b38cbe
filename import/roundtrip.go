package importer

import (
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// RoundTripHistoryLimit is how many status history entries per entity an
// export keeps (Juju's exporter keeps 20): the round trip's history limit.
const RoundTripHistoryLimit = 20

// Leaders returns the tree's application leaders. Leadership lives in
// the controller's lease store, not in MongoDB (ref §7), so the import
// does not write it: the caller claims it on the target, and passes this
// map to an export (export.Options.Leaders) to read it back.
func Leaders(m *description.Model) map[string]string {
	out := map[string]string{}
	for _, a := range m.Applications {
		if a.Leader != "" {
			out[a.Name] = a.Leader
		}
	}
	return out
}

// ExpectedExport returns the tree that exporting the imported model gives
// back (export.Options{Extended: true, Leaders: Leaders(m)}, before
// Activate): m with every difference the layout cannot carry applied. It
// is the migration's validate phase's prediction; the tests hold it to
// reviewed golden exports (testdata/expected-export), and Differences
// names every change it makes, by path. m is not changed. opts.Now must be
// the import's.
//
// What the layout, or Juju's import, changes:
//
// Values with no place in Juju 3.x's MongoDB:
//   - the series of machines and applications, and an application's
//     cs-channel;
//   - a model subnet's space name and provider space id; of a remote
//     space's subnets, only cidr, provider ids, VLAN tag and zones;
//   - the never-set flag of statuses (Juju's exporter does not read it);
//   - firewall rules, which become the model config keys ssh-allow and
//     saas-ingress-allow, as in Juju's import;
//   - the settings of remote applications' units in relations (they live
//     in the other model);
//   - nil values in settings, which Juju's settings writer removes;
//   - an application's agent tools on IAAS, all but the version on CAAS,
//     and the agent tools of units of CAAS pod-spec applications;
//   - an application's type, which is its model's: a CAAS application in
//     an IAAS model reads back as IAAS, without cloud service and units'
//     cloud containers (the import refuses its pod spec and units without
//     agent tools, as Juju's import and export do);
//   - a unit Juju's exporter expects in a relation's scope (every unit of
//     a local application in it, but subordinates in a container-scoped
//     relation only beside their principal) enters scope with empty
//     settings when the tree has none for it;
//   - a resource without a store revision gets its application revision
//     as one (Juju's exporter needs one per resource); a store revision's
//     timestamp and username are stored but not exported, as Juju's
//     exporter exports neither for the store revision;
//   - SSH host-key entries with no keys (a machine's keys are one
//     document, which the import writes only when there are keys);
//   - a volume attachment plan's block-device serial id is stored but not
//     exported (Juju's exporter builds the plan's block device without
//     one);
//   - offers of descriptions before v2 get a UUID derived from the model
//     and the offer name (OfferUUID), and their application's name;
//   - the machine job "manage-model" reads back as "api-server";
//   - a model with no type (descriptions before v2) is IAAS;
//   - space ids of descriptions before v2, which get the next free
//     numbers, and subnets' space names, which become space ids.
//
// Precision and types:
//   - times are stored as BSON datetimes: UTC, millisecond precision;
//     status times are int64 nanoseconds in UTC, and the zero status time
//     comes back as the Unix epoch;
//   - free-form values (config, settings, action parameters) come back as
//     mgo decodes them: integers that fit int32 as int, larger ones as
//     int64, float32 as float64, times as UTC milliseconds;
//   - status data keys containing '.' or '$' come back escaped (Juju
//     escapes them on write and its exporter does not unescape them).
//
// Things the import adds or derives:
//   - every address with no space is in the alpha space "0";
//   - a base channel without a risk gains "/stable";
//   - a container's instance with no architecture takes its host's;
//   - an instance without a modification status gets an empty one
//     (status "", updated 0); a relation without a status gets "joined"
//     (units in scope) or "joining";
//   - every application gets the default endpoint binding "" → "0" when
//     it has none, and endpoints bound to "" are bound to "0";
//   - blocks take their ids from the "block" sequence, which advances by
//     the number of blocks; "charmrev-*" sequences are dropped (charm
//     uploads recreate them);
//   - only custom cloud image metadata is imported;
//   - remote entity ids naming an offer by name, or a local offered
//     application, are rewritten to the offer's UUID, and entries that
//     then name the same entity are kept once (the remote entity's id is
//     its document id);
//   - the model status is busy, "importing", with that entry on top of
//     its history (Juju's Import); a never-set status reads as "unset"
//     without message or data (makeStatusDoc);
//   - charm origins are rebuilt as makeCharmOrigin does: the revision of
//     the charm URL, no id, hash or channel for local charms, track
//     "latest" when none, platform OS and channel "unknown" cleared, and
//     the first application's origin for every application of a charm;
//     an application without one gets one with the charm URL's source
//     and revision;
//   - model config: default-series becomes default-base (empty before
//     agent 2.9.35), an ssh firewall rule overwrites ssh-allow, an offer
//     rule with CIDRs sets saas-ingress-allow, and a missing or empty
//     secret-backend becomes "auto" or, when the tree names a backend by
//     id, the target's name for it;
//   - cloud image metadata with date_created 0 gets the import time, and a
//     root storage size of 0 reads as none;
//   - a subnet without an id gets the next free one; a relation network id
//     gains the model's prefix.
//
// Charm data (juju36Data): one charm document per charm URL holds it, so
// every application of a charm reads back the first one's that carries
// any; an empty manifest, actions or configs reads back empty, not
// absent; a payload class is named by its key; the assumes list and the
// LXD profile read back as the JSON Juju 3.6's exporter writes (assumes
// "null" when the charm has none; docs/juju-layout.md).
//
// Defaults the export fills in (ref §11):
//   - an empty SLA level reads "unsupported", an unknown meter code "NOT
//     AVAILABLE", an empty secret rotate policy "never";
//   - every application has an operator status (empty when none), every
//     machine and application opened port ranges (empty when none);
//   - all-empty constraints read as none; a charm origin's platform with
//     no architecture takes the constraints' or amd64;
//   - a secret remote consumer's id is "<secret id>#<consumer tag>";
//   - empty lists and maps the format writes only when non-empty read as
//     absent, and lists read back in the export's order.
//
// Activate, which Juju's migration runs after checking the import,
// changes the model status to available: an export after it shows that.
func ExpectedExport(m *description.Model, opts Options) (*description.Model, error) {
	b, err := description.Write(m)
	if err != nil {
		return nil, err
	}
	x, err := description.ReadWithOptions("tree", b, description.ReadOptions{SkipValidation: true})
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	if x.Type == "" {
		x.Type = "iaas"
	}
	e := &expect{m: x, now: now}
	if err := e.apply(); err != nil {
		return nil, err
	}
	return x, nil
}

type expect struct {
	m   *description.Model
	now time.Time
}

func (e *expect) apply() error {
	m := e.m
	caas := m.Type == "caas"
	juju36Data(m)
	// Model.
	if m.SLA.Level == "" {
		m.SLA.Level = jujudb.NormalizeSLALevel("")
	}
	m.MeterStatus.Code = jujudb.NormalizeMeterCode(m.MeterStatus.Code)
	backendName := ""
	if m.SecretBackendID != "" {
		// The name is the target's; the round trip targets are set up by
		// InitController, which names it backend-<id>.
		backendName = "backend-" + m.SecretBackendID
	}
	cfg, err := modelConfig(m, backendName)
	if err != nil {
		return err
	}
	m.Config, m.FirewallRules = cfg, nil
	importing := description.Status{Value: ImportingStatus, Message: MigrationModeImporting, Updated: e.now}
	m.Status = &importing
	m.StatusHistory = append([]description.Status{importing}, m.StatusHistory...)
	m.Config = normalAnyMap(dropNil(m.Config))
	m.Constraints = normalConstraints(m.Constraints)
	if m.Sequences == nil {
		m.Sequences = map[string]int{}
	}
	for k := range m.Sequences {
		if strings.HasPrefix(k, "charmrev-") {
			delete(m.Sequences, k)
		}
	}
	if n := len(m.Blocks); n > 0 {
		m.Sequences["block"] += n
	}
	slices.SortStableFunc(m.Users, func(a, b *description.User) int { return strings.Compare(a.Name, b.Name) })

	// Machines, containers sorted numerically, parents first.
	var machines func(ms []*description.Machine, parent *description.Machine)
	machines = func(ms []*description.Machine, parent *description.Machine) {
		slices.SortStableFunc(ms, func(a, b *description.Machine) int { return compareMachineIDs(a.ID, b.ID) })
		for _, mc := range ms {
			mc.Series = ""
			if mc.Base != "" {
				os, ch, _ := strings.Cut(mc.Base, "@")
				mc.Base = os + "@" + normalChannel(ch)
			}
			spaceAddrs(mc.ProviderAddresses)
			spaceAddrs(mc.MachineAddresses)
			spaceAddr(mc.PreferredPublicAddress)
			spaceAddr(mc.PreferredPrivateAddress)
			mc.Constraints = normalConstraints(mc.Constraints)
			mc.OpenedPortRanges = normalPorts(mc.OpenedPortRanges)
			if in := mc.Instance; in != nil {
				if in.Architecture == "" && parent != nil && parent.Instance != nil {
					in.Architecture = parent.Instance.Architecture
				}
				if in.ModificationStatus == nil {
					in.ModificationStatus = &description.Status{Updated: jujudb.NanosToTime(0)}
				}
			}
			for i, j := range mc.Jobs {
				if j == "manage-model" {
					mc.Jobs[i] = "api-server"
				}
			}
			machines(mc.Containers, mc)
		}
	}
	machines(m.Machines, nil)

	// Applications.
	offerByName := map[string]string{}
	offerByApp := map[string]string{}
	origins := map[string]*description.CharmOrigin{}
	for _, a := range m.Applications {
		if _, ok := origins[a.CharmURL]; !ok {
			origins[a.CharmURL] = jujuOrigin(a.CharmOrigin, a.CharmURL)
		}
	}
	slices.SortStableFunc(m.Applications, func(a, b *description.Application) int { return strings.Compare(a.Name, b.Name) })
	for _, a := range m.Applications {
		if !caas {
			// An application's type is its model's: CAAS parts of an
			// application in an IAAS model are not read back.
			a.CloudService = nil
			for _, u := range a.Units {
				u.CloudContainer = nil
			}
		}
		a.Type = m.Type
		a.Series, a.Channel = "", ""
		a.EndpointBindings = jujuBindings(a.EndpointBindings)
		a.CharmConfig = normalAnyMap(dropNil(a.CharmConfig))
		a.ApplicationConfig = normalAnyMap(dropNil(a.ApplicationConfig))
		if len(a.ApplicationConfig) == 0 {
			a.ApplicationConfig = nil
		}
		a.LeadershipSettings = normalAnyMap(dropNil(a.LeadershipSettings))
		a.Constraints = normalConstraints(a.Constraints)
		a.OpenedPortRanges = normalPorts(a.OpenedPortRanges)
		if a.OperatorStatus == nil {
			a.OperatorStatus = &description.Status{}
		}
		sidecar := caas && a.Tools == nil
		switch {
		case !caas:
			a.Tools = nil
		case a.Tools != nil:
			a.Tools = &description.AgentTools{Version: a.Tools.Version}
		}
		if a.CloudService != nil {
			spaceAddrs(a.CloudService.Addresses)
		}
		a.CharmOrigin = nil
		if o := origins[a.CharmURL]; o != nil {
			c := *o
			a.CharmOrigin = &c
		}
		a.CharmOrigin = normalOrigin(a.CharmOrigin, a.Constraints)
		slices.SortStableFunc(a.Offers, func(p, q *description.ApplicationOffer) int { return strings.Compare(p.OfferName, q.OfferName) })
		for _, o := range a.Offers {
			o.OfferUUID = OfferUUID(m.UUID(), o)
			o.ApplicationName = a.Name
			offerByName[o.OfferName] = o.OfferUUID
			if _, ok := offerByApp[a.Name]; !ok {
				offerByApp[a.Name] = o.OfferUUID
			}
		}
		slices.SortStableFunc(a.Resources, func(p, q *description.Resource) int { return strings.Compare(p.Name, q.Name) })
		for _, r := range a.Resources {
			if r.CharmStoreRevision == nil && r.ApplicationRevision != nil {
				c := *r.ApplicationRevision
				r.CharmStoreRevision = &c
			}
			if r.CharmStoreRevision != nil {
				r.CharmStoreRevision.Timestamp, r.CharmStoreRevision.Username = nil, ""
			}
		}
		slices.SortStableFunc(a.Units, func(p, q *description.Unit) int { return strings.Compare(p.Name, q.Name) })
		for _, u := range a.Units {
			u.Constraints = normalConstraints(u.Constraints)
			if caas && !sidecar {
				u.Tools = nil
			}
			if u.CloudContainer != nil {
				spaceAddr(u.CloudContainer.Address)
			}
			slices.SortStableFunc(u.Resources, func(p, q *description.UnitResource) int { return strings.Compare(p.Name, q.Name) })
			slices.SortStableFunc(u.Payloads, func(p, q *description.Payload) int { return strings.Compare(p.Name, q.Name) })
		}
	}
	slices.SortStableFunc(m.RemoteApplications, func(a, b *description.RemoteApplication) int { return strings.Compare(a.Name, b.Name) })
	remote := map[string]bool{}
	for _, r := range m.RemoteApplications {
		remote[r.Name] = true
		for _, sp := range r.Spaces {
			for _, sn := range sp.Subnets {
				*sn = description.Subnet{CIDR: sn.CIDR, ProviderID: sn.ProviderID, VLANTag: sn.VLANTag,
					AvailabilityZones: sn.AvailabilityZones, ProviderSpaceID: sn.ProviderSpaceID, ProviderNetworkID: sn.ProviderNetworkID}
			}
		}
	}

	// Relations.
	appByName := map[string]*description.Application{}
	for _, a := range m.Applications {
		appByName[a.Name] = a
	}
	slices.SortStableFunc(m.Relations, func(a, b *description.Relation) int { return a.ID - b.ID })
	for _, r := range m.Relations {
		units := 0
		for _, ep := range r.Endpoints {
			ep.UnitSettings = inScopeUnits(appByName[ep.ApplicationName], r, ep)
			units += len(ep.UnitSettings)
			ep.ApplicationSettings = normalAnyMap(dropNil(ep.ApplicationSettings))
			if remote[ep.ApplicationName] {
				ep.UnitSettings = nil
				continue
			}
			for u, s := range ep.UnitSettings {
				ep.UnitSettings[u] = normalAnyMap(dropNil(s))
			}
		}
		if r.Status == nil {
			v := "joining"
			if units > 0 {
				v = "joined"
			}
			r.Status = &description.Status{Value: v, Updated: e.now}
		}
	}

	// Cross-model.
	seen := map[string]bool{}
	var entities []*description.RemoteEntity
	for _, re := range m.RemoteEntities {
		if name, ok := strings.CutPrefix(re.ID, "applicationoffer-"); ok {
			if u, ok := offerByName[name]; ok {
				re.ID = "applicationoffer-" + u
			}
		} else if app, ok := strings.CutPrefix(re.ID, "application-"); ok {
			if u, ok := offerByApp[app]; ok {
				re.ID = "applicationoffer-" + u
			}
		}
		if !seen[re.ID] {
			seen[re.ID] = true
			entities = append(entities, re)
		}
	}
	m.RemoteEntities = entities
	slices.SortStableFunc(m.RemoteEntities, func(a, b *description.RemoteEntity) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(m.OfferConnections, func(a, b *description.OfferConnection) int { return a.RelationID - b.RelationID })
	uuid := m.UUID()
	for _, rn := range m.RelationNetworks {
		rn.ID = jujudb.DocID(uuid, rn.ID)
	}
	slices.SortStableFunc(m.RelationNetworks, func(a, b *description.RelationNetwork) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(m.ExternalControllers, func(a, b *description.ExternalController) int { return strings.Compare(a.ID, b.ID) })

	// Network.
	ids, byName := spaceIDs(m)
	var spaces []*description.Space
	for i, s := range m.Spaces {
		s.ID = ids[i]
		if s.ID != "0" {
			spaces = append(spaces, s)
		}
	}
	for _, s := range m.Subnets {
		s.SpaceID = subnetSpace(s, byName)
	}
	m.Spaces = spaces
	slices.SortStableFunc(m.Spaces, func(a, b *description.Space) int { return compareIDs(a.ID, b.ID) })
	next := 0
	for _, s := range m.Subnets {
		if n, err := strconv.Atoi(s.ID); err == nil && n >= next {
			next = n + 1
		}
	}
	byCIDR := map[string]*description.Subnet{}
	for _, s := range m.Subnets {
		if s.ID == "" {
			s.ID = strconv.Itoa(next)
			next++
		}
		s.SpaceName, s.ProviderSpaceID = "", ""
		if s.AvailabilityZones == nil {
			s.AvailabilityZones = []string{}
		}
		byCIDR[s.CIDR] = s
	}
	for _, s := range m.Subnets {
		if s.FanLocalUnderlay != "" {
			if u := byCIDR[s.FanLocalUnderlay]; u != nil {
				s.SpaceID = u.SpaceID
			}
		}
	}
	slices.SortStableFunc(m.Subnets, func(a, b *description.Subnet) int { return compareIDs(a.ID, b.ID) })
	slices.SortStableFunc(m.IPAddresses, func(a, b *description.IPAddress) int {
		return strings.Compare(jujudb.IPAddressKey(a.MachineID, a.DeviceName, a.Value), jujudb.IPAddressKey(b.MachineID, b.DeviceName, b.Value))
	})
	slices.SortStableFunc(m.LinkLayerDevices, func(a, b *description.LinkLayerDevice) int {
		if c := compareMachineIDs(a.MachineID, b.MachineID); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	var keys []*description.SSHHostKey
	for _, k := range m.SSHHostKeys {
		if len(k.Keys) > 0 {
			keys = append(keys, k)
		}
	}
	m.SSHHostKeys = keys
	slices.SortStableFunc(m.SSHHostKeys, func(a, b *description.SSHHostKey) int { return compareMachineIDs(a.MachineID, b.MachineID) })

	// Actions, image metadata.
	slices.SortStableFunc(m.Actions, func(a, b *description.Action) int { return compareIDs(a.ID, b.ID) })
	for _, a := range m.Actions {
		if len(a.Logs) == 0 {
			a.Logs = nil
		}
		a.Parameters = normalAnyMap(a.Parameters)
		a.Results = normalAnyMap(a.Results)
	}
	slices.SortStableFunc(m.Operations, func(a, b *description.Operation) int { return compareIDs(a.ID, b.ID) })
	var images []*description.CloudImageMetadata
	for _, im := range m.CloudImageMetadata {
		if im.Source == "custom" {
			im.DateCreated = imageDate(im.DateCreated, e.now)
			if im.RootStorageSize != nil && *im.RootStorageSize == 0 {
				// Juju writes the key only when non-zero.
				im.RootStorageSize = nil
			}
			images = append(images, im)
		}
	}
	m.CloudImageMetadata = images
	imageID := func(im *description.CloudImageMetadata) string {
		return strings.Join([]string{im.Stream, im.Region, im.Version, im.Arch, im.VirtType, im.RootStorageType, im.Source}, ":")
	}
	slices.SortStableFunc(m.CloudImageMetadata, func(a, b *description.CloudImageMetadata) int { return strings.Compare(imageID(a), imageID(b)) })

	// Storage: volumes, filesystems and instances in _id byte order.
	slices.SortStableFunc(m.Volumes, func(a, b *description.Volume) int { return strings.Compare(a.ID, b.ID) })
	for _, v := range m.Volumes {
		slices.SortStableFunc(v.Attachments, func(p, q *description.VolumeAttachment) int {
			return strings.Compare(p.HostID+":"+v.ID, q.HostID+":"+v.ID)
		})
		slices.SortStableFunc(v.AttachmentPlans, func(p, q *description.VolumeAttachmentPlan) int {
			return strings.Compare(p.MachineID, q.MachineID)
		})
		for _, p := range v.AttachmentPlans {
			if p.BlockDevice != nil {
				p.BlockDevice.SerialID = ""
			}
		}
	}
	slices.SortStableFunc(m.Filesystems, func(a, b *description.Filesystem) int { return strings.Compare(a.ID, b.ID) })
	for _, f := range m.Filesystems {
		slices.SortStableFunc(f.Attachments, func(p, q *description.FilesystemAttachment) int { return strings.Compare(p.HostID, q.HostID) })
	}
	slices.SortStableFunc(m.Storages, func(a, b *description.Storage) int { return strings.Compare(a.ID, b.ID) })
	for _, s := range m.Storages {
		sort.Strings(s.Attachments)
	}
	slices.SortStableFunc(m.StoragePools, func(a, b *description.StoragePool) int { return strings.Compare(a.Name, b.Name) })
	for _, p := range m.StoragePools {
		p.Attributes = normalAnyMap(dropNil(p.Attributes))
	}

	// Secrets.
	slices.SortStableFunc(m.Secrets, func(a, b *description.Secret) int { return strings.Compare(a.ID, b.ID) })
	for _, s := range m.Secrets {
		if s.RotatePolicy == "" {
			s.RotatePolicy = "never"
		}
		slices.SortStableFunc(s.Revisions, func(a, b *description.SecretRevision) int { return a.Number - b.Number })
		slices.SortStableFunc(s.Consumers, func(a, b *description.SecretConsumer) int { return strings.Compare(a.Consumer, b.Consumer) })
		for _, c := range s.RemoteConsumers {
			c.ID = s.ID + "#" + c.Consumer
		}
		slices.SortStableFunc(s.RemoteConsumers, func(a, b *description.SecretRemoteConsumer) int { return strings.Compare(a.ID, b.ID) })
	}
	slices.SortStableFunc(m.RemoteSecrets, func(a, b *description.RemoteSecret) int {
		return strings.Compare(a.SourceUUID+"/"+a.ID+"#"+a.Consumer, b.SourceUUID+"/"+b.ID+"#"+b.Consumer)
	})

	// Times, statuses and histories everywhere.
	normalTimes(reflect.ValueOf(m))
	return nil
}

func spaceAddr(a *description.Address) {
	if a != nil && a.SpaceID == "" {
		a.SpaceID = "0"
	}
}

func spaceAddrs(as []description.Address) {
	for i := range as {
		spaceAddr(&as[i])
	}
}

func normalConstraints(c *description.Constraints) *description.Constraints {
	if c == nil {
		return nil
	}
	if !c.AllocatePublicIP && c.Architecture == "" && c.Container == "" && c.CPUCores == 0 &&
		c.CPUPower == 0 && c.ImageID == "" && c.InstanceType == "" && c.Memory == 0 && c.RootDisk == 0 &&
		c.RootDiskSource == "" && len(c.Spaces) == 0 && len(c.Tags) == 0 && len(c.Zones) == 0 && c.VirtType == "" {
		return nil
	}
	return c
}

func normalPorts(pr map[string]map[string][]description.PortRange) map[string]map[string][]description.PortRange {
	out := map[string]map[string][]description.PortRange{}
	for u, eps := range pr {
		byEP := map[string][]description.PortRange{}
		for ep, rs := range eps {
			if len(rs) == 0 {
				continue
			}
			rs = slices.Clone(rs)
			slices.SortStableFunc(rs, func(a, b description.PortRange) int {
				if c := strings.Compare(a.Protocol, b.Protocol); c != 0 {
					return c
				}
				if a.FromPort != b.FromPort {
					return a.FromPort - b.FromPort
				}
				return a.ToPort - b.ToPort
			})
			byEP[ep] = rs
		}
		if len(byEP) > 0 {
			out[u] = byEP
		}
	}
	return out
}

func normalOrigin(o *description.CharmOrigin, cons *description.Constraints) *description.CharmOrigin {
	if o == nil {
		return nil // jujuOrigin gives every application one
	}
	p := strings.SplitN(o.Platform, "/", 3)
	if p[0] == "" {
		p[0] = "amd64"
		if cons != nil && cons.Architecture != "" {
			p[0] = cons.Architecture
		}
	}
	o.Platform = strings.Join(p, "/")
	// The channel goes through track/risk/branch.
	if o.Channel != "" {
		o.Channel = strings.Join(channelParts(o.Channel), "/")
	}
	return o
}

// normalAnyMap gives free-form data as it reads back from BSON.
func normalAnyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = normalAny(v)
	}
	return out
}

func normalAny(v any) any {
	switch x := v.(type) {
	case int:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return x
		}
		return int64(x)
	case int8, int16, int32, uint8, uint16:
		return int(reflect.ValueOf(x).Convert(reflect.TypeOf(0)).Int())
	case int64:
		return x
	case uint32:
		return int64(x)
	case uint:
		return int64(x)
	case uint64:
		return int64(x)
	case float32:
		return float64(x)
	case time.Time:
		return msTime(x)
	case map[string]any:
		return normalAnyMap(dropNil(x))
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalAny(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	return v
}

func msTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Millisecond)
}

var (
	statusType      = reflect.TypeOf(description.Status{})
	timeType        = reflect.TypeOf(time.Time{})
	statusSliceType = reflect.TypeOf([]description.Status(nil))
)

// normalTimes walks the tree: statuses get UTC nanosecond times (zero
// becomes the epoch), no never-set flag, escaped data keys; histories are
// sorted newest first and cut to the export's limit; every other time is
// UTC milliseconds.
func normalTimes(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			normalTimes(v.Elem())
		}
	case reflect.Struct:
		switch v.Type() {
		case statusType:
			s := v.Addr().Interface().(*description.Status)
			if isZeroStatus(s) {
				return // the export's default operator status
			}
			if s.NeverSet {
				// The import writes a never-set status as unset (Juju's
				// makeStatusDoc); history entries keep theirs.
				s.Value, s.Message, s.Data = "unset", "", nil
			}
			normalStatus(s)
			return
		case timeType:
			t := v.Interface().(time.Time)
			v.Set(reflect.ValueOf(msTime(t)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.CanSet() {
				continue
			}
			if f.Type() == statusSliceType && f.Len() > 0 {
				h := f.Interface().([]description.Status)
				for k := range h {
					normalStatus(&h[k])
				}
				slices.SortStableFunc(h, func(a, b description.Status) int { return b.Updated.Compare(a.Updated) })
				if len(h) > RoundTripHistoryLimit {
					f.Set(reflect.ValueOf(h[:RoundTripHistoryLimit]))
				}
				continue
			}
			if f.Kind() == reflect.Map {
				continue // free-form data is normalised where it is known
			}
			normalTimes(f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			normalTimes(v.Index(i))
		}
	}
}

// normalStatus gives a status as it reads back.
func normalStatus(s *description.Status) {
	s.Updated = jujudb.NanosToTime(jujudb.TimeToNanos(s.Updated))
	s.NeverSet = false
	s.Data = escapeData(s.Data)
}

// escapeData gives status data as it reads back: keys escaped at every
// depth, values as BSON gives them.
func escapeData(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = escapeData(sub)
			if v == nil {
				v = map[string]any{}
			}
		} else {
			v = normalAny(v)
		}
		out[jujudb.EscapeKey(k)] = v
	}
	return out
}

// compareMachineIDs orders machine ids numerically by part ("2" before
// "10", a machine before its containers), as the export does.
func compareMachineIDs(a, b string) int {
	for {
		pa, ra, moreA := strings.Cut(a, "/")
		pb, rb, moreB := strings.Cut(b, "/")
		if c := compareIDs(pa, pb); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1
		case !moreB:
			return 1
		}
		a, b = ra, rb
	}
}

// compareIDs orders decimal ids numerically, anything else by bytes after
// them.
func compareIDs(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		switch {
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
		return strings.Compare(a, b)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// Difference is one of the ways ExpectedExport changes a tree: a value the
// layout cannot carry, one the import derives or one the export fills in.
type Difference struct {
	// Name says what differs, as ExpectedExport's comment lists it.
	Name string
	// Paths are where it shows in a description, as migrate.DiffModels
	// names a difference with the list keys left out: "machines.series"
	// for machines[3].series. A path also covers everything below it; a
	// "*" segment stands for any one key, "**" for any run of them.
	Paths []string
}

// Differences lists every difference ExpectedExport applies, each with
// the description paths it changes. The tests hold ExpectedExport to it
// on every fixture, and show each entry on a real round trip.
var Differences = []Difference{
	{"series and cs-channel", []string{"**.series", "applications.cs-channel"}},
	{"model subnets' space name and provider space id", []string{"subnets.space-name", "subnets.provider-space-id", "subnets.space-id"}},
	{"remote spaces' subnets keep cidr, provider ids, VLAN tag and zones", []string{"remote-applications.spaces.subnets"}},
	{"never-set status flag", []string{"**.neverset"}},
	{"firewall rules become model config", []string{"firewall-rules", "config.ssh-allow", "config.saas-ingress-allow"}},
	{"remote applications' unit settings", []string{"relations.endpoints.unit-settings"}},
	{"nil values in settings", []string{"config", "applications.settings", "applications.application-config", "applications.leadership-settings",
		"relations.endpoints.application-settings", "relations.endpoints.unit-settings", "storage-pools.attributes"}},
	{"application agent tools", []string{"applications.tools"}},
	{"application type is the model's", []string{"applications.type", "applications.pod-spec", "applications.cloud-service",
		"applications.units.cloud-container", "applications.units.tools"}},
	{"units enter relation scope", []string{"relations.endpoints.unit-settings"}},
	{"store revision from the application revision", []string{"applications.resources.charmstore-revision"}},
	{"store revision timestamp and username", []string{"applications.resources.charmstore-revision.timestamp", "applications.resources.charmstore-revision.username"}},
	{"SSH host keys without keys", []string{"ssh-host-keys"}},
	{"volume plan block-device serial id", []string{"volumes.attachmentplans.block-device.serial-id"}},
	{"offer UUID and application name", []string{"applications.offers.offer-uuid", "applications.offers.application-name", "applications.offers"}},
	{"manage-model job", []string{"**.jobs"}},
	{"model without type", []string{"type"}},
	{"space ids", []string{"spaces", "subnets.space-id"}},
	{"time precision and zone", []string{"**.updated", "**.date-created", "**.created", "**.started", "**.completed", "**.enqueued",
		"**.timestamp", "**.date", "**.expire-time", "**.next-rotate-time", "**.latest-expire-time", "**.last-polled", "**.expiry", "**.since",
		"**.create-time", "**.update-time", "**.last-connection"}},
	// Go types only (int8 as int, int 1<<40 as int64): the description's
	// YAML is the same, so a round trip shows no change at these paths.
	{"free-form values as BSON gives them", []string{"config", "applications.settings", "applications.application-config",
		"applications.leadership-settings", "actions.parameters", "actions.results", "storage-pools.attributes",
		"relations.endpoints.application-settings", "relations.endpoints.unit-settings"}},
	{"status data keys escaped", []string{"**.data"}},
	{"history order and limit", []string{"**.history", "**.status-history", "**.agent-status-history", "**.workload-status-history", "**.workload-version-history"}},
	{"addresses without space", []string{"**.spaceid"}},
	{"base without risk", []string{"**.base"}},
	{"container instance architecture", []string{"machines.containers.instance.architecture"}},
	{"instance without modification status", []string{"**.instance.modification-status"}},
	{"relation without status", []string{"relations.status"}},
	{"default endpoint binding", []string{"applications.endpoint-bindings"}},
	{"block sequence and charmrev sequences", []string{"sequences"}},
	{"only custom image metadata", []string{"cloud-image-metadata"}},
	{"remote entity ids and duplicates", []string{"remote-entities"}},
	{"secret backend in model config", []string{"config.secret-backend"}},
	{"subnet and relation network ids", []string{"subnets", "relation-networks"}},
	{"SLA level and meter code defaults", []string{"sla.level", "meter-status.code"}},
	{"secret rotate policy default", []string{"secrets.rotate-policy"}},
	{"operator status and opened ports defaults", []string{"applications.operator-status", "**.opened-port-ranges"}},
	{"empty constraints", []string{"**.constraints"}},
	{"charm origin", []string{"applications.charm-origin"}},
	{"secret remote consumer id", []string{"secrets.remote-consumers"}},
	{"model status importing", []string{"status", "status-history"}},
	{"model config default-series becomes default-base", []string{"config.default-series", "config.default-base"}},
	{"Juju 3.6 charm assumes and LXD profile as Juju's JSON; agent version from config; host keys in id order", []string{"agent-version", "config.agent-version",
		"virtual-host-keys", "applications.charm-metadata", "applications.charm-manifest", "applications.charm-actions", "applications.charm-configs"}},
	// Link-layer devices share names across machines, so DiffModels
	// compares them by position: their order shows as changed values.
	{"empty lists and maps, export order", []string{"(order)", "**.logs", "link-layer-devices"}},
}

// listKeys are the list keys and indices of a difference's path.
var listKeys = regexp.MustCompile(`\[[^\]]*\]`)

// DifferencesAt returns the names of the listed differences that cover a
// difference migrate.DiffModels names by path (such as
// "applications[mysql].units[mysql/0].tools.url"); none means the change
// is not one ExpectedExport accounts for.
func DifferencesAt(path string) []string {
	segs := strings.Split(listKeys.ReplaceAllString(path, ""), ".")
	var out []string
	for _, d := range Differences {
		for _, p := range d.Paths {
			if matchSegs(strings.Split(p, "."), segs) {
				out = append(out, d.Name)
				break
			}
		}
	}
	return out
}

// matchSegs matches a listed path, segment by segment, against the start
// of a path.
func matchSegs(pat, path []string) bool {
	if len(pat) == 0 {
		return true // a listed path covers everything below it
	}
	if pat[0] == "**" {
		for i := 0; i <= len(path); i++ {
			if matchSegs(pat[1:], path[i:]) {
				return true
			}
		}
		return false
	}
	if len(path) == 0 || (pat[0] != "*" && pat[0] != path[0]) {
		return false
	}
	return matchSegs(pat[1:], path[1:])
}

// addUsedEndpoints adds to a charm's metadata the endpoints the model's
// relations and offers use on its applications that it does not declare,
// as the import stores them: a relation's with its role, interface, scope,
// optional and limit, an offer's as a global provider.
func addUsedEndpoints(m *description.Model, meta *description.CharmMetadata, url string) {
	has := func(n string) bool {
		_, p := meta.Provides[n]
		_, r := meta.Requires[n]
		_, q := meta.Peers[n]
		return p || r || q
	}
	add := func(r description.CharmRelation) {
		if has(r.Name) {
			return
		}
		if r.Scope == "" {
			r.Scope = "global"
		}
		dst := &meta.Provides
		switch r.Role {
		case "requirer":
			dst = &meta.Requires
		case "peer":
			dst = &meta.Peers
		}
		nm := make(map[string]description.CharmRelation, len(*dst)+1)
		for k, v := range *dst {
			nm[k] = v
		}
		nm[r.Name] = r
		*dst = nm
	}
	apps := map[string]bool{}
	for _, a := range m.Applications {
		if a.CharmURL == url {
			apps[a.Name] = true
		}
	}
	// The import takes the last relation naming an endpoint.
	last := map[string]description.CharmRelation{}
	var order []string
	for _, r := range m.Relations {
		for _, ep := range r.Endpoints {
			if apps[ep.ApplicationName] {
				if _, ok := last[ep.Name]; !ok {
					order = append(order, ep.Name)
				}
				last[ep.Name] = description.CharmRelation{Name: ep.Name, Role: ep.Role, Interface: ep.Interface, Optional: ep.Optional, Limit: ep.Limit, Scope: ep.Scope}
			}
		}
	}
	for _, n := range order {
		add(last[n])
	}
	for _, a := range m.Applications {
		if !apps[a.Name] {
			continue
		}
		for _, o := range a.Offers {
			for _, ep := range o.Endpoints {
				add(description.CharmRelation{Name: ep, Role: "provider", Scope: "global"})
			}
		}
	}
}

// juju36Data normalises what the Juju 3.6 generations added to the tree as
// an export returns it. The model's agent version is kept in its config,
// as Juju keeps it: where the two differ, an export returns the config's.
// Charm data lives on the charm document, one per charm URL, so every
// application of a charm reads back the first one's (in model order) that
// carries any; a charm's manifest, actions and configs read back empty
// rather than absent, a payload class is named by its key (as Juju's
// exporter names it), and the assumes list and LXD profile read back as
// the JSON Juju 3.6's exporter writes (jujudoc.AssumesExportText, "null"
// for none, and CharmLXDProfile.ExportText; docs/juju-layout.md). A model whose agent version is before Juju
// 3.6.0 exports none, as that Juju's exporter writes none.
func juju36Data(m *description.Model) {
	if m.AgentVersion != "" {
		if m.Config == nil {
			m.Config = map[string]any{}
		}
		if _, ok := m.Config["agent-version"]; !ok {
			m.Config["agent-version"] = m.AgentVersion
		}
	}
	m.AgentVersion, _ = m.Config["agent-version"].(string)
	// The export reads virtual host keys in _id order.
	slices.SortStableFunc(m.VirtualHostKeys, func(a, b *description.VirtualHostKey) int { return strings.Compare(a.ID, b.ID) })
	first := map[string]*description.Application{}
	for _, a := range m.Applications {
		if a.CharmMetadata != nil && first[a.CharmURL] == nil {
			first[a.CharmURL] = a
		}
	}
	t, err := description.TargetForJuju(m.AgentVersion)
	withData := err == nil && t.Applications >= 13
	for _, a := range m.Applications {
		f := first[a.CharmURL]
		if f == nil || !withData {
			a.CharmMetadata, a.CharmManifest, a.CharmActions, a.CharmConfigs = nil, nil, nil, nil
			continue
		}
		meta := *f.CharmMetadata
		// A list that does not parse fails the import's build.
		if as, err := jujudoc.ParseAssumes(meta.Assumes); err == nil {
			meta.Assumes = jujudoc.AssumesExportText(as)
		}
		if meta.LXDProfile != "" {
			// A profile that does not parse fails the import's build.
			if p, err := jujudoc.ParseLXDProfile(meta.LXDProfile); err == nil {
				meta.LXDProfile = p.ExportText()
			}
		}
		if len(meta.Payloads) > 0 {
			ps := make(map[string]description.CharmPayload, len(meta.Payloads))
			for k, p := range meta.Payloads {
				p.Name = k
				ps[k] = p
			}
			meta.Payloads = ps
		}
		addUsedEndpoints(m, &meta, a.CharmURL)
		a.CharmMetadata = &meta
		a.CharmManifest, a.CharmActions, a.CharmConfigs = f.CharmManifest, f.CharmActions, f.CharmConfigs
		if a.CharmManifest == nil {
			a.CharmManifest = &description.CharmManifest{}
		}
		if a.CharmActions == nil {
			a.CharmActions = &description.CharmActions{}
		}
		if a.CharmConfigs == nil {
			a.CharmConfigs = &description.CharmConfigs{}
		}
	}
}
