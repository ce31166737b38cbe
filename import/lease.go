package importer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// LeaseCollection is the collection of the target's juju database that
// holds import leases. An import, an abort and an activation each own the
// model through a lease while they write; the lease is removed when they
// finish, so the collection is empty when nothing is running.
const LeaseCollection = "ferryImportLeases"

// DefaultLeaseTTL is how long a lease lasts unless renewed; its holder
// renews it every third of that. A process killed while holding a lease
// blocks other imports of that model for at most this long.
const DefaultLeaseTTL = 30 * time.Second

// leaseReleaseTimeout bounds the release of a lease, which runs even after
// the caller's context is done.
const leaseReleaseTimeout = 10 * time.Second

// ErrLeaseHeld is matched by errors.Is on a *LeaseHeldError.
var ErrLeaseHeld = errors.New("another process holds the model's import lease")

// ErrLeaseLost is the cause an import stops with when its lease was taken
// over or expired while it was writing: it then stops and leaves the model
// to the new holder.
var ErrLeaseLost = errors.New("the import lost its lease on the model")

// Lease is one claim on a model. Its _id is "<model-uuid>/<generation>":
// the claim is taken by inserting it, and a unique _id lets exactly one of
// several racing processes insert a generation.
type Lease struct {
	ID        string    `bson:"_id"`
	ModelUUID string    `bson:"model"` // not model-uuid: a lease is not the model's document
	Gen       int64     `bson:"gen"`
	Owner     string    `bson:"owner"`
	Host      string    `bson:"host"`
	PID       int       `bson:"pid"`
	Acquired  time.Time `bson:"acquired"`
	Heartbeat time.Time `bson:"heartbeat"`
	Expires   time.Time `bson:"expires"`
}

func (l *Lease) live(now time.Time) bool { return l.Expires.After(now) }

func (l *Lease) holder() string {
	return fmt.Sprintf("%s (host %s, pid %d) since %s, last renewed %s, expiring %s unless renewed",
		l.Owner, l.Host, l.PID, l.Acquired.UTC().Format(time.RFC3339), l.Heartbeat.UTC().Format(time.RFC3339), l.Expires.UTC().Format(time.RFC3339))
}

// LeaseHeldError is returned when another live process holds the model's
// lease: nothing was written or removed.
type LeaseHeldError struct {
	ModelUUID string
	Holder    Lease
}

func (e *LeaseHeldError) Error() string {
	return fmt.Sprintf("model %s is being imported or removed by %s: wait for it to finish, or for its lease to expire if that process is dead",
		e.ModelUUID, e.Holder.holder())
}

// Is makes errors.Is(err, ErrLeaseHeld) true.
func (e *LeaseHeldError) Is(target error) bool { return target == ErrLeaseHeld }

