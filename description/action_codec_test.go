package description

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modelferry/ferry/internal/yamlemit"
	"github.com/modelferry/ferry/internal/yamltree"
)

// The helpers below are shared by the action, storage, remote and secret
// codec tests. A snippet is a YAML mapping with one key, the way a
// collection sits in a model document, so that error paths read as they do
// in a whole model (actions[0].id).

const codecFile = "snippet.yaml"

// codecDecode parses src and decodes the value under its single key with
// read, pushing the key first as the model decoder does.
func codecDecode[T any](t *testing.T, src string, read func(d *decoder, n *node) T) (T, ErrorList) {
	t.Helper()
	root, err := yamltree.Parse([]byte(src))
	if err != nil {
		t.Fatalf("parsing the snippet: %v\n%s", err, src)
	}
	if root == nil || root.Kind != yamltree.MappingNode || len(root.Children()) != 2 {
		t.Fatalf("a snippet must be a mapping with one key:\n%s", src)
	}
	d := &decoder{file: codecFile}
	d.push(root.Children()[0].Value)
	out := read(d, &root.Children()[1])
	d.pop()
	return out, d.errs
}

// codecWrite runs write inside a root mapping and returns the document.
func codecWrite(write func(e *encoder)) string {
	e := &encoder{w: yamlemit.NewWriter(nil), t: targetV504}
	e.w.BeginMapping()
	write(e)
	e.w.EndMapping()
	return string(e.w.Bytes())
}

// codecWantClean fails the test if errs holds anything.
func codecWantClean(t *testing.T, errs ErrorList) {
	t.Helper()
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs)
	}
}

// codecWantErrors asserts that errs renders as exactly want, in order
// (file:line:col: path: message).
func codecWantErrors(t *testing.T, errs ErrorList, want ...string) {
	t.Helper()
	got := make([]string, len(errs))
	for i, e := range errs {
		got[i] = e.Error()
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("errors:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// codecWantKind asserts the kind of the first error.
func codecWantKind(t *testing.T, errs ErrorList, k ErrorKind) {
	t.Helper()
	if len(errs) == 0 || errs[0].Kind != k {
		t.Fatalf("want a first error of kind %v, got %v", k, errs)
	}
}

// codecWantEqual compares two decoded trees, showing both as JSON when they
// differ.
func codecWantEqual(t *testing.T, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("decoded:\n%s\nwant:\n%s", g, w)
	}
}

// codecWantText compares written YAML.
func codecWantText(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("wrote:\n%s\nwant:\n%s", got, want)
	}
}

func codecTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func codecTimePtr(s string) *time.Time {
	t := codecTime(s)
	return &t
}

// --- actions

func readActionsSnippet(d *decoder, n *node) []*Action {
	return readList(d, actionFormat, n, "actions", "actions")
}

func writeActionsSnippet(as []*Action) string {
	return codecWrite(func(e *encoder) { writeWrapped(e, "actions", actionsVersion, "actions", as, writeAction) })
}

const actionsV4 = `actions:
  version: 4
  actions:
  - id: "1"
    receiver: mysql/0
    name: backup
    operation: "7"
    parameters:
      dest: /tmp
    parallel: true
    execution-group: nightly
    enqueued: 2024-01-02T03:04:05Z
    started: 2024-01-02T03:04:06.5Z
    completed: 2024-01-02T03:05:00Z
    status: completed
    message: done
    results:
      code: 0
    logs:
      version: 1
      messages:
      - timestamp: 2024-01-02T03:04:07Z
        message: starting
  - id: "2"
    receiver: mysql/1
    name: backup
    operation: "7"
    parameters: {}
    parallel: false
    execution-group: ""
    enqueued: 2024-01-02T03:04:05Z
    status: pending
    message: ""
    results: {}
`

func actionsV4Want() []*Action {
	return []*Action{{
		ID: "1", Receiver: "mysql/0", Name: "backup", Operation: "7",
		Parameters: map[string]any{"dest": "/tmp"}, Parallel: true, ExecutionGroup: "nightly",
		Enqueued:  codecTime("2024-01-02T03:04:05Z"),
		Started:   codecTimePtr("2024-01-02T03:04:06.5Z"),
		Completed: codecTimePtr("2024-01-02T03:05:00Z"),
		Status:    "completed", Message: "done",
		Results: map[string]any{"code": 0},
		Logs:    []ActionMessage{{Timestamp: codecTime("2024-01-02T03:04:07Z"), Message: "starting"}},
	}, {
		ID: "2", Receiver: "mysql/1", Name: "backup", Operation: "7",
		Parameters: map[string]any{}, Enqueued: codecTime("2024-01-02T03:04:05Z"),
		Status: "pending", Results: map[string]any{},
	}}
}

func TestActionsAtTheCurrentVersionDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, actionsV4, readActionsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, actionsV4Want())
	codecWantText(t, writeActionsSnippet(got), actionsV4)
}

