package jujudb

import (
	"strconv"
	"strings"
)

// Global keys name an entity across collections: statuses, constraints,
// annotations and settings are looked up by them (ref §3, "Global keys").

// ModelKey is the model's own key: its status, constraints, config and
// annotations.
const ModelKey = "e"

// ModelObjectKey is the permissions object key of a model: "e#<uuid>".
func ModelObjectKey(modelUUID string) string { return "e#" + modelUUID }

// OfferObjectKey is the permissions object key of an offer: "ao#<uuid>".
func OfferObjectKey(offerUUID string) string { return "ao#" + offerUUID }

// UserSubjectKey is the permissions subject key of a user: "us#<lower user>".
func UserSubjectKey(user string) string { return "us#" + strings.ToLower(user) }

// PermissionID is the _id of a permissions document: "<object>#<subject>",
// e.g. "e#<uuid>#us#bob".
func PermissionID(objectKey, subjectKey string) string { return objectKey + "#" + subjectKey }

// MachineKey is "m#<id>": machine status, constraints, annotations and the
// sshhostkeys _id.
func MachineKey(id string) string { return "m#" + id }

// MachineInstanceKey is "m#<id>#instance": the instance status.
func MachineInstanceKey(id string) string { return "m#" + id + "#instance" }

// MachineModificationKey is "m#<id>#modification": the instance
// modification status (no history is exported for it).
func MachineModificationKey(id string) string { return "m#" + id + "#modification" }

// LinkLayerDeviceKey is "m#<machine>#d#<device>": a link-layer device _id.
func LinkLayerDeviceKey(machine, device string) string { return "m#" + machine + "#d#" + device }

// IPAddressKey is "m#<machine>#d#<device>#ip#<addr>": an ip.addresses _id.
func IPAddressKey(machine, device, addr string) string {
	return LinkLayerDeviceKey(machine, device) + "#ip#" + addr
}

// ApplicationKey is "a#<app>": application status, constraints,
// annotations, and the _id of endpointbindings, podSpecs, cloudservices and
// the application's openedPorts document.
func ApplicationKey(app string) string { return "a#" + app }

// ApplicationOperatorKey is "a#<app>#operator": a CAAS operator's status.
func ApplicationOperatorKey(app string) string { return "a#" + app + "#operator" }

// CharmConfigKey is "a#<app>#<charm-url>": the charm config settings doc.
func CharmConfigKey(app, charmURL string) string { return "a#" + app + "#" + charmURL }

// ApplicationConfigKey is "a#<app>#application": application config.
func ApplicationConfigKey(app string) string { return "a#" + app + "#application" }

// LeaderSettingsKey is "a#<app>#leader": leadership settings.
func LeaderSettingsKey(app string) string { return "a#" + app + "#leader" }

// StorageConstraintsKey is "asc#<app>#<charm-url>".
func StorageConstraintsKey(app, charmURL string) string { return "asc#" + app + "#" + charmURL }

// DeviceConstraintsKey is "adc#<app>#<charm-url>".
func DeviceConstraintsKey(app, charmURL string) string { return "adc#" + app + "#" + charmURL }

// UnitAgentKey is "u#<unit>": agent status, unit constraints and the
// meterStatus _id.
func UnitAgentKey(unit string) string { return "u#" + unit }

// UnitWorkloadKey is "u#<unit>#charm": workload status, unit annotations,
// and the _id of unitstates and cloudcontainers.
func UnitWorkloadKey(unit string) string { return "u#" + unit + "#charm" }

// WorkloadVersionKey is "u#<unit>#charm#sat#workload-version": a status doc
// whose statusinfo is the workload version.
func WorkloadVersionKey(unit string) string { return "u#" + unit + "#charm#sat#workload-version" }

// UnitContainerKey is "u#<unit>#charm#container": a CAAS container status.
func UnitContainerKey(unit string) string { return "u#" + unit + "#charm#container" }

// StorageAttachmentKey is "u#<unit>#charm#<storage-id>": a
// storageattachments _id.
func StorageAttachmentKey(unit, storageID string) string { return "u#" + unit + "#charm#" + storageID }

// RelationKey is "r#<id>": relation status.
func RelationKey(id int) string { return "r#" + strconv.Itoa(id) }

// RelationAppSettingsKey is "r#<id>#<app>": relation application settings.
func RelationAppSettingsKey(id int, app string) string { return RelationKey(id) + "#" + app }

