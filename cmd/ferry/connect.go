package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Environment variables the connection flags fall back to.
const (
	envMongo         = "FERRY_MONGO"          // --mongo
	envMongoPassword = "FERRY_MONGO_PASSWORD" // the password, when --mongo-password-file is not given
)

// mongoFlags are the connection options of the commands that read a
// controller's database. A real controller's juju-db wants a user and
// password (the controller agent's statepassword, auth source admin) and
// TLS with the controller's CA; its URI may name the whole replica set.
type mongoFlags struct {
	uri          string
	db           string
	user         string
	passwordFile string
	authSource   string
	tls          bool
	caFile       string
	insecure     bool
	serverName   string
	direct       bool
	timeout      time.Duration
	stats        bool

	// stdin is where a --mongo-password-file of "-" is read from.
	stdin io.Reader

	// Set by connect.
	finds, getMores atomic.Int64
	started         time.Time
	secrets         []string // what redact hides
}

func addMongoFlags(fs *flag.FlagSet, st *stdio) *mongoFlags {
	f := &mongoFlags{stdin: st.in}
	fs.StringVar(&f.uri, "mongo", "", "MongoDB URI of the controller database, e.g. mongodb://host1:37017,host2:37017/?replicaSet=juju (default $"+envMongo+")")
	fs.StringVar(&f.db, "db", "juju", "database holding the controller's collections")
	fs.StringVar(&f.user, "mongo-user", "", "user to log in as (overrides one in the URI)")
	fs.StringVar(&f.passwordFile, "mongo-password-file", "", "file holding the password (default $"+envMongoPassword+")")
	fs.StringVar(&f.authSource, "auth-source", "", "database to authenticate against (default admin when a user is given)")
	fs.BoolVar(&f.tls, "tls", false, "connect with TLS (juju-db requires it)")
	fs.StringVar(&f.caFile, "tls-ca-file", "", "PEM file of the CA that signed the server's certificate (implies --tls)")
	fs.BoolVar(&f.insecure, "tls-insecure", false, "do not verify the server's certificate (implies --tls)")
	fs.StringVar(&f.serverName, "tls-server-name", "", "name to verify the server's certificate against (juju-db's is juju-mongodb)")
	fs.BoolVar(&f.direct, "direct", false, "talk to the one host named, without replica set discovery")
	fs.DurationVar(&f.timeout, "mongo-timeout", 30*time.Second, "how long to wait for the server")
	fs.BoolVar(&f.stats, "stats", false, "print the queries sent and the time taken to stderr")
	return f
}

// connect opens a client and returns the controller database. Errors never
// carry the password or the URI's credentials.
func (f *mongoFlags) connect(ctx context.Context) (*mongo.Client, *mongo.Database, error) {
	if f.uri == "" {
		f.uri = os.Getenv(envMongo)
	}
	if f.uri == "" {
		return nil, nil, usageError{"--mongo is required (or set $" + envMongo + ")"}
	}
	if f.timeout <= 0 {
		// The driver reads a zero timeout as "none" and a negative one
		// as an error at the first query: refuse both up front.
		return nil, nil, usageError{fmt.Sprintf("--mongo-timeout %v: want a positive duration", f.timeout)}
	}
	f.collectSecrets()
	password := ""
	if f.passwordFile != "" {
		b, err := readInputFile(f.passwordFile, f.stdin)
		if err != nil {
			return nil, nil, fmt.Errorf("reading --mongo-password-file: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	} else {
		password = os.Getenv(envMongoPassword)
	}
	if password != "" {
		f.secrets = append(f.secrets, password, url.QueryEscape(password), url.PathEscape(password))
	}
	// The driver checks the URI's auth options (authMechanism=PLAIN wants
	// a user and a password) as it parses it, so the user and password
	// given as options go into the URI first.
	uri, err := withCredentials(f.uri, f.user, password)
	if err != nil {
		return nil, nil, err
	}
	opts := options.Client().ApplyURI(uri)
	if opts.Validate() != nil {
		return nil, nil, fmt.Errorf("invalid --mongo URI %s: %w", redactURI(f.uri), f.redactErr(opts.Validate()))
	}
	if f.user != "" || password != "" {
		cred := options.Credential{}
		if opts.Auth != nil {
			cred = *opts.Auth
		}
		if f.user != "" {
			cred.Username = f.user
		}
		if password != "" {
			cred.Password, cred.PasswordSet = password, true
		}
		if cred.Username == "" {
			return nil, nil, usageError{"a password was given but no user (--mongo-user or in the URI)"}
		}
		if f.authSource != "" {
			cred.AuthSource = f.authSource
		} else if cred.AuthSource == "" {
			cred.AuthSource = "admin"
		}
		opts.SetAuth(cred)
	} else if f.authSource != "" && opts.Auth != nil {
		opts.Auth.AuthSource = f.authSource
	}
	if f.tls || f.caFile != "" || f.insecure || f.serverName != "" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: f.serverName, InsecureSkipVerify: f.insecure}
		if f.caFile != "" {
			pem, err := readInputFile(f.caFile, f.stdin)
			if err != nil {
				return nil, nil, fmt.Errorf("reading --tls-ca-file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, nil, fmt.Errorf("--tls-ca-file %s holds no PEM certificate", f.caFile)
			}
			cfg.RootCAs = pool
		}
		opts.SetTLSConfig(cfg)
	}
	if f.direct {
		opts.SetDirect(true)
	}
	opts.SetServerSelectionTimeout(f.timeout).SetConnectTimeout(f.timeout)
	opts.SetMonitor(&event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		switch e.CommandName {
		case "find":
			f.finds.Add(1)
		case "getMore":
			f.getMores.Add(1)
		}
	}})
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, nil, fmt.Errorf("connecting to %s: %w", redactURI(f.uri), f.redactErr(err))
	}
	pctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := client.Ping(pctx, nil); err != nil {
		client.Disconnect(context.Background())
		return nil, nil, fmt.Errorf("connecting to %s: %w", redactURI(f.uri), f.redactErr(err))
	}
	f.started = time.Now()
	return client, client.Database(f.db), nil
}

