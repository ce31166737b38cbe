package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/modelferry/ferry/description"
)

// stdinName is how errors name standard input, given as the FILE "-".
const stdinName = "<stdin>"

// inputName is how messages name the FILE argument path.
func inputName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// inputFlags are the flags of commands that read a description file.
type inputFlags struct {
	maxInput byteSize
	stdin    io.Reader
}

// addInputFlags adds --max-input to fs; the FILE "-" reads st.in.
func addInputFlags(fs *flag.FlagSet, st *stdio) *inputFlags {
	f := &inputFlags{maxInput: description.DefaultMaxInputBytes, stdin: st.in}
	fs.Var(&f.maxInput, "max-input", "refuse a description larger than this (bytes, or with a KiB, MiB or GiB suffix)")
	return f
}

// read reads and checks the description at path within the input limit;
// "-" reads standard input.
func (f *inputFlags) read(path string) (*description.Model, error) {
	return f.readWith(path, nil)
}

// readWith is read that also records the document's entity versions.
func (f *inputFlags) readWith(path string, found *description.DocumentVersions) (*description.Model, error) {
	opts := description.ReadOptions{MaxInputBytes: int64(f.maxInput), Versions: found}
	if path != "-" {
		return description.ReadFileWithOptions(path, opts)
	}
	if f.stdin == nil {
		return nil, errors.New("- (standard input) cannot be read here")
	}
	// A stream has no size to stat: ReadFrom counts it in chunks and
	// refuses it as soon as it passes the limit.
	return description.ReadFrom(stdinName, f.stdin, opts)
}

// readInputFile reads a small file the user named, such as a password or a
// CA certificate, or standard input for "-".
func readInputFile(path string, in io.Reader) ([]byte, error) {
	if path != "-" {
		return os.ReadFile(path)
	}
	if in == nil {
		return nil, errors.New("- (standard input) cannot be read here")
	}
	b, err := io.ReadAll(in)
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return b, nil
}

// byteSize is a flag value in bytes, written as a number with an optional
// binary suffix (256MiB).
type byteSize int64

var sizeSuffixes = []struct {
	suffix string
	mult   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}

func (b *byteSize) String() string {
	for _, s := range sizeSuffixes[:3] {
		if *b >= byteSize(s.mult) && int64(*b)%s.mult == 0 {
			return strconv.FormatInt(int64(*b)/s.mult, 10) + s.suffix
		}
	}
	return strconv.FormatInt(int64(*b), 10)
}

func (b *byteSize) Set(v string) error {
	num, mult := v, int64(1)
	for _, s := range sizeSuffixes {
		if n, ok := strings.CutSuffix(v, s.suffix); ok {
			num, mult = n, s.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("want a positive size such as 1000, 64KiB or 512MiB")
	}
	*b = byteSize(n * mult)
	return nil
}
