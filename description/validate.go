package description

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// Validate checks the model's rules and references: at least every rule of
// juju/description's Model.Validate, plus the checks juju leaves out that a
// controller relies on (a unit's machine exists, ids are unique, names are
// well formed). Every problem is reported, each with the path of the bad
// value; the work is linear in the model's size.
func (m *Model) Validate() error { return m.validate().Err() }

type validator struct {
	m    *Model
	errs ErrorList

	machines     map[string]*Machine
	applications map[string]*Application
	remoteApps   map[string]*RemoteApplication
	units        map[string]*Unit
	unitApp      map[string]*Application
	spaces       map[string]bool
	storages     map[string]bool
	volumes      map[string]bool
	devices      map[string]*LinkLayerDevice // machine id + "\x00" + name
}

func (v *validator) add(path string, kind ErrorKind, format string, args ...any) {
	v.errs = append(v.errs, &Error{Path: path, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

var (
	validMachineID = regexp.MustCompile(`^(?:0|[1-9][0-9]*)(?:/[a-z]+/(?:0|[1-9][0-9]*))*$`)
	validAppName   = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$`)
	// The rules below are juju/names v5.0.0's (model.go, space.go,
	// user.go in the module cache), which Juju applies when it creates a
	// model, a space or a user, so that an import cannot bring in a name
	// Juju itself would have refused.
	validModelName = regexp.MustCompile(`^[a-z0-9]+[a-z0-9-]*$`)
	validSpaceName = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	validUser      = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9.+-]*[a-zA-Z0-9](?:@[a-zA-Z0-9][a-zA-Z0-9.+-]*[a-zA-Z0-9])?$`)
)

// validUnitName checks "app/N".
func validUnitName(name string) bool {
	i := strings.LastIndexByte(name, '/')
	if i <= 0 || !validAppName.MatchString(name[:i]) {
		return false
	}
	n := name[i+1:]
	if n == "" || (len(n) > 1 && n[0] == '0') {
		return false
	}
	_, err := strconv.ParseUint(n, 10, 32)
	return err == nil
}

func (m *Model) validate() ErrorList {
	v := &validator{
		m:            m,
		machines:     map[string]*Machine{},
		applications: make(map[string]*Application, len(m.Applications)),
		remoteApps:   make(map[string]*RemoteApplication, len(m.RemoteApplications)),
		units:        map[string]*Unit{},
		unitApp:      map[string]*Application{},
		spaces:       make(map[string]bool, len(m.Spaces)),
		storages:     make(map[string]bool, len(m.Storages)),
		volumes:      make(map[string]bool, len(m.Volumes)),
		devices:      make(map[string]*LinkLayerDevice, len(m.LinkLayerDevices)),
	}
	if m.Owner == "" {
		v.add("owner", KindMissingField, "model owner is missing")
	} else if !validUser.MatchString(m.Owner) {
		v.add("owner", KindInvalid, "model owner %q is not a valid user name", m.Owner)
	}
	if name := m.Name(); name != "" && !validModelName.MatchString(name) {
		v.add("config.name", KindInvalid, "model name %q is not valid (lower-case letters, digits and hyphens, not starting with a hyphen)", name)
	}
	for i, u := range m.Users {
		if !validUser.MatchString(u.Name) {
			v.add(fmt.Sprintf("users[%d].name", i), KindInvalid, "user name %q is not valid", u.Name)
		}
	}
	if m.Status == nil {
		v.add("status", KindMissingField, "model status is missing")
	}
	portUnits := map[string]string{} // unit name -> path where it is named
	for i, mc := range m.Machines {
		v.machine(fmt.Sprintf("machines[%d]", i), mc, portUnits)
	}
	for i, ra := range m.RemoteApplications {
		p := fmt.Sprintf("remote-applications[%d]", i)
		if ra.Name == "" {
			v.add(p+".name", KindMissingField, "remote application name is missing")
		} else if _, dup := v.remoteApps[ra.Name]; dup {
			v.add(p+".name", KindDuplicate, "remote application %q appears twice", ra.Name)
		}
		v.remoteApps[ra.Name] = ra
	}
	for i, a := range m.Applications {
		v.application(fmt.Sprintf("applications[%d]", i), a, portUnits)
	}
	// Units are known only now, so check machine assignments and port
	// owners in a second pass.
	for i, a := range m.Applications {
		for j, u := range a.Units {
			p := fmt.Sprintf("applications[%d].units[%d]", i, j)
			if a.Type != "caas" && u.Machine != "" && v.machines[u.Machine] == nil {
				v.add(p+".machine", KindReference, "machine %q does not exist", u.Machine)
			}
			if u.Principal != "" && v.units[u.Principal] == nil {
				v.add(p+".principal", KindReference, "principal unit %q does not exist", u.Principal)
			}
			for k, s := range u.Subordinates {
				if v.units[s] == nil {
					v.add(fmt.Sprintf("%s.subordinates[%d]", p, k), KindReference, "subordinate unit %q does not exist", s)
				}
			}
		}
	}
	for _, name := range sortedKeys(portUnits) {
		if v.units[name] == nil {
			v.add(portUnits[name], KindReference, "opened ports name unit %q, which does not exist", name)
		}
	}
	v.relations()
	v.network()
	v.storage()
	v.secrets()
	return v.errs
}

func (v *validator) machine(p string, mc *Machine, portUnits map[string]string) {
	switch {
	case mc.ID == "":
		v.add(p+".id", KindMissingField, "machine id is missing")
	case !validMachineID.MatchString(mc.ID):
		v.add(p+".id", KindInvalid, "machine id %q is not valid (want N or N/<container>/M)", mc.ID)
	case v.machines[mc.ID] != nil:
		v.add(p+".id", KindDuplicate, "machine %q appears twice", mc.ID)
	}
	v.machines[mc.ID] = mc
	if mc.Base != "" {
		os, ch, ok := strings.Cut(mc.Base, "@")
		if !ok || os == "" || ch == "" {
			v.add(p+".base", KindInvalid, "base %q is not valid (want os@channel, e.g. ubuntu@22.04)", mc.Base)
		}
	}
	if mc.Status == nil {
		v.add(p+".status", KindMissingField, "machine %q status is missing", mc.ID)
	}
	if mc.Tools == nil {
		v.add(p+".tools", KindMissingField, "machine %q tools are missing", mc.ID)
	}
	switch {
	case mc.Instance == nil:
		v.add(p+".instance", KindMissingField, "machine %q instance is missing", mc.ID)
	default:
		if mc.Instance.InstanceID == "" {
			v.add(p+".instance.instance-id", KindMissingField, "machine %q instance id is missing", mc.ID)
		}
		if mc.Instance.Status == nil {
			v.add(p+".instance.status", KindMissingField, "machine %q instance status is missing", mc.ID)
		}
	}
	for _, u := range sortedKeys(mc.OpenedPortRanges) {
		if _, seen := portUnits[u]; !seen {
			portUnits[u] = p + ".opened-port-ranges"
		}
	}
	for i, c := range mc.Containers {
		v.machine(fmt.Sprintf("%s.containers[%d]", p, i), c, portUnits)
	}
}

func (v *validator) application(p string, a *Application, portUnits map[string]string) {
	switch {
	case a.Name == "":
		v.add(p+".name", KindMissingField, "application name is missing")
	case !validAppName.MatchString(a.Name):
		v.add(p+".name", KindInvalid, "application name %q is not valid", a.Name)
	case v.applications[a.Name] != nil:
		v.add(p+".name", KindDuplicate, "application %q appears twice", a.Name)
	case v.remoteApps[a.Name] != nil:
		v.add(p+".name", KindDuplicate, "application %q is also a remote application", a.Name)
	}
	v.applications[a.Name] = a
	if a.Status == nil {
		v.add(p+".status", KindMissingField, "application %q status is missing", a.Name)
	}
	for i, r := range a.Resources {
		if r.ApplicationRevision == nil {
			v.add(fmt.Sprintf("%s.resources[%d].application-revision", p, i), KindMissingField, "resource %q has no application revision", r.Name)
		}
	}
	leaderFound := false
	for i, u := range a.Units {
		up := fmt.Sprintf("%s.units[%d]", p, i)
		switch {
		case u.Name == "":
			v.add(up+".name", KindMissingField, "unit name is missing")
		case !validUnitName(u.Name):
			v.add(up+".name", KindInvalid, "unit name %q is not valid (want application/N)", u.Name)
		case u.Name[:strings.LastIndexByte(u.Name, '/')] != a.Name:
			v.add(up+".name", KindInvalid, "unit %q does not belong to application %q", u.Name, a.Name)
		case v.units[u.Name] != nil:
			v.add(up+".name", KindDuplicate, "unit %q appears twice", u.Name)
		}
		v.units[u.Name] = u
		v.unitApp[u.Name] = a
		if u.AgentStatus == nil {
			v.add(up+".agent-status", KindMissingField, "unit %q agent status is missing", u.Name)
		}
		if u.WorkloadStatus == nil {
			v.add(up+".workload-status", KindMissingField, "unit %q workload status is missing", u.Name)
		}
		if u.Tools == nil && a.Type != "caas" {
			v.add(up+".tools", KindMissingField, "unit %q tools are missing", u.Name)
		}
		if u.Name == a.Leader {
			leaderFound = true
		}
	}
	if a.Leader != "" && !leaderFound {
		v.add(p+".leader", KindReference, "leader %q is not a unit of application %q", a.Leader, a.Name)
	}
	for _, u := range sortedKeys(a.OpenedPortRanges) {
		if _, seen := portUnits[u]; !seen {
			portUnits[u] = p + ".opened-port-ranges"
		}
	}
}

func (v *validator) relations() {
	seen := make(map[int]bool, len(v.m.Relations))
	for i, r := range v.m.Relations {
		p := fmt.Sprintf("relations[%d]", i)
		if seen[r.ID] {
			v.add(p+".id", KindDuplicate, "relation id %d appears twice", r.ID)
		}
		seen[r.ID] = true
		remote := false
		for _, ep := range r.Endpoints {
			if v.remoteApps[ep.ApplicationName] != nil {
				remote = true
			}
		}
		for j, ep := range r.Endpoints {
			ep2 := fmt.Sprintf("%s.endpoints[%d]", p, j)
			app := v.applications[ep.ApplicationName]
			if app == nil {
				if v.remoteApps[ep.ApplicationName] == nil {
					v.add(ep2+".application-name", KindReference, "application %q of relation %d does not exist", ep.ApplicationName, r.ID)
				}
				continue
			}
			if ep.Scope != "container" && !remote {
				for _, u := range app.Units {
					if _, ok := ep.UnitSettings[u.Name]; !ok {
						v.add(ep2+".unit-settings", KindMissingField, "relation %d has no settings for unit %q", r.ID, u.Name)
					}
				}
			}
			for _, un := range sortedKeys(ep.UnitSettings) {
				if v.unitApp[un] != app {
					v.add(ep2+".unit-settings"+keyIndex(un), KindReference, "unit %q is not a unit of application %q", un, app.Name)
				}
			}
		}
	}
}

func (v *validator) network() {
	for i, s := range v.m.Spaces {
		p := fmt.Sprintf("spaces[%d]", i)
		if s.Name != "" && !validSpaceName.MatchString(s.Name) {
			v.add(p+".name", KindInvalid, "space name %q is not valid", s.Name)
		}
		if v.spaces[s.ID] && s.ID != "" {
			v.add(p+".id", KindDuplicate, "space id %q appears twice", s.ID)
		}
		v.spaces[s.ID] = true
	}
	for i, s := range v.m.Subnets {
		if s.SpaceID != "" && s.SpaceID != "0" && !v.spaces[s.SpaceID] {
			v.add(fmt.Sprintf("subnets[%d].space-id", i), KindReference, "subnet %q names space %q, which does not exist", s.CIDR, s.SpaceID)
		}
	}
	for _, d := range v.m.LinkLayerDevices {
		v.devices[d.MachineID+"\x00"+d.Name] = d
	}
	for i, d := range v.m.LinkLayerDevices {
		p := fmt.Sprintf("link-layer-devices[%d]", i)
		if v.machines[d.MachineID] == nil {
			v.add(p+".machine-id", KindReference, "device %q names machine %q, which does not exist", d.Name, d.MachineID)
		}
		if d.Name == "" {
			v.add(p+".name", KindMissingField, "device name is missing")
		}
		if d.MACAddress != "" {
			if _, err := net.ParseMAC(d.MACAddress); err != nil {
				v.add(p+".mac-address", KindInvalid, "MAC address %q is not valid", d.MACAddress)
			}
		}
		v.deviceParent(p, d)
	}
	for i, a := range v.m.IPAddresses {
		p := fmt.Sprintf("ip-addresses[%d]", i)
		if v.machines[a.MachineID] == nil {
			v.add(p+".machine-id", KindReference, "ip address %q names machine %q, which does not exist", a.Value, a.MachineID)
		} else if v.devices[a.MachineID+"\x00"+a.DeviceName] == nil {
			v.add(p+".device-name", KindReference, "ip address %q names device %q, which does not exist on machine %q", a.Value, a.DeviceName, a.MachineID)
		}
		if net.ParseIP(a.Value) == nil {
			v.add(p+".value", KindInvalid, "ip address %q is not valid", a.Value)
		}
		if a.SubnetCIDR == "" {
			v.add(p+".subnet-cidr", KindMissingField, "ip address %q has no subnet CIDR", a.Value)
		} else if _, _, err := net.ParseCIDR(a.SubnetCIDR); err != nil {
			v.add(p+".subnet-cidr", KindInvalid, "subnet CIDR %q is not valid", a.SubnetCIDR)
		}
		if a.GatewayAddress != "" && net.ParseIP(a.GatewayAddress) == nil {
			v.add(p+".gateway-address", KindInvalid, "gateway address %q is not valid", a.GatewayAddress)
		}
	}
}

// deviceParent checks a device's parent: a plain name is another device on
// the same machine; a global key m#<machine>#d#<device> is a bridge on the
// host of the container this device is on.
func (v *validator) deviceParent(p string, d *LinkLayerDevice) {
	if d.ParentName == "" {
		return
	}
	pp := p + ".parent-name"
	if !strings.Contains(d.ParentName, "#") {
		if d.ParentName == d.Name {
			v.add(pp, KindInvalid, "device %q is its own parent", d.Name)
		} else if v.devices[d.MachineID+"\x00"+d.ParentName] == nil {
			v.add(pp, KindReference, "parent device %q of %q does not exist on machine %q", d.ParentName, d.Name, d.MachineID)
		}
		return
	}
	parts := strings.Split(d.ParentName, "#")
	if len(parts) != 4 || parts[0] != "m" || parts[2] != "d" {
		v.add(pp, KindInvalid, "parent %q is not a device key (want m#<machine>#d#<device>)", d.ParentName)
		return
	}
	host, dev := parts[1], parts[3]
	parent := v.devices[host+"\x00"+dev]
	switch {
	case parent == nil:
		v.add(pp, KindReference, "parent device %q does not exist on machine %q", dev, host)
	case parent.Type != "bridge":
		v.add(pp, KindInvalid, "parent device %q on machine %q is a %s, not a bridge", dev, host, parent.Type)
	case !strings.Contains(d.MachineID, "/"):
		v.add(pp, KindInvalid, "device %q on machine %q has a parent on another machine, but only a container's devices may", d.Name, d.MachineID)
	case containerHost(d.MachineID) != host:
		v.add(pp, KindInvalid, "parent device %q is on machine %q, which is not the host of container %q", dev, host, d.MachineID)
	}
}

// tagKinds are the tag prefixes juju's names package parses.
var tagKinds = map[string]bool{
	"unit": true, "application": true, "machine": true, "model": true, "user": true,
	"relation": true, "action": true, "operation": true, "controller": true, "cloud": true,
	"cloudcred": true, "storage": true, "volume": true, "filesystem": true, "space": true,
	"subnet": true, "applicationoffer": true, "secret": true, "caasmodel": true, "charm": true,
	"payload": true, "ipaddress": true, "environment": true,
}

// parseTag splits a tag such as unit-mysql-0 into its kind and the entity it
// names (mysql/0).
func parseTag(tag string) (kind, id string, ok bool) {
	kind, rest, found := strings.Cut(tag, "-")
	if !found || rest == "" || !tagKinds[kind] {
		return "", "", false
	}
	switch kind {
	case "unit":
		i := strings.LastIndexByte(rest, '-')
		if i <= 0 {
			return "", "", false
		}
		id = rest[:i] + "/" + rest[i+1:]
		return kind, id, validUnitName(id)
	case "application":
		return kind, rest, validAppName.MatchString(rest)
	case "machine":
		id = strings.ReplaceAll(rest, "-", "/")
		return kind, id, validMachineID.MatchString(id)
	}
	return kind, rest, true
}

func (v *validator) storage() {
	for i, s := range v.m.Storages {
		p := fmt.Sprintf("storages[%d]", i)
		if s.ID == "" {
			v.add(p+".id", KindMissingField, "storage id is missing")
		} else if v.storages[s.ID] {
			v.add(p+".id", KindDuplicate, "storage %q appears twice", s.ID)
		}
		v.storages[s.ID] = true
		if s.Owner != "" {
			kind, id, ok := parseTag(s.Owner)
			switch {
			case !ok:
				v.add(p+".owner", KindInvalid, "storage owner %q is not a valid tag", s.Owner)
			case kind == "unit" && v.units[id] == nil:
				v.add(p+".owner", KindReference, "storage owner unit %q does not exist", id)
			case kind == "application" && v.applications[id] == nil:
				v.add(p+".owner", KindReference, "storage owner application %q does not exist", id)
			case kind != "unit" && kind != "application":
				v.add(p+".owner", KindInvalid, "storage owner %q is neither a unit nor an application", s.Owner)
			}
		}
		if c := s.Constraints; c != nil {
			if c.Pool == "" {
				v.add(p+".constraints.pool", KindMissingField, "storage %q constraints have no pool", s.ID)
			}
			if c.Size == 0 {
				v.add(p+".constraints.size", KindInvalid, "storage %q constraints have size 0", s.ID)
			}
		}
		for j, u := range s.Attachments {
			if v.units[u] == nil {
				v.add(fmt.Sprintf("%s.attachments[%d]", p, j), KindReference, "storage %q is attached to unit %q, which does not exist", s.ID, u)
			}
		}
	}
	host := func(h string) bool { return v.machines[h] != nil || v.units[h] != nil }
	for i, vol := range v.m.Volumes {
		p := fmt.Sprintf("volumes[%d]", i)
		if vol.ID == "" {
			v.add(p+".id", KindMissingField, "volume id is missing")
		} else if v.volumes[vol.ID] {
			v.add(p+".id", KindDuplicate, "volume %q appears twice", vol.ID)
		}
		v.volumes[vol.ID] = true
		if vol.Size == 0 {
			v.add(p+".size", KindInvalid, "volume %q has size 0", vol.ID)
		}
		if vol.Status == nil {
			v.add(p+".status", KindMissingField, "volume %q status is missing", vol.ID)
		}
		if vol.StorageID != "" && !v.storages[vol.StorageID] {
			v.add(p+".storage-id", KindReference, "volume %q names storage %q, which does not exist", vol.ID, vol.StorageID)
		}
		for j, a := range vol.Attachments {
			if !host(a.HostID) {
				v.add(fmt.Sprintf("%s.attachments[%d].host-id", p, j), KindReference, "volume %q is attached to %q, which is neither a machine nor a unit", vol.ID, a.HostID)
			}
		}
	}
	fsSeen := map[string]bool{}
	for i, fs := range v.m.Filesystems {
		p := fmt.Sprintf("filesystems[%d]", i)
		if fs.ID == "" {
			v.add(p+".id", KindMissingField, "filesystem id is missing")
		} else if fsSeen[fs.ID] {
			v.add(p+".id", KindDuplicate, "filesystem %q appears twice", fs.ID)
		}
		fsSeen[fs.ID] = true
		if fs.Size == 0 {
			v.add(p+".size", KindInvalid, "filesystem %q has size 0", fs.ID)
		}
		if fs.Status == nil {
			v.add(p+".status", KindMissingField, "filesystem %q status is missing", fs.ID)
		}
		if fs.StorageID != "" && !v.storages[fs.StorageID] {
			v.add(p+".storage-id", KindReference, "filesystem %q names storage %q, which does not exist", fs.ID, fs.StorageID)
		}
		if fs.VolumeID != "" && !v.volumes[fs.VolumeID] {
			v.add(p+".volume-id", KindReference, "filesystem %q names volume %q, which does not exist", fs.ID, fs.VolumeID)
		}
		for j, a := range fs.Attachments {
			if !host(a.HostID) {
				v.add(fmt.Sprintf("%s.attachments[%d].host-id", p, j), KindReference, "filesystem %q is attached to %q, which is neither a machine nor a unit", fs.ID, a.HostID)
			}
		}
	}
}

// validXID checks the 20-character base32hex form of an rs/xid id, which
// Juju uses for secret ids.
func validXID(s string) bool {
	if len(s) != 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'v') {
			return false
		}
	}
	return true
}

