package yamlemit

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Struct types shaped like juju/description v5's model: yaml tags with
// omitempty, embedded structs and maps serialized under their own key,
// pointers to structs, slices of struct pointers and of structs, maps of
// structs, free-form maps and map[int]string.

type jujuModel struct {
	Version            int                  `yaml:"version"`
	Type               string               `yaml:"type"`
	Cloud              string               `yaml:"cloud"`
	CloudRegion        string               `yaml:"cloud-region,omitempty"`
	Owner              string               `yaml:"owner"`
	Config             map[string]any       `yaml:"config"`
	LatestToolsVersion string               `yaml:"latest-tools-version,omitempty"`
	EnvironVersion     int                  `yaml:"environ-version"`
	Blocks             map[string]string    `yaml:"blocks,omitempty"`
	Users              *jujuUsers           `yaml:"users"`
	Machines           jujuMachines         `yaml:"machines"`
	Applications       jujuApplications     `yaml:"applications"`
	Endpoints          map[string]*endpoint `yaml:"endpoints,omitempty"`
	Offers             []offer              `yaml:"offers,omitempty"`
	SLA                sla                  `yaml:"sla"`
	MeterStatus        meterStatus          `yaml:"meter-status,omitempty"`
	Status             *status              `yaml:"status"`
	StatusHistory      `yaml:"status-history"`
	Annotations        `yaml:"annotations,omitempty"`
	Constraints        *constraints `yaml:"constraints,omitempty"`
	PasswordHash       string       `yaml:"password-hash"`
	hidden             string
	Skipped            string `yaml:"-"`
	NoTag              int
}

type jujuUsers struct {
	Version int         `yaml:"version"`
	Users   []*jujuUser `yaml:"users"`
}

type jujuUser struct {
	Name           string    `yaml:"name"`
	DisplayName    string    `yaml:"display-name,omitempty"`
	CreatedBy      string    `yaml:"created-by"`
	DateCreated    time.Time `yaml:"date-created"`
	LastConnection time.Time `yaml:"last-connection,omitempty"`
	Access         string    `yaml:"access"`
}

type jujuMachines struct {
	Version  int        `yaml:"version"`
	Machines []*machine `yaml:"machines"`
}

type machine struct {
	ID                      string         `yaml:"id"`
	Nonce                   string         `yaml:"nonce"`
	PasswordHash            string         `yaml:"password-hash"`
	Placement               string         `yaml:"placement,omitempty"`
	Instance                *cloudInstance `yaml:"instance,omitempty"`
	Series                  string         `yaml:"series,omitempty"`
	Base                    string         `yaml:"base"`
	ContainerType           string         `yaml:"container-type,omitempty"`
	Status                  *status        `yaml:"status"`
	StatusHistory           `yaml:"status-history"`
	ProviderAddresses       []*address  `yaml:"provider-addresses,omitempty"`
	MachineAddresses        []*address  `yaml:"machine-addresses,omitempty"`
	PreferredPublicAddress  *address    `yaml:"preferred-public-address,omitempty"`
	PreferredPrivateAddress *address    `yaml:"preferred-private-address,omitempty"`
	Tools                   *agentTools `yaml:"tools"`
	Jobs                    []string    `yaml:"jobs"`
	SupportedContainers     *[]string   `yaml:"supported-containers,omitempty"`
	Containers              []*machine  `yaml:"containers"`
	Annotations             `yaml:"annotations,omitempty"`
	Constraints             *constraints  `yaml:"constraints,omitempty"`
	BlockDevices            *blockDevices `yaml:"block-devices,omitempty"`
}

type cloudInstance struct {
	Version          int     `yaml:"version"`
	InstanceID       string  `yaml:"instance-id"`
	DisplayName      string  `yaml:"display-name,omitempty"`
	Status           *status `yaml:"status"`
	StatusHistory    `yaml:"status-history"`
	Architecture     string   `yaml:"architecture,omitempty"`
	Memory           uint64   `yaml:"memory,omitempty"`
	RootDisk         uint64   `yaml:"root-disk,omitempty"`
	CPUCores         uint64   `yaml:"cores,omitempty"`
	CPUPower         uint64   `yaml:"cpu-power,omitempty"`
	Tags             []string `yaml:"tags,omitempty"`
	AvailabilityZone string   `yaml:"availability-zone,omitempty"`
	CharmProfiles    []string `yaml:"charm-profiles,omitempty"`
}

type address struct {
	Version int    `yaml:"version"`
	Value   string `yaml:"value"`
	Type    string `yaml:"type"`
	Scope   string `yaml:"scope,omitempty"`
	Origin  string `yaml:"origin,omitempty"`
	SpaceID string `yaml:"spaceid,omitempty"`
}

type agentTools struct {
	Version      int    `yaml:"version"`
	ToolsVersion string `yaml:"tools-version"`
	URL          string `yaml:"url"`
	SHA256       string `yaml:"sha256"`
	Size         int64  `yaml:"size"`
}

