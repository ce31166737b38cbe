// Package importer writes a model tree (package description) into a target
// Juju 3.4–3.6 controller's MongoDB, in bulk, marked as importing, so that
// the target ends with either the whole model or nothing of it. The
// directory is import/; the package is importer, since import is a Go
// keyword.
//
// An import has three phases, all behind Importer.Import:
//
//   - Validate and precheck. The tree must pass description's Validate (a
//     model with a dangling reference is refused before the first write).
//     Precheck then reads a fixed handful of documents from the target and
//     lists every reason it cannot take the model (*PrecheckError): a model
//     with the same UUID, or the same owner and name; missing users, cloud,
//     region or credential; a controller older than the model's agent
//     version; missing secret backends.
//   - Build. Build turns the tree into a Plan: every document, as bson.D,
//     in the layout of shared/reference/juju-collections.md (cited "ref
//     §N"), with the bookkeeping Juju needs (sequences, refcounts, settings,
//     statuses and histories, permissions, modelEntityRefs, containerRefs,
//     providerIDs, charm documents, txn-revno on every transactional
//     document; ref §6.52). It is a pure function, tested without a
//     database.
//   - Write. The plan's steps run in the order of ref §8, the models
//     document first with migration-mode "importing", each collection's
//     documents in unordered InsertMany batches (Options.BatchSize): one
//     round trip per batch per collection, plus a small constant of global
//     updates.
//
// # All or nothing
//
// FerretDB has no multi-document transactions, so atomicity is built from
// three things:
//
//   - A journal. Each step is recorded before it runs; on any error the
//     import undoes the recorded steps newest first and returns a
//     *WriteError saying whether that cleanup completed.
//   - Findable leftovers. Every document an import writes can be found
//     from the database alone: model-scoped documents carry model-uuid, the
//     models document carries migration-mode "importing", and the global
//     documents an import creates or changes carry a mark (MarkerField)
//     recording what it did (inserted the document, added N to refcount,
//     added model UUIDs to a list), written in the same single-document
//     update as the change. Abort needs nothing else, so it works after
//     kill -9 or a lost connection, in a later process.
//   - Recovery on retry. Import finds a model with the same UUID left
//     importing and aborts it before writing; Abort removes it on demand
//     ('ferry abort-import'). Abort deletes in chunks FerretDB accepts,
//     removes the models document last (so an interrupted abort is
//     finished by the next), and never touches a model that is not
//     importing.
//
// # One import per model
//
// Import, Write, Abort and Activate each hold the model's lease (a
// document in LeaseCollection: owner, host, pid, heartbeat, expiry) while
// they work, renewing it every third of Options.LeaseTTL. Another holder
// is refused with a *LeaseHeldError naming it, until its lease expires
// (a killed process's lease expires after LeaseTTL); the crash cleanup at
// the start of an import runs only under the lease. The lease is taken by
// inserting a unique generation _id, then confirmed by reading the
// model's leases back, since FerretDB's conditional updates are not
// atomic; the shared refcount documents are updated under short locks
// for the same reason.
//
// Activate switches the model to active once the caller is satisfied,
// which is the commit point: it first checks that it holds the lease and
// that every collection holds what the finished write recorded in the
// models document; it then clears the marks.
//
// # Round trip
//
// Importing a tree and exporting it (package export, with Extended set and
// Leaders(m)) gives back the tree but for what the layout cannot carry;
// ExpectedExport applies exactly those differences, its comment explains
// them and Differences names each with the paths it changes.
//
// InitController makes a bare database a target: it writes the
// controller-level documents a freshly bootstrapped controller has and the
// model needs. DryRun imports into a scratch database on the same server
// and drops it.
package importer
