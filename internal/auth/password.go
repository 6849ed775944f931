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

// Hasher hashes and verifies passwords, running at most a fixed number of
// hashes at once so concurrent logins cannot exhaust memory.
type Hasher struct {
	params Params
	slots  chan struct{}
	dummy  string // a real hash of a random password, for unknown accounts
	// verified counts the argon2id verifications done, with any outcome.
	verified atomic.Uint64
}

// NewHasher returns a hasher running at most concurrency hashes at once.
func NewHasher(p Params, concurrency int) (*Hasher, error) {
	if p.MemoryKiB < 8*uint32(p.Parallelism) || p.Iterations < 1 || p.Parallelism < 1 {
		return nil, fmt.Errorf("argon2id parameters out of range: %+v", p)
	}
	h := &Hasher{params: p, slots: make(chan struct{}, max(concurrency, 1))}
	var pw [24]byte
	_, _ = rand.Read(pw[:])
	dummy, err := h.Hash(context.Background(), string(pw[:]))
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
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
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.MemoryKiB, h.params.Iterations, h.params.Parallelism, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
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
// exist, so response times do not reveal which emails are registered.
func (h *Hasher) VerifyDummy(ctx context.Context, password string) {
	_, _ = h.Verify(ctx, password, h.dummy)
}

func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p Params) ([]byte, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, keyLen), nil
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
