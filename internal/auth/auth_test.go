package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/auth"
)

var fast = auth.Params{MemoryKiB: 1024, Iterations: 1, Parallelism: 1}

func TestHashAndVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, err := auth.NewHasher(fast, 2, 4)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := h.Hash(ctx, "correct horse battery")
	if err != nil || !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("Hash = %q, %v", enc, err)
	}
	again, _ := h.Hash(ctx, "correct horse battery")
	if again == enc {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if rehash, err := h.Verify(ctx, "correct horse battery", enc); err != nil || rehash {
		t.Errorf("Verify(right) = %v, %v", rehash, err)
	}
	if _, err := h.Verify(ctx, "correct horse batterY", enc); !errors.Is(err, auth.ErrMismatch) {
		t.Errorf("Verify(wrong) = %v, want ErrMismatch", err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA", "$argon2id$v=19$m=1024,t=1,p=1$!!$AAAA"} {
		if _, err := h.Verify(ctx, "x", bad); err == nil || errors.Is(err, auth.ErrMismatch) {
			t.Errorf("Verify(%q) = %v, want a format error", bad, err)
		}
	}
	stronger, err := auth.NewHasher(auth.Params{MemoryKiB: 2048, Iterations: 1, Parallelism: 1}, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	if rehash, err := stronger.Verify(ctx, "correct horse battery", enc); err != nil || !rehash {
		t.Errorf("old parameters: rehash = %v, %v; want true", rehash, err)
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	tok, digest := auth.NewToken()
	other, _ := auth.NewToken()
	if tok == other || !auth.LooksLikeToken(tok) || auth.Digest(tok) != digest {
		t.Errorf("token %q, other %q", tok, other)
	}
	for _, bad := range []string{"", "mpt_", "abc", tok + "x", strings.TrimPrefix(tok, "mpt_")} {
		if auth.LooksLikeToken(bad) {
			t.Errorf("LooksLikeToken(%q) = true", bad)
		}
	}
}

func BenchmarkHashDefault(b *testing.B) {
	h, err := auth.NewHasher(auth.DefaultParams, 1, 4)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "correct horse battery"); err != nil {
			b.Fatal(err)
		}
	}
}
