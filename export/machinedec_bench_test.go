package export

import (
	"fmt"

	"testing"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// BenchmarkMachineDecode compares decoding machines documents with the
// typed internal/jujudoc.MachineDoc against export's hand-walked decoder
// (decodeMachine). Issue 11 keeps a hand decoder only where the typed one
// is more than 10% slower; decodeMachine's comment has the figures.
func BenchmarkMachineDecode(b *testing.B) {
	benchDecoders(b, jujudb.Machines, map[string]func(*exporter, *dec){
		"typed": (*exporter).typedDecodeMachine, "hand": (*exporter).decodeMachine})
}

// TestTypedDecodeMachineMatchesHand checks that the benchmark's typed
// decoder fills the exporter as decodeMachine does (checkPairsMatch).
func TestTypedDecodeMachineMatchesHand(t *testing.T) {
	checkPairsMatch(t, []decoderPair{{jujudb.Machines, (*exporter).typedDecodeMachine, (*exporter).decodeMachine}})
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
