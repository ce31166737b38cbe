// Package jujudoc holds typed Go definitions of Juju controller documents:
// structs with the bson tags of Juju's own state docs (state/machine.go
// machineDoc, ...), named after them, so that the layout is written down
// once. So far: machines (with the address, agent tools and base
// sub-documents every document uses) and virtualHostKeys. The importer
// writes with them; the exporter decodes with them except where its hand
// decoder is more than 10% faster (machines: export/decode_machines.go
// has the figures). Each field's comment says
// in which Juju releases it exists ("3.x" for the whole 3.4 – 3.6 line ferry
// supports); where Juju's doc has omitempty, so does the field here.
//
// The structs carry no model-uuid, txn-revno or model-prefixed _id: the
// importer adds them to every document (jujudb.DocID), and the exporter
// reads the _id itself to name the document in errors.
//
// Marshal and Unmarshal use the encoding Juju's mgo driver uses (nil slices
// and maps stored as empty, not null), and Unmarshal reports a field of the
// wrong type with its dotted path (FieldError), so that the exporter can
// name it.
package jujudoc
