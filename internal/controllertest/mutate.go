package controllertest

import (
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The mutators below break documents on purpose, for tests of how an
// exporter copes with what a damaged or unusual database holds. Each finds
// a document by its local id (the _id without the model prefix) and fails
// if there is none, so that a test cannot silently mutate nothing.

func (d *Docs) find(coll, local string) (int, bson.D, error) {
	want := d.uuid + ":" + local
	for i, x := range d.colls[coll] {
		doc := x.(bson.D)
		for _, e := range doc {
			if e.Key == "_id" && (e.Value == want || e.Value == local) {
				return i, doc, nil
			}
		}
	}
	return 0, nil, fmt.Errorf("controllertest: no document %q in %s", local, coll)
}

// Set sets a field (a dotted path descends into sub-documents) of one
// document, adding it if absent.
func (d *Docs) Set(coll, local, field string, value any) error {
	i, doc, err := d.find(coll, local)
	if err != nil {
		return err
	}
	d.colls[coll][i] = set(doc, strings.Split(field, "."), value, false)
	return nil
}

// Unset removes a field of one document.
func (d *Docs) Unset(coll, local, field string) error {
	i, doc, err := d.find(coll, local)
	if err != nil {
		return err
	}
	d.colls[coll][i] = set(doc, strings.Split(field, "."), nil, true)
	return nil
}

// Delete removes one document.
func (d *Docs) Delete(coll, local string) error {
	i, _, err := d.find(coll, local)
	if err != nil {
		return err
	}
	d.colls[coll] = append(d.colls[coll][:i:i], d.colls[coll][i+1:]...)
	return nil
}

// Add adds a document to a collection as given.
func (d *Docs) Add(coll string, doc bson.D) { d.add(coll, doc) }

func set(doc bson.D, path []string, value any, remove bool) bson.D {
	out := make(bson.D, 0, len(doc)+1)
	found := false
	for _, e := range doc {
		if e.Key != path[0] {
			out = append(out, e)
			continue
		}
		found = true
		if len(path) > 1 {
			sub, _ := e.Value.(bson.D)
			out = append(out, bson.E{Key: e.Key, Value: set(sub, path[1:], value, remove)})
		} else if !remove {
			out = append(out, bson.E{Key: e.Key, Value: value})
		}
	}
	if !found && !remove {
		if len(path) > 1 {
			out = append(out, bson.E{Key: path[0], Value: set(bson.D{}, path[1:], value, false)})
		} else {
			out = append(out, bson.E{Key: path[0], Value: value})
		}
	}
	return out
}
