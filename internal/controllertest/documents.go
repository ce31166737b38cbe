package controllertest

import (
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
)

// Documents lays m out as the documents WriteModel inserts.
func Documents(m *description.Model) (*Docs, error) {
	uuid := m.UUID()
	if uuid == "" {
		return nil, errors.New("controllertest: the model config has no uuid")
	}
	d := &Docs{uuid: uuid, colls: map[string][]any{}}
	if err := d.model(m); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Docs) model(m *description.Model) error {
	uuid := d.uuid
	credID := ""
	if c := m.CloudCredential; c != nil {
		credID = c.Cloud + "/" + c.Owner + "/" + c.Name
		d.global("cloudCredentials", c.Cloud+"#"+c.Owner+"#"+c.Name, bson.D{
			{Key: "owner", Value: c.Owner}, {Key: "cloud", Value: c.Cloud}, {Key: "name", Value: c.Name},
			{Key: "revoked", Value: false}, {Key: "auth-type", Value: c.AuthType},
			{Key: "attributes", Value: strMap(c.Attributes, false)}, {Key: "invalid", Value: false}, {Key: "invalid-reason", Value: ""},
		})
	}
	model := bson.D{
		{Key: "name", Value: m.Name()}, {Key: "type", Value: m.Type}, {Key: "life", Value: int32(0)},
		{Key: "owner", Value: m.Owner}, {Key: "controller-uuid", Value: "deadbeef-0bad-400d-8000-4b1d0d06f00d"},
		{Key: "migration-mode", Value: ""}, {Key: "environ-version", Value: int32(m.EnvironVersion)},
		{Key: "cloud", Value: m.Cloud},
	}
	if m.CloudRegion != "" {
		model = append(model, bson.E{Key: "cloud-region", Value: m.CloudRegion})
	}
	if credID != "" {
		model = append(model, bson.E{Key: "cloud-credential", Value: credID})
	}
	if m.LatestTools != "" {
		model = append(model, bson.E{Key: "available-tools", Value: m.LatestTools})
	}
	sla := bson.D{{Key: "level", Value: m.SLA.Level}}
	if m.SLA.Owner != "" {
		sla = append(sla, bson.E{Key: "owner", Value: m.SLA.Owner})
	}
	sla = append(sla, bson.E{Key: "credentials", Value: bson.Binary{Data: []byte(m.SLA.Credentials)}})
	model = append(model,
		bson.E{Key: "sla", Value: sla},
		bson.E{Key: "meter-status", Value: bson.D{{Key: "code", Value: m.MeterStatus.Code}, {Key: "info", Value: m.MeterStatus.Info}}},
		bson.E{Key: "passwordhash", Value: m.PasswordHash},
		bson.E{Key: "txn-revno", Value: int32(2)},
	)
	d.global("models", uuid, model)
	if name, _ := m.Config["secret-backend"].(string); m.SecretBackendID != "" {
		d.global("secretBackends", m.SecretBackendID, bson.D{
			{Key: "name", Value: name}, {Key: "backend-type", Value: "vault"},
			{Key: "config", Value: bson.D{}},
		})
	}

	d.settings("e", m.Config)
	d.status("e", m.Status, m.StatusHistory)
	d.constraints("e", m.Constraints)
	d.annotations("e", "model-"+uuid, m.Annotations)
	types := map[string]int32{"destroy-model": 0, "remove-object": 1, "all-changes": 2}
	n := 0
	for _, k := range sortedKeys(m.Blocks) {
		t, ok := types[k]
		if !ok {
			return fmt.Errorf("controllertest: unknown block %q", k)
		}
		d.local("blocks", itoa(n), bson.D{{Key: "tag", Value: "model-" + uuid}, {Key: "type", Value: t}, {Key: "message", Value: m.Blocks[k]}})
		n++
	}
	for _, k := range sortedKeys(m.Sequences) {
		d.raw("sequence", k, bson.D{{Key: "name", Value: k}, {Key: "counter", Value: int32(m.Sequences[k])}})
	}
	for _, u := range m.Users {
		lower := strings.ToLower(u.Name)
		d.local("modelusers", lower, bson.D{
			{Key: "object-uuid", Value: uuid}, {Key: "user", Value: u.Name}, {Key: "displayname", Value: u.DisplayName},
			{Key: "createdby", Value: u.CreatedBy}, {Key: "datecreated", Value: dt(u.DateCreated)},
		})
		d.global("permissions", "e#"+uuid+"#us#"+lower, bson.D{
			{Key: "object-global-key", Value: "e#" + uuid}, {Key: "subject-global-key", Value: "us#" + lower}, {Key: "access", Value: u.Access},
		})
		if u.LastConnection != nil {
			d.raw("modelUserLastConnection", lower, bson.D{{Key: "user", Value: u.Name}, {Key: "last-connection", Value: dt(*u.LastConnection)}})
		}
		if !strings.Contains(u.Name, "@") {
			d.global("users", lower, bson.D{{Key: "name", Value: u.Name}, {Key: "displayname", Value: u.DisplayName}, {Key: "deleted", Value: false}})
		}
	}
	for _, mc := range m.Machines {
		d.machine(mc)
	}
	if err := d.applications(m); err != nil {
		return err
	}
	d.remote(m)
	d.relations(m)
	d.network(m)
	d.misc(m)
	d.storage(m)
	d.secrets(m)
	return nil
}

