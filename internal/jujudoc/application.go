package jujudoc

import (
	"sort"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudb"
)

// Keyed is a map Juju stores as a sub-document (endpoint bindings, offer
// endpoints, charm state, storage constraints, port ranges). mgo writes a
// Go map in its random iteration order; Keyed writes the keys sorted by
// their unescaped form (jujudb.UnescapeKey), so that a document is
// written the same way every time. Escaping the keys is the caller's.
// It decodes as any map does.
type Keyed[V any] map[string]V

// MarshalBSON encodes the map with its keys sorted.
func (m Keyed[V]) MarshalBSON() ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return jujudb.UnescapeKey(keys[i]) < jujudb.UnescapeKey(keys[j]) })
	return marshalSorted(m, keys)
}

// RelationStates is a unit's relation state by relation id (decimal keys),
// written in numeric order of the ids as the importer has always written
// it.
type RelationStates map[string]string

// MarshalBSON encodes the map with its keys in numeric order (keys that
// are not numbers after those that are, in string order).
func (m RelationStates) MarshalBSON() ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.Atoi(keys[i])
		b, errB := strconv.Atoi(keys[j])
		switch {
		case errA == nil && errB == nil:
			return a < b
		case errA == nil || errB == nil:
			return errA == nil
		}
		return keys[i] < keys[j]
	})
	return marshalSorted(m, keys)
}

func marshalSorted[V any](m map[string]V, keys []string) ([]byte, error) {
	d := make(bson.D, len(keys))
	for i, k := range keys {
		d[i] = bson.E{Key: k, Value: m[k]}
	}
	return Marshal(d)
}

// CharmOriginDoc is an application's charm-origin sub-document
// (state/charmorigin.go charmOriginDoc, ref §6.15). ferry writes id and
// hash even when empty, and the platform's os and channel whenever the
// origin's platform string has those parts (possibly empty), hence the
// pointers where Juju has omitempty strings.
type CharmOriginDoc struct {
	Source   string        `bson:"source"`             // 3.x
	Type     string        `bson:"type"`               // 3.x
	ID       string        `bson:"id"`                 // 3.x
	Hash     string        `bson:"hash"`               // 3.x
	Revision *int32        `bson:"revision,omitempty"` // 3.x
	Channel  *CharmChannel `bson:"channel,omitempty"`  // 3.x
	Platform PlatformDoc   `bson:"platform"`           // 3.x
}

// PlatformDoc is a charm origin's platform (state/charmorigin.go
// platformDoc).
type PlatformDoc struct {
	Architecture string  `bson:"architecture,omitempty"` // 3.x
	OS           *string `bson:"os,omitempty"`           // 3.x
	Channel      *string `bson:"channel,omitempty"`      // 3.x
}

// ExposedEndpoint is one endpoint's exposure (state/application.go
// ExposedEndpoint).
type ExposedEndpoint struct {
	ExposeToSpaceIDs []string `bson:"to-space-ids,omitempty"` // 3.x
	ExposeToCIDRs    []string `bson:"to-cidrs,omitempty"`     // 3.x
}

// ProvisioningState is a CAAS application's scaling state
// (state/application.go ApplicationProvisioningState); null when unset.
type ProvisioningState struct {
	Scaling     bool  `bson:"scaling"`      // 3.x
	ScaleTarget int32 `bson:"scale-target"` // 3.x
}

// ApplicationDoc is an applications document (state/application.go
// applicationDoc, ref §6.14). Exposed endpoint keys are escaped
// (jujudb.EscapeKey).
type ApplicationDoc struct {
	DocID                string                 `bson:"_id,omitempty"`               // 3.x; the importer adds it
	Name                 string                 `bson:"name"`                        // 3.x
	Subordinate          bool                   `bson:"subordinate"`                 // 3.x
	CharmURL             string                 `bson:"charmurl"`                    // 3.x
	CharmOrigin          *CharmOriginDoc        `bson:"charm-origin"`                // 3.x
	CharmModifiedVersion int32                  `bson:"charmmodifiedversion"`        // 3.x
	ForceCharm           bool                   `bson:"forcecharm"`                  // 3.x
	Life                 int32                  `bson:"life"`                        // 3.x
	UnitCount            int32                  `bson:"unitcount"`                   // 3.x
	RelationCount        int32                  `bson:"relationcount"`               // 3.x
	MinUnits             int32                  `bson:"minunits"`                    // 3.x
	Tools                *Tools                 `bson:"tools,omitempty"`             // 3.x; CAAS pod-spec applications
	MetricCredentials    []byte                 `bson:"metric-credentials"`          // 3.x
	Exposed              bool                   `bson:"exposed"`                     // 3.x
	ExposedEndpoints     Keyed[ExposedEndpoint] `bson:"exposed-endpoints,omitempty"` // 3.x
	DesiredScale         int32                  `bson:"scale"`                       // 3.x
	PasswordHash         string                 `bson:"passwordhash"`                // 3.x
	ProvisioningState    *ProvisioningState     `bson:"provisioning-state"`          // 3.x
	Placement            string                 `bson:"placement,omitempty"`         // 3.x
	HasResources         bool                   `bson:"has-resources,omitempty"`     // 3.x
	// StorageUniqueID is absent, not empty, when unknown: Juju's upgrade
	// step fills in the applications that lack it (docs/juju-layout.md).
	StorageUniqueID string `bson:"storage-unique-id,omitempty"` // 3.6 (applications v14)
}

