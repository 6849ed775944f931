package apperr

import "fmt"

// MaxFields is the most field errors an error lists (openapi.yaml:
// Problem.errors has maxItems 100).
const MaxFields = 100

// Batch collects the problems of a batch of items checked together, item by
// item, keeping the first MaxFields and counting the rest. The zero value is
// ready to use.
type Batch struct {
	fields []FieldError
	total  int
}

// Add records a problem at path (relative to the batch's input).
func (b *Batch) Add(path, format string, args ...any) {
	b.total++
	if len(b.fields) < MaxFields {
		b.fields = append(b.fields, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
}

// Err is nil without problems, else a 422 invalid_batch that rejects the
// whole batch of items (a plural noun: "quotes") and lists the problems.
func (b *Batch) Err(items string) error {
	if b.total == 0 {
		return nil
	}
	e := New(Unprocessable, "invalid_batch", "%d of the %s cannot be stored; nothing was stored", b.total, items)
	if b.total > len(b.fields) {
		e.Message += fmt.Sprintf(" (the first %d are listed)", len(b.fields))
	}
	e.Fields = b.fields
	return e
}
