package jujudb

// SchemaGlobalCollections are every controller-wide collection of Juju's
// schema (ref §3), a superset of GlobalCollections: also the ones neither
// the exporter nor the importer reads or writes. Some of them (migrations)
// hold documents that name a model by model-uuid without belonging to it,
// so a sweep that removes a model's documents by model-uuid must leave
// them alone.
var SchemaGlobalCollections = append(append([]string(nil), GlobalCollections...),
	"migrations", "migrations.status", "migrations.active", "migrations.minionsync",
	"migrations.statusmessage",
	// ferry's own migration records (package migrate) name a model by
	// model-uuid but belong to the controller: an import's abort must
	// never delete them.
	"ferrymigrations", "ferrymigrations.active", "ferrymigrations.blobs",
	"txns", "txns.log", "txns.stash", "metrics", "metricsmanager", "bakeryStorageItems",
	"autocertCache", "upgradeInfo", "globalclock", "actionresults", "controllerusers",
	"storedResources", "sshConnRequests",
)

// IsSchemaGlobal reports whether coll is one of SchemaGlobalCollections.
func IsSchemaGlobal(coll string) bool {
	for _, c := range SchemaGlobalCollections {
		if c == coll {
			return true
		}
	}
	return false
}
