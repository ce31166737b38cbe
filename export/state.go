package export

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// exporter holds one export's decoded documents until the tree is built.
// Each collection's reader fills only its own fields.
type exporter struct {
	ctx       context.Context
	src       Source
	uuid      string
	opts      Options
	kinds     Kind
	histLimit int
	rawOnly   bool
	rawDocs   atomic.Int64

	model modelDoc

	statuses    map[string]*description.Status
	history     map[string][]histEntry
	settings    map[string]map[string]any
	storageCons map[string]map[string]description.StorageDirective
	annotations map[string]map[string]string
	constraints map[string]*description.Constraints
	blocks      map[string]string
	sequences   map[string]int

	modelUsers []*modelUserDoc
	lastConn   map[string]time.Time // lower-case user name

	machines     []*machineDoc
	instances    map[string]*description.CloudInstance
	blockDevices map[string][]description.BlockDevice
	machinePorts map[string]map[string]map[string][]description.PortRange
	appPorts     map[string]map[string]map[string][]description.PortRange

	apps            []*appDoc
	charms          map[string]*charmDoc
	units           []*unitDoc
	meterStatus     map[string][2]string
	bindings        map[string]map[string]string
	payloads        map[string][]*payloadDoc
	podSpecs        map[string]string
	cloudServices   map[string]*description.CloudService
	cloudContainers map[string]*description.CloudContainer
	unitStates      map[string]*unitStateDoc
	resources       map[string][]*resourceDoc
	offers          []*offerDoc

	remoteApps []*remoteAppDoc
	relations  []*relationDoc
	scopes     map[string]bool

	remoteEntities []*description.RemoteEntity
	offerConns     []*description.OfferConnection
	relNetworks    []*description.RelationNetwork

	spaces  []*description.Space
	subnets []*description.Subnet
	ipAddrs []*ipAddrDoc
	devices []*description.LinkLayerDevice
	sshKeys map[string][]string
	// virtualHostKeys are Juju 3.6's (virtualHostKeys), read with the
	// model's SSH host keys.
	virtualHostKeys []*description.VirtualHostKey
	actions         []*description.Action
	operations      []*description.Operation
	images          []*imageDoc

	volumes     []*volumeDoc
	volAtts     map[string][]*volAttDoc
	volPlans    map[string][]*volPlanDoc
	filesystems []*fsDoc
	fsAtts      map[string][]*fsAttDoc
	storages    []*storageDoc
	storageAtts map[string][]string

	secrets         []*secretDoc
	secretRevs      map[string][]*description.SecretRevision
	secretPerms     map[string]map[string]description.SecretAccess
	secretConsumers map[string][]*description.SecretConsumer
	secretRemote    map[string][]*description.SecretRemoteConsumer
	remoteSecrets   []*remoteSecretDoc
	secretRotate    map[string]*time.Time

	// Phase two: global documents found through phase one's.
	perms          []permission
	users          map[string]bool // lower-case local user -> deleted
	usersSeen      map[string]bool
	credential     *description.CloudCredential
	credentialSeen bool
	backendID      string
	backendSeen    bool
	extControllers []*description.ExternalController
}

func newExporter(ctx context.Context, src Source, uuid string, opts Options) *exporter {
	x := &exporter{ctx: ctx, src: src, uuid: uuid, opts: opts, kinds: opts.Kinds.closure()}
	switch {
	case opts.StatusHistoryLimit == 0:
		x.histLimit = DefaultStatusHistoryLimit
	case opts.StatusHistoryLimit < 0:
		x.histLimit = 0
	default:
		x.histLimit = opts.StatusHistoryLimit
	}
	if x.histLimit == 0 {
		x.kinds &^= StatusHistory
	}
	x.makeMaps()
	return x
}