func (d *Docs) machine(mc *description.Machine) {
	id := mc.ID
	doc := bson.D{{Key: "machineid", Value: id}}
	if os, ch, ok := strings.Cut(mc.Base, "@"); ok {
		doc = append(doc, bson.E{Key: "base", Value: bson.D{{Key: "os", Value: os}, {Key: "channel", Value: ch}}})
	}
	jobs := bson.A{}
	for _, j := range mc.Jobs {
		switch j {
		case "host-units":
			jobs = append(jobs, int32(1))
		case "api-server":
			jobs = append(jobs, int32(2))
		}
	}
	doc = append(doc,
		bson.E{Key: "nonce", Value: mc.Nonce},
		bson.E{Key: "containertype", Value: mc.ContainerType},
		bson.E{Key: "principals", Value: bson.A{}},
		bson.E{Key: "life", Value: int32(0)},
	)
	if mc.Tools != nil {
		doc = append(doc, bson.E{Key: "tools", Value: tools(mc.Tools)})
	}
	doc = append(doc,
		bson.E{Key: "jobs", Value: jobs},
		bson.E{Key: "passwordhash", Value: mc.PasswordHash},
		bson.E{Key: "clean", Value: false},
		bson.E{Key: "force-destroyed", Value: false},
		bson.E{Key: "addresses", Value: addresses(mc.ProviderAddresses)},
		bson.E{Key: "machineaddresses", Value: addresses(mc.MachineAddresses)},
	)
	if a := mc.PreferredPublicAddress; a != nil {
		doc = append(doc, bson.E{Key: "preferredpublicaddress", Value: address(*a)})
	}
	if a := mc.PreferredPrivateAddress; a != nil {
		doc = append(doc, bson.E{Key: "preferredprivateaddress", Value: address(*a)})
	}
	doc = append(doc, bson.E{Key: "supportedcontainersknown", Value: mc.SupportedContainers != nil})
	if mc.SupportedContainers != nil && len(*mc.SupportedContainers) > 0 {
		doc = append(doc, bson.E{Key: "supportedcontainers", Value: strs(*mc.SupportedContainers)})
	}
	if mc.Placement != "" {
		doc = append(doc, bson.E{Key: "placement", Value: mc.Placement})
	}
	if mc.Hostname != "" {
		// Juju 3.6's machineDoc: hostname, omitempty.
		doc = append(doc, bson.E{Key: "hostname", Value: mc.Hostname})
	}
	d.local("machines", id, doc)

	if in := mc.Instance; in != nil {
		inst := bson.D{{Key: "machineid", Value: id}, {Key: "instanceid", Value: in.InstanceID}, {Key: "display-name", Value: in.DisplayName}}
		if in.Architecture != "" {
			inst = append(inst, bson.E{Key: "arch", Value: in.Architecture})
		}
		for _, f := range []struct {
			k string
			v uint64
		}{{"mem", in.Memory}, {"rootdisk", in.RootDisk}, {"cpucores", in.CPUCores}, {"cpupower", in.CPUPower}} {
			if f.v != 0 {
				inst = append(inst, bson.E{Key: f.k, Value: int64(f.v)})
			}
		}
		if in.RootDiskSource != "" {
			inst = append(inst, bson.E{Key: "rootdisksource", Value: in.RootDiskSource})
		}
		if in.Tags != nil {
			inst = append(inst, bson.E{Key: "tags", Value: strs(in.Tags)})
		}
		if in.AvailabilityZone != "" {
			inst = append(inst, bson.E{Key: "availzone", Value: in.AvailabilityZone})
		}
		if in.VirtType != "" {
			inst = append(inst, bson.E{Key: "virt-type", Value: in.VirtType})
		}
		if len(in.CharmProfiles) > 0 {
			inst = append(inst, bson.E{Key: "charm-profiles", Value: strs(in.CharmProfiles)})
		}
		d.local("instanceData", id, inst)
		d.status("m#"+id+"#instance", in.Status, in.StatusHistory)
		d.status("m#"+id+"#modification", in.ModificationStatus, nil)
	}
	d.status("m#"+id, mc.Status, mc.StatusHistory)
	d.constraints("m#"+id, mc.Constraints)
	d.annotations("m#"+id, "machine-"+strings.ReplaceAll(id, "/", "-"), mc.Annotations)
	devs := bson.A{}
	for _, b := range mc.BlockDevices {
		devs = append(devs, blockDevice(b))
	}
	d.local("blockdevices", id, bson.D{{Key: "machineid", Value: id}, {Key: "blockdevices", Value: devs}})
	// Every machine has an openedPorts document (ref §8, import step 10).
	d.local("openedPorts", id, bson.D{{Key: "machine-id", Value: id}, {Key: "unit-port-ranges", Value: portRanges(mc.OpenedPortRanges)}})
	for _, c := range mc.Containers {
		d.machine(c)
	}
}
