package export

import (
	"fmt"

	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// BenchmarkMachineDecode compares decoding machines documents with the
// typed internal/jujudoc.MachineDoc against export's hand-walked decoder
// (decodeMachine). Issue 11 keeps a hand decoder only where the typed one
// is more than 10% slower; decodeMachine's comment has the figures.
func BenchmarkMachineDecode(b *testing.B) {
	const uuid = "be9c0000-0000-4000-8000-00000000dec0"
	m := controllertest.Generate(controllertest.Size{UUID: uuid, Name: "dec", Machines: 2000, ContainerEvery: 10, Juju36: true})
	docs, err := controllertest.Documents(m)
	if err != nil {
		b.Fatal(err)
	}
	var raws []bson.Raw
	for _, d := range docs.Of(jujudb.Machines) {
		raw, err := bson.Marshal(d)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	for _, c := range []struct {
		name string
		fn   func(x *exporter, d *dec)
	}{{"typed", (*exporter).typedDecodeMachine}, {"hand", (*exporter).decodeMachine}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x := &exporter{uuid: uuid}
				for _, raw := range raws {
					d := newDec(jujudb.Machines, raw)
					c.fn(x, &d)
					if err := d.error(); err != nil {
						b.Fatal(err)
					}
				}
				if len(x.machines) != len(raws) {
					b.Fatalf("%d machines of %d", len(x.machines), len(raws))
				}
			}
		})
	}
}

// typedDecodeMachine decodes a machines document with the typed
// jujudoc.MachineDoc, as the other typed documents are decoded; export
// keeps the hand decoder (decodeMachine) for machines, by this benchmark.
func (x *exporter) typedDecodeMachine(d *dec) {
	var doc jujudoc.MachineDoc
	if !x.typed(d, &doc) {
		return
	}
	m := &description.Machine{
		ID:            doc.MachineID,
		Nonce:         doc.Nonce,
		ContainerType: doc.ContainerType,
		PasswordHash:  doc.PasswordHash,
		Placement:     doc.Placement,
		Tools:         agentTools(doc.Tools),
		Hostname:      doc.Hostname,
	}
	md := &machineDoc{docID: doc.DocID, m: m}
	if m.ID == "" {
		d.missing("machineid")
	}
	if b := doc.Base; b != nil && b.OS != "" {
		m.Base = b.OS + "@" + b.Channel
	}
	for i, j := range doc.Jobs {
		v := jujudb.MachineJob(j).MigrationValue()
		if v == "" {
			d.fail(fmt.Sprintf("jobs.%d", i), ErrInvalid, "unknown machine job %d", j)
		}
		m.Jobs = append(m.Jobs, v)
	}
	m.ProviderAddresses = descAddresses(doc.Addresses)
	m.MachineAddresses = descAddresses(doc.MachineAddresses)
	m.PreferredPublicAddress = descAddressPtr(doc.PreferredPublicAddress)
	m.PreferredPrivateAddress = descAddressPtr(doc.PreferredPrivateAddress)
	if doc.SupportedContainersKnown {
		supported := doc.SupportedContainers
		if supported == nil {
			supported = []string{}
		}
		m.SupportedContainers = &supported
	}
	if d.ok() {
		x.machines = append(x.machines, md)
	}
}

// descAddresses converts stored addresses, dropping those with no value as
// juju/description's SetAddresses does.
func descAddresses(as []jujudoc.Address) []description.Address {
	var out []description.Address
	for i := range as {
		if as[i].Value != "" {
			out = append(out, descAddress(&as[i]))
		}
	}
	return out
}

func descAddress(a *jujudoc.Address) description.Address {
	return description.Address{Value: a.Value, Type: a.AddressType, Scope: a.Scope, Origin: a.Origin, SpaceID: a.SpaceID}
}

func descAddressPtr(a *jujudoc.Address) *description.Address {
	if a == nil || a.Value == "" {
		return nil
	}
	da := descAddress(a)
	return &da
}

func agentTools(t *jujudoc.Tools) *description.AgentTools {
	if t == nil {
		return nil
	}
	return &description.AgentTools{Version: t.Version, URL: t.URL, SHA256: t.SHA256, Size: t.Size}
}
