// Package ferry moves Juju models between controllers.
//
// The work is split into packages that each do one thing, with data flowing
// one way, from a controller's MongoDB documents to a model tree to YAML and
// back:
//
//   - description: the model tree and its versioned YAML wire format,
//     compatible with github.com/juju/description/v5 v5.0.4.
//   - export: reads a model out of a Juju 3.x controller's MongoDB, one query
//     per collection, into the tree.
//   - import (package importer): writes a tree into a target controller's
//     MongoDB, all or nothing.
//   - cmd/ferry: the command-line tool over all of it.
package ferry