// newOwner names a holder uniquely: host, process and a random suffix.
func newOwner(host string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("ferry@%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// LeaseOwner returns the name this importer holds leases under
// (Options.LeaseOwner, or one made unique to the importer).
func (im *Importer) LeaseOwner() string { return im.owner }

// heldLease is a lease this importer holds, renewed in the background
// until released. When a renewal finds it lost, the work context is
// cancelled with ErrLeaseLost.
type heldLease struct {
	im     *Importer
	mu     sync.Mutex
	lease  Lease
	lost   error
	cancel context.CancelCauseFunc
	stop   chan struct{}
	done   chan struct{}
}

// lock takes the model's lease and returns it with a context, derived from
// ctx, that is cancelled if the lease is lost. The caller must release it.
//
// Only the insert of a new generation is relied on to be atomic. FerretDB
// v1.24 runs findAndModify and a filtered update as a query, a filter in
// Go and a write by _id (internal/handler/msg_findandmodify.go,
// internal/backends/sqlite/collection.go UpdateAll), so an update
// "conditioned on expiry" does not exclude a racing one there. Instead
// every taker and every renewal writes first and then reads all of the
// model's leases: of two processes that both write and then read, at
// least one sees the other's write, and whoever sees a live rival backs
// off. That holds on MongoDB as on FerretDB.
func (im *Importer) lock(ctx context.Context, uuid string) (*heldLease, context.Context, error) {
	coll := im.db.Collection(LeaseCollection)
	for attempt := 0; ; attempt++ {
		all, err := im.readLeases(ctx, uuid)
		if err != nil {
			return nil, nil, err
		}
		now := time.Now()
		var top int64
		for _, l := range all {
			top = max(top, l.Gen)
			if l.Owner != im.owner && l.live(now) {
				return nil, nil, &LeaseHeldError{ModelUUID: uuid, Holder: l}
			}
		}
		mine := Lease{ID: fmt.Sprintf("%s/%d", uuid, top+1), ModelUUID: uuid, Gen: top + 1, Owner: im.owner, Host: im.host, PID: os.Getpid(),
			Acquired: now, Heartbeat: now, Expires: now.Add(im.opts.LeaseTTL)}
		if _, err := coll.InsertOne(ctx, mine); err != nil {
			if mongo.IsDuplicateKeyError(err) && attempt < 3 {
				continue // another process took this generation: look again
			}
			return nil, nil, fmt.Errorf("taking the import lease of model %s: %w", uuid, err)
		}
		all, err = im.readLeases(ctx, uuid)
		if err == nil {
			if rival := rivalOf(mine, all, time.Now()); rival != nil {
				im.dropLease(ctx, mine.ID)
				return nil, nil, &LeaseHeldError{ModelUUID: uuid, Holder: *rival}
			}
		}
		if err != nil {
			im.dropLease(ctx, mine.ID)
			return nil, nil, err
		}
		// The others are expired, or ours from an earlier run: gone.
		var old bson.A
		for _, l := range all {
			if l.ID != mine.ID {
				old = append(old, l.ID)
			}
		}
		// So are the document locks of this holder's dead predecessor.
		// Removing them is tidying only: a failure leaves dead leases and
		// locks, which no one counts and the next taker breaks.
		tidy := bson.A{bson.D{{Key: "owner", Value: im.owner}, {Key: "_id", Value: bson.D{{Key: "$regex", Value: "^lock:"}}}}}
		if len(old) > 0 {
			tidy = append(tidy, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: old}}}})
		}
		_, _ = coll.DeleteMany(ctx, bson.D{{Key: "$or", Value: tidy}})
		h := &heldLease{im: im, lease: mine, stop: make(chan struct{}), done: make(chan struct{})}
		wctx, cancel := context.WithCancelCause(ctx)
		h.cancel = cancel
		go h.renewLoop(context.WithoutCancel(ctx))
		return h, wctx, nil
	}
}

// rivalOf returns a lease that means mine is not (or no longer) held: one
// of a later generation, or a live one of another owner. A missing mine
// is reported as itself.
func rivalOf(mine Lease, all []Lease, now time.Time) *Lease {
	found := false
	for i := range all {
		l := &all[i]
		if l.ID == mine.ID {
			found = true
			continue
		}
		if l.Gen > mine.Gen || l.Owner != mine.Owner && l.live(now) {
			return l
		}
	}
	if !found {
		return &mine
	}
	return nil
}

// readLeases reads every lease of the model, by generation.
func (im *Importer) readLeases(ctx context.Context, uuid string) ([]Lease, error) {
	cur, err := im.db.Collection(LeaseCollection).Find(ctx, bson.D{{Key: "model", Value: uuid}})
	if err != nil {
		return nil, fmt.Errorf("reading the import leases of model %s: %w", uuid, err)
	}
	var out []Lease
	err = cur.All(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("reading the import leases of model %s: %w", uuid, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Gen < out[j].Gen })
	return out, nil
}

// dropLease deletes one lease document, even after ctx is done.
func (im *Importer) dropLease(ctx context.Context, id string) error {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaseReleaseTimeout)
	defer cancel()
	_, err := im.db.Collection(LeaseCollection).DeleteOne(dctx, bson.D{{Key: "_id", Value: id}})
	return err
}

func (h *heldLease) renewLoop(ctx context.Context) {
	defer close(h.done)
	t := time.NewTicker(h.im.opts.LeaseTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, h.im.opts.LeaseTTL/3)
		err := h.renew(rctx)
		cancel()
		if err != nil && errors.Is(err, ErrLeaseLost) {
			return
		}
	}
}

