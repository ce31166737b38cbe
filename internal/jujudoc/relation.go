package jujudoc

import "go.mongodb.org/mongo-driver/v2/bson"

// RemoteApplicationDoc is a remoteApplications document
// (state/remoteapplication.go remoteApplicationDoc, ref §6.26): an
// application offered by another model and consumed here, or (a consumer
// proxy) the consuming side of one of this model's offers.
type RemoteApplicationDoc struct {
	DocID                string              `bson:"_id,omitempty"`          // 3.x; the importer adds it
	Name                 string              `bson:"name"`                   // 3.x
	OfferUUID            string              `bson:"offer-uuid"`             // 3.x
	URL                  string              `bson:"url,omitempty"`          // 3.x
	SourceControllerUUID string              `bson:"source-controller-uuid"` // 3.x; ferry writes ""
	SourceModelUUID      string              `bson:"source-model-uuid"`      // 3.x
	Endpoints            []RemoteEndpointDoc `bson:"endpoints"`              // 3.x
	Spaces               []RemoteSpaceDoc    `bson:"spaces"`                 // 3.x
	// Bindings maps escaped endpoint names to space ids, in key order
	// (a bson.D, so that the stored order does not depend on Go's map
	// order).
	Bindings        bson.D `bson:"bindings"`           // 3.x
	Life            int32  `bson:"life"`               // 3.x
	RelationCount   int32  `bson:"relationcount"`      // 3.x
	IsConsumerProxy bool   `bson:"is-consumer-proxy"`  // 3.x
	Version         int32  `bson:"version"`            // 3.x: the consume version
	Macaroon        string `bson:"macaroon,omitempty"` // 3.x
}

// RemoteEndpointDoc is an endpoint of a remote application
// (state/remoteapplication.go remoteEndpointDoc).
type RemoteEndpointDoc struct {
	Name      string `bson:"name"`      // 3.x
	Role      string `bson:"role"`      // 3.x
	Interface string `bson:"interface"` // 3.x
	Limit     int32  `bson:"limit"`     // 3.x
	Scope     string `bson:"scope"`     // 3.x
}

// RemoteSpaceDoc is a space of a remote application
// (state/remoteapplication.go remoteSpaceDoc).
type RemoteSpaceDoc struct {
	CloudType  string `bson:"cloud-type"`  // 3.x
	Name       string `bson:"name"`        // 3.x
	ProviderID string `bson:"provider-id"` // 3.x
	// ProviderAttributes is free-form, keys escaped, in key order.
	ProviderAttributes bson.D            `bson:"provider-attributes"` // 3.x
	Subnets            []RemoteSubnetDoc `bson:"subnets"`             // 3.x
}

// RemoteSubnetDoc is a subnet of a remote space
// (state/remoteapplication.go remoteSubnetDoc).
type RemoteSubnetDoc struct {
	CIDR              string   `bson:"cidr"`                // 3.x
	ProviderID        string   `bson:"provider-id"`         // 3.x
	VLANTag           int32    `bson:"vlan-tag"`            // 3.x
	AvailabilityZones []string `bson:"availability-zones"`  // 3.x
	ProviderSpaceID   string   `bson:"provider-space-id"`   // 3.x
	ProviderNetworkID string   `bson:"provider-network-id"` // 3.x
}

// RelationDoc is a relations document (state/relation.go relationDoc).
type RelationDoc struct {
	DocID           string                `bson:"_id,omitempty"`    // 3.x; the importer adds it
	Key             string                `bson:"key"`              // 3.x
	ID              int32                 `bson:"id"`               // 3.x
	Endpoints       []RelationEndpointDoc `bson:"endpoints"`        // 3.x
	Life            int32                 `bson:"life"`             // 3.x
	UnitCount       int32                 `bson:"unitcount"`        // 3.x
	Suspended       bool                  `bson:"suspended"`        // 3.x
	SuspendedReason string                `bson:"suspended-reason"` // 3.x
}

// RelationEndpointDoc is one endpoint of a relation (state/endpoint.go
// Endpoint: the application's name and the charm's relation, as
// charm.Relation stores it).
type RelationEndpointDoc struct {
	ApplicationName string        `bson:"applicationname"` // 3.x
	Relation        CharmRelation `bson:"relation"`        // 3.x
}

// RelationScopeDoc is a relationscopes document (state/relationunit.go
// relationScopeDoc): a unit in a relation's scope; its key is its local id.
type RelationScopeDoc struct {
	DocID     string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Key       string `bson:"key"`           // 3.x
	Departing bool   `bson:"departing"`     // 3.x
}

// RemoteEntityDoc is a remoteEntities document (state/remoteentities.go
// remoteEntityDoc): the token another model knows an entity of this one
// by. Its local id is the entity's tag.
type RemoteEntityDoc struct {
	DocID    string `bson:"_id,omitempty"`      // 3.x; the importer adds it
	Token    string `bson:"token"`              // 3.x
	Macaroon string `bson:"macaroon,omitempty"` // 3.x
}

// OfferConnectionDoc is an applicationOfferConnections document
// (state/offerconnections.go offerConnectionDoc); its local id is the
// relation id.
type OfferConnectionDoc struct {
	DocID           string `bson:"_id,omitempty"`     // 3.x; the importer adds it
	RelationID      int32  `bson:"relation-id"`       // 3.x
	RelationKey     string `bson:"relation-key"`      // 3.x
	OfferUUID       string `bson:"offer-uuid"`        // 3.x
	UserName        string `bson:"username"`          // 3.x
	SourceModelUUID string `bson:"source-model-uuid"` // 3.x
}

// RelationNetworksDoc is a relationNetworks document
// (state/relationnetworks.go relationNetworksDoc): the CIDRs a cross-model
// relation's ingress or egress is allowed from.
type RelationNetworksDoc struct {
	DocID       string   `bson:"_id,omitempty"` // 3.x; the importer adds it
	RelationKey string   `bson:"relation-key"`  // 3.x
	CIDRs       []string `bson:"cidrs"`         // 3.x
}
