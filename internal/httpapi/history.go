package httpapi

import (
	"context"
	"net/http"

	"github.com/marketpulse/api/gen/oas"
)

// GetHistory implements getHistory.
func (h *Handler) GetHistory(ctx context.Context, params oas.GetHistoryParams, w http.ResponseWriter) error {
	return errNotYet
}

// IngestBars implements ingestBars (admin).
func (h *Handler) IngestBars(ctx context.Context, req *oas.BarBatch, params oas.IngestBarsParams) (*oas.IngestResult, error) {
	return nil, errNotYet
}
