package jujudoc

import "go.mongodb.org/mongo-driver/v2/bson"

// SecretMetadataDoc is a secretMetadata document (state/secrets.go
// secretMetadataDoc, ref §6.49); its local id is the secret's id. Times
// are bson.DateTime so that the zero time keeps mgo's zero datetime
// (jujudb.TimeToDateTime).
type SecretMetadataDoc struct {
	DocID          string         `bson:"_id,omitempty"`      // 3.x; the importer adds it
	Version        int32          `bson:"version"`            // 3.x
	OwnerTag       string         `bson:"owner-tag"`          // 3.x
	Description    string         `bson:"description"`        // 3.x
	Label          string         `bson:"label"`              // 3.x
	LatestRevision int32          `bson:"latest-revision"`    // 3.x
	LatestExpire   *bson.DateTime `bson:"latest-expire-time"` // 3.x; null when the latest revision does not expire
	RotatePolicy   string         `bson:"rotate-policy"`      // 3.x
	AutoPrune      bool           `bson:"auto-prune"`         // 3.x
	CreateTime     bson.DateTime  `bson:"create-time"`        // 3.x
	UpdateTime     bson.DateTime  `bson:"update-time"`        // 3.x
	// LatestRevisionChecksum is Juju 3.6's (secrets v2; docs/juju-layout.md:
	// (unsure) the tag was not found in the 3.6 sources reached), left out
	// when unknown, as older controllers have no such field.
	LatestRevisionChecksum string `bson:"latest-revision-checksum,omitempty"` // 3.6
}

// SecretRotationDoc is a secretRotate document (state/secrets.go
// secretRotationDoc): when an owner's secret is next rotated.
type SecretRotationDoc struct {
	DocID          string        `bson:"_id,omitempty"`    // 3.x; the importer adds it
	NextRotateTime bson.DateTime `bson:"next-rotate-time"` // 3.x
	OwnerTag       string        `bson:"owner-tag"`        // 3.x
}

// SecretRevisionDoc is a secretRevisions document (state/secrets.go
// secretRevisionDoc); its local id is "<secret id>/<revision>". Content
// lives either in Data (the internal backend) or behind ValueRef. The
// field order is Juju's. Juju declares data without omitempty; ferry's
// importer has always left it out when there is no content, and this
// keeps that layout. No revision checksum field was found in the
// secretRevisionDoc versions the search reached (3.6's checksum is the
// metadata's LatestRevisionChecksum).
type SecretRevisionDoc struct {
	DocID      string         `bson:"_id,omitempty"`         // 3.x; the importer adds it
	Revision   int32          `bson:"revision"`              // 3.x
	CreateTime bson.DateTime  `bson:"create-time"`           // 3.x
	UpdateTime bson.DateTime  `bson:"update-time"`           // 3.x
	ExpireTime *bson.DateTime `bson:"expire-time,omitempty"` // 3.x
	Obsolete   bool           `bson:"obsolete"`              // 3.x
	// Data maps escaped keys to the (base64) values, in key order.
	Data          bson.D          `bson:"data,omitempty"`            // 3.x
	ValueRef      *SecretValueRef `bson:"value-reference,omitempty"` // 3.x
	PendingDelete bool            `bson:"pending-delete"`            // 3.x
	OwnerTag      string          `bson:"owner-tag"`                 // 3.x
}

// SecretValueRef is where an external backend keeps a revision's content
// (state/secrets.go valueRefDoc).
type SecretValueRef struct {
	BackendID  string `bson:"backend-id"`  // 3.x
	RevisionID string `bson:"revision-id"` // 3.x
}

// SecretPermissionDoc is a secretPermissions document (state/secrets.go
// secretPermissionDoc); its local id is "<secret id>#<subject tag>".
type SecretPermissionDoc struct {
	DocID   string `bson:"_id,omitempty"` // 3.x; the importer adds it
	Scope   string `bson:"scope-tag"`     // 3.x
	Subject string `bson:"subject-tag"`   // 3.x
	Role    string `bson:"role"`          // 3.x
}

// SecretConsumerDoc is a secretConsumers document (state/secrets.go
// secretConsumerDoc); its local id is "<secret id>#<consumer tag>", or
// "<source model uuid>/<secret id>#<consumer tag>" for a secret of another
// model.
type SecretConsumerDoc struct {
	DocID           string `bson:"_id,omitempty"`    // 3.x; the importer adds it
	ConsumerTag     string `bson:"consumer-tag"`     // 3.x
	Label           string `bson:"label"`            // 3.x
	CurrentRevision int32  `bson:"current-revision"` // 3.x
	LatestRevision  int32  `bson:"latest-revision"`  // 3.x
}

// SecretRemoteConsumerDoc is a secretRemoteConsumers document: Juju stores
// secretConsumerDoc there too (state/secrets.go), and ferry writes it
// without the label, which a remote consumer does not have.
type SecretRemoteConsumerDoc struct {
	DocID           string `bson:"_id,omitempty"`    // 3.x; the importer adds it
	ConsumerTag     string `bson:"consumer-tag"`     // 3.x
	CurrentRevision int32  `bson:"current-revision"` // 3.x
	LatestRevision  int32  `bson:"latest-revision"`  // 3.x
}
