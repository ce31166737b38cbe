package description

import (
	"time"

	"github.com/modelferry/ferry/internal/yamlemit"
)

// Secret is a secret owned by the model, an application or a unit. Its
// times, and its revisions' times, are read in UTC, as juju/description
// reads them.
type Secret struct {
	ID              string
	Version         int // secret-version
	Description     string
	Label           string
	RotatePolicy    string
	Owner           string // a tag
	AutoPrune       bool
	Created         time.Time
	Updated         time.Time
	Revisions       []*SecretRevision
	ACL             map[string]SecretAccess
	Consumers       []*SecretConsumer
	RemoteConsumers []*SecretRemoteConsumer
	NextRotateTime  *time.Time
	// LatestRevisionChecksum is the checksum of the latest revision's
	// content (secrets v2, Juju 3.6).
	LatestRevisionChecksum string
}

// SecretRevision is one revision of a secret's content, held inline or in a
// secret backend.
type SecretRevision struct {
	Number        int
	Created       time.Time
	Updated       time.Time
	Obsolete      bool
	PendingDelete bool
	Content       map[string]string
	ValueRef      *SecretValueRef
	ExpireTime    *time.Time
}

// SecretValueRef points at a secret revision held in a backend.
type SecretValueRef struct {
	BackendID  string
	RevisionID string
}

// SecretAccess is one grant of access to a secret.
type SecretAccess struct {
	Scope string
	Role  string
}

// SecretConsumer is a local consumer of a secret.
type SecretConsumer struct {
	Consumer        string
	Label           string
	CurrentRevision int
}

// SecretRemoteConsumer is a consumer of a secret in another model.
type SecretRemoteConsumer struct {
	ID              string
	Consumer        string
	CurrentRevision int
}

// RemoteSecret is a secret of another model this model consumes.
type RemoteSecret struct {
	ID              string
	SourceUUID      string
	Consumer        string
	Label           string
	CurrentRevision int
	LatestRevision  int
}

// secretAccessFormat reads one value of a secret's acl map.
var secretAccessFormat = &entity[SecretAccess]{
	name: "secret-access", writes: 1, reads: []int{1, 2},
	fields: []field[SecretAccess]{
		{key: "scope", req: true, typ: "string", dec: func(d *decoder, n *node, a *SecretAccess) { a.Scope = d.str(n) }},
		{key: "role", req: true, typ: "string", dec: func(d *decoder, n *node, a *SecretAccess) { a.Role = d.str(n) }},
	},
}

// secretConsumerFormat: juju/description declares label optional but
// panics without it (it always writes it); ferry reads a missing label as
// empty, which is what juju's schema means.
var secretConsumerFormat = &entity[SecretConsumer]{
	name: "secret-consumer", writes: 1, reads: []int{1, 2},
	fields: []field[SecretConsumer]{
		{key: "consumer", req: true, typ: "string", dec: func(d *decoder, n *node, c *SecretConsumer) { c.Consumer = d.str(n) }},
		{key: "label", typ: "string", dec: func(d *decoder, n *node, c *SecretConsumer) { c.Label = d.str(n) }},
		{key: "current-revision", req: true, typ: "int", dec: func(d *decoder, n *node, c *SecretConsumer) { c.CurrentRevision = d.int(n) }},
	},
}

var secretRemoteConsumerFormat = &entity[SecretRemoteConsumer]{
	name: "secret-remote-consumer", writes: 1, reads: []int{1, 2},
	fields: []field[SecretRemoteConsumer]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, c *SecretRemoteConsumer) { c.ID = d.str(n) }},
		{key: "consumer", req: true, typ: "string", dec: func(d *decoder, n *node, c *SecretRemoteConsumer) { c.Consumer = d.str(n) }},
		{key: "current-revision", req: true, typ: "int", dec: func(d *decoder, n *node, c *SecretRemoteConsumer) { c.CurrentRevision = d.int(n) }},
	},
}

var secretValueRefFormat = &entity[SecretValueRef]{
	name: "value-ref", writes: 1, reads: []int{1},
	fields: []field[SecretValueRef]{
		{key: "backend-id", req: true, typ: "string", dec: func(d *decoder, n *node, r *SecretValueRef) { r.BackendID = d.str(n) }},
		{key: "revision-id", req: true, typ: "string", dec: func(d *decoder, n *node, r *SecretValueRef) { r.RevisionID = d.str(n) }},
	},
}

// readSecretValueRef reads a value-ref; juju/description rejects one whose
// backend or revision id is empty, and so does ferry.
func readSecretValueRef(d *decoder, n *node) *SecretValueRef {
	r := new(SecretValueRef)
	m := d.mark()
	secretValueRefFormat.decode(d, n, 1, r)
	if d.okSince(m) && (r.BackendID == "" || r.RevisionID == "") {
		d.fail(n, KindInvalid, nil, "incomplete value-ref: backend-id and revision-id must both be set")
	}
	return r
}

