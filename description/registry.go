package description

// entitySpec is the non-generic view of an entity table, for the tests that
// keep the tables honest, the version table in the README and the JSON
// Schema generator.
type entitySpec interface {
	entityName() string
	writeVersion() int
	readVersions() []int
	readsVersion(v int) bool
	// fieldsAt lists the keys read at version v, in table order.
	fieldsAt(v int) []FieldInfo
	selfVersionedEntity() bool
}

// FieldInfo describes one key of an entity at one version.
type FieldInfo struct {
	Key      string
	Required bool
	Type     string // wire type, in the language documented on field (decode.go)
}

func (e *entity[T]) entityName() string        { return e.name }
func (e *entity[T]) writeVersion() int         { return e.writes }
func (e *entity[T]) readVersions() []int       { return e.reads }
func (e *entity[T]) readsVersion(v int) bool   { return e.supports(v) }
func (e *entity[T]) selfVersionedEntity() bool { return e.selfVersioned }
func (e *entity[T]) fieldsAt(v int) []FieldInfo {
	var out []FieldInfo
	for i := range e.fields {
		f := &e.fields[i]
		if f.readAt(v) {
			out = append(out, FieldInfo{Key: f.key, Required: f.requiredAt(v), Type: f.typ})
		}
	}
	return out
}

// allEntities lists every entity table of the format, the model first.
func allEntities() []entitySpec {
	return []entitySpec{
		modelFormat, userFormat, slaFormat, meterStatusFormat,
		statusFormat, statusPointFormat, constraintsFormat, agentToolsFormat, addressFormat,
		cloudCredentialFormat, cloudInstanceFormat, blockDeviceFormat, portRangeFormat,
		legacySubnetFormat, legacyPortFormat,
		machineFormat, applicationFormat, unitFormat, charmOriginFormat, cloudServiceFormat,
		cloudContainerFormat, provisioningStateFormat, exposedEndpointFormat, storageDirectiveFormat,
		offerFormat, resourceFormat, resourceRevisionFormat, unitResourceFormat, payloadFormat,
		relationFormat, endpointFormat,
		spaceFormat, subnetFormat, linkLayerDeviceFormat, ipAddressFormat, sshHostKeyFormat,
		cloudImageMetadataFormat,
		actionFormat, actionMessageFormat, operationFormat,
		volumeFormat, volumeAttachmentFormat, volumeAttachmentPlanFormat, volumePlanInfoFormat,
		filesystemFormat, filesystemAttachmentFormat, storageFormat, storageConstraintsFormat, storagePoolFormat,
		remoteApplicationFormat, remoteEndpointFormat, remoteSpaceFormat, remoteEntityFormat,
		relationNetworkFormat, offerConnectionFormat, externalControllerFormat, firewallRuleFormat,
		secretFormat, secretRevisionFormat, secretValueRefFormat, secretAccessFormat,
		secretConsumerFormat, secretRemoteConsumerFormat, remoteSecretFormat,
		charmMetadataFormat, charmRelationFormat, charmStorageFormat, charmDeviceFormat,
		charmPayloadFormat, charmResourceFormat, charmContainerFormat, charmMountFormat,
		charmManifestFormat, charmBaseFormat, charmActionsFormat, charmActionFormat,
		charmConfigsFormat, charmConfigFormat, virtualHostKeyFormat,
	}
}

// EntityVersion says which versions of one entity type ferry reads and
// which it writes.
type EntityVersion struct {
	Entity string
	Writes int
	Reads  []int
	// OwnVersion is true for entities that carry their own version key;
	// the others take the version of the list (or map) wrapped around them.
	OwnVersion bool
}

// EntityVersions lists every entity type of the format with its versions,
// in the order of allEntities. The README's table is checked against it.
func EntityVersions() []EntityVersion {
	specs := allEntities()
	out := make([]EntityVersion, len(specs))
	for i, s := range specs {
		out[i] = EntityVersion{Entity: s.entityName(), Writes: s.writeVersion(), Reads: s.readVersions(), OwnVersion: s.selfVersionedEntity()}
	}
	return out
}

// Fields lists the keys of entity at version v (nil when there is no such
// entity or version). The schemas/ generator builds on it.
func Fields(entity string, v int) []FieldInfo {
	for _, s := range allEntities() {
		if s.entityName() == entity && s.readsVersion(v) {
			return s.fieldsAt(v)
		}
	}
	return nil
}
