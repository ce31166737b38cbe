package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/modelferry/ferry/description"
)

// stdinName is how errors name standard input, given as the FILE "-".
const stdinName = "<stdin>"

// readInputFile reads the file a user named, or standard input for "-".
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

// readModel reads a description from path, or from standard input for "-",
// whose errors then name stdinName.
func readModel(st *stdio, path string) (*description.Model, error) {
	if path != "-" {
		return description.ReadFile(path)
	}
	b, err := readInputFile(path, st.in)
	if err != nil {
		return nil, err
	}
	return description.Read(stdinName, b)
}