var secretRevisionFormat = &entity[SecretRevision]{
	name: "secret-revision", writes: 1, reads: []int{1, 2},
	fields: []field[SecretRevision]{
		{key: "number", req: true, typ: "int", dec: func(d *decoder, n *node, r *SecretRevision) { r.Number = d.int(n) }},
		{key: "create-time", req: true, typ: "time", dec: func(d *decoder, n *node, r *SecretRevision) { r.Created = d.time(n).UTC() }},
		{key: "update-time", req: true, typ: "time", dec: func(d *decoder, n *node, r *SecretRevision) { r.Updated = d.time(n).UTC() }},
		{key: "obsolete", typ: "bool", dec: func(d *decoder, n *node, r *SecretRevision) { r.Obsolete = d.bool(n) }},
		{key: "pending-delete", typ: "bool", dec: func(d *decoder, n *node, r *SecretRevision) { r.PendingDelete = d.bool(n) }},
		// juju/description panics on a non-string content value; ferry
		// reports it as a type error.
		{key: "content", typ: "map[string]string", dec: func(d *decoder, n *node, r *SecretRevision) { r.Content = d.stringMap(n) }},
		{key: "value-ref", typ: "ref:value-ref@1", dec: func(d *decoder, n *node, r *SecretRevision) { r.ValueRef = readSecretValueRef(d, n) }},
		// juju/description v4 wrote backend-id for a revision held in a
		// secret backend. v5 has no place for it without the revision id
		// that came with it, and juju v5 drops it; so does ferry, knowingly
		// (the README lists it under the differences the format cannot carry).
		{key: "backend-id", typ: "string", dec: func(d *decoder, n *node, r *SecretRevision) { d.str(n) }},
		{key: "expire-time", typ: "time", dec: func(d *decoder, n *node, r *SecretRevision) { r.ExpireTime = readOptionalUTC(d, n) }},
	},
}

// readSecretList reads a list of unwrapped entities inside a secret; they
// follow the version of the secrets list, as in juju/description.
func readSecretList[T any](d *decoder, n *node, e *entity[T]) []*T {
	if !d.sequence(n) {
		return nil
	}
	v := d.ver
	out := make([]*T, len(n.Children()))
	for i := range n.Children() {
		d.pushIndex(i)
		out[i] = new(T)
		e.decode(d, &n.Children()[i], v, out[i])
		d.pop()
	}
	return out
}

func readSecretACL(d *decoder, n *node) map[string]SecretAccess {
	if !d.mapping(n) || len(n.Children()) == 0 {
		return nil // as for readSecretList
	}
	v := d.ver
	out := make(map[string]SecretAccess, len(n.Children())/2)
	for i := 0; i < len(n.Children()); i += 2 {
		k := d.key(&n.Children()[i])
		d.push(k)
		var a SecretAccess
		secretAccessFormat.decode(d, &n.Children()[i+1], v, &a)
		out[k] = a
		d.pop()
	}
	return out
}

// secretFormat follows juju/description v5.0.4: rotate-policy, auto-prune,
// acl, consumers and remote-consumers are optional on read and left out on
// write when empty.
var secretFormat = &entity[Secret]{
	name: "secret", writes: 2, reads: []int{1, 2},
	fields: []field[Secret]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, s *Secret) { s.ID = d.str(n) }},
		{key: "secret-version", req: true, typ: "int", dec: func(d *decoder, n *node, s *Secret) { s.Version = d.int(n) }},
		{key: "description", req: true, typ: "string", dec: func(d *decoder, n *node, s *Secret) { s.Description = d.str(n) }},
		{key: "label", req: true, typ: "string", dec: func(d *decoder, n *node, s *Secret) { s.Label = d.str(n) }},
		{key: "rotate-policy", typ: "string", dec: func(d *decoder, n *node, s *Secret) { s.RotatePolicy = d.str(n) }},
		{key: "owner", req: true, typ: "string", dec: func(d *decoder, n *node, s *Secret) { s.Owner = d.str(n) }},
		{key: "auto-prune", typ: "bool", dec: func(d *decoder, n *node, s *Secret) { s.AutoPrune = d.bool(n) }},
		{key: "create-time", req: true, typ: "time", dec: func(d *decoder, n *node, s *Secret) { s.Created = d.time(n).UTC() }},
		{key: "update-time", req: true, typ: "time", dec: func(d *decoder, n *node, s *Secret) { s.Updated = d.time(n).UTC() }},
		{key: "revisions", req: true, typ: "[]ref:secret-revision", dec: func(d *decoder, n *node, s *Secret) {
			s.Revisions = readSecretList(d, n, secretRevisionFormat)
		}},
		{key: "acl", typ: "map[string]ref:secret-access", dec: func(d *decoder, n *node, s *Secret) { s.ACL = readSecretACL(d, n) }},
		{key: "consumers", typ: "[]ref:secret-consumer", dec: func(d *decoder, n *node, s *Secret) {
			s.Consumers = omitEmpty(readSecretList(d, n, secretConsumerFormat))
		}},
		{key: "remote-consumers", typ: "[]ref:secret-remote-consumer", dec: func(d *decoder, n *node, s *Secret) {
			s.RemoteConsumers = omitEmpty(readSecretList(d, n, secretRemoteConsumerFormat))
		}},
		{key: "next-rotate-time", typ: "time", dec: func(d *decoder, n *node, s *Secret) { s.NextRotateTime = readOptionalUTC(d, n) }},
		// v2 (juju/description v5.2.0, v7 and later): juju always writes
		// it, "" when unset, but reads it as optional.
		{key: "latest-revision-checksum", since: 2, typ: "string", dec: func(d *decoder, n *node, s *Secret) { s.LatestRevisionChecksum = d.str(n) }},
	},
}

