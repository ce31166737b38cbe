// Package export reads one model out of a Juju 3.4–3.6 controller's MongoDB
// into ferry's model tree (package description).
//
// It reads in whole collections: one query per collection, filtered by the
// model's UUID (global collections by their own keys), never one query per
// entity, and joins the documents in memory. Juju's own exporter runs one
// query per entity for resources, unit states, SSH host keys, permissions
// and relation scopes; ferry reads each of those collections once. The
// number of queries an export sends therefore does not grow with the model.
//
// Documents are decoded straight from raw BSON, field by field, into the
// tree; nothing goes through bson.M. A document that is missing a field the
// export needs, holds a field of the wrong BSON type, or refers to an entity
// that does not exist gives an *Error naming the collection, the document's
// _id and the field. Export never panics on bad input and never returns a
// tree with entities silently left out.
//
// Reading goes through a Source, so that the same code runs on a live
// MongoDB (MongoSource) and on recorded documents (MemorySource), which is
// how the benchmarks measure ferry's own cost apart from the database's.
//
// A partial export (Options.Kinds) reads only the collections the named
// kinds of entity need: ferry status asks for machines, applications, units
// and relations and reads no storage, secrets or history.
//
// The layout read is described in shared/reference/juju-collections.md; the
// names and key builders come from internal/jujudb.
package export
