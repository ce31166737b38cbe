package importer

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudb"
)

// anyDoc converts free-form data (model config, settings, status data,
// action parameters) to a BSON document with sorted keys, the way mgo
// stores a map[string]interface{}: Go int as int32 when it fits, int64 and
// uint64 as int64, times as datetimes. With escape, keys at every depth get
// Juju's '.'/'$' escaping (ref §4, §11). A nil map gives an empty document,
// never null: Juju's readers want a document.
func anyDoc(m map[string]any, escape bool) (bson.D, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := make(bson.D, 0, len(keys))
	for _, k := range keys {
		v, err := anyValue(m[k], escape)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k, err)
		}
		if escape {
			k = jujudb.EscapeKey(k)
		}
		d = append(d, bson.E{Key: k, Value: v})
	}
	return d, nil
}

// anyValue converts one free-form value; see anyDoc.
func anyValue(v any, escape bool) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string, bool, float64, float32:
		return x, nil
	case int:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return int32(x), nil
		}
		return int64(x), nil
	case int8, int16, int32:
		return reflect.ValueOf(x).Convert(reflect.TypeOf(int32(0))).Interface(), nil
	case int64:
		return x, nil
	case uint8, uint16:
		return reflect.ValueOf(x).Convert(reflect.TypeOf(int32(0))).Interface(), nil
	case uint32:
		return int64(x), nil
	case uint:
		if uint64(x) > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d does not fit in int64", x)
		}
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d does not fit in int64", x)
		}
		return int64(x), nil
	case time.Time:
		return bson.DateTime(jujudb.TimeToDateTime(x)), nil
	case []byte:
		return bson.Binary{Data: x}, nil
	case map[string]any:
		return anyDoc(x, escape)
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return anyDoc(m, escape)
	case []any:
		a := make(bson.A, len(x))
		for i, e := range x {
			c, err := anyValue(e, escape)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			a[i] = c
		}
		return a, nil
	case []string:
		a := make(bson.A, len(x))
		for i, s := range x {
			a[i] = s
		}
		return a, nil
	}
	return nil, fmt.Errorf("cannot store a %T value", v)
}

// stringDoc stores a map of strings with sorted keys, escaped when asked.
func stringDoc(m map[string]string, escape bool) bson.D {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := make(bson.D, 0, len(keys))
	for _, k := range keys {
		v := m[k]
		if escape {
			k = jujudb.EscapeKey(k)
		}
		d = append(d, bson.E{Key: k, Value: v})
	}
	return d
}

// dt is a BSON datetime for t (mgo's zero datetime for the zero time).
func dt(t time.Time) bson.DateTime { return bson.DateTime(jujudb.TimeToDateTime(t)) }

// dtPtr is dt for an optional time; nil and the zero time give mgo's zero
// datetime, which reads back as unset.
func dtPtr(t *time.Time) bson.DateTime {
	if t == nil {
		return bson.DateTime(jujudb.ZeroDateTime)
	}
	return dt(*t)
}

// i32 stores a Go int as Juju does: int32 (the values here are small
// counts, ids and ports).
func i32(n int) int32 {
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	if n < math.MinInt32 {
		return math.MinInt32
	}
	return int32(n)
}

// u64 stores a uint64 as int64, as mgo does; values over MaxInt64 are
// refused by the caller's checks before this.
func u64(n uint64) int64 {
	if n > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(n)
}

// --- versions

// version is a Juju version number: major.minor[.patch] or
// major.minor-tagpatch, with an optional .build.
type version struct {
	major, minor, patch, build int
	tag                        string
}

// parseVersion parses "3.5.1", "3.6-beta2", "3.5.1.2" and the number part of
// a binary version such as "3.5.1-ubuntu-amd64".
func parseVersion(s string) (version, error) {
	var v version
	orig := s
	bad := func() (version, error) { return version{}, fmt.Errorf("version %q is not valid", orig) }
	major, rest, ok := strings.Cut(s, ".")
	if !ok {
		return bad()
	}
	var err error
	if v.major, err = strconv.Atoi(major); err != nil {
		return bad()
	}
	// The minor part ends at '.' or '-'.
	i := strings.IndexAny(rest, ".-")
	minor := rest
	if i >= 0 {
		minor, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	if v.minor, err = strconv.Atoi(minor); err != nil {
		return bad()
	}
	switch {
	case rest == "":
	case rest[0] == '.':
		rest = rest[1:]
		p, b, _ := strings.Cut(rest, ".")
		p, _, _ = strings.Cut(p, "-") // binary version suffix
		if v.patch, err = strconv.Atoi(p); err != nil {
			return bad()
		}
		if b != "" {
			b, _, _ = strings.Cut(b, "-")
			if v.build, err = strconv.Atoi(b); err != nil {
				return bad()
			}
		}
	case rest[0] == '-':
		rest = rest[1:]
		j := 0
		for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
			j++
		}
		if j == 0 {
			return bad()
		}
		v.tag = rest[:j]
		p, b, _ := strings.Cut(rest[j:], ".")
		if v.patch, err = strconv.Atoi(p); err != nil {
			return bad()
		}
		if b != "" {
			if v.build, err = strconv.Atoi(b); err != nil {
				return bad()
			}
		}
	}
	return v, nil
}

// compare orders versions as Juju does: a tagged (pre-release) version
// comes before the release with the same major.minor.
func (a version) compare(b version) int {
	c := func(x, y int) int {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	if r := c(a.major, b.major); r != 0 {
		return r
	}
	if r := c(a.minor, b.minor); r != 0 {
		return r
	}
	switch {
	case a.tag == "" && b.tag != "":
		return 1
	case a.tag != "" && b.tag == "":
		return -1
	case a.tag != b.tag:
		return strings.Compare(a.tag, b.tag)
	}
	if r := c(a.patch, b.patch); r != 0 {
		return r
	}
	return c(a.build, b.build)
}
