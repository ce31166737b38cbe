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
}

// TestJujuRichFixtureHoldsEveryEntityTypeAndField makes sure the fixture
// written by juju/description that is meant to hold everything does: every
// struct type reachable from Model appears in it, and every field of each is
// set (non-zero) somewhere, so that no entity type or field can be skipped
// by the round-trip tests that use it.
func TestJujuRichFixtureHoldsEveryEntityTypeAndField(t *testing.T) {
	m, err := description.ReadFile("../testdata/fixtures/juju-v5.0.4/iaas-rich.yaml")
	if err != nil {
		t.Fatal(err)
	}
	types := map[reflect.Type]bool{}
	structTypes(reflect.TypeOf(m), types)
	seen := map[string]bool{}
	present := map[reflect.Type]bool{}
	walkValues(reflect.ValueOf(m), seen, present)
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