// withCredentials returns uri with user and password (either may be empty,
// meaning the URI's own) in its user info. A URI net/url cannot parse is
// returned as it is, for the driver to report.
func withCredentials(uri, user, password string) (string, error) {
	if user == "" && password == "" {
		return uri, nil
	}
	u, err := url.Parse(uri)
	if err != nil {
		return uri, nil
	}
	if u.User != nil {
		if user == "" {
			user = u.User.Username()
		}
		if p, ok := u.User.Password(); ok && password == "" {
			password = p
		}
	}
	if user == "" {
		return "", usageError{"a password was given but no user (--mongo-user or in the URI)"}
	}
	if password == "" {
		u.User = url.User(user)
	} else {
		u.User = url.UserPassword(user, password)
	}
	return u.String(), nil
}

// report prints the query counts and elapsed time when --stats is set.
func (f *mongoFlags) report(st *stdio, what string) {
	if !f.stats {
		return
	}
	fmt.Fprintf(st.err, "ferry: %s: %d find and %d getMore commands in %s\n", what, f.finds.Load(), f.getMores.Load(), time.Since(f.started).Round(time.Millisecond))
}

// collectSecrets notes the credentials in the URI, so that redactErr can
// remove them from the driver's errors.
func (f *mongoFlags) collectSecrets() {
	u, err := url.Parse(f.uri)
	if err != nil {
		// An unparsable URI may still hold a password: hide everything
		// between the scheme and the '@'.
		if at := strings.LastIndexByte(f.uri, '@'); at > 0 {
			if i := strings.Index(f.uri, "://"); i >= 0 && i+3 < at {
				f.secrets = append(f.secrets, f.uri[i+3:at])
			}
		}
		return
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			f.secrets = append(f.secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	for k, vs := range u.Query() {
		if strings.Contains(strings.ToLower(k), "password") {
			f.secrets = append(f.secrets, vs...)
		}
	}
	f.secrets = append(f.secrets, f.uri)
}

// redactErr returns err with every credential replaced by "xxxxx".
func (f *mongoFlags) redactErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, s := range f.secrets {
		if s == "" {
			continue
		}
		if s == f.uri {
			clean = strings.ReplaceAll(clean, s, redactURI(s))
			continue
		}
		clean = strings.ReplaceAll(clean, s, "xxxxx")
	}
	if clean == msg {
		return err
	}
	return errors.New(clean)
}

// redactURI hides the password in a URI's user info and in any query
// parameter whose name mentions a password.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		if at := strings.LastIndexByte(uri, '@'); at > 0 {
			if i := strings.Index(uri, "://"); i >= 0 && i+3 < at {
				return uri[:i+3] + "xxxxx" + uri[at:]
			}
		}
		return uri
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	changed := false
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "xxxxx")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
