package boards

import (
	"github.com/marketpulse/api/internal/apperr"
)

// The grid of a dashboard has 12 columns and as many rows as it needs; a
// widget takes a rectangle of it, overlapping no other.
const (
	GridColumns        = 12
	MaxWidgetsPerBoard = 100
)

// Rect is a widget's place on the grid: column X and row Y of its top left
// cell, W columns wide and H rows high.
type Rect struct {
	X int32 `json:"x"`
	Y int32 `json:"y"`
	W int32 `json:"w"`
	H int32 `json:"h"`
}

func (r Rect) overlaps(o Rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

// checkGrid reports at path+"/w" a rectangle that leaves the grid.
func checkGrid(f *fieldErrors, path string, r Rect) {
	if r.X+r.W > GridColumns {
		f.add(path+"/w", "x + w must be at most 12: the grid has 12 columns")
	}
}

// placed is a widget already on the dashboard.
type placed struct {
	id   int64
	rect Rect
}

// rectOf is the rectangle of stored columns, which the schema's checks
// keep within the grid (so within int32).
func rectOf(x, y, w, h int64) Rect {
	return Rect{X: int32(x), Y: int32(y), W: int32(w), H: int32(h)}
}

// fieldErrors collects the problems of one input, in the order its rules
// find them, keeping the first apperr.MaxFields.
type fieldErrors []apperr.FieldError

func (f *fieldErrors) add(path, msg string) {
	if len(*f) < apperr.MaxFields {
		*f = append(*f, apperr.FieldError{Path: path, Message: msg})
	}
}

// err is nil without problems, else an Invalid error with code and msg
// that lists them.
func (f fieldErrors) err(code, msg string) error {
	if len(f) == 0 {
		return nil
	}
	e := apperr.New(apperr.Invalid, code, "%s", msg)
	e.Fields = f
	return e
}
