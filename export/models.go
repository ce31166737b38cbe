package export

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/jujudb"
)

// ModelSummary describes one model of a controller, as ferry models lists
// it.
type ModelSummary struct {
	UUID          string
	Name          string
	Owner         string
	Type          string // iaas or caas
	Life          string // alive, dying or dead
	MigrationMode string // "", "exporting" or "importing"
	Cloud         string
	CloudRegion   string
	Machines      int
	Applications  int
	Units         int
}

// Ref returns "owner/name", the form juju commands name a model by.
func (s ModelSummary) Ref() string { return s.Owner + "/" + s.Name }

// ModelCounter is implemented by sources that can count a collection's
// documents per model more cheaply than by reading them whole.
type ModelCounter interface {
	CountByModel(ctx context.Context, coll string) (map[string]int, error)
}

// CountByModel implements ModelCounter: one query that fetches only the
// model-uuid of each document.
func (s *MongoSource) CountByModel(ctx context.Context, coll string) (map[string]int, error) {
	cur, err := s.DB.Collection(coll).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "model-uuid", Value: 1}, {Key: "_id", Value: 0}}))
	if err != nil {
		return nil, err
	}
	defer cur.Close(context.Background())
	return countCursor_(ctx, mongoCursor{cur})
}

func countCursor_(ctx context.Context, cur Cursor) (map[string]int, error) {
	out := map[string]int{}
	for cur.Next(ctx) {
		v, err := cur.Current().LookupErr(jujudb.FieldModelUUID)
		if err != nil {
			continue
		}
		if s, ok := v.StringValueOK(); ok {
			out[s]++
		}
	}
	return out, cur.Err()
}

func countByModel(ctx context.Context, src Source, coll string) (map[string]int, error) {
	if c, ok := src.(ModelCounter); ok {
		return c.CountByModel(ctx, coll)
	}
	cur, err := src.Find(ctx, coll, bson.D{})
	if err != nil {
		return nil, err
	}
	defer cur.Close(context.Background())
	return countCursor_(ctx, cur)
}

// ListModels lists the controller's models, sorted by owner and name, with
// their machine, application and unit counts: four queries in all.
func ListModels(ctx context.Context, src Source) ([]ModelSummary, error) {
	cur, err := src.Find(ctx, jujudb.Models, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("export: reading collection %q: %w", jujudb.Models, err)
	}
	var out []ModelSummary
	for cur.Next(ctx) {
		x := &exporter{}
		d := newDec(jujudb.Models, cur.Current())
		if d.ok() {
			x.decodeModel(&d)
		}
		if err := d.error(); err != nil {
			cur.Close(context.Background())
			return nil, err
		}
		md := x.model
		out = append(out, ModelSummary{
			UUID: md.id, Name: md.name, Owner: md.owner, Type: md.typ,
			Life: jujudb.Life(md.life).String(), MigrationMode: md.migrationMode,
			Cloud: md.cloud, CloudRegion: md.region,
		})
	}
	err = cur.Err()
	cur.Close(context.Background())
	if err != nil {
		return nil, fmt.Errorf("export: reading collection %q: %w", jujudb.Models, err)
	}
	for _, c := range []struct {
		coll string
		set  func(*ModelSummary, int)
	}{
		{jujudb.Machines, func(s *ModelSummary, n int) { s.Machines = n }},
		{jujudb.Applications, func(s *ModelSummary, n int) { s.Applications = n }},
		{jujudb.Units, func(s *ModelSummary, n int) { s.Units = n }},
	} {
		counts, err := countByModel(ctx, src, c.coll)
		if err != nil {
			return nil, fmt.Errorf("export: counting collection %q: %w", c.coll, err)
		}
		for i := range out {
			c.set(&out[i], counts[out[i].UUID])
		}
	}
	slices.SortFunc(out, func(a, b ModelSummary) int {
		if c := strings.Compare(a.Owner, b.Owner); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// FindModel finds a model by UUID, by "owner/name", or by name alone when
// only one model has it.
func FindModel(ctx context.Context, src Source, ref string) (ModelSummary, error) {
	models, err := ListModels(ctx, src)
	if err != nil {
		return ModelSummary{}, err
	}
	var matches []ModelSummary
	for _, m := range models {
		if m.UUID == ref || m.Ref() == ref || m.Name == ref {
			if m.UUID == ref || m.Ref() == ref {
				return m, nil
			}
			matches = append(matches, m)
		}
	}
	switch len(matches) {
	case 0:
		return ModelSummary{}, fmt.Errorf("export: %w: no model has UUID or name %q", ErrModelNotFound, ref)
	case 1:
		return matches[0], nil
	}
	var refs []string
	for _, m := range matches {
		refs = append(refs, m.Ref())
	}
	return ModelSummary{}, fmt.Errorf("export: model name %q is ambiguous: %s; name it as owner/name or by UUID", ref, strings.Join(refs, ", "))
}