func writeSecretRevision(e *encoder, r *SecretRevision) {
	e.w.BeginMapping()
	e.int("number", r.Number)
	e.time("create-time", r.Created)
	e.time("update-time", r.Updated)
	e.boolOmit("obsolete", r.Obsolete)
	e.boolOmit("pending-delete", r.PendingDelete)
	e.stringMapOmit("content", r.Content)
	if r.ValueRef != nil {
		e.w.Key("value-ref")
		e.w.BeginMapping()
		e.str("backend-id", r.ValueRef.BackendID)
		e.str("revision-id", r.ValueRef.RevisionID)
		e.w.EndMapping()
	}
	writeOptionalTime(e, "expire-time", r.ExpireTime)
	e.w.EndMapping()
}

func writeSecret(e *encoder, s *Secret) {
	e.w.BeginMapping()
	e.str("id", s.ID)
	e.int("secret-version", s.Version)
	e.str("description", s.Description)
	e.str("label", s.Label)
	e.strOmit("rotate-policy", s.RotatePolicy)
	e.str("owner", s.Owner)
	e.boolOmit("auto-prune", s.AutoPrune)
	e.time("create-time", s.Created)
	e.time("update-time", s.Updated)
	e.w.Key("revisions")
	e.w.BeginSequence()
	for _, r := range s.Revisions {
		writeSecretRevision(e, r)
	}
	e.w.EndSequence()
	if len(s.ACL) > 0 {
		e.w.Key("acl")
		e.w.BeginMapping()
		for _, k := range yamlemit.SortedKeys(s.ACL) {
			a := s.ACL[k]
			e.w.Key(k)
			e.w.BeginMapping()
			e.str("scope", a.Scope)
			e.str("role", a.Role)
			e.w.EndMapping()
		}
		e.w.EndMapping()
	}
	if len(s.Consumers) > 0 {
		e.w.Key("consumers")
		e.w.BeginSequence()
		for _, c := range s.Consumers {
			e.w.BeginMapping()
			e.str("consumer", c.Consumer)
			e.str("label", c.Label)
			e.int("current-revision", c.CurrentRevision)
			e.w.EndMapping()
		}
		e.w.EndSequence()
	}
	if len(s.RemoteConsumers) > 0 {
		e.w.Key("remote-consumers")
		e.w.BeginSequence()
		for _, c := range s.RemoteConsumers {
			e.w.BeginMapping()
			e.str("id", c.ID)
			e.str("consumer", c.Consumer)
			e.int("current-revision", c.CurrentRevision)
			e.w.EndMapping()
		}
		e.w.EndSequence()
	}
	writeOptionalTime(e, "next-rotate-time", s.NextRotateTime)
	if e.t.Secrets >= 2 {
		e.str("latest-revision-checksum", s.LatestRevisionChecksum)
	}
	e.w.EndMapping()
}

// remoteSecretFormat: as for secret consumers, juju/description panics on a
// missing label that its schema declares optional; ferry reads it as empty.
var remoteSecretFormat = &entity[RemoteSecret]{
	name: "remote-secret", writes: 1, reads: []int{1},
	fields: []field[RemoteSecret]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteSecret) { r.ID = d.str(n) }},
		{key: "source-uuid", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteSecret) { r.SourceUUID = d.str(n) }},
		{key: "consumer", req: true, typ: "string", dec: func(d *decoder, n *node, r *RemoteSecret) { r.Consumer = d.str(n) }},
		{key: "label", typ: "string", dec: func(d *decoder, n *node, r *RemoteSecret) { r.Label = d.str(n) }},
		{key: "current-revision", req: true, typ: "int", dec: func(d *decoder, n *node, r *RemoteSecret) { r.CurrentRevision = d.int(n) }},
		{key: "latest-revision", req: true, typ: "int", dec: func(d *decoder, n *node, r *RemoteSecret) { r.LatestRevision = d.int(n) }},
	},
}

func writeRemoteSecret(e *encoder, r *RemoteSecret) {
	e.w.BeginMapping()
	e.str("id", r.ID)
	e.str("source-uuid", r.SourceUUID)
	e.str("consumer", r.Consumer)
	e.str("label", r.Label)
	e.int("current-revision", r.CurrentRevision)
	e.int("latest-revision", r.LatestRevision)
	e.w.EndMapping()
}

// omitEmpty reads an empty list as nil, for lists the writer leaves out
// when empty (omitempty): reading "consumers: []" as nil keeps a
// read-write-read cycle stable.
func omitEmpty[T any](xs []*T) []*T {
	if len(xs) == 0 {
		return nil
	}
	return xs
}
