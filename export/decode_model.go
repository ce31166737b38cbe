package export

import (
	"bytes"
	"strings"
	"time"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// idField reads the current field as a string _id and strips the model
// prefix, recording an error when the prefix is not this model's.
func (x *exporter) idField(d *dec) (full, local string) {
	full = d.str()
	if !d.ok() {
		return "", ""
	}
	l, ok := jujudb.LocalID(x.uuid, full)
	if !ok {
		d.failHere(ErrInvalid, "does not start with the model's UUID %q", x.uuid+":")
	}
	return full, l
}

// decodeModel reads the models document.
// It stays a hand decoder (internal/jujudoc.ModelDoc is the typed definition
// the importer writes with): BenchmarkDecodeModel, 2,000 models docs (3
// distinct), same run on 2 loaded cores, best of 3: typed 22.1 ms, hand 3.0
// ms (7.4x).
func (x *exporter) decodeModel(d *dec) {
	m := &x.model
	var seenType, seenOwner bool
	for d.next() {
		switch string(d.key()) {
		case "_id":
			m.id = d.str()
		case "name":
			m.name = d.str()
		case "type":
			m.typ, seenType = d.str(), true
		case "life":
			m.life = d.int()
		case "owner":
			m.owner, seenOwner = d.str(), true
		case "migration-mode":
			m.migrationMode = d.str()
		case "environ-version":
			m.environVersion = d.int()
		case "cloud":
			m.cloud = d.str()
		case "cloud-region":
			m.region = d.str()
		case "cloud-credential":
			m.credential = d.str()
		case "available-tools":
			m.availableTools = d.str()
		case "passwordhash":
			m.passwordHash = d.str()
		case "sla":
			if s, ok := d.subDoc(); ok {
				for s.next() {
					switch string(s.key()) {
					case "level":
						m.slaLevel = s.str()
					case "owner":
						m.slaOwner = s.str()
					case "credentials":
						m.slaCreds = s.binary()
					}
				}
			}
		case "meter-status":
			if s, ok := d.subDoc(); ok {
				for s.next() {
					switch string(s.key()) {
					case "code":
						m.meterCode = s.str()
					case "info":
						m.meterInfo = s.str()
					}
				}
			}
		}
	}
	if !seenType {
		d.missing("type")
	} else if m.typ != "iaas" && m.typ != "caas" {
		d.fail("type", ErrInvalid, "model type %q is neither iaas nor caas", m.typ)
	}
	if !seenOwner || m.owner == "" {
		d.missing("owner")
	}
}

// decodeStatus reads a statuses document; Juju's exporter requires every
// one of status, statusinfo, statusdata (a document, not null) and updated
// (int64 nanoseconds), and so does ferry.
// It stays a hand decoder (internal/jujudoc.StatusDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 18,720
// statuses docs, same run on 2 loaded cores, best of 3: typed 157.9 ms, hand
// 85.3 ms (1.9x).
func (x *exporter) decodeStatus(d *dec) {
	var local string
	s := &description.Status{}
	var seen uint8
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
			seen |= 1
		case "status":
			s.Value = d.str()
			seen |= 2
		case "statusinfo":
			s.Message = d.str()
			seen |= 4
		case "statusdata":
			if d.isNull() {
				d.typeErr("document")
				break
			}
			if m := d.anyMap(false); len(m) > 0 {
				s.Data = m
			}
			seen |= 8
		case "updated":
			s.Updated = jujudb.NanosToTime(d.nanos())
			seen |= 16
		}
	}
	for i, f := range []string{"_id", "status", "statusinfo", "statusdata", "updated"} {
		if seen&(1<<i) == 0 {
			d.missing(f)
		}
	}
	if d.ok() {
		x.statuses[local] = s
	}
}

// decodeHistory reads a statuseshistory document.
// It stays a hand decoder (internal/jujudoc.HistoricalStatusDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 28,980
// statuseshistory docs, same run on 2 loaded cores, best of 3: typed 292.3
// ms, hand 203.9 ms (1.4x).
func (x *exporter) decodeHistory(d *dec) {
	var key string
	var e histEntry
	var seen uint8
	for d.next() {
		switch string(d.key()) {
		case "_id":
			e.oid = append([]byte{byte(d.v.Type)}, d.v.Data...)
		case "globalkey":
			key = d.str()
			seen |= 1
		case "status":
			e.s.Value = d.str()
		case "statusinfo":
			e.s.Message = d.str()
		case "statusdata":
			if m := d.anyMap(false); len(m) > 0 {
				e.s.Data = m
			}
		case "updated":
			e.s.Updated = jujudb.NanosToTime(d.nanos())
			seen |= 2
		}
	}
	if seen&1 == 0 {
		d.missing("globalkey")
	}
	if seen&2 == 0 {
		d.missing("updated")
	}
	if d.ok() {
		x.history[key] = append(x.history[key], e)
	}
}

