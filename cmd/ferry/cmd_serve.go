package main

import (
	"context"
	"fmt"
	"net"

	"github.com/modelferry/ferry/internal/embeddb"
)

func init() {
	c := &command{
		name: "serve",
		args: "--dir DIR [--listen HOST:PORT] [--allow-remote]",
		summary: `Serve a MongoDB-compatible database from DIR until interrupted.

serve runs FerretDB with SQLite files in DIR (created if missing) inside
ferry, so that export and import can be tried without a MongoDB installed.
It prints the URI to connect to and stops cleanly on Ctrl-C or SIGTERM.
The server has no authentication, so it listens only on a loopback
address unless --allow-remote is given.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error {
		return runServe(ctx, c, st, args)
	}
	register(c)
}

func runServe(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	dir := fs.String("dir", "", "directory holding the SQLite files (required)")
	listen := fs.String("listen", "127.0.0.1:27017", "TCP address to listen on; port 0 picks a free port")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback --listen address (there is no authentication)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *dir == "" {
		return usageError{"--dir is required"}
	}
	loopback, err := isLoopback(*listen)
	if err != nil {
		return usageError{fmt.Sprintf("--listen %q: %v", *listen, err)}
	}
	if !loopback && !*allowRemote {
		return usageError{fmt.Sprintf("--listen %q is not a loopback address; the server has no authentication, so pass --allow-remote to expose it anyway", *listen)}
	}

	s, err := embeddb.Start(ctx, embeddb.Options{Dir: *dir, Listen: *listen})
	if err != nil {
		return err
	}
	if !loopback {
		fmt.Fprintf(st.err, "ferry serve: warning: anyone who can reach %s can read and change the data, without a password\n", s.Addr())
	}
	engine := "FerretDB"
	if v := embeddb.FerretDBVersion(); v != "" {
		engine += " " + v
	}
	fmt.Fprintf(st.out, "ferry: serving MongoDB wire protocol on %s (%s, SQLite in %s); Ctrl-C to stop\n", s.URI(), engine, s.Dir())
	<-ctx.Done()
	return s.Close()
}

// isLoopback reports whether a host:port address listens on loopback only.
// An empty host means every interface, so it is not loopback.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