// RelationUnitKey is a relation unit's scope key, which is also the _id of
// its settings: "r#<id>#<role>#<unit>" for a global-scoped endpoint, or
// "r#<id>#<principal>#<role>#<unit>" when the endpoint is container-scoped
// (principal is the principal unit whose container holds the relation).
func RelationUnitKey(id int, containerPrincipal, role, unit string) string {
	k := RelationKey(id) + "#"
	if containerPrincipal != "" {
		k += containerPrincipal + "#"
	}
	return k + role + "#" + unit
}

// VolumeKey is "v#<id>"; FilesystemKey is "f#<id>".
func VolumeKey(id string) string     { return "v#" + id }
func FilesystemKey(id string) string { return "f#" + id }

// CharmKey is "c#<charm-url>", the charm refcount key.
func CharmKey(charmURL string) string { return "c#" + charmURL }

// RemoteApplicationKey is "c#<name>": a remote application's status. It
// shares the letter with charm refcount keys (ref §9.9).
func RemoteApplicationKey(name string) string { return "c#" + name }

// PoolKey is "pool#<name>": a storage pool's settings doc.
func PoolKey(name string) string { return "pool#" + name }

// PoolKeyPrefix prefixes every storage pool settings key.
const PoolKeyPrefix = "pool#"

// PayloadKey is "payload#<unit>#<name>".
func PayloadKey(unit, name string) string { return "payload#" + unit + "#" + name }

// ResourceID is "resource#<app>/<name>": an application's current resource.
// Suffixes mark the other documents of the same resource: see
// ResourceCharmStoreSuffix, ResourceUnitID, ResourcePendingID.
func ResourceID(app, name string) string { return "resource#" + app + "/" + name }

// ResourceCharmStoreSuffix ends the _id of a resource's store revision doc.
const ResourceCharmStoreSuffix = "#charmstore"

// ResourceUnitID is "resource#<app>/<name>#unit-<unit>" (the unit in tag
// form, as Juju builds it: "mysql/0" becomes "mysql-0").
func ResourceUnitID(app, name, unit string) string {
	return ResourceID(app, name) + "#unit-" + strings.ReplaceAll(unit, "/", "-")
}

// ResourcePendingID is "resource#<app>/<name>#pending-<pending-id>".
func ResourcePendingID(app, name, pendingID string) string {
	return ResourceID(app, name) + "#pending-" + pendingID
}

// GlobalKey is a parsed global key.
type GlobalKey struct {
	// Kind is the entity's letter(s): "e", "m", "a", "u", "r", "v", "f", "c",
	// "asc", "adc", "pool", "payload", "resource", "us", "ao".
	Kind string
	// ID is the entity: machine id, application, unit, relation id, ...
	ID string
	// Suffix is what follows the entity, without the leading '#':
	// "instance", "charm", "charm#sat#workload-version", "operator",
	// "leader", a charm URL, ... Empty for the entity's own key.
	Suffix string
}

// ParseGlobalKey splits a global key into its kind, entity and suffix. The
// entity is the part up to the next '#', except for charm URLs and
// unit names, which never contain '#'. It reports false for keys with no
// '#', other than the model key "e".
func ParseGlobalKey(key string) (GlobalKey, bool) {
	if key == ModelKey {
		return GlobalKey{Kind: ModelKey}, true
	}
	kind, rest, ok := strings.Cut(key, "#")
	if !ok || kind == "" || rest == "" {
		return GlobalKey{}, false
	}
	id, suffix, _ := strings.Cut(rest, "#")
	return GlobalKey{Kind: kind, ID: id, Suffix: suffix}, true
}

// RelationKeyString builds a relation's key (relations _id local part)
// from its endpoints written "app:endpoint" with their roles: sorted
// requirer < provider < peer, then by string, joined by one space (ref §3).
func RelationKeyString(endpoints []RelationEndpointName) string {
	eps := append([]RelationEndpointName(nil), endpoints...)
	rank := func(role string) int {
		switch role {
		case "requirer":
			return 0
		case "provider":
			return 1
		case "peer":
			return 2
		}
		return 3
	}
	for i := 1; i < len(eps); i++ {
		for j := i; j > 0; j-- {
			a, b := eps[j-1], eps[j]
			ra, rb := rank(a.Role), rank(b.Role)
			if ra < rb || ra == rb && a.String() <= b.String() {
				break
			}
			eps[j-1], eps[j] = b, a
		}
	}
	parts := make([]string, len(eps))
	for i, e := range eps {
		parts[i] = e.String()
	}
	return strings.Join(parts, " ")
}

// RelationEndpointName names one endpoint of a relation for
// RelationKeyString.
type RelationEndpointName struct {
	Application, Name, Role string
}

// String gives "app:endpoint".
func (e RelationEndpointName) String() string { return e.Application + ":" + e.Name }
