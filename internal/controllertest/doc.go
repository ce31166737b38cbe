// Package controllertest writes a Juju 3.x controller database for tests
// and benchmarks: WriteModel lays a model tree out as documents in the
// MongoDB layout of shared/reference/juju-collections.md, and Generate
// makes valid models of any size.
//
// The documents are written from the reference alone: field names are
// spelled out here, not taken from package export or internal/jujudb, so
// that the exporter is tested against the layout and not against ferry's
// own reading of it. It is independent of the importer for the same reason.
package controllertest
