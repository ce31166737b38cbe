package description

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime/metrics"
	"strings"
	"testing"
	"testing/iotest"
)

// allocatedBy returns the bytes the heap allocated while f ran: an upper
// bound on how much f's peak heap can exceed what was live before it.
func allocatedBy(f func()) uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	f()
	metrics.Read(s)
	return s[0].Value.Uint64() - before
}

// writeBig writes head, then line repeated until the file holds size
// bytes (cut mid-line), then tail.
func writeBig(t *testing.T, name, head, line, tail string, size int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(head)
	rep := []byte(strings.Repeat(line, (1<<20)/len(line)))
	for n := size - len(head) - len(tail); n > 0; n -= len(rep) {
		w.Write(rep[:min(n, len(rep))])
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadBoundsHostileFiles reads 100 MB hostile files under the default
// limits and checks the exact error and that the heap never grew by more
// than three times the file's size (plus 8 MiB).
func TestReadBoundsHostileFiles(t *testing.T) {
	const size = 100_000_000
	cases := []struct {
		name, head, line, tail string
		want                   string
	}{
		{"repeated keys", "version: 10\n", "k: v\n", "", `:3:1: duplicate key "k" (first defined at 2:1)`},
		{"a double-quoted scalar", "version: 10\nk: \"", "x", "\"\n", ":2:4: scalar is longer than 67108864 bytes"},
		{"a double-quoted scalar with escapes", "version: 10\nk: \"\\t", "x", "\"\n", ":2:4: scalar is longer than 67108864 bytes"},
		{"a literal scalar", "version: 10\nk: |\n", "  literal text\n", "", ":2:4: scalar is longer than 67108864 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeBig(t, "big.yaml", c.head, c.line, c.tail, size)
			var err error
			mem := allocatedBy(func() { _, err = ReadFile(path) })
			if err == nil || err.Error() != path+c.want {
				t.Fatalf("error %v, want %s%s", err, path, c.want)
			}
			if mem > 3*size+8<<20 {
				t.Errorf("reading a %d-byte file allocated %d bytes, over 3x its size", size, mem)
			}
			t.Logf("allocated %.2fx the file's size", float64(mem)/size)
		})
	}
}

// TestReadRefusesEndlessAndHugeInput: /dev/zero is refused at its first
// chunk, a 4 GB sparse file from its size, a stream once it passes the
// limit; none costs more than a few chunks of memory.
func TestReadRefusesEndlessAndHugeInput(t *testing.T) {
	sparse := filepath.Join(t.TempDir(), "sparse.yaml")
	if err := os.WriteFile(sparse, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, 4<<30); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("# a comment line\n", 100)
	cases := []struct {
		name string
		read func() error
		want string
	}{
		{"/dev/zero", func() error { _, err := ReadFile("/dev/zero"); return err }, "/dev/zero:1:1: control character U+0000 is not allowed"},
		{"a 4 GB sparse file", func() error { _, err := ReadFile(sparse); return err }, sparse + ": input is 4294967296 bytes, over the limit of 268435456 bytes"},
		{"a stream over a lowered limit", func() error {
			_, err := ReadFrom("stdin", strings.NewReader(long), ReadOptions{MaxInputBytes: 1000})
			return err
		}, "stdin: input is longer than the limit of 1000 bytes"},
		{"a file over a lowered limit", func() error {
			_, err := ReadFileWithOptions(sparse, ReadOptions{MaxInputBytes: 1 << 30})
			return err
		}, sparse + ": input is 4294967296 bytes, over the limit of 1073741824 bytes"},
		{"bytes over a lowered limit", func() error {
			_, err := ReadWithOptions("mem", []byte(long), ReadOptions{MaxInputBytes: 1000})
			return err
		}, "mem: input is 1700 bytes, over the limit of 1000 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			mem := allocatedBy(func() { err = c.read() })
			if err == nil || err.Error() != c.want {
				t.Fatalf("error %v, want %s", err, c.want)
			}
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("%v is not ErrSyntax", err)
			}
			if mem > 4<<20 {
				t.Errorf("allocated %d bytes", mem)
			}
		})
	}
}

// TestReadFromChunkBoundaries reads a fixture one byte at a time, so that
// every multi-byte character straddles a read, and gets what Read gets;
// a bad byte gets the same position either way.
func TestReadFromChunkBoundaries(t *testing.T) {
	base, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data := append([]byte("# ünïcödé ✓ 𝄞 in a comment\n"), base...)
	want, werr := Read("m.yaml", data)
	if werr != nil {
		t.Fatal(werr)
	}
	got, gerr := ReadFrom("m.yaml", iotest.OneByteReader(bytes.NewReader(data)), ReadOptions{})
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("ReadFrom error %v, Read error %v", gerr, werr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadFrom read a different model than Read")
	}
	bad := []byte("version: 10\n# é\xE2\x82\n")
	_, werr = Read("m.yaml", bad)
	_, gerr = ReadFrom("m.yaml", iotest.OneByteReader(bytes.NewReader(bad)), ReadOptions{})
	const wantErr = "m.yaml:2:4: invalid UTF-8 byte 0xE2"
	if werr == nil || gerr == nil || werr.Error() != wantErr || gerr.Error() != wantErr {
		t.Errorf("bad UTF-8: Read says %v, ReadFrom says %v, want %s", werr, gerr, wantErr)
	}
	if _, err := ReadFrom("m.yaml", iotest.ErrReader(io.ErrUnexpectedEOF), ReadOptions{}); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("a failing reader: %v", err)
	}
}
