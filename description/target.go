package description

import (
	"fmt"
	"strconv"
	"strings"
)

// Target is a format generation to write: the wire format of one release
// of github.com/juju/description, which fixes the version written for each
// entity. Entities not named here are written at the same version by
// every release from v5.0.4 to v11.0.0 (description-majors.md §1).
type Target struct {
	// Release is the juju/description release, e.g. "v10.0.0".
	Release string
	// Juju names the Juju releases that write this generation, for people.
	Juju string

	Model        int // model version
	Applications int // applications list version (charm data from 13, storage-unique-id from 14)
	Secrets      int // secrets list version (latest-revision-checksum from 2)
	Machines     int // machines list version (hostname from 4)

	// Checked says how ferry's output for this target was checked, for the
	// README and `ferry formats`.
	Checked string
}

// Targets are the generations ferry writes, oldest first. Every release of
// the Juju 3.3 – 3.6 line writes one of them. v8.0.1 and v9.0.0 write the
// same bytes (v9 only added API), as do v9.0.1 and v10.0.0; v7, v8 and v11
// are not served by the Go module proxy, so ferry follows the field-by-field
// account of them in shared/reference/description-majors.md.
var Targets = []Target{
	{Release: "v5.0.4", Juju: "3.3.0 – 3.5.x", Model: 10, Applications: 12, Secrets: 1, Machines: 3,
		Checked: "interop property tests and fixtures against juju/description v5.0.4"},
	{Release: "v5.1.0", Juju: "3.6 development builds only", Model: 11, Applications: 12, Secrets: 1, Machines: 3,
		Checked: "field by field from the reference (not on the module proxy's list used here)"},
	{Release: "v5.2.0", Juju: "3.6 development builds only", Model: 11, Applications: 12, Secrets: 2, Machines: 3,
		Checked: "field by field from the reference"},
	{Release: "v7.0.2", Juju: "3.6.0 – 3.6.3", Model: 11, Applications: 13, Secrets: 2, Machines: 3,
		Checked: "field by field from the reference; v9.0.0 and v10.0.0 read its output"},
	{Release: "v8.0.1", Juju: "3.6.4 – 3.6.7", Model: 12, Applications: 13, Secrets: 2, Machines: 3,
		Checked: "byte-identical to v9.0.0's output, which the interop tests check (v9 changed only the Go API)"},
	{Release: "v9.0.0", Juju: "3.6.8 – 3.6.12", Model: 12, Applications: 13, Secrets: 2, Machines: 3,
		Checked: "interop property tests and fixtures against juju/description v9.0.0"},
	{Release: "v10.0.0", Juju: "3.6.13 – 3.6.21", Model: 12, Applications: 14, Secrets: 2, Machines: 3,
		Checked: "interop property tests and fixtures against juju/description v10.0.0"},
	{Release: "v11.0.0", Juju: "3.6.22 and later 3.6 releases", Model: 12, Applications: 14, Secrets: 2, Machines: 4,
		Checked: "v10.0.0's checks plus machines v4 from juju/description's machine.go (hostname always written)"},
}

// LatestTarget is the newest generation, the one Write writes.
var LatestTarget = Targets[len(Targets)-1]

// jujuRelease maps a range of Juju 3.x releases to the juju/description
// release they link (description-majors.md §4). from and to are inclusive
// patch numbers of the minor; to < 0 means every later patch.
var jujuReleases = []struct {
	minor    int
	from, to int
	release  string
}{
	{3, 0, -1, "v5.0.4"},
	{4, 0, -1, "v5.0.4"},
	{5, 0, -1, "v5.0.4"},
	{6, 0, 3, "v7.0.2"},
	{6, 4, 7, "v8.0.1"},
	{6, 8, 12, "v9.0.0"},
	{6, 13, 21, "v10.0.0"},
	{6, 22, -1, "v11.0.0"},
}

// ParseTarget reads a target as a juju/description release ("v10.0.0",
// "v7.0.2"; a release of the same format as a listed one, such as v7.0.0 or
// v9.0.1, names that one) or as a Juju version ("3.6.13", "3.5.4"). "" and
// "latest" give LatestTarget.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "latest":
		return LatestTarget, nil
	case strings.HasPrefix(s, "v"):
		return targetForRelease(s)
	}
	return TargetForJuju(s)
}

// sameFormat lists releases that write exactly what a listed target writes.
var sameFormat = map[string]string{
	"v5.0.0": "v5.0.4", "v5.0.1": "v5.0.4", "v5.0.2": "v5.0.4", "v5.0.3": "v5.0.4",
	"v7.0.0": "v7.0.2", "v7.0.1": "v7.0.2",
	"v8.0.0": "v8.0.1",
	"v9.0.1": "v10.0.0",
}

