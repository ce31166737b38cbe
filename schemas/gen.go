// Package schemas holds the JSON Schemas (draft 2020-12) of ferry's model
// description format, generated from the entity tables of package
// description by description.JSONSchema:
//
//	model.json        a document in any model version ferry reads
//	model-v<N>.json   a document in model version N (model-v10.json is the
//	                  version ferry writes)
//
// Inside a document every collection and self-versioned entity may be at
// any version ferry reads; each schema is self-contained. The files are
// committed; after changing an entity table run
//
//	go generate ./schemas
//
// and commit the result. TestCommittedSchemasAreUpToDate fails while they
// are stale. FS gives the committed files to programs.
package schemas

import "embed"

//go:generate go run ./gen

// FS holds the committed schema files, by the names above.
//
//go:embed *.json
var FS embed.FS
