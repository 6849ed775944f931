// Package auth holds the credential primitives: argon2id password hashing
// and opaque bearer tokens stored only as SHA-256 digests.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters. The defaults (64 MiB, 2 passes,
// 2 lanes) cost about 75 ms per hash on the project's 2-core machine.
type Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
}

// DefaultParams follow RFC 9106's memory-constrained recommendation.
var DefaultParams = Params{MemoryKiB: 64 * 1024, Iterations: 2, Parallelism: 2}

const (
	saltLen = 16
	keyLen  = 32
)

// ErrMismatch means the password does not match the hash.
var ErrMismatch = errors.New("password does not match")

// ErrBusy means every hashing slot is taken and the wait queue is full:
// the caller should answer "busy, retry shortly" at once.
var ErrBusy = errors.New("password hashing is busy")

// ErrClosed means the hasher was closed (the service is stopping).
var ErrClosed = errors.New("password hasher is closed")

// Hasher hashes and verifies passwords. It runs at most a fixed number of
// hashes at once and lets at most a fixed number of callers wait for a
// turn, so a flood of logins can neither exhaust memory nor queue without
// end; a wait ends early when the caller's context ends or Close is
// called.
type Hasher struct {
	params    Params
	slots     chan struct{}
	queue     int64
	waiting   atomic.Int64
	closed    chan struct{}
	closeOnce sync.Once
	dummy     string // a hash with h's parameters that no password matches, for unknown accounts
	release   release
	// verified counts the argon2id verifications done, with any outcome.
	verified atomic.Uint64
}

// NewHasher returns a hasher running at most concurrency hashes at once,
// with at most queue callers waiting for a turn (0: none wait).
func NewHasher(p Params, concurrency, queue int) (*Hasher, error) {
	if p.MemoryKiB < 8*uint32(p.Parallelism) || p.Iterations < 1 || p.Parallelism < 1 {
		return nil, fmt.Errorf("argon2id parameters out of range: %+v", p)
	}
	if queue < 0 {
		return nil, fmt.Errorf("password hash queue %d: want at least 0", queue)
	}
	return &Hasher{
		params: p, slots: make(chan struct{}, max(concurrency, 1)), queue: int64(queue),
		closed: make(chan struct{}), dummy: dummyHash(p),
	}, nil
}

// dummyHash is a well-formed hash with p's parameters, a random salt and a
// random key. Verifying against it costs exactly what verifying against a
// real hash costs, and no password matches it, without computing a hash
// (and allocating its memory) at start.
func dummyHash(p Params) string {
	salt, key := make([]byte, saltLen), make([]byte, keyLen)
	_, _ = rand.Read(salt)
	_, _ = rand.Read(key)
	return encode(p, salt, key)
}

// Close makes every waiting and later call fail with ErrClosed. Hashes
// already running finish.
func (h *Hasher) Close() {
	h.closeOnce.Do(func() { close(h.closed) })
	h.release.stop()
}

// Hash returns a PHC-format argon2id hash:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<key>.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	_, _ = rand.Read(salt)
	key, err := h.derive(ctx, password, salt, h.params)
	if err != nil {
		return "", err
	}
	return encode(h.params, salt, key), nil
}

func encode(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.MemoryKiB, p.Iterations, p.Parallelism, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify checks password against encoded in constant time. needsRehash is
// true when the hash was made with other parameters than the hasher's.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (needsRehash bool, err error) {
	p, salt, want, err := parse(encoded)
	if err != nil {
		return false, err
	}
	got, err := h.derive(ctx, password, salt, p)
	if err != nil {
		return false, err
	}
	h.verified.Add(1)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, ErrMismatch
	}
	return p != h.params, nil
}

// Verifications is how many argon2id verifications Verify and VerifyDummy
// have done, whatever their outcome.
func (h *Hasher) Verifications() uint64 { return h.verified.Load() }

// VerifyDummy spends the same time as Verify for an account that does not
// exist, so response times do not reveal which emails are registered. It
// fails only as Verify fails before hashing (ErrBusy, ErrClosed, the
// context's error), so that a busy hasher answers alike for every email.
func (h *Hasher) VerifyDummy(ctx context.Context, password string) error {
	if _, err := h.Verify(ctx, password, h.dummy); !errors.Is(err, ErrMismatch) {
		return err
	}
	return nil
}

func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p Params) ([]byte, error) {
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() {
		<-h.slots
		if len(h.slots) == 0 && h.waiting.Load() == 0 {
			h.release.schedule(func() bool { return len(h.slots) == 0 })
		}
	}()
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, keyLen), nil
}

// acquire takes a hashing slot: at once if one is free, else after waiting
// in the queue, if there is room in it, until a slot frees, ctx ends or the
// hasher closes.
func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case <-h.closed:
		return ErrClosed
	default:
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	if h.waiting.Add(1) > h.queue {
		h.waiting.Add(-1)
		return ErrBusy
	}
	defer h.waiting.Add(-1)
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-h.closed:
		return ErrClosed
	}
}

func parse(encoded string) (Params, []byte, []byte, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, errors.New("not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return Params{}, nil, nil, errors.New("unsupported argon2 version")
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &p.Parallelism); err != nil {
		return Params{}, nil, nil, fmt.Errorf("argon2id parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("argon2id salt: %w", err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return Params{}, nil, nil, errors.New("argon2id key")
	}
	return p, salt, key, nil
}
