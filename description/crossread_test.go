package description_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	jujudesc10 "github.com/juju/description/v10"
	jujudesc9 "github.com/juju/description/v9"

	"github.com/modelferry/ferry/description"
)

// TestNewerJujuReadsEveryGoldenOutput checks the compatibility the Juju 3.6
// line promises for the v5.0.4 format: juju/description v9.0.0 (Juju 3.6.8 –
// 3.6.12) and v10.0.0 (Juju 3.6.13 – 3.6.21) read and validate every golden
// output ferry writes.
func TestNewerJujuReadsEveryGoldenOutput(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "fixtures", "HEAD", "*.out.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden outputs under testdata/fixtures/HEAD")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name+"/v9.0.0", func(t *testing.T) {
			m, err := jujudesc9.Deserialize(b)
			if err != nil {
				t.Fatalf("juju/description v9.0.0 cannot read %s: %v", f, err)
			}
			if err := m.Validate(); err != nil {
				t.Fatalf("juju/description v9.0.0 rejects %s: %v", f, err)
			}
		})
		t.Run(name+"/v10.0.0", func(t *testing.T) {
			m, err := jujudesc10.Deserialize(b)
			if err != nil {
				t.Fatalf("juju/description v10.0.0 cannot read %s: %v", f, err)
			}
			if err := m.Validate(); err != nil {
				t.Fatalf("juju/description v10.0.0 rejects %s: %v", f, err)
			}
		})
	}
}

// TestNewerJujuReadsEveryTargetItCan writes the juju-written v10.0.0 rich
// fixture (every Juju 3.6 field set) for every target, with the loss
// allowed, and has juju/description v9.0.0 and v10.0.0 read and validate
// every output of a generation they read: v9.0.0 reads up to applications
// v13, v10.0.0 up to v14; neither reads machines v4.
func TestNewerJujuReadsEveryTargetItCan(t *testing.T) {
	m, err := description.ReadFile(filepath.Join("..", "testdata", "fixtures", "juju-v10.0.0", "iaas-rich.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range description.Targets {
		b, err := description.WriteWithOptions(m, description.WriteOptions{Target: target, AllowLoss: true})
		var loss *description.LossError
		if err != nil && !(errors.As(err, &loss) && loss.Written) {
			t.Fatalf("%s: %v", target.Release, err)
		}
		if target.Machines < 4 && target.Applications <= 13 {
			if jm, err := jujudesc9.Deserialize(b); err != nil {
				t.Errorf("juju/description v9.0.0 cannot read ferry's %s output: %v", target.Release, err)
			} else if err := jm.Validate(); err != nil {
				t.Errorf("juju/description v9.0.0 rejects ferry's %s output: %v", target.Release, err)
			}
		}
		if target.Machines < 4 {
			if jm, err := jujudesc10.Deserialize(b); err != nil {
				t.Errorf("juju/description v10.0.0 cannot read ferry's %s output: %v", target.Release, err)
			} else if err := jm.Validate(); err != nil {
				t.Errorf("juju/description v10.0.0 rejects ferry's %s output: %v", target.Release, err)
			}
		}
	}
}

// TestWritingV11ForV5ListsEveryLoss pins the exact loss list of writing
// the Juju 3.6 rich fixture for juju/description v5.0.4.
func TestWritingV11ForV5ListsEveryLoss(t *testing.T) {
	m, err := description.ReadFile(filepath.Join("..", "testdata", "fixtures", "model-v12", "rich-machines-v4.in.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v5, _ := description.ParseTarget("v5.0.4")
	_, err = description.WriteWithOptions(m, description.WriteOptions{Target: v5})
	var loss *description.LossError
	if !errors.As(err, &loss) || !errors.Is(err, description.ErrLoss) || loss.Written {
		t.Fatalf("want an unwritten *LossError, got %v", err)
	}
	var got []string
	for _, l := range loss.Losses {
		got = append(got, l.Path)
	}
	// The input's agent version is empty, so nothing is lost there.
	want := []string{
		"machines[0].hostname", "machines[0].containers[0].hostname",
		"machines[0].containers[0].containers[0].hostname", "machines[1].hostname",
	}
	if len(got) < len(want) {
		t.Fatalf("losses %q, want at least %q", got, want)
	}
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("loss %d = %q, want %q (all: %q)", i, got[i], w, got)
		}
	}
	for _, p := range []string{"applications[0].charm-metadata", "applications[0].charm-manifest", "applications[0].charm-actions",
		"applications[0].charm-configs", "applications[0].storage-unique-id", "applications[1].charm-metadata",
		"secrets[0].latest-revision-checksum", "virtual-host-keys"} {
		found := false
		for _, g := range got {
			found = found || g == p
		}
		if !found {
			t.Errorf("loss list %q lacks %q", got, p)
		}
	}
}