// compareHistory orders history newest first, then by _id descending, as
// Juju's exporter sorts it ("-updated", "-_id").
func compareHistory(a, b *histEntry) int {
	if c := b.s.Updated.Compare(a.s.Updated); c != 0 {
		return c
	}
	return bytes.Compare(b.oid, a.oid)
}

// decodeSettings reads a settings document.
// It stays a hand decoder (internal/jujudoc.SettingsDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 4,203 settings
// docs, same run on 2 loaded cores, best of 3: typed 28.5 ms, hand 9.0 ms
// (3.2x).
func (x *exporter) decodeSettings(d *dec) {
	var local string
	var settings map[string]any
	seen := false
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "settings":
			seen = true
			settings = d.anyMap(true)
		}
	}
	if !seen {
		d.missing("settings")
	}
	if d.ok() {
		if settings == nil {
			settings = map[string]any{}
		}
		x.settings[local] = settings
	}
}

// decodeStorageConstraints reads an application's storageconstraints
// document (internal/jujudoc.StorageConstraintsDoc is its typed definition,
// which the importer writes with). It stays a hand decoder because the typed
// decode is slower by more than issue 11's 10%:
// BenchmarkDecodeEntities/storageconstraints, 2,000 documents, same run on 2
// loaded cores (best of 3): typed 3.1 ms, hand 1.3 ms (2.5x).
func (x *exporter) decodeStorageConstraints(d *dec) {
	var local string
	out := map[string]description.StorageDirective{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "constraints":
			s, ok := d.subDoc()
			if !ok {
				break
			}
			for s.next() {
				name := string(s.key())
				c, ok := s.subDoc()
				if !ok {
					continue
				}
				var sd description.StorageDirective
				for c.next() {
					switch string(c.key()) {
					case "pool":
						sd.Pool = c.str()
					case "size":
						sd.Size = c.uint()
					case "count":
						sd.Count = c.uint()
					}
				}
				out[name] = sd
			}
		}
	}
	if d.ok() {
		x.storageCons[local] = out
	}
}

// decodeAnnotations reads an annotations document.
// It stays a hand decoder (internal/jujudoc.AnnotationsDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 2,000
// annotations docs (4 distinct), same run on 2 loaded cores, best of 3:
// typed 25.8 ms, hand 2.4 ms (10.8x).
func (x *exporter) decodeAnnotations(d *dec) {
	var key string
	var ann map[string]string
	seen := false
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "globalkey":
			key, seen = d.str(), true
		case "annotations":
			ann = d.stringMap(false)
		}
	}
	if !seen {
		d.missing("globalkey")
	}
	if d.ok() && len(ann) > 0 {
		x.annotations[key] = ann
	}
}

// decodeConstraints reads a constraints document.
// It stays a hand decoder (internal/jujudoc.ConstraintsDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 2,000
// constraints docs (4 distinct), same run on 2 loaded cores, best of 3:
// typed 20.5 ms, hand 3.2 ms (6.4x).
func (x *exporter) decodeConstraints(d *dec) {
	var local string
	c := &description.Constraints{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			_, local = x.idField(d)
		case "arch":
			c.Architecture = d.str()
		case "cpucores":
			c.CPUCores = d.uint()
		case "cpupower":
			c.CPUPower = d.uint()
		case "mem":
			c.Memory = d.uint()
		case "rootdisk":
			c.RootDisk = d.uint()
		case "rootdisksource":
			c.RootDiskSource = d.str()
		case "instancetype":
			c.InstanceType = d.str()
		case "container":
			c.Container = d.str()
		case "tags":
			c.Tags = nilIfEmpty(d.strings())
		case "spaces":
			c.Spaces = nilIfEmpty(d.strings())
		case "zones":
			c.Zones = nilIfEmpty(d.strings())
		case "virttype":
			c.VirtType = d.str()
		case "allocatepublicip":
			c.AllocatePublicIP = d.boolean()
		case "imageid":
			c.ImageID = d.str()
		}
	}
	if d.ok() {
		// As in juju/description, all-empty constraints are no constraints.
		if constraintsEmpty(c) {
			c = nil
		}
		x.constraints[local] = c
	}
}

