package embeddb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// DefaultListen is the address Start listens on when Options.Listen is
// empty: loopback, on a free port the kernel picks.
const DefaultListen = "127.0.0.1:0"

// pingTimeout bounds Start's wait for the first answer when the caller's
// context has no deadline, so a server that never answers fails Start rather
// than hanging it.
const pingTimeout = 30 * time.Second

// Options says where a Server keeps its data and listens.
type Options struct {
	// Dir holds the SQLite files, one per database. It is created if
	// missing. Only one Server may use a directory at a time.
	Dir string

	// Listen is the TCP address to listen on, as host:port. Empty means
	// DefaultListen. Port 0 picks a free port; Addr reports it.
	Listen string

	// Logger receives FerretDB's logs. Nil discards them: FerretDB logs a
	// line per connection, which is noise to ferry's users and tests.
	Logger *slog.Logger
}

// Server is a running FerretDB. It is safe for concurrent use.
type Server struct {
	dir    string
	addr   string
	uri    string
	stop   context.CancelFunc
	done   chan struct{} // closed when FerretDB's Run returns
	runErr error         // set before done is closed
	unlock func() error

	closeOnce sync.Once
	closeErr  error
}

// newMu serialises ferretdb.New, which writes a package-level variable of
// FerretDB's: two Servers started at once would otherwise race.
var newMu sync.Mutex

// Start starts FerretDB with its SQLite backend in opts.Dir, listening on
// opts.Listen, and returns once it answers a ping. ctx bounds only the
// start-up: the server runs until Close.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Dir == "" {
		return nil, errors.New("embeddb: no data directory given")
	}
	listen := opts.Listen
	if listen == "" {
		listen = DefaultListen
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("embeddb: data directory %s: %w", opts.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("embeddb: creating data directory: %w", err)
	}
	// FerretDB caches each database's collection list in memory, so a
	// second server on the same files would silently diverge from the first.
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, fmt.Errorf("embeddb: data directory %s: %w", dir, err)
	}

	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// Embedded FerretDB keeps its state (telemetry settings, instance id)
	// in memory only, disables telemetry and runs no reporter, so it
	// writes nothing outside dir and makes no outbound connections.
	newMu.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL(dir),
	})
	newMu.Unlock()
	if err != nil {
		// If only the listener failed (address in use), FerretDB 1.24 leaves
		// its SQLite backend open; nothing uses it, so it is a small leak.
		unlock()
		return nil, fmt.Errorf("embeddb: starting FerretDB on %s with data in %s: %w", listen, dir, err)
	}

	runCtx, stop := context.WithCancel(context.Background())
	s := &Server{dir: dir, stop: stop, done: make(chan struct{}), unlock: unlock}
	go func() {
		defer close(s.done)
		s.runErr = f.Run(runCtx)
	}()
	// FerretDB opened its listener in New, so the address is known now.
	s.uri = f.MongoDBURI()
	if u, err := url.Parse(s.uri); err == nil {
		s.addr = u.Host
	}

	if err := ping(ctx, s.uri); err != nil {
		s.Close()
		return nil, fmt.Errorf("embeddb: FerretDB on %s with data in %s does not answer: %w", s.addr, dir, err)
	}
	return s, nil
}

// sqliteURL turns a directory into the URI FerretDB's SQLite backend wants:
// a file: URI whose path ends in a slash. Going through url.URL escapes
// spaces and other characters a directory name may hold.
func sqliteURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
}

func ping(ctx context.Context, uri string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, pingTimeout)
		defer cancel()
	}
	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetDirect(true))
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	defer client.Disconnect(context.Background())
	if err := client.Ping(ctx, nil); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// URI returns the connection string for the server, such as
// mongodb://127.0.0.1:27017/. It carries no credentials: FerretDB here has
// no authentication.
func (s *Server) URI() string { return s.uri }

// Addr returns the host:port the server listens on, with the port that was
// picked if Options.Listen asked for port 0.
func (s *Server) Addr() string { return s.addr }

// Dir returns the absolute path of the directory holding the data.
func (s *Server) Dir() string { return s.dir }

// Close stops the server and waits until it has closed its connections and
// its SQLite files. Connected clients get up to a few seconds (FerretDB's
// grace period) to finish, so disconnect them first for a quick Close.
// Calling Close again returns the first call's result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		<-s.done
		err := s.runErr
		if uerr := s.unlock(); uerr != nil {
			err = errors.Join(err, uerr)
		}
		if err != nil {
			s.closeErr = fmt.Errorf("embeddb: stopping FerretDB on %s with data in %s: %w", s.addr, s.dir, err)
		}
	})
	return s.closeErr
}

// FerretDBVersion returns the version of the FerretDB module built into
// this binary, such as "v1.24.0", or "" if the binary does not record its
// dependencies (test binaries do not). FerretDB's own version report says
// "unknown" when embedded, hence this.
func FerretDBVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range bi.Deps {
		if m.Path == "github.com/FerretDB/FerretDB" {
			if m.Replace != nil {
				m = m.Replace
			}
			return m.Version
		}
	}
	return ""
}
