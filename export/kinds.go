package export

import (
	"fmt"
	"strings"
)

// Kind is a set of kinds of entity an export covers. Each kind names the
// collections it needs; a partial export reads only those.
type Kind uint32

// Kinds of entity. Machines, Applications, Units and Relations are the
// core; the rest add parts of the model or of those entities.
const (
	// Model: sequences, blocks and the cloud credential (the model
	// document, with its SLA and meter status, the model config and the
	// model status are always read).
	Model Kind = 1 << iota
	// Users: model users with their access and last connection.
	Users
	// Machines: machines, containers, instances, block devices, opened ports.
	Machines
	// Applications: applications with their charm origin, bindings,
	// storage directives, CAAS pod specs and cloud services.
	Applications
	// Units: units with meter status and CAAS cloud containers (implies
	// Applications).
	Units
	// Relations: relations and their endpoints; with Settings, the
	// application and unit settings of every endpoint.
	Relations
	// RemoteApplications: applications consumed from other models.
	RemoteApplications
	// Offers: application offers and their ACLs (implies Applications).
	Offers
	// Resources: application and unit resources (implies Units).
	Resources
	// Payloads: unit payloads (implies Units).
	Payloads
	// UnitState: charm, uniter, relation, storage and meter-status state of
	// units (implies Units).
	UnitState
	// Storage: volumes, filesystems, storage instances and pools.
	Storage
	// Network: spaces, subnets, link-layer devices and IP addresses.
	Network
	// CrossModel: remote entities, relation networks, offer connections and
	// external controllers.
	CrossModel
	// Actions: actions and operations.
	Actions
	// SSHHostKeys: machines' SSH host keys, and Juju 3.6's virtual host
	// keys.
	SSHHostKeys
	// CloudImageMetadata: the controller's cached image metadata.
	CloudImageMetadata
	// Secrets: secrets, their revisions, grants and consumers, and secrets
	// consumed from other models.
	Secrets
	// Settings: charm, application and leader settings of applications, and
	// relation settings. Without it only the model config is read.
	Settings
	// Annotations of every entity.
	Annotations
	// Constraints of the model, machines, applications and units.
	Constraints
	// StatusHistory: the newest Options.StatusHistoryLimit entries of each
	// entity's status history.
	StatusHistory

	kindEnd
)

// All is every kind: a full export, validated as Juju validates one.
const All = kindEnd - 1

// StatusKinds is what ferry status needs: the model and its machines,
// applications, units, relations and remote applications, with statuses
// but no history, settings, storage or secrets.
const StatusKinds = Machines | Applications | Units | Relations | RemoteApplications

var kindNames = []string{
	"model", "users", "machines", "applications", "units", "relations",
	"remote-applications", "offers", "resources", "payloads", "unit-state",
	"storage", "network", "cross-model", "actions", "ssh-host-keys",
	"cloud-image-metadata", "secrets", "settings", "annotations",
	"constraints", "status-history",
}

// String lists the kinds, e.g. "machines,units".
func (k Kind) String() string {
	if k == All {
		return "all"
	}
	var parts []string
	for i, n := range kindNames {
		if k&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// ParseKinds parses a comma-separated list of kind names (as String writes
// them, or "all").
func ParseKinds(s string) (Kind, error) {
	var k Kind
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if p == "all" {
			k |= All
			continue
		}
		found := false
		for i, n := range kindNames {
			if n == p {
				k |= 1 << i
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown kind %q (want %s or all)", p, strings.Join(kindNames, ", "))
		}
	}
	return k, nil
}

// closure adds the kinds that the given ones depend on.
func (k Kind) closure() Kind {
	if k == 0 {
		return All
	}
	if k&(Resources|Payloads|UnitState) != 0 {
		k |= Units
	}
	if k&(Units|Offers) != 0 {
		k |= Applications
	}
	// Relations name remote applications, and external controllers are
	// found through them.
	if k&(Relations|CrossModel) != 0 {
		k |= RemoteApplications
	}
	return k
}

func (k Kind) has(x Kind) bool { return k&x != 0 }
