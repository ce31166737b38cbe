package export

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudb"
)

// controllerInfoID is the _id of Juju's controllerInfo document in the
// controllers collection, which names the controller model (Juju's
// state.modelGlobalKey, "e"; reference §6).
const controllerInfoID = "e"

// VersionSource says where SourceJujuVersion found the version.
type VersionSource string

// Where a source's Juju version was read.
const (
	// FromController: the controller model's agent-version, the version
	// the controller itself runs.
	FromController VersionSource = "controller"
	// FromModel: the exported model's own agent-version, for a database
	// without controller documents (a seeded test database, a copy of one
	// model).
	FromModel VersionSource = "model"
)

// SourceVersion is the Juju version of the controller a model is exported
// from, which fixes the description generation that controller writes
// (description.TargetForJuju).
type SourceVersion struct {
	Version string        // e.g. "3.6.13"
	From    VersionSource // where it was read
}

// SourceJujuVersion returns the Juju version the source controller runs.
// Juju keeps no version in the controllers collection: a model's version
// is the agent-version of its config (settings "<uuid>:e"; juju/juju
// state/modelconfig.go, Model.AgentVersion), and the controller's is that
// of the controller model, which controllerInfo names. A database with no
// controllerInfo gives the model's own agent-version. A version that is
// nowhere to be found is an error, as is a failed query.
func SourceJujuVersion(ctx context.Context, src Source, modelUUID string) (SourceVersion, error) {
	info, err := findOne(ctx, src, jujudb.Controllers, bson.D{{Key: "_id", Value: controllerInfoID}})
	if err != nil {
		return SourceVersion{}, err
	}
	if ctrl, _ := info.Lookup("model-uuid").StringValueOK(); ctrl != "" {
		v, err := configAgentVersion(ctx, src, ctrl)
		if err != nil || v != "" {
			return SourceVersion{Version: v, From: FromController}, err
		}
		return SourceVersion{}, fmt.Errorf("export: the controller model %s has no agent-version in its config (%s/%s): cannot tell the source controller's Juju version",
			ctrl, jujudb.Settings, jujudb.DocID(ctrl, jujudb.ModelKey))
	}
	v, err := configAgentVersion(ctx, src, modelUUID)
	if err != nil || v != "" {
		return SourceVersion{Version: v, From: FromModel}, err
	}
	return SourceVersion{}, fmt.Errorf("export: neither a controller model (%s/%s) nor an agent-version in model %s's config: cannot tell the source's Juju version",
		jujudb.Controllers, controllerInfoID, modelUUID)
}

// configAgentVersion reads the agent-version of a model's config; "" when
// the model has no config or the config has none.
func configAgentVersion(ctx context.Context, src Source, uuid string) (string, error) {
	d, err := findOne(ctx, src, jujudb.Settings, bson.D{{Key: "_id", Value: jujudb.DocID(uuid, jujudb.ModelKey)}})
	if err != nil {
		return "", err
	}
	v, _ := d.Lookup("settings", "agent-version").StringValueOK()
	return v, nil
}

// findOne returns the first document of coll matching filter, nil when
// there is none.
func findOne(ctx context.Context, src Source, coll string, filter bson.D) (bson.Raw, error) {
	cur, err := src.Find(ctx, coll, filter)
	if err != nil {
		return nil, fmt.Errorf("export: reading %s: %w", coll, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var d bson.Raw
	if cur.Next(ctx) {
		d = append(bson.Raw(nil), cur.Current()...)
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("export: reading %s: %w", coll, err)
	}
	return d, nil
}
