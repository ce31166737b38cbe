package description

import (
	"strings"
	"testing"
	"time"
)

// The snippet helpers (codecDecode, codecWrite, ...) are in
// action_codec_test.go.

func readSecretsSnippet(d *decoder, n *node) []*Secret {
	return readList(d, secretFormat, n, "secrets", "secrets")
}

func writeSecretsSnippet(ss []*Secret) string {
	return codecWrite(func(e *encoder) { writeWrapped(e, "secrets", 1, "secrets", ss, writeSecret) })
}

// secretsV1 is a secret with every key set, and one with only the keys
// juju/description v5.0.4 always writes.
const secretsV1 = `secrets:
  version: 1
  secrets:
  - id: cn3v8p0h9m1s72h8iqkg
    secret-version: 1
    description: db password
    label: db-pass
    rotate-policy: hourly
    owner: application-mysql
    auto-prune: true
    create-time: 2024-01-02T03:04:05Z
    update-time: 2024-01-02T03:04:06Z
    revisions:
    - number: 1
      create-time: 2024-01-02T03:04:05Z
      update-time: 2024-01-02T03:04:05Z
      obsolete: true
      content:
        password: s3cr3t
        user: root
    - number: 2
      create-time: 2024-01-02T03:04:06Z
      update-time: 2024-01-02T03:04:06Z
      pending-delete: true
      value-ref:
        backend-id: b-1
        revision-id: r-2
      expire-time: 2024-02-01T00:00:00Z
    acl:
      application-wordpress:
        scope: relation-wordpress.db#mysql.server
        role: view
      unit-mysql-9:
        scope: unit-mysql-9
        role: manage
      unit-mysql-10:
        scope: unit-mysql-10
        role: manage
    consumers:
    - consumer: unit-wordpress-0
      label: db
      current-revision: 2
    remote-consumers:
    - id: rc-1
      consumer: unit-remote-app-0
      current-revision: 1
    next-rotate-time: 2024-01-02T04:04:05Z
  - id: cn3v8p0h9m1s72h8iql0
    secret-version: 0
    description: ""
    label: ""
    owner: model-0c2b2f3a
    create-time: 2024-01-02T03:04:05Z
    update-time: 2024-01-02T03:04:05Z
    revisions: []
`

func secretsV1Want() []*Secret {
	return []*Secret{{
		ID: "cn3v8p0h9m1s72h8iqkg", Version: 1, Description: "db password", Label: "db-pass",
		RotatePolicy: "hourly", Owner: "application-mysql", AutoPrune: true,
		Created: codecTime("2024-01-02T03:04:05Z"), Updated: codecTime("2024-01-02T03:04:06Z"),
		Revisions: []*SecretRevision{{
			Number: 1, Created: codecTime("2024-01-02T03:04:05Z"), Updated: codecTime("2024-01-02T03:04:05Z"),
			Obsolete: true, Content: map[string]string{"password": "s3cr3t", "user": "root"},
		}, {
			Number: 2, Created: codecTime("2024-01-02T03:04:06Z"), Updated: codecTime("2024-01-02T03:04:06Z"),
			PendingDelete: true, ValueRef: &SecretValueRef{BackendID: "b-1", RevisionID: "r-2"},
			ExpireTime: codecTimePtr("2024-02-01T00:00:00Z"),
		}},
		ACL: map[string]SecretAccess{
			"application-wordpress": {Scope: "relation-wordpress.db#mysql.server", Role: "view"},
			"unit-mysql-9":          {Scope: "unit-mysql-9", Role: "manage"},
			"unit-mysql-10":         {Scope: "unit-mysql-10", Role: "manage"},
		},
		Consumers:       []*SecretConsumer{{Consumer: "unit-wordpress-0", Label: "db", CurrentRevision: 2}},
		RemoteConsumers: []*SecretRemoteConsumer{{ID: "rc-1", Consumer: "unit-remote-app-0", CurrentRevision: 1}},
		NextRotateTime:  codecTimePtr("2024-01-02T04:04:05Z"),
	}, {
		ID: "cn3v8p0h9m1s72h8iql0", Owner: "model-0c2b2f3a",
		Created: codecTime("2024-01-02T03:04:05Z"), Updated: codecTime("2024-01-02T03:04:05Z"),
		Revisions: []*SecretRevision{},
	}}
}

func TestSecretsAtTheCurrentVersionDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, secretsV1, readSecretsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, secretsV1Want())
	// The acl is written in yaml.v2's key order (unit-mysql-9 before
	// unit-mysql-10), whatever the map's order.
	codecWantText(t, writeSecretsSnippet(got), secretsV1)
}

func TestSecretWriterLeavesOutEmptyOptionalKeys(t *testing.T) {
	s := &Secret{
		ID: "x", Created: codecTime("2024-01-02T03:04:05Z"), Updated: codecTime("2024-01-02T03:04:05Z"),
		ACL:             map[string]SecretAccess{},
		Consumers:       []*SecretConsumer{},
		RemoteConsumers: []*SecretRemoteConsumer{},
		NextRotateTime:  new(time.Time), // yaml.v2 omits a pointer to the zero time
		Revisions: []*SecretRevision{{
			Number: 1, Created: codecTime("2024-01-02T03:04:05Z"), Updated: codecTime("2024-01-02T03:04:05Z"),
			Content: map[string]string{}, ExpireTime: new(time.Time),
		}},
	}
	codecWantText(t, writeSecretsSnippet([]*Secret{s}), `secrets:
  version: 1
  secrets:
  - id: x
    secret-version: 0
    description: ""
    label: ""
    owner: ""
    create-time: 2024-01-02T03:04:05Z
    update-time: 2024-01-02T03:04:05Z
    revisions:
    - number: 1
      create-time: 2024-01-02T03:04:05Z
      update-time: 2024-01-02T03:04:05Z
`)
}

func TestSecretTimesAreReadInUTC(t *testing.T) {
	src := strings.NewReplacer(
		"    create-time: 2024-01-02T03:04:05Z\n    update-time: 2024-01-02T03:04:05Z\n    revisions: []\n",
		"    create-time: 2024-01-02T05:04:05+02:00\n    update-time: 2024-01-02T05:04:05+02:00\n    revisions:\n"+
			"    - number: 1\n      create-time: 2024-01-02T05:04:05+02:00\n      update-time: 2024-01-02T05:04:05+02:00\n"+
			"      expire-time: 2024-01-02T05:04:05+02:00\n    next-rotate-time: 2024-01-02T05:04:05+02:00\n",
	).Replace(secretsV1)
	got, errs := codecDecode(t, src, readSecretsSnippet)
	codecWantClean(t, errs)
	want := secretsV1Want()[1]
	want.Revisions = []*SecretRevision{{Number: 1, Created: want.Created, Updated: want.Created, ExpireTime: &want.Created}}
	want.NextRotateTime = &want.Created
	codecWantEqual(t, got[1], want)
}

func TestSecretConsumerWithoutLabelReadsAsEmpty(t *testing.T) {
	// juju/description panics here (its schema calls label optional).
	src := strings.Replace(secretsV1, "      label: db\n", "", 1)
	got, errs := codecDecode(t, src, readSecretsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got[0].Consumers, []*SecretConsumer{{Consumer: "unit-wordpress-0", CurrentRevision: 2}})
}

func TestBadSecretsAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  secretsV1 + "    colour: red\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:56:5: secrets[1].colour: unknown field "colour" in secret v1`},
	}, {
		name: "a missing label",
		src:  strings.Replace(secretsV1, "    label: \"\"\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:48:5: secrets[1]: secret v1: missing required field "label"`},
	}, {
		name: "a missing revisions list",
		src:  strings.Replace(secretsV1, "    revisions: []\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:48:5: secrets[1]: secret v1: missing required field "revisions"`},
	}, {
		// juju/description panics on a non-string content value.
		name: "content with a value that is not a string",
		src:  strings.Replace(secretsV1, "        user: root\n", "        user: [root]\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:20:15: secrets[0].revisions[0].content.user: expected a string, got a list`},
	}, {
		name: "a value-ref without its revision id",
		src:  strings.Replace(secretsV1, "        revision-id: r-2\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:26:9: secrets[0].revisions[1].value-ref: value-ref v1: missing required field "revision-id"`},
	}, {
		name: "a value-ref with an empty backend id",
		src:  strings.Replace(secretsV1, "backend-id: b-1", `backend-id: ""`, 1),
		kind: KindInvalid,
		want: []string{`snippet.yaml:26:9: secrets[0].revisions[1].value-ref: incomplete value-ref: backend-id and revision-id must both be set`},
	}, {
		name: "an acl entry without a role",
		src:  strings.Replace(secretsV1, "        role: view\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:31:9: secrets[0].acl.application-wordpress: secret-access v1: missing required field "role"`},
	}, {
		name: "a consumer revision of the wrong type",
		src:  strings.Replace(secretsV1, "      current-revision: 2\n", "      current-revision: two\n", 1),
		kind: KindType,
		want: []string{`snippet.yaml:42:25: secrets[0].consumers[0].current-revision: expected an int, got string "two"`},
	}, {
		name: "a remote consumer without an id",
		src:  strings.Replace(secretsV1, "    - id: rc-1\n      consumer:", "    - consumer:", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:44:7: secrets[0].remote-consumers[0]: secret-remote-consumer v1: missing required field "id"`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(secretsV1, "  version: 1\n", "  version: 3\n", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: secrets.version: secrets version 3 is not supported (ferry reads 1, 2)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readSecretsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}

// --- remote secrets

func readRemoteSecretsSnippet(d *decoder, n *node) []*RemoteSecret {
	return readList(d, remoteSecretFormat, n, "remote-secrets", "remote-secrets")
}

const remoteSecretsV1 = `remote-secrets:
  version: 1
  remote-secrets:
  - id: cn3v8p0h9m1s72h8iqkg
    source-uuid: 8e9f7a6b-model
    consumer: unit-wordpress-0
    label: db
    current-revision: 1
    latest-revision: 3
`

func TestRemoteSecretsDecodeAndWriteBackUnchanged(t *testing.T) {
	got, errs := codecDecode(t, remoteSecretsV1, readRemoteSecretsSnippet)
	codecWantClean(t, errs)
	codecWantEqual(t, got, []*RemoteSecret{{
		ID: "cn3v8p0h9m1s72h8iqkg", SourceUUID: "8e9f7a6b-model", Consumer: "unit-wordpress-0",
		Label: "db", CurrentRevision: 1, LatestRevision: 3,
	}})
	out := codecWrite(func(e *encoder) { writeWrapped(e, "remote-secrets", 1, "remote-secrets", got, writeRemoteSecret) })
	codecWantText(t, out, remoteSecretsV1)
}

func TestRemoteSecretWithoutLabelReadsAsEmpty(t *testing.T) {
	// juju/description panics here (its schema calls label optional); it
	// always writes the label, so ferry writes it back.
	got, errs := codecDecode(t, strings.Replace(remoteSecretsV1, "    label: db\n", "", 1), readRemoteSecretsSnippet)
	codecWantClean(t, errs)
	if got[0].Label != "" {
		t.Fatalf("label %q, want empty", got[0].Label)
	}
	out := codecWrite(func(e *encoder) { writeWrapped(e, "remote-secrets", 1, "remote-secrets", got, writeRemoteSecret) })
	codecWantText(t, out, strings.Replace(remoteSecretsV1, "label: db", `label: ""`, 1))
}

func TestBadRemoteSecretsAreReportedWithPathAndPosition(t *testing.T) {
	cases := []struct {
		name string
		src  string
		kind ErrorKind
		want []string
	}{{
		name: "an unknown key",
		src:  remoteSecretsV1 + "    colour: red\n",
		kind: KindUnknownField,
		want: []string{`snippet.yaml:10:5: remote-secrets[0].colour: unknown field "colour" in remote-secret v1`},
	}, {
		name: "a missing latest revision",
		src:  strings.Replace(remoteSecretsV1, "    latest-revision: 3\n", "", 1),
		kind: KindMissingField,
		want: []string{`snippet.yaml:4:5: remote-secrets[0]: remote-secret v1: missing required field "latest-revision"`},
	}, {
		name: "a consumer of the wrong type",
		src:  strings.Replace(remoteSecretsV1, "consumer: unit-wordpress-0", "consumer: {unit: wordpress/0}", 1),
		kind: KindType,
		want: []string{`snippet.yaml:6:15: remote-secrets[0].consumer: expected a string, got a mapping`},
	}, {
		name: "an unsupported list version",
		src:  strings.Replace(remoteSecretsV1, "version: 1", "version: 2", 1),
		kind: KindVersion,
		want: []string{`snippet.yaml:2:12: remote-secrets.version: remote-secrets version 2 is not supported (ferry reads 1)`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := codecDecode(t, c.src, readRemoteSecretsSnippet)
			codecWantKind(t, errs, c.kind)
			codecWantErrors(t, errs, c.want...)
		})
	}
}
