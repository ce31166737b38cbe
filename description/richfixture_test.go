package description_test

import (
	"reflect"
	"sort"
	"testing"

	"github.com/modelferry/ferry/description"
)

// untestableFields are the fields a document written by juju/description
// cannot carry with a value, because juju writes them but drops them on
// read (reference §10), so a fixture it wrote round-trips only with them
// unset.
var untestableFields = map[string]bool{
	"Machine.Series":                  true,
	"Application.Series":              true,
	"LinkLayerDevice.VirtualPortType": true,
	"Operation.SpawnedTaskCount":      true,
	// juju/description v11.0.0 is not on the module proxy, so no fixture
	// written by juju holds machines v4; model-v12/rich-machines-v4 does.
	"Machine.Hostname": true,
	// juju/description v7 – v11 panic reading a container's uid or gid;
	// ferry's own fixtures and codec tests hold them.
	"CharmContainer.UID": true,
	"CharmContainer.GID": true,
}

// TestJujuRichFixtureHoldsEveryEntityTypeAndField makes sure the fixture
// written by juju/description that is meant to hold everything does: every
// struct type reachable from Model appears in it, and every field of each is
// set (non-zero) somewhere, so that no entity type or field can be skipped
// by the round-trip tests that use it.
func TestJujuRichFixtureHoldsEveryEntityTypeAndField(t *testing.T) {
	types := map[reflect.Type]bool{}
	seen := map[string]bool{}
	present := map[reflect.Type]bool{}
	// The v5.0.4 fixture holds everything but the Juju 3.6 data, which the
	// v10.0.0 one adds.
	for _, f := range []string{"../testdata/fixtures/juju-v5.0.4/iaas-rich.yaml", "../testdata/fixtures/juju-v10.0.0/iaas-rich.yaml"} {
		m, err := description.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		structTypes(reflect.TypeOf(m), types)
		walkValues(reflect.ValueOf(m), seen, present)
	}
	var missing []string
	for typ := range types {
		if !present[typ] {
			missing = append(missing, "type "+typ.Name())
			continue
		}
		for i := 0; i < typ.NumField(); i++ {
			name := typ.Name() + "." + typ.Field(i).Name
			if !seen[name] && !untestableFields[name] {
				missing = append(missing, name)
			}
		}
	}
	sort.Strings(missing)
	for _, f := range missing {
		t.Errorf("the rich fixture never sets %s", f)
	}
}

// structTypes collects every struct type reachable from t.
func structTypes(t reflect.Type, into map[reflect.Type]bool) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		structTypes(t.Elem(), into)
	case reflect.Struct:
		if t == timeType || into[t] {
			return
		}
		into[t] = true
		for i := 0; i < t.NumField(); i++ {
			structTypes(t.Field(i).Type, into)
		}
	}
}

// walkValues records which struct types occur and which of their fields
// hold a non-zero value anywhere in v.
func walkValues(v reflect.Value, seen map[string]bool, present map[reflect.Type]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkValues(v.Elem(), seen, present)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkValues(v.Index(i), seen, present)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkValues(it.Value(), seen, present)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		present[v.Type()] = true
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.IsZero() {
				seen[v.Type().Name()+"."+v.Type().Field(i).Name] = true
			}
			walkValues(f, seen, present)
		}
	}
}
