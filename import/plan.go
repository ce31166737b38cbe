package importer

import (
	"go.mongodb.org/mongo-driver/v2/bson"
)

// StepKind says what a Step does to the target.
type StepKind int

const (
	// Insert inserts Docs into Collection with unordered InsertMany
	// batches.
	Insert StepKind = iota
	// Increment adds N to the refcount field of the document ID in the
	// global Collection (globalRefcounts, controllers), recording N in the
	// document's ferry-import marker in the same atomic update so that an
	// abort can take exactly that much back, even after a crash.
	Increment
	// ExternalController inserts an externalControllers document, or adds
	// the model UUIDs it lacks to an existing one (marked as Increment is).
	ExternalController
	// CreateLogs creates the model's capped log collection logs.<uuid> in
	// the logs database.
	CreateLogs
	// ImageMetadata writes Docs into the global cloudimagemetadata
	// collection one by one, as Juju's import does (state
	// migration_import.go cloudimagemetadata(), per
	// juju-import-semantics.md row 8): a document is inserted, but one
	// whose _id (its attribute key) the target already holds only gets
	// its image_id changed, the old value kept in the marker for the undo.
	ImageMetadata
)

// String names the kind for progress and errors.
func (k StepKind) String() string {
	switch k {
	case Insert:
		return "insert"
	case Increment:
		return "increment"
	case ExternalController:
		return "external-controller"
	case CreateLogs:
		return "create-logs"
	case ImageMetadata:
		return "image-metadata"
	}
	return "unknown"
}

// Step is one write of an import: the documents of one collection, or one
// update of a global document. Steps run in Plan order.
type Step struct {
	Kind       StepKind
	Collection string
	// Global is set for controller-wide collections, whose documents carry
	// no model-uuid and so are undone by _id or by marker.
	Global bool
	// Docs are the documents an Insert or ImageMetadata step writes, as
	// bson.D.
	Docs []bson.D
	// ID and N: an Increment of refcount by N on the document ID. Upsert
	// creates the document when missing (Juju's create-or-increment).
	ID     string
	N      int
	Upsert bool
	// Doc is the document an ExternalController step writes when the
	// controller is unknown to the target, and Models the model UUIDs it
	// adds to the controller's document when the target knows it.
	Doc    bson.D
	Models []string
}

// Plan is every write of one model's import, in order: the output of Build
// and the input of the write phase. Building it touches no database, so it
// is tested, measured and inspected on its own.
type Plan struct {
	ModelUUID string
	ModelName string
	Owner     string
	Cloud     string
	Steps     []Step
}

// Docs returns the number of documents the plan inserts.
func (p *Plan) Docs() int {
	n := 0
	for _, s := range p.Steps {
		n += len(s.Docs)
	}
	return n
}

// InsertCounts returns the number of documents inserted (or, for image
// metadata the target already holds, changed) per collection.
func (p *Plan) InsertCounts() map[string]int {
	out := map[string]int{}
	for _, s := range p.Steps {
		if s.Kind == Insert || s.Kind == ImageMetadata {
			out[s.Collection] += len(s.Docs)
		}
	}
	return out
}

// Batches returns the number of insert batches the plan needs with the
// given batch size: the bound on the import's insert round trips.
func (p *Plan) Batches(batchSize int) int {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	n := 0
	for _, s := range p.Steps {
		if s.Kind == Insert && len(s.Docs) > 0 {
			n += (len(s.Docs) + batchSize - 1) / batchSize
		}
	}
	return n
}