func targetForRelease(s string) (Target, error) {
	if alias, ok := sameFormat[s]; ok {
		s = alias
	}
	for _, t := range Targets {
		if t.Release == s {
			return t, nil
		}
	}
	switch {
	case strings.HasPrefix(s, "v6."):
		return Target{}, fmt.Errorf("target %q: juju/description v6 is the Juju 4.0 development line (spaces v3, subnets v7), which no Juju 3.x release reads; ferry does not write it", s)
	case strings.HasPrefix(s, "v3.") || strings.HasPrefix(s, "v4."):
		return Target{}, fmt.Errorf("target %q: ferry reads juju/description %s documents but writes only v5.0.4 and later (Juju 3.3 and later)", s, s)
	}
	return Target{}, fmt.Errorf("target %q: unknown juju/description release; ferry writes %s", s, strings.Join(targetNames(), ", "))
}

func targetNames() []string {
	out := make([]string, len(Targets))
	for i, t := range Targets {
		out[i] = t.Release
	}
	return out
}

// TargetForJuju returns the generation a Juju release writes and reads
// natively, from its version number ("3.6.13", also "3.6.13.1" or with a
// "-ubuntu-amd64" binary suffix). Prereleases (3.6-beta2) are refused: which
// format a development build linked is not recorded; name the juju/description
// release instead.
func TargetForJuju(version string) (Target, error) {
	v := strings.TrimSpace(version)
	if i := strings.IndexByte(v, '-'); i >= 0 {
		if rest := v[i+1:]; strings.HasPrefix(rest, "beta") || strings.HasPrefix(rest, "rc") || strings.HasPrefix(rest, "alpha") {
			return Target{}, fmt.Errorf("juju version %q: a prerelease; which juju/description it linked is not known, so name the release (e.g. --to v7.0.2)", version)
		}
		v = v[:i] // 3.6.13-ubuntu-amd64
	}
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 4 {
		return Target{}, fmt.Errorf("juju version %q: want MAJOR.MINOR.PATCH, e.g. 3.6.13", version)
	}
	nums := make([]int, 3)
	for i := 0; i < len(parts) && i < 3; i++ {
		n, err := strconv.Atoi(parts[i])
		if err != nil || n < 0 {
			return Target{}, fmt.Errorf("juju version %q: want MAJOR.MINOR.PATCH, e.g. 3.6.13", version)
		}
		nums[i] = n
	}
	major, minor, patch := nums[0], nums[1], nums[2]
	if major != 3 {
		if major >= 4 {
			return Target{}, fmt.Errorf("juju version %q: Juju 4's model format is not released; ferry writes the formats of Juju 3.3 – 3.6", version)
		}
		return Target{}, fmt.Errorf("juju version %q: ferry writes the formats of Juju 3.3 – 3.6", version)
	}
	for _, r := range jujuReleases {
		if r.minor == minor && patch >= r.from && (r.to < 0 || patch <= r.to) {
			return targetForRelease(r.release)
		}
	}
	if minor > 6 {
		return Target{}, fmt.Errorf("juju version %q: no Juju 3.%d is known; ferry writes the formats of Juju 3.3 – 3.6", version, minor)
	}
	return Target{}, fmt.Errorf("juju version %q: Juju 3.0 – 3.2 link juju/description v4 or older, whose format ferry reads but does not write", version)
}

// JujuVersionTable lists, for people, which Juju releases map to which
// target; the README prints it and a test checks the README against it.
func JujuVersionTable() [][2]string {
	var out [][2]string
	for _, r := range jujuReleases {
		from := fmt.Sprintf("3.%d.%d", r.minor, r.from)
		var span string
		switch {
		case r.to < 0 && r.from == 0:
			span = fmt.Sprintf("3.%d.x", r.minor)
		case r.to < 0:
			span = from + " and later 3." + strconv.Itoa(r.minor) + " releases"
		default:
			span = fmt.Sprintf("%s – 3.%d.%d", from, r.minor, r.to)
		}
		out = append(out, [2]string{span, r.release})
	}
	return out
}

// Generation names the juju/description release whose writer produced a
// document with these entity versions, for `ferry validate`.
func Generation(v DocumentVersions) string {
	for _, t := range Targets {
		if t.Model == v.Model && t.Applications == v.Applications && t.Secrets == v.Secrets && t.Machines == v.Machines {
			if t.Release == "v8.0.1" { // v9.0.0 writes the same bytes
				return "juju/description v8.0.x or v9.0.0 (Juju 3.6.4 – 3.6.12)"
			}
			return fmt.Sprintf("juju/description %s (Juju %s)", t.Release, t.Juju)
		}
	}
	if v.Model < 10 {
		return fmt.Sprintf("an older juju/description (model v%d: v3 or v4, Juju 2.9 – 3.2)", v.Model)
	}
	for _, t := range Targets {
		if v.Model <= t.Model && v.Applications <= t.Applications && v.Secrets <= t.Secrets && v.Machines <= t.Machines {
			return fmt.Sprintf("a mix of entity versions no release writes; readable by juju/description %s and later", t.Release)
		}
	}
	return "a mix of entity versions no release writes"
}

// DocumentVersions are the versions of the entities that tell the
// generations apart, as found in a document (0 where absent).
type DocumentVersions struct {
	Model, Applications, Secrets, Machines int
}