// UnitDoc is a units document (state/unit.go unitDoc, ref §6.16).
type UnitDoc struct {
	DocID                  string   `bson:"_id,omitempty"`          // 3.x; the importer adds it
	Name                   string   `bson:"name"`                   // 3.x
	Base                   *Base    `bson:"base,omitempty"`         // 3.x
	Application            string   `bson:"application"`            // 3.x
	CharmURL               string   `bson:"charmurl"`               // 3.x
	Principal              string   `bson:"principal"`              // 3.x
	Subordinates           []string `bson:"subordinates"`           // 3.x
	StorageAttachmentCount int32    `bson:"storageattachmentcount"` // 3.x
	MachineID              string   `bson:"machineid"`              // 3.x
	Resolved               string   `bson:"resolved"`               // 3.x
	Tools                  *Tools   `bson:"tools,omitempty"`        // 3.x
	Life                   int32    `bson:"life"`                   // 3.x
	PasswordHash           string   `bson:"passwordhash"`           // 3.x
}

// MeterStatusDoc is a meterStatus document (state/meterstatus.go
// meterStatusDoc), keyed by the unit agent's global key.
type MeterStatusDoc struct {
	DocID string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Code  string `bson:"code"`          // 3.x
	Info  string `bson:"info"`          // 3.x
}

// EndpointBindingsDoc is an endpointbindings document
// (state/endpoint_bindings.go endpointBindingsDoc): space id by escaped
// endpoint name, "" for the application's default.
type EndpointBindingsDoc struct {
	DocID    string        `bson:"_id,omitempty"` // 3.x; the importer adds it
	Bindings Keyed[string] `bson:"bindings"`      // 3.x
}

// PayloadDoc is a payloads document (state/payloads_persistence.go
// payloadDoc).
type PayloadDoc struct {
	DocID     string   `bson:"_id,omitempty"` // 3.x; the importer adds it
	UnitID    string   `bson:"unitid"`        // 3.x
	Name      string   `bson:"name"`          // 3.x
	MachineID string   `bson:"machine-id"`    // 3.x
	Type      string   `bson:"type"`          // 3.x
	RawID     string   `bson:"rawid"`         // 3.x
	State     string   `bson:"state"`         // 3.x
	Labels    []string `bson:"labels"`        // 3.x
}

// PodSpecDoc is a podSpecs document (state/podspec.go containerSpecDoc).
type PodSpecDoc struct {
	DocID          string `bson:"_id,omitempty"`   // 3.x; the importer adds it
	Spec           string `bson:"spec"`            // 3.x
	RawSpec        string `bson:"raw-spec"`        // 3.x
	UpgradeCounter int32  `bson:"upgrade-counter"` // 3.x
}

// CloudServiceDoc is a cloudservices document (state/cloudservice.go
// cloudServiceDoc).
type CloudServiceDoc struct {
	DocID                 string    `bson:"_id,omitempty"`           // 3.x; the importer adds it
	ProviderID            string    `bson:"provider-id"`             // 3.x
	Addresses             []Address `bson:"addresses"`               // 3.x
	Generation            int64     `bson:"generation"`              // 3.x
	DesiredScaleProtected bool      `bson:"desired-scale-protected"` // 3.x
}

// CloudContainerDoc is a cloudcontainers document
// (state/cloudcontainer.go cloudContainerDoc); the address is null when
// unknown.
type CloudContainerDoc struct {
	DocID      string   `bson:"_id,omitempty"` // 3.x; the importer adds it
	ProviderID string   `bson:"provider-id"`   // 3.x
	Address    *Address `bson:"address"`       // 3.x
	Ports      []string `bson:"ports"`         // 3.x
}