func constraintsEmpty(c *description.Constraints) bool {
	return !c.AllocatePublicIP && c.Architecture == "" && c.Container == "" && c.CPUCores == 0 &&
		c.CPUPower == 0 && c.ImageID == "" && c.InstanceType == "" && c.Memory == 0 && c.RootDisk == 0 &&
		c.RootDiskSource == "" && len(c.Spaces) == 0 && len(c.Tags) == 0 && len(c.Zones) == 0 && c.VirtType == ""
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// decodeBlock reads a blocks document.
// It stays a hand decoder (internal/jujudoc.BlockDoc is the typed definition
// the importer writes with): BenchmarkDecodeModel, 2,000 blocks docs (2
// distinct), same run on 2 loaded cores, best of 3: typed 14.5 ms, hand 1.2
// ms (12.1x).
func (x *exporter) decodeBlock(d *dec) {
	var typ int
	var msg string
	seen := false
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "type":
			typ, seen = d.int(), true
		case "message":
			msg = d.str()
		}
	}
	if !seen {
		d.missing("type")
	}
	if d.ok() {
		x.blocks[jujudb.BlockType(typ).MigrationValue()] = msg
	}
}

// decodeSequence reads a sequence document.
// It stays a hand decoder (internal/jujudoc.SequenceDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 2,000 sequence
// docs (254 distinct), same run on 2 loaded cores, best of 3: typed 5.3 ms,
// hand 2.0 ms (2.6x).
func (x *exporter) decodeSequence(d *dec) {
	var name string
	var counter int
	var seen uint8
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "name":
			name = d.str()
			seen |= 1
		case "counter":
			counter = d.int()
			seen |= 2
		}
	}
	if seen&1 == 0 {
		d.missing("name")
	}
	if seen&2 == 0 {
		d.missing("counter")
	}
	if d.ok() {
		x.sequences[name] = counter
	}
}

// decodeModelUser reads a modelusers document.
// It stays a hand decoder (internal/jujudoc.UserAccessDoc is the typed
// definition the importer writes with): BenchmarkDecodeModel, 2,000
// modelusers docs (5 distinct), same run on 2 loaded cores, best of 3: typed
// 8.8 ms, hand 5.7 ms (1.5x).
func (x *exporter) decodeModelUser(d *dec) {
	u := &modelUserDoc{}
	for d.next() {
		switch string(d.key()) {
		case "_id":
			u.docID, _ = x.idField(d)
		case "user":
			u.user = d.str()
		case "displayname":
			u.displayName = d.str()
		case "createdby":
			u.createdBy = d.str()
		case "datecreated":
			u.created = d.time()
		}
	}
	if u.user == "" {
		d.missing("user")
	}
	if d.ok() {
		x.modelUsers = append(x.modelUsers, u)
	}
}

// decodeLastConnection reads a modelUserLastConnection document.
// It stays a hand decoder (internal/jujudoc.ModelUserLastConnectionDoc is
// the typed definition the importer writes with): BenchmarkDecodeModel,
// 2,000 modelUserLastConnection docs (1 distinct), same run on 2 loaded
// cores, best of 3: typed 5.0 ms, hand 1.6 ms (3.1x).
func (x *exporter) decodeLastConnection(d *dec) {
	var user string
	var when time.Time
	for d.next() {
		switch string(d.key()) {
		case "_id":
			x.idField(d)
		case "user":
			user = d.str()
		case "last-connection":
			when = d.time()
		}
	}
	if user == "" {
		d.missing("user")
	}
	if d.ok() {
		// Juju keys by the stored name and looks up the lower-cased one, so
		// a mixed-case stored name is silently missed (ref §6.10); ferry
		// lower-cases both sides.
		x.lastConn[strings.ToLower(user)] = when
	}
}

// decodeAddress reads an address sub-document.
func decodeAddress(s *dec) description.Address {
	var a description.Address
	for s.next() {
		switch string(s.key()) {
		case "value":
			a.Value = s.str()
		case "addresstype":
			a.Type = s.str()
		case "networkscope":
			a.Scope = s.str()
		case "origin":
			a.Origin = s.str()
		case "spaceid":
			a.SpaceID = s.str()
		}
	}
	return a
}

// addresses reads an array of addresses, dropping those with no value as
// juju/description's SetAddresses does.
func addresses(d *dec) []description.Address {
	arr, ok := d.subArr()
	if !ok {
		return nil
	}
	var out []description.Address
	for arr.next() {
		s, ok := arr.subDoc()
		if !ok {
			continue
		}
		if a := decodeAddress(&s); a.Value != "" {
			out = append(out, a)
		}
	}
	return out
}

func addressPtr(d *dec) *description.Address {
	s, ok := d.subDoc()
	if !ok {
		return nil
	}
	a := decodeAddress(&s)
	if a.Value == "" {
		return nil
	}
	return &a
}

func decodeTools(d *dec) *description.AgentTools {
	s, ok := d.subDoc()
	if !ok {
		return nil
	}
	t := &description.AgentTools{}
	for s.next() {
		switch string(s.key()) {
		case "version":
			t.Version = s.str()
		case "url":
			t.URL = s.str()
		case "sha256":
			t.SHA256 = s.str()
		case "size":
			t.Size = s.integer()
		}
	}
	return t
}