// makeMaps makes the maps the decoders fill, in one place, so that a
// decoder can run on any exporter newExporter gives (the read phases and
// the decode benchmarks alike).
func (x *exporter) makeMaps() {
	x.statuses = map[string]*description.Status{}
	x.history = map[string][]histEntry{}
	x.settings = map[string]map[string]any{}
	x.annotations = map[string]map[string]string{}
	x.constraints = map[string]*description.Constraints{}
	x.blocks = map[string]string{}
	x.sequences = map[string]int{}
	x.lastConn = map[string]time.Time{}
	x.instances = map[string]*description.CloudInstance{}
	x.blockDevices = map[string][]description.BlockDevice{}
	x.machinePorts = map[string]map[string]map[string][]description.PortRange{}
	x.appPorts = map[string]map[string]map[string][]description.PortRange{}
	x.sshKeys = map[string][]string{}
	x.charms = map[string]*charmDoc{}
	x.bindings = map[string]map[string]string{}
	x.storageCons = map[string]map[string]description.StorageDirective{}
	x.podSpecs = map[string]string{}
	x.cloudServices = map[string]*description.CloudService{}
	x.meterStatus = map[string][2]string{}
	x.cloudContainers = map[string]*description.CloudContainer{}
	x.unitStates = map[string]*unitStateDoc{}
	x.payloads = map[string][]*payloadDoc{}
	x.resources = map[string][]*resourceDoc{}
	x.scopes = map[string]bool{}
	x.volAtts = map[string][]*volAttDoc{}
	x.volPlans = map[string][]*volPlanDoc{}
	x.fsAtts = map[string][]*fsAttDoc{}
	x.storageAtts = map[string][]string{}
	x.secretRevs = map[string][]*description.SecretRevision{}
	x.secretPerms = map[string]map[string]description.SecretAccess{}
	x.secretConsumers = map[string][]*description.SecretConsumer{}
	x.secretRemote = map[string][]*description.SecretRemoteConsumer{}
	x.secretRotate = map[string]*time.Time{}
	x.users = map[string]bool{}
	x.usersSeen = map[string]bool{}
}

type modelDoc struct {
	id, name, typ, owner string
	life                 int
	migrationMode        string
	environVersion       int
	cloud, region        string
	credential           string
	availableTools       string
	slaLevel, slaOwner   string
	slaCreds             []byte
	meterCode, meterInfo string
	passwordHash         string
}

type histEntry struct {
	s   description.Status
	oid []byte // raw _id value, for ordering ties
}

type modelUserDoc struct {
	docID, user, displayName, createdBy string
	created                             time.Time
}

type machineDoc struct {
	docID string
	m     *description.Machine
}

type appDoc struct {
	docID     string
	a         *description.Application
	charmURL  string
	tools     *description.AgentTools
	origin    originDoc
	hasOrigin bool
}

type originDoc struct {
	source, id, hash    string
	revision            *int
	track, risk, branch string
	hasChannel          bool
	arch, os, channel   string
}

type charmDoc struct {
	docID, url           string
	placeholder, pending bool
	sidecar              bool
	endpoints            map[string]bool
	// data is the charm's own data; nil for a stub (jujudoc.CharmDoc.Stub)
	// or a charm document without metadata.
	data *jujudoc.CharmDoc
}

type unitDoc struct {
	docID, app string
	u          *description.Unit
	tools      *description.AgentTools
}

type payloadDoc struct {
	docID, unit, machine string
	p                    *description.Payload
}

type unitStateDoc struct {
	charmState                                  map[string]string
	relationState                               map[int]string
	uniterState, storageState, meterStatusState string
}

type resourceDoc struct {
	docID, local, resourceID, name, unitID, pendingID string
	lastPolled                                        bool
	rev                                               *description.ResourceRevision
}

type offerDoc struct {
	docID, app string
	o          *description.ApplicationOffer
}

type remoteAppDoc struct {
	docID string
	r     *description.RemoteApplication
}

type relationDoc struct {
	docID string
	r     *description.Relation
}

type ipAddrDoc struct {
	local string
	a     *description.IPAddress
}

type imageDoc struct {
	docID string
	c     *description.CloudImageMetadata
}

type volumeDoc struct {
	docID, local    string
	v               *description.Volume
	attachmentCount int
}

type volAttDoc struct {
	docID string
	a     *description.VolumeAttachment
}

type volPlanDoc struct {
	docID string
	p     *description.VolumeAttachmentPlan
}

type fsDoc struct {
	docID, local    string
	f               *description.Filesystem
	attachmentCount int
}

type fsAttDoc struct {
	docID string
	a     *description.FilesystemAttachment
}

type storageDoc struct {
	docID, local string
	s            *description.Storage
}

type secretDoc struct {
	docID string
	s     *description.Secret
}

type remoteSecretDoc struct {
	docID string
	r     *description.RemoteSecret
}
