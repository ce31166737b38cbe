package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllers"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/embeddb"
)

// runFerry runs one ferry command line in-process and returns its exit
// status and output.
func runFerry(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(t.Context(), args, &stdio{in: strings.NewReader(stdin), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

// A URI nothing listens on: usage errors must be found before connecting.
const deadURI = "mongodb://127.0.0.1:1/"

func TestUsageErrorsExitTwo(t *testing.T) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		args := []string{n, "--no-such-flag"}
		if n == "controllers" || n == "migration" {
			args = []string{n, "list", "--no-such-flag"}
		}
		if code, _, stderr := runFerry(t, "", args...); code != 2 || !strings.Contains(stderr, "no-such-flag") {
			t.Errorf("ferry %s: exit %d, stderr %q; want 2 naming the flag", strings.Join(args, " "), code, stderr)
		}
	}
	for _, args := range [][]string{
		{"export", "--mongo", deadURI, "--model", "m", "--mongo-timeout", "-1s"},
		{"export", "--mongo", deadURI, "--model", "m", "--mongo-timeout", "0s"},
		{"export", "--mongo", deadURI, "--model", "m", "--history", "-1"},
		{"export", "--mongo", deadURI, "--model", "m", "--history", "many"},
		{"models", "--mongo", deadURI, "--mongo-timeout", "-5s"},
		{"migrate", "m", "--from", deadURI, "--to", deadURI, "--grace", "-1s"},
		{"seed", "--mongo", deadURI, "--logs", "-2"},
		{"abort-import", "--mongo", deadURI, "--model", "not-a-uuid"},
		{"fmt", "-w", "-"},
		{"fmt", "--to", "v99.0.0", "-"},
		{"fmt", "--to", "3.1.0", "-"},
		{"schema", "--to", "v99.0.0"},
		{"schema", "--to", "v10.0.0", "--version", "3"},
		{"schema", "--version", "99"},
		{"schema", "extra"},
		{"formats", "extra"},
		{"validate"},
		{"abort-import", "--mongo", deadURI, "--model", signalUUID, "extra"},
		{"import", "--mongo", deadURI, "--max-input", "-1", "-"},
		{"import", "--mongo", deadURI, "--batch-size", "0", "-"},
	} {
		if code, _, stderr := runFerry(t, "", args...); code != 2 {
			t.Errorf("ferry %s: exit %d (stderr %q), want 2", strings.Join(args, " "), code, stderr)
		}
	}
}

func TestWriteErrorNamesThePathGiven(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "x.yaml")
	err := writeFileAtomic(path, []byte("x"), 0o600)
	if err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), ".x.yaml.") {
		t.Errorf("error %q: want it to name %s and no temporary file", err, path)
	}
	if !os.IsNotExist(err) && !strings.Contains(err.Error(), "no such file") {
		t.Errorf("error %q does not say the directory is missing", err)
	}
}

