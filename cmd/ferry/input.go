package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/modelferry/ferry/description"
)

// inputFlags are the flags of commands that read a description file.
type inputFlags struct {
	maxInput byteSize
}

func addInputFlags(fs *flag.FlagSet) *inputFlags {
	f := &inputFlags{maxInput: description.DefaultMaxInputBytes}
	fs.Var(&f.maxInput, "max-input", "refuse a description larger than this (bytes, or with a KiB, MiB or GiB suffix)")
	return f
}

// read reads and checks the description at path within the input limit.
func (f *inputFlags) read(path string) (*description.Model, error) {
	return f.readWith(path, nil)
}

// readWith is read that also records the document's entity versions.
func (f *inputFlags) readWith(path string, found *description.DocumentVersions) (*description.Model, error) {
	return description.ReadFileWithOptions(path, description.ReadOptions{MaxInputBytes: int64(f.maxInput), Versions: found})
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
