// Package migrate moves a Juju model from one controller to another, end
// to end, through its controllers' MongoDB databases: the job ferry exists
// for.
//
// A migration runs these phases (Phases), each recorded on the source
// controller before it starts and after it ends:
//
//  1. Precheck: both controllers are checked, waiting up to a grace period
//     for a busy model to settle. The source model must be alive and not
//     migrating; every machine provisioned with its agent up; every unit
//     deployed with its agent up and not mid-upgrade; nothing dying or
//     dead; every agent on the model's version; every blob it uses stored.
//     The target must be another controller, at least as new as the
//     model's agents, without a model of that UUID or owner and name, and
//     with the cloud, credential, users and secret backends the model
//     needs. A model that fails is refused with the list of what failed.
//  2. Quiesce: the source model goes into migration mode "exporting" (as
//     in Juju, which then refuses changes to it), is exported from the
//     source (package export), and is checked again on the documents that
//     export read: the checks pass on exactly what moves, without reading
//     the model a second time.
//  3. Import: the export is imported into the target (package importer),
//     marked "importing", which hides it from Juju on the target.
//  4. Binaries: the charm archives, agent binaries and resources it uses
//     (file resources, pending uploads, and OCI images' blobs where the
//     store has one) are copied between the blob stores with their
//     catalogue entries, each checked by its SHA-256; data the target
//     already has is not copied again (internal/blobstore). The resource
//     records the description does not carry go with them: OCI image
//     details (dockerResources) and pending resources.
//  5. Logs: the model's log is copied in batches, resumably
//     (internal/modellogs).
//  6. Validate: the target's model is exported and compared with what the
//     source's predicts, and every blob and resource record is looked
//     for; any difference fails the migration, naming it.
//  7. Switchover: the target model is activated (the commit point) and
//     the source records the redirect, in Juju's migrations collections,
//     naming the target controller.
//  8. Cleanup: the model's documents, blobs no other model uses and log
//     are removed from the source.
//
// On FerretDB every query but one by _id alone scans its whole collection,
// so a migration reads each collection as few times as it can: the
// import's export of the source notes how many documents of each
// collection it read, and their _ids, and records a delete plan that the
// cleanup follows without counting first (chunkdel.Plan); the
// validation's export of the target counts what the activation would
// count again (importer.ActivateCounted); the checks' reads run
// concurrently. bench/migrate.sh measures the whole against its floor.
//
// Before the switch-over a migration can be aborted, on request (Abort) or
// on any error: every phase that ran is undone, newest first, and the
// target holds nothing of the model while the source model is active
// again. After it there is no abort, only completion.
//
// The records live in the source's "juju" database: ferrymigrations (one
// Record per migration, _id "<model-uuid>:<attempt>"),
// ferrymigrations.active (one document per model being migrated, which
// is what refuses a second migration of it, and where abort requests go)
// and ferrymigrations.blobs (each migration's blob manifest). Only the
// process running a migration writes its record: FerretDB applies an
// update by rewriting the whole document, so two concurrent updates of
// one document can lose one of them. A process running a migration keeps
// a heartbeat in its record; Resume takes over a migration whose process
// is gone (killed, crashed, cancelled) and finishes it, or finishes its
// abort, with nothing but the two databases: every phase and every undo
// can run again over a partial earlier run.
//
// DryRun rehearses a migration without writing anything to the source and
// nothing but scratch databases (dropped at the end) to the target.
//
// The databases may be MongoDB or FerretDB. Writes follow FerretDB's
// limits: no multi-document transactions, bulk inserts of whole documents,
// deletes by model in chunks, and single-document updates only for the
// handful of documents that need them.
package migrate
