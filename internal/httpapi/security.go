package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
)

// NewSecurity checks bearer tokens. Until accounts exist the only token is
// the static admin token from the configuration; empty disables admin calls.
func NewSecurity(adminToken string) *Security {
	s := &Security{enabled: adminToken != ""}
	if s.enabled {
		s.adminTokenHash = sha256.Sum256([]byte(adminToken))
	}
	return s
}

// HandleBearerAuth compares digests in constant time, so neither the token's
// length nor its prefix leaks through timing.
func (s *Security) HandleBearerAuth(ctx context.Context, _ oas.OperationName, t oas.BearerAuth) (context.Context, error) {
	got := sha256.Sum256([]byte(t.Token))
	if !s.enabled || subtle.ConstantTimeCompare(got[:], s.adminTokenHash[:]) != 1 {
		return ctx, apperr.New(apperr.Unauthorized, "unauthorized", "a valid bearer token is required")
	}
	return withPrincipal(ctx, Principal{Admin: true, Machine: true}), nil
}