// renew extends the lease and then checks that no one else holds the
// model. A renewal that cannot reach the database is retried at the next
// tick until the lease runs out, which loses it.
func (h *heldLease) renew(ctx context.Context) error {
	h.mu.Lock()
	if h.lost != nil {
		h.mu.Unlock()
		return h.lost
	}
	mine := h.lease
	h.mu.Unlock()
	now := time.Now()
	exp := now.Add(h.im.opts.LeaseTTL)
	_, err := h.im.db.Collection(LeaseCollection).UpdateOne(ctx, bson.D{{Key: "_id", Value: mine.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "heartbeat", Value: now}, {Key: "expires", Value: exp}}}})
	var all []Lease
	if err == nil {
		all, err = h.im.readLeases(ctx, mine.ModelUUID)
	}
	if err != nil {
		if time.Now().After(mine.Expires) {
			return h.lose(fmt.Errorf("%w: it expired at %s while it could not be renewed: %w", ErrLeaseLost, mine.Expires.UTC().Format(time.RFC3339), err))
		}
		return err
	}
	if rival := rivalOf(mine, all, time.Now()); rival != nil {
		if rival.ID == mine.ID {
			return h.lose(fmt.Errorf("%w: its lease %s was removed (taken over after it expired)", ErrLeaseLost, mine.ID))
		}
		return h.lose(fmt.Errorf("%w: it is now held by %s", ErrLeaseLost, rival.holder()))
	}
	h.mu.Lock()
	h.lease.Heartbeat, h.lease.Expires = now, exp
	h.mu.Unlock()
	return nil
}

func (h *heldLease) lose(err error) error {
	h.mu.Lock()
	if h.lost == nil {
		h.lost = err
	}
	err = h.lost
	h.mu.Unlock()
	h.cancel(err)
	return err
}

// lostErr is the reason the lease was lost, or nil.
func (h *heldLease) lostErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lost
}

// confirm renews the lease now and fails unless it is still held: the
// check before a commit point.
func (h *heldLease) confirm(ctx context.Context) error {
	if err := h.renew(ctx); err != nil {
		return fmt.Errorf("confirming the import lease: %w", err)
	}
	return nil
}

// release stops renewing and removes the lease, unless it was lost (then
// it is someone else's business). It runs even after ctx is done.
func (h *heldLease) release(ctx context.Context) error {
	close(h.stop)
	<-h.done
	h.cancel(nil)
	if h.lostErr() != nil {
		return nil
	}
	if err := h.im.dropLease(ctx, h.lease.ID); err != nil {
		return fmt.Errorf("releasing the import lease of model %s (it expires by itself at %s): %w", h.lease.ModelUUID, h.lease.Expires.UTC().Format(time.RFC3339), err)
	}
	return nil
}

// Leases lists the import leases held on the target, live or expired,
// for status displays.
func (im *Importer) Leases(ctx context.Context) ([]Lease, error) {
	cur, err := im.db.Collection(LeaseCollection).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", LeaseCollection, err)
	}
	var out []Lease
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("reading %s: %w", LeaseCollection, err)
	}
	return out, nil
}

// withDocLock runs fn holding a short lock (expiring after LeaseTTL) on one global document
// (hostedModelCount, a cloud's refcount, an external controller) that
// imports of other models update too. FerretDB v1.24 applies an update as
// read, modify in Go, write back by _id (see lock), so two imports'
// concurrent $inc on one document lose one of the increments, marks
// included. The lock is a document inserted with a unique _id.
func (im *Importer) withDocLock(ctx context.Context, coll string, id any, fn func() error) error {
	lc := im.db.Collection(LeaseCollection)
	key := fmt.Sprintf("lock:%s/%v", coll, id)
	token := bson.NewObjectID()
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		_, err := lc.InsertOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "token", Value: token}, {Key: "owner", Value: im.owner},
			{Key: "expires", Value: time.Now().Add(im.opts.LeaseTTL)}})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("locking %s %v: %w", coll, id, err)
		}
		var held struct {
			Token   bson.ObjectID `bson:"token"`
			Owner   string        `bson:"owner"`
			Expires time.Time     `bson:"expires"`
		}
		// A lock held past its expiry, or by this holder's dead
		// predecessor (as a lease is), is broken.
		if err := lc.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&held); err == nil && (time.Now().After(held.Expires) || held.Owner == im.owner) {
			_, _ = lc.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "token", Value: held.Token}})
			continue
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("locking %s %v: %w", coll, id, context.Cause(ctx))
		case <-time.After(wait):
		}
	}
	err := fn()
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaseReleaseTimeout)
	defer cancel()
	if _, uerr := lc.DeleteOne(dctx, bson.D{{Key: "_id", Value: key}, {Key: "token", Value: token}}); uerr != nil && err == nil {
		// Left behind, the lock would hold up other imports until it
		// expires: the caller hears of it.
		err = fmt.Errorf("unlocking %s %v: %w", coll, id, uerr)
	}
	return err
}
