package jujudoc

import (
	"encoding/json"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"gopkg.in/yaml.v3"
)

// ParseAssumes reads a charm metadata's assumes text, the JSON Juju 3.6's
// exporter writes (json.Marshal of the charm's assumes.ExpressionTree:
// `["juju >= 3.1",{"any-of":["k8s-api","lxd"]}]`, or `null` for none) or
// the same list as YAML, and returns it as the charms document stores it
// (CharmMeta.Assumes): nil for none. A lone any-of/all-of map is taken as
// a list of that one expression. An element that is neither a feature
// string nor a one-key any-of/all-of map of a list is an error naming its
// position.
func ParseAssumes(text string) ([]any, error) {
	var raw any
	if err := yaml.Unmarshal([]byte(text), &raw); err != nil {
		return nil, fmt.Errorf("not an assumes expression list: %w", err)
	}
	if raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if m, isMap := raw.(map[string]any); isMap {
		// One composite expression given alone: the list it heads, as a
		// metadata.yaml's root all-of would hold it.
		list, ok = []any{m}, true
	}
	if !ok {
		return nil, fmt.Errorf("expected an expression list, got %T", raw)
	}
	return storedAssumes("", list)
}

func storedAssumes(path string, list []any) ([]any, error) {
	out := make([]any, len(list))
	for i, e := range list {
		at := fmt.Sprintf("%s[%d]", path, i)
		switch x := e.(type) {
		case string:
			out[i] = x
		case map[string]any:
			if len(x) != 1 {
				return nil, fmt.Errorf("%s: a composite expression has one key, any-of or all-of", at)
			}
			for k, v := range x {
				sub, ok := v.([]any)
				if k != "any-of" && k != "all-of" || !ok {
					return nil, fmt.Errorf("%s: expected any-of or all-of with a list, got %q", at, k)
				}
				s, err := storedAssumes(at+"."+k, sub)
				if err != nil {
					return nil, err
				}
				out[i] = bson.D{{Key: k, Value: s}}
			}
		default:
			return nil, fmt.Errorf("%s: expected a feature or an any-of/all-of expression, got %T", at, e)
		}
	}
	return out, nil
}

// AssumesExportText is a stored assumes list as Juju 3.6's exporter writes
// it (state/migration_export.go charmMetadata: json.Marshal(meta.Assumes),
// which gives `null` when the charm has none and escapes '>' as \u003e, as
// encoding/json does).
func AssumesExportText(stored []any) string {
	if len(stored) == 0 {
		return "null"
	}
	b, _ := json.Marshal(jsonAssumes(stored)) // strings and lists only: it cannot fail
	return string(b)
}

func jsonAssumes(list []any) []any {
	out := make([]any, len(list))
	for i, e := range list {
		switch x := e.(type) {
		case bson.D:
			m := make(map[string]any, len(x))
			for _, el := range x {
				sub, _ := el.Value.(bson.A)
				if sub == nil {
					sub, _ = el.Value.([]any)
				}
				m[el.Key] = jsonAssumes(sub)
			}
			out[i] = m
		default:
			out[i] = x
		}
	}
	return out
}
