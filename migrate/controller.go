package migrate

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/jujudb"
)

// Controller is one Juju controller's MongoDB as a migration uses it: a
// connected client and the names of the controller's three databases.
type Controller struct {
	// Name labels the controller in records, events and messages: its
	// registry name, or its address.
	Name string
	// Address says where the controller is, for records; it must not hold
	// a password (ferry records it on the source controller).
	Address string
	// Client is connected to the controller's MongoDB.
	Client *mongo.Client
	// StateDB, BlobsDB and LogsDB name the databases; empty means Juju's
	// "juju", "blobstore" and "logs". Tests give two controllers on one
	// server different names.
	StateDB, BlobsDB, LogsDB string
}

// State returns the database of state collections ("juju").
func (c *Controller) State() *mongo.Database { return c.Client.Database(or(c.StateDB, jujudb.DB)) }

// Blobs returns the GridFS database ("blobstore").
func (c *Controller) Blobs() *mongo.Database {
	return c.Client.Database(or(c.BlobsDB, jujudb.BlobstoreDB))
}

// Logs returns the log database ("logs").
func (c *Controller) Logs() *mongo.Database { return c.Client.Database(or(c.LogsDB, jujudb.LogsDB)) }

func (c *Controller) store() *blobstore.Store { return blobstore.New(c.State(), c.Blobs()) }

func (c *Controller) label() string {
	if c.Name != "" {
		return c.Name
	}
	if c.Address != "" {
		return c.Address
	}
	return "controller"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ControllerInfo is what a migration reads about a controller.
type ControllerInfo struct {
	// UUID is the controller's UUID (controller settings).
	UUID string
	// Version is the controller's agent version: its controller model's.
	Version string
	// ModelUUID is the controller model's UUID.
	ModelUUID string
	// APIAddrs are the controller's API addresses (host:port) as agents
	// reach them, and CACert its CA certificate: what a redirect record
	// tells agents and clients. Both are empty on a database that is not
	// a running controller's (ferry's embedded ones).
	APIAddrs []string
	CACert   string
}

// ErrNotController is wrapped by the error Info returns for a database
// without Juju's controller documents.
var ErrNotController = errors.New("not a Juju controller database")

// Info reads the controller's identity and version.
func (c *Controller) Info(ctx context.Context) (ControllerInfo, error) {
	var info ControllerInfo
	cur, err := c.State().Collection(jujudb.Controllers).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{
		importer.ControllerSettingsKey, importer.ControllerInfoKey, "apiHostPorts"}}}}})
	if err != nil {
		return info, fmt.Errorf("migrate: reading %s of %s: %w", jujudb.Controllers, c.label(), err)
	}
	var docs []bson.Raw
	for cur.Next(ctx) {
		docs = append(docs, append(bson.Raw(nil), cur.Current...))
	}
	err = cur.Err()
	cur.Close(context.WithoutCancel(ctx))
	if err != nil {
		return info, fmt.Errorf("migrate: reading %s of %s: %w", jujudb.Controllers, c.label(), err)
	}
	for _, d := range docs {
		id, _ := d.Lookup("_id").StringValueOK()
		switch id {
		case importer.ControllerSettingsKey:
			info.UUID, _ = d.Lookup("settings", "controller-uuid").StringValueOK()
			info.CACert, _ = d.Lookup("settings", "ca-cert").StringValueOK()
		case importer.ControllerInfoKey:
			info.ModelUUID, _ = d.Lookup("model-uuid").StringValueOK()
		case "apiHostPorts":
			info.APIAddrs = hostPorts(d)
		}
	}
	if info.UUID == "" {
		return info, fmt.Errorf("migrate: %s: %w (no controller-uuid in %s/%s)", c.label(), ErrNotController, jujudb.Controllers, importer.ControllerSettingsKey)
	}
	if info.ModelUUID != "" {
		var s bson.Raw
		err := c.State().Collection(jujudb.Settings).FindOne(ctx, bson.D{{Key: "_id", Value: jujudb.DocID(info.ModelUUID, jujudb.ModelKey)}}).Decode(&s)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return info, fmt.Errorf("migrate: reading the controller model's config on %s: %w", c.label(), err)
		}
		if s != nil {
			info.Version, _ = s.Lookup("settings", "agent-version").StringValueOK()
		}
	}
	return info, nil
}

// hostPorts reads Juju's apiHostPorts document: apihostports is a list
// (one per controller machine) of lists of {value, port, ...}.
func hostPorts(d bson.Raw) []string {
	var out []string
	servers, ok := d.Lookup("apihostports").ArrayOK()
	if !ok {
		return nil
	}
	svals, _ := servers.Values()
	for _, s := range svals {
		hps, ok := s.ArrayOK()
		if !ok {
			continue
		}
		vals, _ := hps.Values()
		for _, v := range vals {
			doc, ok := v.DocumentOK()
			if !ok {
				continue
			}
			host, _ := doc.Lookup("value").StringValueOK()
			port, _ := doc.Lookup("port").AsInt64OK()
			if host == "" {
				continue
			}
			out = append(out, hostPort(host, int(port)))
		}
	}
	return out
}

func hostPort(host string, port int) string {
	for i := 0; i < len(host); i++ {
		if host[i] == ':' {
			return "[" + host + "]:" + strconv.Itoa(port)
		}
	}
	return host + ":" + strconv.Itoa(port)
}
