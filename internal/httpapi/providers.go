package httpapi

import (
	"context"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/refresh"
)

// Providers is what the system operations read of the refresher.
type Providers interface {
	State() []refresh.ProviderState
	Degraded() []string
}

// GetProviders implements getProviders (admin).
func (h *Handler) GetProviders(ctx context.Context) (*oas.ProvidersState, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	st := h.providersState()
	return &st, nil
}

// providersState converts the refresher's snapshot.
func (h *Handler) providersState() oas.ProvidersState {
	out := oas.ProvidersState{Status: oas.ProvidersStateStatusDisabled, DegradedTypes: []string{}, Providers: []oas.ProviderState{}}
	if h.Providers == nil {
		return out
	}
	out.Status = oas.ProvidersStateStatusUp
	if d := h.Providers.Degraded(); len(d) > 0 {
		out.Status, out.DegradedTypes = oas.ProvidersStateStatusDegraded, d
	}
	for _, s := range h.Providers.State() {
		p := oas.ProviderState{
			Name: s.Name, Status: oas.ProviderStateStatus(s.Status), Types: s.Types,
			Calls: s.Calls, Failures: s.Failures,
		}
		if p.Types == nil {
			p.Types = []string{}
		}
		setTime(&p.PausedUntil, s.PausedUntil)
		setTime(&p.LastSuccessAt, s.LastSuccess)
		setTime(&p.LastErrorAt, s.LastErrorAt)
		if s.PauseReason != "" {
			p.PauseReason = oas.NewOptString(s.PauseReason)
		}
		if s.LastError != "" {
			p.LastError = oas.NewOptString(truncate(s.LastError, 512))
		}
		if !s.LastSuccess.IsZero() {
			p.LatencyMs = oas.NewOptFloat64(float64(s.Latency.Microseconds()) / 1000)
		}
		out.Providers = append(out.Providers, p)
	}
	return out
}

func setTime(o *oas.OptDateTime, t time.Time) {
	if !t.IsZero() {
		*o = oas.NewOptDateTime(t.UTC())
	}
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
