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
			"juju/description release, the Juju releases that write it, the version\n" +
			"each target writes of every entity, which Juju versions map to which\n" +
			"release, and how ferry's output for each was checked.",
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
	fmt.Fprintln(st.out, "\nENTITY VERSIONS PER TARGET (- where the target does not write the entity)")
	fmt.Fprintf(st.out, "%-24s", "ENTITY")
	for _, t := range description.Targets {
		fmt.Fprintf(st.out, " %8s", t.Release)
	}
	fmt.Fprintln(st.out)
	perTarget := make([][]description.EntityVersion, len(description.Targets))
	for i, t := range description.Targets {
		perTarget[i] = t.EntityVersions()
	}
	for row, e := range perTarget[0] {
		fmt.Fprintf(st.out, "%-24s", e.Entity)
		for i := range description.Targets {
			v := "-"
			if w := perTarget[i][row].Writes; w > 0 {
				v = fmt.Sprint(w)
			}
			fmt.Fprintf(st.out, " %8s", v)
		}
		fmt.Fprintln(st.out)
	}
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
