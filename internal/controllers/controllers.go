// Package controllers keeps ferry's registry of controllers: names an
// operator gives to controller databases, so that commands can say
// "--from old --to new" instead of repeating MongoDB URIs and their
// connection options.
//
// The registry is one JSON file, by default controllers.json in ferry's
// directory under the user's configuration directory
// ($XDG_CONFIG_HOME/ferry, ~/.config/ferry, ~/Library/Application
// Support/ferry, %AppData%\ferry), or the file $FERRY_CONTROLLERS names.
// It may hold passwords in URIs, so it is written with mode 0600, through
// a temporary file renamed into place, and a registry file that others can
// read is refused rather than trusted.
package controllers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
)

// EnvFile names the environment variable that, when set, is the path of
// the registry file.
const EnvFile = "FERRY_CONTROLLERS"

// Controller is one registered controller database and how to connect to
// it.
type Controller struct {
	Name string `json:"name"`
	// URI is the MongoDB connection string; it may hold credentials.
	URI string `json:"uri"`
	// DB is the database holding the state collections; empty means
	// "juju". BlobsDB and LogsDB name the blob store's and the logs'
	// databases when they are not "blobstore" and "logs".
	DB      string `json:"db,omitempty"`
	BlobsDB string `json:"blobs-db,omitempty"`
	LogsDB  string `json:"logs-db,omitempty"`
	// User and PasswordFile: a user to log in as and a file holding the
	// password, when they are not in the URI.
	User         string `json:"user,omitempty"`
	PasswordFile string `json:"password-file,omitempty"`
	AuthSource   string `json:"auth-source,omitempty"`
	// TLS options, as the --tls flags take them.
	TLS        bool   `json:"tls,omitempty"`
	CAFile     string `json:"tls-ca-file,omitempty"`
	Insecure   bool   `json:"tls-insecure,omitempty"`
	ServerName string `json:"tls-server-name,omitempty"`
	Direct     bool   `json:"direct,omitempty"`
	// UUID is the controller's UUID, as read when it was added; it tells
	// a resumed migration that a name still means the same controller.
	UUID string `json:"uuid,omitempty"`
}

// Registry is the set of registered controllers.
type Registry struct {
	path        string
	Controllers []Controller `json:"controllers"`
}

// DefaultPath returns where the registry lives: $FERRY_CONTROLLERS, or
// ferry/controllers.json in the user's configuration directory.
func DefaultPath() (string, error) {
	if p := os.Getenv(EnvFile); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("controllers: no configuration directory (set $%s to a file path): %w", EnvFile, err)
	}
	return filepath.Join(dir, "ferry", "controllers.json"), nil
}

// Load reads the registry at path; a missing file is an empty registry.
func Load(path string) (*Registry, error) {
	r := &Registry{path: path}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return r, nil
	case err != nil:
		return nil, fmt.Errorf("controllers: %w", err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("controllers: %s may hold passwords but others can read it (mode %04o); run chmod 600 %s", path, fi.Mode().Perm(), path)
		}
	}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("controllers: reading %s: %w", path, err)
	}
	r.path = path
	return r, nil
}

// LoadDefault loads the registry at DefaultPath.
func LoadDefault() (*Registry, error) {
	p, err := DefaultPath()
	if err != nil {
		return nil, err
	}
	return Load(p)
}

// Path is the file the registry is saved to.
func (r *Registry) Path() string { return r.path }

// Save writes the registry with mode 0600, creating its directory (mode
// 0700) if needed.
func (r *Registry) Save() error {
	sort.Slice(r.Controllers, func(i, j int) bool { return r.Controllers[i].Name < r.Controllers[j].Name })
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(r.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("controllers: %w", err)
	}
	f, err := os.CreateTemp(dir, ".controllers-*")
	if err != nil {
		return fmt.Errorf("controllers: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("controllers: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("controllers: writing %s: %w", r.path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("controllers: writing %s: %w", r.path, err)
	}
	if err := os.Rename(tmp, r.path); err != nil {
		return fmt.Errorf("controllers: %w", err)
	}
	return nil
}

// ErrNotFound is wrapped by the error Get and Remove return for an unknown
// name.
var ErrNotFound = errors.New("no such controller")

// validName matches a controller name: what Juju allows for controller
// names, so that "ferry migrate --to NAME" never looks like a URI.
var validName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

// ValidName reports whether name can name a controller.
func ValidName(name string) bool { return validName.MatchString(name) }

// Get returns the controller with the given name.
func (r *Registry) Get(name string) (Controller, error) {
	for _, c := range r.Controllers {
		if c.Name == name {
			return c, nil
		}
	}
	return Controller{}, fmt.Errorf("controllers: %w %q in %s (see 'ferry controllers list')", ErrNotFound, name, r.path)
}

// Add registers c; replace allows overwriting a controller of that name.
func (r *Registry) Add(c Controller, replace bool) error {
	if !ValidName(c.Name) {
		return fmt.Errorf("controllers: invalid name %q: use letters, digits, '.', '_' and '-', starting with a letter or digit", c.Name)
	}
	if c.URI == "" {
		return errors.New("controllers: no URI given")
	}
	for i, have := range r.Controllers {
		if have.Name == c.Name {
			if !replace {
				return fmt.Errorf("controllers: %q is already registered (remove it first, or use --replace)", c.Name)
			}
			r.Controllers[i] = c
			return nil
		}
	}
	r.Controllers = append(r.Controllers, c)
	return nil
}

// Remove unregisters the named controller.
func (r *Registry) Remove(name string) error {
	for i, c := range r.Controllers {
		if c.Name == name {
			r.Controllers = append(r.Controllers[:i], r.Controllers[i+1:]...)
			return nil
		}
	}
	return fmt.Errorf("controllers: %w %q in %s", ErrNotFound, name, r.path)
}
