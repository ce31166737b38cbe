package description_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/modelferry/ferry/description"
)

// TestREADMEVersionTable keeps the README's table of entity versions equal
// to the code's tables. FERRY_UPDATE_README=1 rewrites it.
func TestREADMEVersionTable(t *testing.T) {
	const path = "../README.md"
	const begin, end = "<!-- entity-versions:begin -->\n", "<!-- entity-versions:end -->"
	var b strings.Builder
	b.WriteString(begin)
	b.WriteString("| entity | writes | reads | version kept in |\n| --- | --- | --- | --- |\n")
	for _, e := range description.EntityVersions() {
		reads := make([]string, len(e.Reads))
		for i, v := range e.Reads {
			reads[i] = fmt.Sprint(v)
		}
		where := "its list"
		if e.OwnVersion {
			where = "its own `version` key"
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", e.Entity, e.Writes, strings.Join(reads, ", "), where)
	}
	b.WriteString(end)
	checkREADMESection(t, path, begin, end, b.String())
}

// TestREADMETargetTable keeps the README's table of write targets equal to
// description.Targets. FERRY_UPDATE_README=1 rewrites it.
func TestREADMETargetTable(t *testing.T) {
	const path = "../README.md"
	const begin, end = "<!-- targets:begin -->\n", "<!-- targets:end -->"
	var b strings.Builder
	b.WriteString(begin)
	b.WriteString("| target | Juju | model | applications | secrets | machines | how ferry's output was checked |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, tg := range description.Targets {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %s |\n", tg.Release, tg.Juju, tg.Model, tg.Applications, tg.Secrets, tg.Machines, tg.Checked)
	}
	b.WriteString(end)
	checkREADMESection(t, path, begin, end, b.String())
}

// checkREADMESection requires the README's text from begin to end to be
// want, or rewrites it with FERRY_UPDATE_README=1.
func checkREADMESection(t *testing.T, path, begin, end, want string) {
	t.Helper()
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q ... %q section", path, begin, end)
	}
	if s[i:j+len(end)] == want {
		return
	}
	if os.Getenv("FERRY_UPDATE_README") == "1" {
		if err := os.WriteFile(path, []byte(s[:i]+want+s[j+len(end):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("a table in the README is out of date; run FERRY_UPDATE_README=1 go test ./description -run TestREADME\nwant:\n%s", want)
}
