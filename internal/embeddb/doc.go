// Package embeddb runs FerretDB with its SQLite backend inside the current
// process, so that ferry's CLI and tests have a MongoDB-compatible server on
// a machine where no database is installed.
//
// The server speaks the MongoDB wire protocol on a loopback TCP address and
// keeps its data in SQLite files in a directory of the caller's choosing.
// It has no authentication, so it should listen on loopback only.
//
// Only the CLI and tests may use this package: the library packages
// (description, export, import) talk to any MongoDB through the official
// driver and must not depend on FerretDB.
//
// FerretDB's limits matter to callers: there are no multi-document
// transactions, and a delete matching too many documents fails, so large
// deletes must be done in chunks.
package embeddb
