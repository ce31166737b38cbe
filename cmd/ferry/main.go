// Command ferry moves Juju models between controllers: it reads a model out of
// a controller's MongoDB into a versioned YAML description, validates and
// reformats such descriptions, and writes them into another controller.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one ferry subcommand. Each lives in its own cmd_<name>.go file
// and adds itself to commands in an init function, so that adding a command
// touches no shared file.
type command struct {
	name    string
	args    string // one-line synopsis of the arguments, for usage
	summary string
	run     func(ctx context.Context, st *stdio, args []string) error
}

// stdio carries the streams a command may use, so tests can run commands
// in-process with buffers.
type stdio struct {
	in       io.Reader
	out, err io.Writer

	// badFlags is set when a flag set rejected the command line: the flag
	// package has printed the mistake and the usage, and ferry exits 2.
	badFlags bool
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("ferry: duplicate command " + c.name)
	}
	commands[c.name] = c
}

// exitError makes a command exit with a given status without printing more:
// the command has already said what was wrong (as validate does).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError reports a command line mistake; ferry prints it with the
// command's usage and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	privateFiles()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit status.
func run(ctx context.Context, args []string, st *stdio) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				// A command's -h prints its usage with every flag.
				_ = c.run(ctx, &stdio{in: st.in, out: st.out, err: st.out}, []string{"-h"})
				return 0
			}
		}
		printUsage(st.out)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(st.err, "ferry: unknown command %q (run 'ferry help')\n", args[0])
		return 2
	}
	err := c.run(ctx, st, args[1:])
	if err == nil {
		return 0
	}
	var ee exitError
	if asExit(err, &ee) {
		return ee.code
	}
	if ue, ok := err.(usageError); ok {
		fmt.Fprintf(st.err, "ferry %s: %s\nusage: ferry %s %s\n", c.name, ue.msg, c.name, c.args)
		return 2
	}
	if err == flag.ErrHelp {
		return 0
	}
	if st.badFlags {
		// An unknown flag or a bad flag value is a usage error like any
		// other; the flag package has already printed it with the usage.
		return 2
	}
	fmt.Fprintf(st.err, "ferry %s: %v\n", c.name, err)
	return 1
}

func asExit(err error, target *exitError) bool {
	e, ok := err.(exitError)
	if ok {
		*target = e
	}
	return ok
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "ferry moves Juju models between controllers.")
	fmt.Fprintln(w, "\nusage: ferry COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, firstLine(commands[n].summary))
	}
	fmt.Fprintln(w, "\nRun 'ferry help COMMAND' for a command's flags.")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// newFlags returns a flag set for a command whose errors come back to run
// rather than exiting the process, and whose usage goes to the command's
// stderr.
func newFlags(c *command, st *stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("ferry "+c.name, flag.ContinueOnError)
	fs.SetOutput(st.err)
	fs.Usage = func() {
		// The flag package calls Usage for -h and for every parse error;
		// only the latter returns an error other than ErrHelp.
		st.badFlags = true
		fmt.Fprintf(st.err, "usage: ferry %s %s\n\n%s\n\nflags:\n", c.name, c.args, c.summary)
		fs.PrintDefaults()
	}
	return fs
}