func TestActionWriterFollowsJujuKeyOrderAndOmitempty(t *testing.T) {
	cases := []struct {
		name   string
		action *Action
		want   string
	}{{
		name:   "an action built with nil maps writes empty maps and no optional keys",
		action: &Action{ID: "3", Receiver: "0", Name: "noop", Enqueued: codecTime("2024-01-02T03:04:05Z")},
		want: `actions:
  version: 4
  actions:
  - id: "3"
    receiver: "0"
    name: noop
    operation: ""
    parameters: {}
    parallel: false
    execution-group: ""
    enqueued: 2024-01-02T03:04:05Z
    status: ""
    message: ""
    results: {}
`,
	}, {
		// yaml.v2's omitempty leaves out a pointer to the zero time, since
		// time.Time has IsZero.
		name: "started and completed pointing at the zero time are left out",
		action: &Action{ID: "3", Receiver: "0", Name: "noop", Enqueued: codecTime("2024-01-02T03:04:05Z"),
			Started: new(time.Time), Completed: new(time.Time)},
		want: `actions:
  version: 4
  actions:
  - id: "3"
    receiver: "0"
    name: noop
    operation: ""
    parameters: {}
    parallel: false
    execution-group: ""
    enqueued: 2024-01-02T03:04:05Z
    status: ""
    message: ""
    results: {}
`,
	}, {
		name: "an empty, non-nil log list writes an empty logs wrapper",
		action: &Action{ID: "4", Receiver: "0", Name: "noop", Enqueued: codecTime("2024-01-02T03:04:05Z"),
			Logs: []ActionMessage{}},
		want: `actions:
  version: 4
  actions:
  - id: "4"
    receiver: "0"
    name: noop
    operation: ""
    parameters: {}
    parallel: false
    execution-group: ""
    enqueued: 2024-01-02T03:04:05Z
    status: ""
    message: ""
    results: {}
    logs:
      version: 1
      messages: []
`,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			codecWantText(t, writeActionsSnippet([]*Action{c.action}), c.want)
		})
	}
}

func TestOldActionVersionsDecodeToTheCurrentShape(t *testing.T) {
	base := func() *Action {
		return &Action{
			ID: "1", Receiver: "mysql/0", Name: "backup",
			Parameters: map[string]any{}, Results: map[string]any{},
			// Read in UTC, whatever the offset written.
			Enqueued: codecTime("2024-01-02T01:04:05Z"),
			Status:   "completed", Message: "done",
		}
	}
	v1 := `actions:
  version: 1
  actions:
  - id: "1"
    receiver: mysql/0
    name: backup
    parameters: {}
    enqueued: 2024-01-02T03:04:05+02:00
    status: completed
    message: done
    results: {}
`
	cases := []struct {
		name string
		src  string
		want func() *Action
	}{{
		name: "a v1 action has no logs, operation, parallel or execution group",
		src:  v1,
		want: base,
	}, {
		name: "a v2 action may carry logs, read in UTC",
		src: strings.Replace(v1, "version: 1", "version: 2", 1) + `    logs:
      version: 1
      messages:
      - timestamp: 2024-01-02T05:00:00+02:00
        message: hi
`,
		want: func() *Action {
			a := base()
			a.Logs = []ActionMessage{{Timestamp: codecTime("2024-01-02T03:00:00Z"), Message: "hi"}}
			return a
		},
	}, {
		name: "an empty or zero started time reads as unset",
		src:  v1 + "    started: \"\"\n    completed: 0001-01-01T00:00:00Z\n",
		want: base,
	}, {
		name: "a v3 action has an operation",
		src:  strings.Replace(v1, "version: 1", "version: 3", 1) + "    operation: \"9\"\n",
		want: func() *Action {
			a := base()
			a.Operation = "9"
			return a
		},
	}, {
		name: "a v4 action has parallel and an execution group",
		src: strings.Replace(v1, "version: 1", "version: 4", 1) +
			"    operation: \"9\"\n    parallel: true\n    execution-group: g\n    started: 2024-01-02T03:04:06+02:00\n",
		want: func() *Action {
			a := base()
			a.Operation, a.Parallel, a.ExecutionGroup = "9", true, "g"
			a.Started = codecTimePtr("2024-01-02T01:04:06Z")
			return a
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, errs := codecDecode(t, c.src, readActionsSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got, []*Action{c.want()})
		})
	}
}

func TestBadActionsAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  strings.Replace(actionsV4, "    status: pending\n", "    status: pending\n    colour: red\n", 1),
		kind: KindUnknownField,
		want: []string{`snippet.yaml:33:5: actions[1].colour: unknown field "colour" in action v4`},
	}, {
		name: "a key of a later version",
		src: `actions:
  version: 2
  actions:
  - id: "1"
    receiver: mysql/0
    name: backup
    operation: "9"
    parameters: {}
    enqueued: 2024-01-02T03:04:05Z
    status: completed
    message: done
    results: {}
`,
		kind: KindUnknownField,
		want: []string{`snippet.yaml:7:5: actions[0].operation: unknown field "operation" in action v2 (it is read only in versions 3 and later)`},
	}, {
		name: "a missing required key",
		src:  strings.Replace(actionsV4, "    execution-group: nightly\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:4:5: actions[0]: action v4: missing required field "execution-group"`},
	}, {
		name: "a value of the wrong type",
		src:  strings.Replace(actionsV4, "    parallel: true\n", "    parallel: [yes]\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:10:15: actions[0].parallel: expected a bool, got a list`},
	}, {
		name: "a time that is not RFC 3339",
		src:  strings.Replace(actionsV4, "started: 2024-01-02T03:04:06.5Z", "started: yesterday", 1),
		kind: KindInvalid,
		want: []string{`snippet.yaml:13:14: actions[0].started: invalid time "yesterday": want RFC 3339, e.g. 2024-01-02T03:04:05Z`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(actionsV4, "version: 4", "version: 5", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: actions.version: actions version 5 is not supported (ferry reads 1, 2, 3, 4)`},
	}, {
		name: "an unsupported logs version",
		src:  strings.Replace(actionsV4, "      version: 1\n", "      version: 2\n", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:20:16: actions[0].logs.version: logs version 2 is not supported (ferry reads 1)`},
	}, {
		name: "a log message without a timestamp",
		src:  strings.Replace(actionsV4, "      - timestamp: 2024-01-02T03:04:07Z\n        message: starting\n", "      - message: starting\n", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:22:9: actions[0].logs[0]: action-message v1: missing required field "timestamp"`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readActionsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// --- operations

func readOperationsSnippet(d *decoder, n *node) []*Operation {
	return readList(d, operationFormat, n, "operations", "operations")
}

func writeOperationsSnippet(os []*Operation) string {
	return codecWrite(func(e *encoder) {
		writeWrapped(e, "operations", operationsVersion, "operations", os, writeOperation)
	})
}

// operationsV2 is what juju/description v5.0.4 writes: a version 2 list
// with the v3 key spawned-task-count in it.
const operationsV2 = `operations:
  version: 2
  operations:
  - id: "7"
    summary: backup
    enqueued: 2024-01-02T03:04:05Z
    started: 2024-01-02T03:04:06Z
    completed: 2024-01-02T03:05:00Z
    status: error
    fail: disk full
    complete-task-count: 2
    spawned-task-count: 3
  - id: "8"
    summary: noop
    enqueued: 2024-01-02T03:04:05Z
    status: pending
    complete-task-count: 0
    spawned-task-count: 0
`

func TestOperationsAsJujuWritesThemDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, operationsV2, readOperationsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, []*Operation{{
		ID: "7", Summary: "backup",
		Enqueued:  codecTime("2024-01-02T03:04:05Z"),
		Started:   codecTimePtr("2024-01-02T03:04:06Z"),
		Completed: codecTimePtr("2024-01-02T03:05:00Z"),
		Status:    "error", Fail: "disk full", CompleteTaskCount: 2,
		// juju/description's v2 reader drops this; ferry keeps it.
		SpawnedTaskCount: 3,
	}, {
		ID: "8", Summary: "noop", Enqueued: codecTime("2024-01-02T03:04:05Z"), Status: "pending",
	}})
	codecWantText(t, writeOperationsSnippet(got), operationsV2)
}

func TestOperationVersionsDecodeToTheCurrentShape(t *testing.T) {
	const v1 = `operations:
  version: 1
  operations:
  - id: "7"
    summary: backup
    enqueued: 2024-01-02T05:04:05+02:00
    status: running
    complete-task-count: 1
`
	base := func() *Operation {
		return &Operation{ID: "7", Summary: "backup", Enqueued: codecTime("2024-01-02T03:04:05Z"), Status: "running", CompleteTaskCount: 1}
	}
	cases := []struct {
		name string
		src  string
		want func() *Operation
	}{{
		name: "a v1 operation, its time read in UTC",
		src:  v1,
		want: base,
	}, {
		name: "a v2 operation without the optional fail and spawned-task-count",
		src:  strings.Replace(v1, "version: 1", "version: 2", 1),
		want: base,
	}, {
		name: "a v3 operation with fail and spawned-task-count",
		src:  strings.Replace(v1, "version: 1", "version: 3", 1) + "    fail: oops\n    spawned-task-count: 4\n",
		want: func() *Operation {
			o := base()
			o.Fail, o.SpawnedTaskCount = "oops", 4
			return o
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, errs := codecDecode(t, c.src, readOperationsSnippet)
			codecWantClean(t, errs)
			codecWantEqual(t, got, []*Operation{c.want()})
		})
	}
}

func TestBadOperationsAreReportedWithPathAndPosition(t *testing.T) {
	const v3 = `operations:
  version: 3
  operations:
  - id: "7"
    summary: backup
    enqueued: 2024-01-02T03:04:05Z
    status: running
    complete-task-count: 1
    spawned-task-count: 2
`
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  v3 + "    colour: red\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:10:5: operations[0].colour: unknown field "colour" in operation v3`},
	}, {
		name: "spawned-task-count is required from v3",
		src:  strings.Replace(v3, "    spawned-task-count: 2\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:4:5: operations[0]: operation v3: missing required field "spawned-task-count"`},
	}, {
		name: "fail is not read at v1",
		src:  strings.Replace(strings.Replace(v3, "version: 3", "version: 1", 1), "    spawned-task-count: 2\n", "    fail: oops\n", 1),
		kind: KindUnknownField,
		want: []string{`snippet.yaml:9:5: operations[0].fail: unknown field "fail" in operation v1 (it is read only in versions 2 and later)`},
	}, {
		name: "a count of the wrong type",
		src:  strings.Replace(v3, "complete-task-count: 1", "complete-task-count: one", 1),
		kind: KindType,
		want: []string{`snippet.yaml:8:26: operations[0].complete-task-count: expected an int, got string "one"`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(v3, "version: 3", "version: 4", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: operations.version: operations version 4 is not supported (ferry reads 1, 2, 3)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readOperationsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// codecSetKey replaces a top-level key of doc (its line and indented block)
// with text.
func codecSetKey(t *testing.T, doc, key, text string) string {
	t.Helper()
	lines := strings.SplitAfter(doc, "\n")
	var b strings.Builder
	found := false
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], key+":") {
			b.WriteString(lines[i])
			continue
		}
		found = true
		b.WriteString(text)
		for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "- ")) {
			i++
		}
	}
	if !found {
		t.Fatalf("no key %q in the document", key)
	}
	return b.String()
}

func TestWholeDocumentsWithTheseCollectionsReadAndWriteBackUnchanged(t *testing.T) {
	base, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(base)
	for _, c := range []struct{ key, text string }{
		{"actions", actionsV4},
		{"operations", operationsV2},
		{"volumes", volumesV1},
		{"filesystems", filesystemsV1},
		{"storages", storagesV3},
		{"remote-applications", remoteApplicationsV3},
		{"secrets", secretsV1},
		{"remote-secrets", remoteSecretsV1},
	} {
		doc = codecSetKey(t, doc, c.key, c.text)
	}
	for _, c := range smallRemoteCases() {
		doc = codecSetKey(t, doc, strings.SplitN(c.src, ":", 2)[0], c.src)
	}
	// The references between these snippets are not consistent (volume
	// hosts, storage owners), so only the codecs are exercised here.
	m, err := ReadWithOptions("whole.yaml", []byte(doc), ReadOptions{SkipValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	codecWantText(t, string(out), doc)
}

func TestErrorsInTheseCollectionsCarryTheirPathInAWholeDocument(t *testing.T) {
	base, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc := codecSetKey(t, string(base), "actions", strings.Replace(actionsV4, "    execution-group: nightly\n", "", 1))
	_, err = ReadWithOptions("whole.yaml", []byte(doc), ReadOptions{SkipValidation: true})
	e := firstCodecError(t, err)
	if e.Path != "actions[0]" || e.Kind != KindMissingField || e.Msg != `action v4: missing required field "execution-group"` {
		t.Fatalf("got %v (path %q, kind %v)", e, e.Path, e.Kind)
	}
}

func firstCodecError(t *testing.T, err error) *Error {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	return list[0]
}
