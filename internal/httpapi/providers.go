package httpapi

import (
	"context"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/refresh"
)

// Providers is what the system operations read of the refresher.
type Providers interface {
	State() []refresh.ProviderState
	Degraded() []string
	// BudgetLeft is what remains of the named provider's budget; false
	// when it has none or it cannot be read.
	BudgetLeft(ctx context.Context, name string) (quota.Left, bool)
}

// GetProviders implements getProviders (admin).
func (h *Handler) GetProviders(ctx context.Context) (*oas.ProvidersState, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	st := h.providersState(ctx)
	return &st, nil
}

// providersState converts the refresher's snapshot.
func (h *Handler) providersState(ctx context.Context) oas.ProvidersState {
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
		if l, ok := h.Providers.BudgetLeft(ctx, s.Name); ok {
			p.Budget = budgetOf(l)
		}
		out.Providers = append(out.Providers, p)
	}
	return out
}

// budgetOf converts what remains of a budget, leaving out a window without
// a limit.
func budgetOf(l quota.Left) oas.OptProviderBudget {
	var b oas.ProviderBudget
	if l.PerMinute > 0 {
		b.PerMinute, b.MinuteLeft = oas.NewOptInt32(int32(l.PerMinute)), oas.NewOptInt32(int32(l.MinuteLeft))
		setTime(&b.MinuteResetsAt, l.MinuteEnds)
	}
	if l.PerDay > 0 {
		b.PerDay, b.DayLeft = oas.NewOptInt32(int32(l.PerDay)), oas.NewOptInt32(int32(l.DayLeft))
		setTime(&b.DayResetsAt, l.DayEnds)
	}
	return oas.NewOptProviderBudget(b)
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
