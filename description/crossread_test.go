package description_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	jujudesc10 "github.com/juju/description/v10"
	jujudesc9 "github.com/juju/description/v9"
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
