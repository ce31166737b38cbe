// Package jujudoc holds the typed Go definition of every Juju controller
// document ferry reads or writes: structs with the bson tags of Juju's own
// state docs, named after them (state/machine.go machineDoc is MachineDoc,
// state/application.go applicationDoc is ApplicationDoc, ...), so that the
// layout is written down once. One file per group: machine.go and
// hardware.go (machines, instance data, block devices, opened ports,
// container refs, virtual host keys), application.go (applications, units
// and what hangs off them), charm.go (charms, with the LXD profile in
// lxdprofile.go), model.go (models, statuses, settings, constraints,
// annotations, users, sequences), network.go (spaces, subnets, devices,
// addresses, actions, operations, image metadata, permissions, external
// controllers), relation.go, storage.go and secret.go. Each field's
// comment says in which Juju releases it exists ("3.x" for the whole
// 3.4 – 3.6 line ferry supports, "3.6" or "3.6.N" for later additions);
// where Juju's doc has omitempty, so does the field here.
//
// The importer writes every document with these types. The exporter
// decodes with them only where that is not more than 10% slower than its
// hand-walked decoder (issue 11): on the benchmarks of export's
// typeddec_*_bench_test.go files every typed decode was 1.4x – 12x slower,
// so each hand decoder stays and carries its figure in its comment, and
// the typed decoders stay in those files, tested to read the same as the
// hand ones (TestTyped*MatchesHand / DecodeAsHand).
//
// The model-scoped structs carry no model-uuid or txn-revno, and their
// DocID is left empty by the importer, which adds the model-prefixed _id
// to every document (jujudb.DocID); global documents carry their own _id.
// Free-form parts (status data, settings, annotations) are bson.D with
// sorted keys, so that a document encodes the same bytes every time.
//
// Marshal and Unmarshal use the encoding Juju's mgo driver uses (nil slices
// and maps stored as empty, not null), and Unmarshal reports a field of the
// wrong type with its dotted path (FieldError), so that the exporter can
// name it.
package jujudoc
