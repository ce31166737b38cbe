// Package description is ferry's model tree and its YAML wire format.
//
// The tree (Model and the entity types under it) is the hub: every version of
// the format is read into it and only the current version is written from it,
// byte for byte as github.com/juju/description/v5 v5.0.4 writes the same
// model, so that a file either tool writes, the other reads with nothing lost.
//
// Versions are per entity, as in juju/description: every list of entities is
// wrapped as {version: N, <list>: [...]} and a few entities (status,
// constraints, tools, addresses, ...) carry their own version key. Each
// entity type has a table of its keys per version (see decode.go); reading
// decodes the version found and then runs that entity's upgrade steps, one
// small function per version step, up to the current version.
//
// Reading keeps positions: every error names the file, the line and column,
// and the path of the bad value in the tree, e.g.
//
//	model.yaml:812:7: applications[2].units[0].machine: machine "17" does not exist
//
// Errors are collected rather than stopping at the first, come back as an
// ErrorList of *Error, and match the sentinel of their kind with errors.Is
// (ErrUnknownField, ErrVersion, ErrReference, ...).
//
// Unlike juju/description, ferry rejects keys an entity does not have at its
// version (juju drops them silently), validates in time linear in the
// model's size, and does not panic on the inputs listed in its reference
// notes; differences are listed in the README under "Differences from
// juju/description".
package description