type constraints struct {
	Version          int      `yaml:"version"`
	AllocatePublicIP bool     `yaml:"allocate-public-ip,omitempty"`
	Architecture     string   `yaml:"architecture,omitempty"`
	CPUCores         uint64   `yaml:"cores,omitempty"`
	Memory           uint64   `yaml:"memory,omitempty"`
	Spaces           []string `yaml:"spaces,omitempty"`
	Tags             []string `yaml:"tags,omitempty"`
	Zones            []string `yaml:"zones,omitempty"`
}

type blockDevices struct {
	Version      int            `yaml:"version"`
	BlockDevices []*blockDevice `yaml:"block-devices"`
}

type blockDevice struct {
	Name       string   `yaml:"name"`
	Links      []string `yaml:"links,omitempty"`
	Label      string   `yaml:"label,omitempty"`
	UUID       string   `yaml:"uuid,omitempty"`
	Size       uint64   `yaml:"size"`
	InUse      bool     `yaml:"in-use"`
	MountPoint string   `yaml:"mount-point,omitempty"`
}

type StatusPoint struct {
	Value    string         `yaml:"value"`
	Message  string         `yaml:"message,omitempty"`
	Data     map[string]any `yaml:"data,omitempty"`
	Updated  time.Time      `yaml:"updated"`
	NeverSet bool           `yaml:"neverset"`
}

type status struct {
	Version     int `yaml:"version"`
	StatusPoint `yaml:"status"`
}

// StatusHistory is embedded, with a tag, as juju embeds StatusHistory_.
type StatusHistory struct {
	Version int            `yaml:"version"`
	History []*StatusPoint `yaml:"history"`
}

// Annotations is an embedded map, as juju embeds Annotations_.
type Annotations map[string]string

type jujuApplications struct {
	Version      int            `yaml:"version"`
	Applications []*application `yaml:"applications"`
}

type application struct {
	Name                 string                    `yaml:"name"`
	Series               string                    `yaml:"series,omitempty"`
	Subordinate          bool                      `yaml:"subordinate,omitempty"`
	CharmURL             string                    `yaml:"charm-url"`
	Channel              string                    `yaml:"cs-channel"`
	CharmModifiedVersion int                       `yaml:"charm-mod-version"`
	ForceCharm           bool                      `yaml:"force-charm,omitempty"`
	Exposed              bool                      `yaml:"exposed,omitempty"`
	MinUnits             int                       `yaml:"min-units,omitempty"`
	CharmConfig          map[string]any            `yaml:"settings"`
	Leader               string                    `yaml:"leader,omitempty"`
	LeadershipSettings   map[string]any            `yaml:"leadership-settings"`
	UnitSettings         map[string]map[string]any `yaml:"unit-settings,omitempty"`
	Status               *status                   `yaml:"status"`
	StatusHistory        `yaml:"status-history"`
	Units                []*unit `yaml:"units"`
	Annotations          `yaml:"annotations,omitempty"`
	Constraints          *constraints `yaml:"constraints,omitempty"`
	Ratio                float64      `yaml:"ratio,omitempty"`
	Weight               float32      `yaml:"weight"`
}

type unit struct {
	Name           string            `yaml:"name"`
	Machine        string            `yaml:"machine"`
	Principal      string            `yaml:"principal,omitempty"`
	Subordinates   []string          `yaml:"subordinates,omitempty"`
	WorkloadStatus *status           `yaml:"workload-status"`
	AgentStatus    *status           `yaml:"agent-status"`
	PasswordHash   string            `yaml:"password-hash"`
	Tools          *agentTools       `yaml:"tools"`
	RelationState  map[int]string    `yaml:"relation-state,omitempty"`
	CharmState     map[string]string `yaml:"charm-state,omitempty"`
	Ports          []int             `yaml:"ports,omitempty"`
	Annotations    `yaml:"annotations,omitempty"`
}

type endpoint struct {
	Name      string `yaml:"name"`
	Role      string `yaml:"role"`
	Interface string `yaml:"interface"`
	Optional  bool   `yaml:"optional"`
	Limit     int    `yaml:"limit"`
	Scope     string `yaml:"scope"`
}

type offer struct {
	OfferName string   `yaml:"offer-name"`
	Endpoints []string `yaml:"endpoints,omitempty"`
	ACL       map[string]string
}

type sla struct {
	Level       string `yaml:"level"`
	Owner       string `yaml:"owner,omitempty"`
	Credentials string `yaml:"credentials,omitempty"`
}

type meterStatus struct {
	Code string `yaml:"code,omitempty"`
	Info string `yaml:"info,omitempty"`
}

// typical holds realistic values for string fields, so that the model is
// mostly ordinary text with nasty strings mixed in.
var typical = []string{
	"", "0", "1", "0/lxd/0", "machine-0", "ubuntu@22.04", "jammy", "lxd",
	"started", "active", "idle", "ready", "unknown", "allocating",
	"ch:amd64/jammy/postgresql-42", "latest/stable", "admin", "user-admin",
	"10.0.0.12", "fd42:1::1", "local-cloud", "public", "provider", "JobHostUnits",
	"3.1.6-ubuntu-amd64", "https://example.com/tools/3.1.6-ubuntu-amd64.tgz",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"agent is idle", "hook failed: \"config-changed\"", "/dev/sda1", "ext4",
}

