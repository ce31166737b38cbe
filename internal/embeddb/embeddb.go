package embeddb

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
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

	// TLSCertFile and TLSKeyFile, when both are set, make the server
	// speak TLS only, with this PEM certificate and key (as juju-db does).
	// FerretDB's SQLite backend has no users: a client may log in with
	// authMechanism=PLAIN, and any user and password are accepted.
	TLSCertFile, TLSKeyFile string

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
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("embeddb: creating data directory: %w", err)
	}
	// FerretDB caches each database's collection list in memory, so a
	// second server on the same files would silently diverge from the first.
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, fmt.Errorf("embeddb: data directory %s: %w", dir, err)
	}
	// The SQLite files hold password hashes and secrets: a new directory
	// is made 0700 (an existing one, which may be the user's own, is left
	// as it is) and existing SQLite files 0600, also when an older ferry
	// made them readable. Files SQLite creates later get 0644 less the
	// process umask; the ferry command sets a umask of 077.
	if err := restrictFiles(dir); err != nil {
		unlock()
		return nil, fmt.Errorf("embeddb: data directory %s: %w", dir, err)
	}
	// FerretDB reports a listener that cannot bind as
	// "[listener.go:103 clientconn.Listen] listen tcp ...", formatted with
	// %s so the cause is lost; binding once first gives a clean error that
	// wraps the net.OpError. (A free port taken in between still gets
	// FerretDB's message, cleaned by ferretError.)
	if l, err := net.Listen("tcp", listen); err != nil {
		unlock()
		return nil, fmt.Errorf("embeddb: listening on %s for data in %s: %w", listen, dir, err)
	} else {
		l.Close()
	}

	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// Embedded FerretDB keeps its state (telemetry settings, instance id)
	// in memory only, disables telemetry and runs no reporter, so it
	// writes nothing outside dir and makes no outbound connections.
	lc := ferretdb.ListenerConfig{TCP: listen}
	useTLS := opts.TLSCertFile != "" || opts.TLSKeyFile != ""
	if useTLS {
		lc = ferretdb.ListenerConfig{TLS: listen, TLSCertFile: opts.TLSCertFile, TLSKeyFile: opts.TLSKeyFile}
	}
	newMu.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  lc,
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL(dir),
	})
	newMu.Unlock()
	if err != nil {
		// If only the listener failed (address in use), FerretDB 1.24 leaves
		// its SQLite backend open; nothing uses it, so it is a small leak.
		unlock()
		return nil, fmt.Errorf("embeddb: starting FerretDB on %s with data in %s: %w", listen, dir, ferretError(err))
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

	if err := ping(ctx, s.uri, useTLS); err != nil {
		s.Close()
		return nil, fmt.Errorf("embeddb: FerretDB on %s with data in %s does not answer: %w", s.addr, dir, err)
	}
	return s, nil
}

// restrictFiles makes the SQLite files in dir private to their owner.
func restrictFiles(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.Contains(e.Name(), ".sqlite") {
			continue
		}
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// codeLocation matches the "[file.go:123 pkg.Func] " prefixes FerretDB's
// lazyerrors put in its messages.
var codeLocation = regexp.MustCompile(`\[[\w./-]+\.go:\d+ [^\]]*\] `)

// ferretError returns FerretDB's error without its source locations.
func ferretError(err error) error {
	msg := codeLocation.ReplaceAllString(err.Error(), "")
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// sqliteURL turns a directory into the URI FerretDB's SQLite backend wants:
// a file: URI whose path ends in a slash. Going through url.URL escapes
// spaces and other characters a directory name may hold.
func sqliteURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
}

func ping(ctx context.Context, uri string, useTLS bool) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, pingTimeout)
		defer cancel()
	}
	opts := options.Client().ApplyURI(uri).SetDirect(true)
	if useTLS {
		// This pings the listener just opened in this process: what is
		// checked is that it answers, not who it is.
		opts.SetTLSConfig(&tls.Config{InsecureSkipVerify: true}) //nolint:gosec
	}
	client, err := mongo.Connect(opts)
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
// this binary, such as "v1.24.0", or "" if it cannot be told. FerretDB's
// own version report says "unknown" when embedded, hence this.
func FerretDBVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == ferretModule {
				if m.Replace != nil {
					m = m.Replace
				}
				return m.Version
			}
		}
	}
	// Test binaries record no dependencies, but the file name compiled
	// into a FerretDB function is in the module cache's directory of its
	// version: .../!ferret!d!b/!ferret!d!b@v1.24.0/ferretdb/ferretdb.go,
	// or github.com/FerretDB/FerretDB@v1.24.0/... with -trimpath. A
	// vendored or replaced-by-directory build has no version there.
	file, _ := runtime.FuncForPC(reflect.ValueOf(ferretdb.New).Pointer()).FileLine(reflect.ValueOf(ferretdb.New).Pointer())
	file = filepath.ToSlash(file)
	for _, dir := range []string{"/!ferret!d!b/!ferret!d!b@", ferretModule + "@"} {
		if i := strings.Index(file, dir); i >= 0 {
			v, _, _ := strings.Cut(file[i+len(dir):], "/")
			return v
		}
	}
	return ""
}

// ferretModule is the module path of FerretDB.
const ferretModule = "github.com/FerretDB/FerretDB"
