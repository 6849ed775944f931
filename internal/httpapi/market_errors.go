package httpapi

import (
	"fmt"
	"strings"

	"github.com/marketpulse/api/internal/apperr"
)

// maxFieldErrors is the most field errors a problem lists (openapi.yaml:
// Problem.errors has maxItems 100).
const maxFieldErrors = 100

// batchErrors collects the problems of an ingested batch, item by item,
// keeping the first maxFieldErrors and counting the rest.
type batchErrors struct {
	fields []apperr.FieldError
	total  int
}

// add records a problem at pointer.
func (b *batchErrors) add(pointer, format string, args ...any) {
	b.total++
	if len(b.fields) < maxFieldErrors {
		b.fields = append(b.fields, apperr.FieldError{Path: strings.TrimPrefix(pointer, "/"), Message: fmt.Sprintf(format, args...)})
	}
}

// err is nil without problems, else a 422 invalid_batch that rejects the
// whole batch and lists them.
func (b *batchErrors) err(items string) error {
	if b.total == 0 {
		return nil
	}
	e := apperr.New(apperr.Unprocessable, "invalid_batch", "%d of the %s cannot be stored; nothing was stored", b.total, items)
	if b.total > len(b.fields) {
		e.Message += fmt.Sprintf(" (the first %d are listed)", len(b.fields))
	}
	e.Fields = b.fields
	return e
}
