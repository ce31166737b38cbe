package jujudb

import (
	"strings"
	"time"
)

// Map keys containing '.' or '$' cannot be stored in MongoDB, so Juju
// stores them with the full-width forms U+FF0E and U+FF04 instead (ref §4,
// §9.1). Settings, endpoint bindings, secret data and backend config are
// unescaped on read, recursively (ref §11); status data is not.
const (
	EscapedDot    = "\uff0e"
	EscapedDollar = "\uff04"
)

// EscapeKey replaces '.' and '$' in a map key with their full-width forms.
func EscapeKey(k string) string {
	if !strings.ContainsAny(k, ".$") {
		return k
	}
	k = strings.ReplaceAll(k, ".", EscapedDot)
	return strings.ReplaceAll(k, "$", EscapedDollar)
}

// UnescapeKey undoes EscapeKey.
func UnescapeKey(k string) string {
	// Both escapes start with the byte 0xEF; most keys have none.
	if strings.IndexByte(k, 0xEF) < 0 {
		return k
	}
	k = strings.ReplaceAll(k, EscapedDot, ".")
	return strings.ReplaceAll(k, EscapedDollar, "$")
}

// Life is an entity's lifecycle state, stored as int32 (ref §4).
type Life int32

// Life values.
const (
	Alive Life = 0
	Dying Life = 1
	Dead  Life = 2
)

// String gives "alive", "dying" or "dead".
func (l Life) String() string {
	switch l {
	case Alive:
		return "alive"
	case Dying:
		return "dying"
	case Dead:
		return "dead"
	}
	return "unknown"
}

// MachineJob is a machine's job, stored as int32 (ref §4).
type MachineJob int32

// MachineJob values.
const (
	JobHostUnits   MachineJob = 1
	JobManageModel MachineJob = 2
)

// MigrationValue gives the job as the description names it: "host-units"
// or "api-server"; "" for an unknown job.
func (j MachineJob) MigrationValue() string {
	switch j {
	case JobHostUnits:
		return "host-units"
	case JobManageModel:
		return "api-server"
	}
	return ""
}

// ParseMachineJob is the inverse of MigrationValue.
func ParseMachineJob(s string) (MachineJob, bool) {
	switch s {
	case "host-units":
		return JobHostUnits, true
	case "api-server":
		return JobManageModel, true
	}
	return 0, false
}

// StorageKind is a storage instance's kind, stored as int32 (ref §4).
type StorageKind int32

// StorageKind values.
const (
	StorageKindUnknown    StorageKind = 0
	StorageKindBlock      StorageKind = 1
	StorageKindFilesystem StorageKind = 2
)

// String gives "unknown", "block" or "filesystem", as the description names
// the kind.
func (k StorageKind) String() string {
	switch k {
	case StorageKindBlock:
		return "block"
	case StorageKindFilesystem:
		return "filesystem"
	}
	return "unknown"
}

// ParseStorageKind is the inverse of String.
func ParseStorageKind(s string) StorageKind {
	switch s {
	case "block":
		return StorageKindBlock
	case "filesystem":
		return StorageKindFilesystem
	}
	return StorageKindUnknown
}

// BlockType is a model block's type, stored as int32 (ref §4, §6.8).
type BlockType int32

// BlockType values.
const (
	BlockDestroy BlockType = 0
	BlockRemove  BlockType = 1
	BlockChange  BlockType = 2
)

// MigrationValue gives the description's key for the block: destroy-model,
// remove-object or all-changes ("unknown" otherwise, as Juju says).
func (b BlockType) MigrationValue() string {
	switch b {
	case BlockDestroy:
		return "destroy-model"
	case BlockRemove:
		return "remove-object"
	case BlockChange:
		return "all-changes"
	}
	return "unknown"
}

// ParseBlockType is the inverse of MigrationValue.
func ParseBlockType(s string) (BlockType, bool) {
	switch s {
	case "destroy-model":
		return BlockDestroy, true
	case "remove-object":
		return BlockRemove, true
	case "all-changes":
		return BlockChange, true
	}
	return 0, false
}

// ZeroDateTime is how mgo stores the zero time.Time: milliseconds since the
// Unix epoch of 0001-01-01T00:00:00Z. It reads back as the zero time.
const ZeroDateTime int64 = -62135596800000

// DateTimeToTime converts a BSON datetime (milliseconds since the epoch) to
// a UTC time, mapping ZeroDateTime to the zero time as mgo does.
func DateTimeToTime(ms int64) time.Time {
	if ms == ZeroDateTime {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// TimeToDateTime converts a time to a BSON datetime (millisecond precision),
// mapping the zero time to ZeroDateTime.
func TimeToDateTime(t time.Time) int64 {
	if t.IsZero() {
		return ZeroDateTime
	}
	return t.UnixMilli()
}

// NanosToTime converts the int64 Unix nanoseconds Juju stores in
// statuses.updated, statuseshistory.updated and log times (ref §9.3) to a
// UTC time. 0 stays the Unix epoch, as time.Unix(0, 0) does in Juju.
func NanosToTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// TimeToNanos is the inverse of NanosToTime. The zero time has no int64
// nanosecond form; it maps to 0.
func TimeToNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// Meter status codes Juju knows (ref §11: anything else is exported as
// "NOT AVAILABLE").
var MeterStatusCodes = []string{"NOT SET", "GREEN", "AMBER", "RED", "NOT AVAILABLE"}

// NormalizeMeterCode gives the code Juju's exporter writes for a stored
// model meter-status code.
func NormalizeMeterCode(code string) string {
	for _, c := range MeterStatusCodes {
		if c == code {
			return code
		}
	}
	return "NOT AVAILABLE"
}

// NormalizeSLALevel gives the level Juju's exporter writes for a stored SLA
// level: empty becomes "unsupported" (ref §11).
func NormalizeSLALevel(level string) string {
	if level == "" {
		return "unsupported"
	}
	return level
}
