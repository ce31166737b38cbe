// Package jujudb describes the MongoDB layout of a Juju 3.4–3.6 controller:
// database and collection names, which collections are model-scoped, how
// document ids and global keys are built and taken apart, how map keys are
// escaped, the integer enumerations Juju stores, and how it stores times.
//
// It is plain functions and constants with no I/O, shared by the exporter
// (which reads the layout) and the importer (which writes it), so that both
// agree on one reading of the reference (shared/reference/juju-collections.md,
// cited below as "ref §N"). Where the reference is unsure, the comment says so.
package jujudb
