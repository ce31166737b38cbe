package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/modelferry/ferry/migrate/seed"
)

func init() {
	c := &command{
		name: "seed",
		args: "--mongo URI [--size tiny|small|medium|large] [--name NAME] [--count N] [--uuid UUID] [connection flags]",
		summary: `Write realistic models into a controller database.

seed writes models of the given size in Juju 3.x's layout: machines with
containers, applications with a subordinate, relations of every scope,
storage, resources, payloads, an offer, secrets and status histories in
the state database; charm archives, agent binaries and resources in the
blob store; log entries in the model's log collection. A database with no
controller documents gets them first, so a bare database ('ferry serve')
becomes a controller that ferry can migrate models out of.

small is 30 machines, 12 applications and 2,000 log entries; medium 300
machines and 20,000; large 3,000 machines and 100,000. Models are named
NAME, NAME-2, ... (default: the size), with random UUIDs unless --uuid.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runSeed(ctx, c, st, args) }
	register(c)
}

func runSeed(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	mf := addMongoFlags(fs, st)
	size := fs.String("size", "small", "model size: tiny, small, medium or large")
	name := fs.String("name", "", "model name (default: the size)")
	count := fs.Int("count", 1, "number of models")
	uuid := fs.String("uuid", "", "model UUID (only with --count 1; default random)")
	blobsDB := fs.String("blobs-db", "blobstore", "database holding the GridFS blob store")
	logsDB := fs.String("logs-db", "logs", "database holding the model log collections")
	version := fs.String("controller-version", "", "agent version of the controller documents written to a bare database (default the model's, "+seed.AgentVersion+")")
	logs := fs.Int("logs", -1, "log entries per model (default: the size's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	sz, err := seed.ParseSize(*size)
	if err != nil {
		return usageError{err.Error()}
	}
	if *count < 1 || (*uuid != "" && *count != 1) {
		return usageError{"--count must be at least 1, and 1 with --uuid"}
	}
	if *logs < -1 {
		return usageError{fmt.Sprintf("--logs %d: want 0 or more", *logs)}
	}
	client, db, err := mf.connect(ctx)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	dbs := seed.DBs{State: db, Blobs: client.Database(*blobsDB), Logs: client.Database(*logsDB)}
	n := *logs
	if n < 0 {
		n = seed.LogEntries(sz)
	}
	base := *name
	if base == "" {
		base = string(sz)
	}
	for i := 1; i <= *count; i++ {
		mname := base
		if i > 1 {
			mname = fmt.Sprintf("%s-%d", base, i)
		}
		id := *uuid
		if id == "" {
			id = randomUUID()
		}
		start := time.Now()
		m, err := seed.Model(sz, id, mname)
		if err != nil {
			return err
		}
		rep, err := seed.Write(ctx, dbs, m, seed.Options{ControllerVersion: *version, Logs: n})
		if err != nil {
			return mf.redactErr(err)
		}
		fmt.Fprintf(st.out, "seeded admin/%s (%s): %d documents, %d blobs (%s), %d log entries in %s\n",
			mname, id, rep.Docs, rep.Blobs, humanBytes(rep.BlobBytes), rep.Logs, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func randomUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
