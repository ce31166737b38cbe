package description_test

import (
	"bytes"
	"runtime"
	"testing"

	jujudesc "github.com/juju/description/v5"

	"github.com/modelferry/ferry/description"
)

// TestReadOnManyCoresGivesJujusBytesBack reads a model juju/description
// v5.0.4 wrote, with lists long enough (1,200 machines, 600 applications
// with their units) that several decoders share each of them, writes it for
// v5.0.4 and expects juju's bytes back.
func TestReadOnManyCoresGivesJujusBytesBack(t *testing.T) {
	want, err := jujudesc.Serialize(buildJujuModel(1200, 600))
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	m, err := description.Read("juju.yaml", want)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Machines) != 1200 || len(m.Applications) != 600 {
		t.Fatalf("read %d machines and %d applications, want 1200 and 600", len(m.Machines), len(m.Applications))
	}
	got, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("ferry's v5.0.4 bytes differ from juju's at byte %d of %d: %q, want %q", i, len(want), got[i:min(i+80, len(got))], want[i:min(i+80, len(want))])
	}
}