// UnitStateDoc is a unitstates document (state/unitstate.go unitStateDoc).
// Charm state keys are escaped; relation state is keyed by relation id.
type UnitStateDoc struct {
	DocID            string         `bson:"_id,omitempty"`         // 3.x; the importer adds it
	CharmState       Keyed[string]  `bson:"charm-state,omitempty"` // 3.x
	UniterState      string         `bson:"uniter-state"`          // 3.x
	RelationState    RelationStates `bson:"relation-state"`        // 3.x
	StorageState     string         `bson:"storage-state"`         // 3.x
	SecretState      string         `bson:"secret-state"`          // 3.x
	MeterStatusState string         `bson:"meter-status-state"`    // 3.x
}

// ResourceDoc is a resources document (state/resources_mongo.go
// resourceDoc, ref §6.24). Times are mgo datetimes, mgo's zero datetime
// for unset.
type ResourceDoc struct {
	DocID         string        `bson:"_id,omitempty"`              // 3.x; the importer adds it
	ID            string        `bson:"resource-id"`                // 3.x
	PendingID     string        `bson:"pending-id"`                 // 3.x
	ApplicationID string        `bson:"application-id"`             // 3.x
	UnitID        string        `bson:"unit-id,omitempty"`          // 3.x
	Name          string        `bson:"name"`                       // 3.x
	Type          string        `bson:"type"`                       // 3.x
	Path          string        `bson:"path"`                       // 3.x
	Description   string        `bson:"description"`                // 3.x
	Origin        string        `bson:"origin"`                     // 3.x
	Revision      int32         `bson:"revision"`                   // 3.x
	Fingerprint   []byte        `bson:"fingerprint"`                // 3.x
	Size          int64         `bson:"size"`                       // 3.x
	Username      string        `bson:"username"`                   // 3.x
	Timestamp     bson.DateTime `bson:"timestamp-when-added"`       // 3.x
	StoragePath   string        `bson:"storage-path"`               // 3.x
	LastPolled    bson.DateTime `bson:"timestamp-when-last-polled"` // 3.x
}

// ApplicationOfferDoc is an applicationOffers document
// (state/applicationoffers.go applicationOfferDoc): endpoint by escaped
// alias.
type ApplicationOfferDoc struct {
	DocID                  string        `bson:"_id,omitempty"`           // 3.x; the importer adds it
	OfferUUID              string        `bson:"offer-uuid"`              // 3.x
	OfferName              string        `bson:"offer-name"`              // 3.x
	ApplicationName        string        `bson:"application-name"`        // 3.x
	ApplicationDescription string        `bson:"application-description"` // 3.x
	Endpoints              Keyed[string] `bson:"endpoints"`               // 3.x
}

// StorageConstraint is one storage directive (state/storage.go
// StorageConstraints); size in MiB.
type StorageConstraint struct {
	Pool  string `bson:"pool"`  // 3.x
	Size  int64  `bson:"size"`  // 3.x (uint64 in Juju, stored as int64)
	Count int64  `bson:"count"` // 3.x (uint64 in Juju, stored as int64)
}

// StorageConstraintsDoc is a storageconstraints document (state/storage.go
// storageConstraintsDoc), keyed by storage name.
type StorageConstraintsDoc struct {
	DocID       string                   `bson:"_id,omitempty"` // 3.x; the importer adds it
	Constraints Keyed[StorageConstraint] `bson:"constraints"`   // 3.x
}

// DeviceConstraint is one device directive (state/devices.go
// DeviceConstraints).
type DeviceConstraint struct {
	Type       string            `bson:"type"`       // 3.x
	Count      int64             `bson:"count"`      // 3.x
	Attributes map[string]string `bson:"attributes"` // 3.x
}

// DeviceConstraintsDoc is a deviceConstraints document (state/devices.go
// deviceConstraintsDoc). ferry writes it empty, as Juju's import does for
// a model without devices.
type DeviceConstraintsDoc struct {
	DocID       string                  `bson:"_id,omitempty"` // 3.x; the importer adds it
	Constraints Keyed[DeviceConstraint] `bson:"constraints"`   // 3.x
}

// RefcountDoc is a refcounts document (state/refcounts_ns.go refcountDoc).
type RefcountDoc struct {
	DocID    string `bson:"_id,omitempty"` // 3.x; the importer adds it
	RefCount int32  `bson:"refcount"`      // 3.x
}