// fillRandom sets v (addressable) to random data: strings mostly typical,
// sometimes nasty; pointers, slices and maps sometimes nil or empty.
func fillRandom(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		if r.Intn(4) == 0 {
			v.SetString(nastyString(r))
		} else {
			v.SetString(typical[r.Intn(len(typical))])
		}
	case reflect.Int, reflect.Int64:
		v.SetInt([]int64{0, 1, 2, r.Int63n(1 << 40), -r.Int63n(100)}[r.Intn(5)])
	case reflect.Uint64:
		v.SetUint([]uint64{0, 1, uint64(r.Int63())}[r.Intn(3)])
	case reflect.Float64, reflect.Float32:
		v.SetFloat(floats[r.Intn(len(floats))])
	case reflect.Bool:
		v.SetBool(r.Intn(2) == 0)
	case reflect.Pointer:
		if depth <= 0 || r.Intn(4) == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fillRandom(r, p.Elem(), depth-1)
		v.Set(p)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			if r.Intn(5) != 0 {
				v.Set(reflect.ValueOf(randomTime(r)))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fillRandom(r, v.Field(i), depth)
			}
		}
	case reflect.Slice:
		switch r.Intn(5) {
		case 0:
			return // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			return
		}
		n := 1 + r.Intn(3)
		if depth <= 0 {
			n = 0
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fillRandom(r, s.Index(i), depth-1)
		}
		v.Set(s)
	case reflect.Map:
		switch r.Intn(5) {
		case 0:
			return // nil
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
			return
		}
		if v.Type().Elem().Kind() == reflect.Interface {
			m := randomValueMap(r, depth)
			v.Set(reflect.ValueOf(m).Convert(v.Type()))
			return
		}
		m := reflect.MakeMap(v.Type())
		var keys []reflect.Value
		switch v.Type().Key().Kind() {
		case reflect.String:
			for _, k := range consistentKeys(r, r.Intn(4)) {
				keys = append(keys, reflect.ValueOf(k))
			}
		default:
			for i := r.Intn(4); i > 0; i-- {
				keys = append(keys, reflect.ValueOf(r.Intn(50)-10))
			}
		}
		for _, k := range keys {
			e := reflect.New(v.Type().Elem()).Elem()
			fillRandom(r, e, depth-1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}

func randomValueMap(r *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for _, k := range consistentKeys(r, r.Intn(5)) {
		m[k] = randomValue(r, depth)
	}
	return m
}

func randomModel(r *rand.Rand) *jujuModel {
	m := &jujuModel{}
	fillRandom(r, reflect.ValueOf(m).Elem(), 7)
	return m
}

// writeStruct walks Go data the way yaml.v2 Marshal does and writes it
// through the Writer's streaming calls, as ferry's generated serializers
// will: structs field by field with yaml tags and omitempty, maps of
// structs with sorted keys, and free-form values through Value.
func writeStruct(w *Writer, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			w.Null()
			return nil
		}
		return writeStruct(w, v.Elem())
	case reflect.Interface:
		return w.Value(v.Interface())
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			w.Time(t)
			return nil
		}
		w.BeginMapping()
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() && !f.Anonymous {
				continue
			}
			tag := f.Tag.Get("yaml")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			if opts == "omitempty" && isEmptyValue(v.Field(i)) {
				continue
			}
			w.Key(name)
			if err := writeStruct(w, v.Field(i)); err != nil {
				return err
			}
		}
		w.EndMapping()
	case reflect.Slice:
		w.BeginSequence()
		for i := 0; i < v.Len(); i++ {
			if err := writeStruct(w, v.Index(i)); err != nil {
				return err
			}
		}
		w.EndSequence()
	case reflect.Map:
		el := v.Type().Elem()
		for el.Kind() == reflect.Pointer {
			el = el.Elem()
		}
		if el.Kind() != reflect.Struct || v.Type().Key().Kind() != reflect.String {
			return w.Value(v.Interface())
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.SortFunc(keys, compareKeys)
		w.BeginMapping()
		for _, k := range keys {
			w.Key(k)
			if err := writeStruct(w, v.MapIndex(reflect.ValueOf(k))); err != nil {
				return err
			}
		}
		w.EndMapping()
	case reflect.String:
		w.String(v.String())
	case reflect.Int, reflect.Int64:
		w.Int(v.Int())
	case reflect.Uint64:
		w.Uint(v.Uint())
	case reflect.Float64:
		w.Float(v.Float())
	case reflect.Float32, reflect.Bool:
		return w.Value(v.Interface())
	default:
		return fmt.Errorf("writeStruct: unexpected %s", v.Type())
	}
	return nil
}

// isEmptyValue is the omitempty rule of yaml.v2: zero numbers, false, empty
// strings, nil pointers and interfaces, empty slices and maps, structs whose
// exported fields are all empty, and anything whose IsZero method says so.
func isEmptyValue(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	switch v.Kind() {
	case reflect.String:
		return v.Len() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Int, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint64:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && !isEmptyValue(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return false
}
