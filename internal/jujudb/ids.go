package jujudb

import "strings"

// DocID gives the _id of a model-scoped document: "<model-uuid>:<local>".
// As Juju does, the prefix is added only when local does not already carry
// it (ref §3).
func DocID(modelUUID, local string) string {
	if strings.HasPrefix(local, modelUUID+":") {
		return local
	}
	return modelUUID + ":" + local
}

// LocalID strips the "<model-uuid>:" prefix from a model-scoped _id. It
// reports false when id does not carry that model's prefix.
func LocalID(modelUUID, id string) (string, bool) {
	if len(id) > len(modelUUID) && id[len(modelUUID)] == ':' && id[:len(modelUUID)] == modelUUID {
		return id[len(modelUUID)+1:], true
	}
	return "", false
}

// SplitDocID splits a model-scoped _id at its first ':' into the model UUID
// and the local id, which may itself contain ':' (volume attachments
// "0:0/1"). It reports false when there is no ':'.
func SplitDocID(id string) (modelUUID, local string, ok bool) {
	return strings.Cut(id, ":")
}