func TestDashReadsStdin(t *testing.T) {
	good, err := description.Write(controllertest.Full("d1a50000-0000-4000-8000-000000000001"))
	if err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runFerry(t, string(good), "validate", "-"); code != 0 || !strings.HasPrefix(stdout, "-: ok, written by juju/description v11.0.0") {
		t.Errorf("validate - of a valid model: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	bad := strings.Replace(string(good), "machines:", "machines: [", 1)
	if code, _, stderr := runFerry(t, bad, "validate", "-"); code != 1 || !strings.Contains(stderr, "<stdin>:") {
		t.Errorf("validate - of a broken model: exit %d, stderr %q; want 1 with positions in <stdin>", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "m.yaml")
	if err := os.WriteFile(file, good, 0o600); err != nil {
		t.Fatal(err)
	}
	_, fromFile, _ := runFerry(t, "", "fmt", file)
	code, fromStdin, stderr := runFerry(t, string(good), "fmt", "-")
	if code != 0 || fromStdin != fromFile || fromFile == "" {
		t.Errorf("fmt - exit %d (stderr %q) wrote %d bytes, fmt FILE %d; want the same output", code, stderr, len(fromStdin), len(fromFile))
	}
	// import reads - before it connects: a broken model is refused, named
	// as <stdin>, with nothing written and the dead server never reached.
	if code, _, stderr := runFerry(t, bad, "import", "--mongo", deadURI, "--mongo-timeout", "1s", "-"); code != 1 || !strings.Contains(stderr, "<stdin>:") || !strings.Contains(stderr, "<stdin> is not a valid model description") {
		t.Errorf("import - of a broken model: exit %d, stderr %q; want 1 with positions in <stdin>", code, stderr)
	}
	// A stream has no size to stat: it is counted, and refused past the
	// limit.
	if code, _, stderr := runFerry(t, string(good), "validate", "--max-input", "1KiB", "-"); code != 1 || !strings.Contains(stderr, "<stdin>: input is longer than the limit of 1024 bytes") {
		t.Errorf("validate --max-input 1KiB - of a %d-byte model: exit %d, stderr %q; want 1", len(good), code, stderr)
	}
	code, stdout, stderr := runFerry(t, string(good), "status", "--format", "yaml", "-")
	if code != 0 || !strings.Contains(stdout, "d1a50000-0000-4000-8000-000000000001") {
		t.Errorf("status -: exit %d, stderr %q, stdout %.200q", code, stderr, stdout)
	}
}

func TestControllersAddStoresAbsolutePaths(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "controllers.json")
	t.Setenv(controllers.EnvFile, reg)
	t.Chdir(dir)
	code, _, stderr := runFerry(t, "", "controllers", "add", "old", "--mongo", deadURI, "--no-check",
		"--mongo-user", "admin", "--mongo-password-file", "pw.txt", "--tls-ca-file", filepath.Join("certs", "ca.pem"))
	if code != 0 {
		t.Fatalf("controllers add: exit %d: %s", code, stderr)
	}
	r, err := controllers.Load(reg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Get("old")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "pw.txt"); c.PasswordFile != want {
		t.Errorf("password file stored as %q, want %q", c.PasswordFile, want)
	}
	if want := filepath.Join(dir, "certs", "ca.pem"); c.CAFile != want {
		t.Errorf("CA file stored as %q, want %q", c.CAFile, want)
	}
}

// TestTLSWithUserAndPLAIN runs commands against the embedded server
// speaking TLS only, with a certificate from a CA made here, logging in
// with authMechanism=PLAIN and the user and password given as options.
// FerretDB's SQLite backend keeps no users and accepts any PLAIN login,
// so this checks that ferry sends them (the URI alone would be refused by
// the driver before connecting), not that a wrong password is refused.
func TestTLSWithUserAndPLAIN(t *testing.T) {
	dir := t.TempDir()
	caFile, certFile, keyFile := writeTestCA(t, dir)
	s, err := embeddb.Start(t.Context(), embeddb.Options{Dir: filepath.Join(dir, "db"), TLSCertFile: certFile, TLSKeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	uri := "mongodb://" + s.Addr() + "/?authMechanism=PLAIN"
	auth := []string{"--mongo", uri, "--mongo-user", "admin", "--mongo-password-file", pw, "--mongo-timeout", "10s"}

	args := append([]string{"seed", "--size", "tiny", "--name", "tlsmodel", "--tls-ca-file", caFile}, auth...)
	if code, _, stderr := runFerry(t, "", args...); code != 0 {
		t.Fatalf("seed over TLS: exit %d: %s", code, stderr)
	}
	args = append([]string{"models", "--tls", "--tls-ca-file", caFile}, auth...)
	code, stdout, stderr := runFerry(t, "", args...)
	if code != 0 || !strings.Contains(stdout, "tlsmodel") {
		t.Fatalf("models over TLS: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "s3cret") {
		t.Errorf("the password was printed")
	}

	// Without the CA the server's certificate is not trusted.
	args = append([]string{"models", "--tls", "--mongo-timeout", "2s"}, auth[:len(auth)-2]...)
	if code, _, stderr := runFerry(t, "", args...); code != 1 || !strings.Contains(stderr, "certificate") {
		t.Errorf("models over TLS without the CA: exit %d, stderr %q; want 1 naming the certificate", code, stderr)
	}
	// And a plain connection gets no answer from a TLS-only server.
	if code, _, _ := runFerry(t, "", "models", "--mongo", "mongodb://"+s.Addr()+"/", "--mongo-timeout", "2s"); code != 1 {
		t.Errorf("models without TLS: exit %d, want 1", code)
	}
}

// writeTestCA writes a CA certificate and a server certificate for
// 127.0.0.1 signed by it, as PEM files in dir.
func writeTestCA(t *testing.T, dir string) (caFile, certFile, keyFile string) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ferry test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	srvTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "juju-mongodb"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caTmpl, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(srvKey)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("ca.pem", "CERTIFICATE", caDER), write("server.pem", "CERTIFICATE", srvDER), write("server.key", "EC PRIVATE KEY", keyDER)
}