// tagRef checks a tag naming the owner, consumer or grantee of a secret:
// units and applications must exist locally (or, where remoteOK, in a
// remote application); other kinds pass, as in juju/description.
func (v *validator) tagRef(p, what, tag string, remoteOK bool) {
	kind, id, ok := parseTag(tag)
	if !ok {
		v.add(p, KindInvalid, "%s %q is not a valid tag", what, tag)
		return
	}
	switch kind {
	case "unit":
		app := id[:strings.LastIndexByte(id, '/')]
		if v.units[id] == nil && !(remoteOK && v.remoteApps[app] != nil) {
			v.add(p, KindReference, "%s unit %q does not exist", what, id)
		}
	case "application":
		if v.applications[id] == nil && !(remoteOK && v.remoteApps[id] != nil) {
			v.add(p, KindReference, "%s application %q does not exist", what, id)
		}
	}
}

func (v *validator) secrets() {
	seen := map[string]bool{}
	for i, s := range v.m.Secrets {
		p := fmt.Sprintf("secrets[%d]", i)
		switch {
		case s.ID == "":
			v.add(p+".id", KindMissingField, "secret id is missing")
		case !validXID(s.ID):
			v.add(p+".id", KindInvalid, "secret id %q is not valid (want a 20-character xid)", s.ID)
		case seen[s.ID]:
			v.add(p+".id", KindDuplicate, "secret %q appears twice", s.ID)
		}
		seen[s.ID] = true
		v.tagRef(p+".owner", "secret owner", s.Owner, false)
		for _, k := range sortedKeys(s.ACL) {
			v.tagRef(p+".acl"+keyIndex(k), "secret grantee", k, true)
		}
		for j, c := range s.Consumers {
			v.tagRef(fmt.Sprintf("%s.consumers[%d].consumer", p, j), "secret consumer", c.Consumer, false)
		}
		for j, c := range s.RemoteConsumers {
			v.tagRef(fmt.Sprintf("%s.remote-consumers[%d].consumer", p, j), "secret remote consumer", c.Consumer, true)
		}
	}
	for i, s := range v.m.RemoteSecrets {
		p := fmt.Sprintf("remote-secrets[%d]", i)
		if !validXID(s.ID) {
			v.add(p+".id", KindInvalid, "remote secret id %q is not valid (want a 20-character xid)", s.ID)
		}
		v.tagRef(p+".consumer", "remote secret consumer", s.Consumer, false)
	}
}

// containerHost gives the machine a container runs on: "0/lxd/1" -> "0".
func containerHost(id string) string {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return ""
	}
	j := strings.LastIndexByte(id[:i], '/')
	if j < 0 {
		return ""
	}
	return id[:j]
}
