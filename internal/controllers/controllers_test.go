package controllers_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/modelferry/ferry/internal/controllers"
)

func TestAddSaveLoadRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "controllers.json")
	r, err := controllers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Controllers) != 0 {
		t.Fatalf("new registry has %d controllers", len(r.Controllers))
	}
	if err := r.Add(controllers.Controller{Name: "old", URI: "mongodb://u:secret@h:37017/"}, false); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(controllers.Controller{Name: "new", URI: "mongodb://h2/", TLS: true}, false); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(controllers.Controller{Name: "old", URI: "mongodb://x/"}, false); err == nil {
		t.Fatal("adding a duplicate name succeeded")
	}
	for _, bad := range []string{"", "mongodb://x", "a b", "-x"} {
		if err := r.Add(controllers.Controller{Name: bad, URI: "mongodb://x/"}, false); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("registry mode %04o, want 0600", fi.Mode().Perm())
		}
	}
	r2, err := controllers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r2.Get("old")
	if err != nil || c.URI != "mongodb://u:secret@h:37017/" {
		t.Fatalf("Get(old) = %+v, %v", c, err)
	}
	if c, err := r2.Get("new"); err != nil || !c.TLS {
		t.Errorf("TLS option lost: %+v", c)
	}
	if err := r2.Remove("old"); err != nil {
		t.Fatal(err)
	}
	if _, err := r2.Get("old"); !errors.Is(err, controllers.ErrNotFound) {
		t.Errorf("Get after Remove: %v", err)
	}
	if err := r2.Remove("old"); !errors.Is(err, controllers.ErrNotFound) {
		t.Errorf("second Remove: %v", err)
	}
}

func TestRefusesReadableFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	path := filepath.Join(t.TempDir(), "controllers.json")
	if err := os.WriteFile(path, []byte(`{"controllers":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := controllers.Load(path); err == nil {
		t.Fatal("a world-readable registry was loaded")
	}
}

func TestDefaultPathFromEnv(t *testing.T) {
	t.Setenv(controllers.EnvFile, "/some/where.json")
	if p, err := controllers.DefaultPath(); err != nil || p != "/some/where.json" {
		t.Fatalf("DefaultPath = %q, %v", p, err)
	}
}

func ExampleRegistry() {
	dir, _ := os.MkdirTemp("", "ferry-example-")
	defer os.RemoveAll(dir)
	r, _ := controllers.Load(filepath.Join(dir, "controllers.json"))
	_ = r.Add(controllers.Controller{Name: "prod-old", URI: "mongodb://10.0.0.1:37017/"}, false)
	_ = r.Save()
	again, _ := controllers.Load(filepath.Join(dir, "controllers.json"))
	c, _ := again.Get("prod-old")
	fmt.Println(c.Name, c.URI)
	// Output: prod-old mongodb://10.0.0.1:37017/
}
