package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/modelferry/ferry/description"
)

func init() {
	register(&command{
		name: "formats",
		args: "",
		summary: "List the format generations ferry writes (--to targets): each\n" +
			"juju/description release, the Juju releases that write it, the versions\n" +
			"of the entities that differ between them, and how ferry's output for it\n" +
			"was checked; then which Juju versions map to which release.",
		run: runFormats,
	})
}

func runFormats(ctx context.Context, st *stdio, args []string) error {
	fs := newFlags(commands["formats"], st)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"unexpected arguments"}
	}
	fmt.Fprintf(st.out, "%-8s  %-30s  %5s  %12s  %7s  %8s\n", "TARGET", "JUJU", "MODEL", "APPLICATIONS", "SECRETS", "MACHINES")
	for _, t := range description.Targets {
		mark := ""
		if t.Release == description.LatestTarget.Release {
			mark = " (default)"
		}
		fmt.Fprintf(st.out, "%-8s  %-30s  %5d  %12d  %7d  %8d%s\n", t.Release, t.Juju, t.Model, t.Applications, t.Secrets, t.Machines, mark)
	}
	fmt.Fprintln(st.out, "\nEvery other entity is written at the same version by every target (see 'ferry help fmt').")
	fmt.Fprintln(st.out, "\nJUJU VERSION → TARGET")
	for _, r := range description.JujuVersionTable() {
		fmt.Fprintf(st.out, "%-36s %s\n", r[0], r[1])
	}
	fmt.Fprintln(st.out, "\nHOW EACH TARGET WAS CHECKED")
	for _, t := range description.Targets {
		fmt.Fprintf(st.out, "%-8s  %s\n", t.Release, strings.TrimSpace(t.Checked))
	}
	return nil
}
