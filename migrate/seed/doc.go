// Package seed writes realistic Juju models into controller databases, for
// ferry's demo, its "ferry seed" command and the migration tests.
//
// Model makes a valid model of a preset size with every kind of entity a
// production model has (machines with containers, applications with a
// subordinate, relations of every scope, storage, resources, payloads, an
// offer, secrets, status histories). Write lays it out in a controller as
// Juju would hold it: the documents in the "juju" database (through
// internal/controllertest), charm archives, agent binaries and resources in
// the blob store, and log entries in the model's log collection.
package seed
