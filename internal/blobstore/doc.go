// Package blobstore reads and writes a Juju controller's blob store, where
// charm archives, agent binaries and resource blobs live (ref §7), and
// copies a model's blobs from one controller to another.
//
// The store has three parts, all of which a blob needs:
//
//   - the data, in the GridFS bucket "blobstore" of the database
//     "blobstore" (collections blobstore.files and blobstore.chunks),
//     under a random file name;
//   - the catalogue juju.storedResources, keyed by the SHA-384 of the data:
//     its GridFS file name, length and a reference count;
//   - the per-model path index juju.managedStoredResources: one document
//     per model ("bucket") and path, naming the catalogue entry. Its _id and
//     path are "buckets/<model-uuid>/<path>".
//
// Data are shared: two models (or one model at two paths) that store the
// same bytes share one catalogue entry and one GridFS file, and the entry's
// refcount is the number of path documents naming it. This package keeps
// that invariant by recounting rather than incrementing: after it adds or
// removes path documents it sets each touched entry's refcount to the
// number of path documents that name it. Recounting is idempotent, which is
// what lets a copy or a removal cut short by a crash simply be run again.
//
// Writes follow FerretDB's limits: no multi-document transactions, and few
// single-document updates (they are slow there), so documents are written
// whole with inserts and only the touched catalogue entries are updated.
package blobstore
