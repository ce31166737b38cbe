// Command gen writes the JSON Schemas of the model description format into
// the current directory (schemas/, via go generate), or into the directory
// given as its only argument. It removes model*.json files that are no
// longer generated.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/modelferry/ferry/description"
)

func main() {
	dir := "."
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: gen [DIR]")
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		dir = os.Args[1]
	}
	if err := generate(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate(dir string) error {
	want := map[string]bool{}
	for _, v := range append([]int{0}, description.SchemaVersions()...) {
		b, err := description.JSONSchema(v)
		if err != nil {
			return err
		}
		name := description.SchemaFile(v)
		want[name] = true
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	old, err := filepath.Glob(filepath.Join(dir, "model*.json"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if !want[filepath.Base(p)] {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}
