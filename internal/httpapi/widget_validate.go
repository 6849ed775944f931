package httpapi

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
)

// What openapi.yaml cannot express about a widget or a layout is checked
// here with validator/v10: symbols must be assets, the refresh interval must
// suit the kind, a position must fit the 12-column grid (x + w ≤ 12) and
// overlap no other widget. Failures are 400 problems whose errors[] point
// into the request body, e.g. /body/config/symbols/3.

const (
	gridColumns        = 12
	maxWidgetsPerBoard = 100
)

// gridRect is a widget's place on the grid.
type gridRect struct {
	X int32 `json:"x"`
	Y int32 `json:"y"`
	W int32 `json:"w"`
	H int32 `json:"h"`
}

func rectOf(p oas.GridPosition) gridRect { return gridRect{X: p.X, Y: p.Y, W: p.W, H: p.H} }

func (r gridRect) overlaps(o gridRect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

// placed is a widget already on the dashboard.
type placed struct {
	id   int64
	rect gridRect
}

func placedOf(rows []db.ListWidgetRectsRow) []placed {
	out := make([]placed, len(rows))
	for i, r := range rows {
		out[i] = placed{id: r.ID, rect: gridRect{X: int32(r.PosX), Y: int32(r.PosY), W: int32(r.Width), H: int32(r.Height)}}
	}
	return out
}

// widgetDraft holds what a create or update sets that needs checking; nil
// parts are not being changed.
type widgetDraft struct {
	Position *gridRect    `json:"position" validate:"omitnil"`
	Config   *configDraft `json:"config" validate:"omitnil"`
	Refresh  int32        `json:"refreshSeconds"`

	kind, interval string   // of the widget after the change
	checkRefresh   bool     // the config or the refresh interval changes
	refreshInBody  bool     // else a new config makes the stored interval wrong
	others         []placed // the dashboard's other widgets
}

type configDraft struct {
	Symbol  string   `json:"symbol" validate:"omitempty,asset"`
	Symbols []string `json:"symbols" validate:"max=50,dive,asset"`
}

func newConfigDraft(c oas.WidgetConfig) *configDraft {
	list, single := configSymbols(c)
	return &configDraft{Symbol: single, Symbols: list}
}

// layoutDraft is a complete new layout of a dashboard's widgets.
type layoutDraft struct {
	Items   []layoutItem `json:"items" validate:"dive"`
	current []placed
}

type layoutItem struct {
	WidgetID int64    `json:"widgetId"`
	Position gridRect `json:"position"`
}

type knownSymbolsKey struct{}

// newValidator panics only on a programming error in the rules below.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	if err := v.RegisterValidationCtx("asset", func(ctx context.Context, fl validator.FieldLevel) bool {
		known, _ := ctx.Value(knownSymbolsKey{}).(map[string]bool)
		return known[fl.Field().String()]
	}); err != nil {
		panic(fmt.Sprintf("httpapi: register asset rule: %v", err))
	}
	v.RegisterStructValidation(checkGridRect, gridRect{})
	v.RegisterStructValidation(checkWidgetDraft, widgetDraft{})
	v.RegisterStructValidation(checkLayout, layoutDraft{})
	return v
}

func checkGridRect(sl validator.StructLevel) {
	r := sl.Current().Interface().(gridRect)
	if r.X+r.W > gridColumns {
		sl.ReportError(r.W, "w", "W", "grid", "")
	}
}

func checkWidgetDraft(sl validator.StructLevel) {
	d := sl.Current().Interface().(widgetDraft)
	if d.Position != nil {
		for _, o := range d.others {
			if d.Position.overlaps(o.rect) {
				sl.ReportError(*d.Position, "position", "Position", "overlap", strconv.FormatInt(o.id, 10))
				break
			}
		}
	}
	if !d.checkRefresh {
		return
	}
	lo, hi := refreshBounds(d.kind, d.interval)
	if d.Refresh >= lo && d.Refresh <= hi {
		return
	}
	rule := fmt.Sprintf("between %d and %d for a %s widget", lo, hi, d.kind)
	if d.interval != "" {
		rule += " with interval " + d.interval
	}
	field := "refreshSeconds"
	switch {
	case d.refreshInBody:
	case d.interval != "":
		field = "config.interval"
	default:
		field = "config.kind"
	}
	sl.ReportError(d.Refresh, field, "Refresh", "refresh", rule)
}

func checkLayout(sl validator.StructLevel) {
	l := sl.Current().Interface().(layoutDraft)
	known := make(map[int64]bool, len(l.current))
	for _, c := range l.current {
		known[c.id] = true
	}
	seen := make(map[int64]bool, len(l.Items))
	for i, it := range l.Items {
		name := fmt.Sprintf("items[%d].widgetId", i)
		switch {
		case !known[it.WidgetID]:
			sl.ReportError(it.WidgetID, name, name, "unknown_widget", "")
		case seen[it.WidgetID]:
			sl.ReportError(it.WidgetID, name, name, "duplicate", "")
		}
		seen[it.WidgetID] = true
	}
	var missing []string
	for _, c := range l.current {
		if !seen[c.id] {
			missing = append(missing, strconv.FormatInt(c.id, 10))
		}
	}
	if len(missing) > 0 {
		sl.ReportError(l.Items, "items", "Items", "missing", strings.Join(missing, ", "))
	}
	for j := range l.Items {
		for i := range j {
			if l.Items[j].Position.overlaps(l.Items[i].Position) {
				name := fmt.Sprintf("items[%d].position", j)
				sl.ReportError(l.Items[j].Position, name, name, "overlap", strconv.FormatInt(l.Items[i].WidgetID, 10))
				break
			}
		}
	}
}

// knownSymbols returns which of symbols are assets, with one query.
func knownSymbols(ctx context.Context, q *db.Queries, symbols []string) (map[string]bool, error) {
	known := make(map[string]bool, len(symbols))
	if len(symbols) == 0 {
		return known, nil
	}
	rows, err := q.ListKnownSymbols(ctx, symbols)
	if err != nil {
		return nil, fmt.Errorf("look up widget symbols: %w", err)
	}
	for _, s := range rows {
		known[s] = true
	}
	return known, nil
}

// validateWidget checks d, looking its symbols up through q.
func (h *Handler) validateWidget(ctx context.Context, q *db.Queries, d widgetDraft) error {
	var symbols []string
	if d.Config != nil {
		symbols = d.Config.Symbols
		if d.Config.Symbol != "" {
			symbols = append(slices.Clip(symbols), d.Config.Symbol)
		}
	}
	known, err := knownSymbols(ctx, q, symbols)
	if err != nil {
		return err
	}
	err = h.boards.validate.StructCtx(context.WithValue(ctx, knownSymbolsKey{}, known), d)
	return bodyProblem(err, "invalid_widget", "the widget is not valid")
}

// bodyProblem turns validation errors into a 400 problem with pointers.
func bodyProblem(err error, code, msg string) error {
	if err == nil {
		return nil
	}
	var ve validator.ValidationErrors
	if !errors.As(err, &ve) {
		return fmt.Errorf("validate request body: %w", err)
	}
	e := apperr.New(apperr.Invalid, code, "%s", msg)
	for _, fe := range ve[:min(len(ve), 100)] {
		e.Fields = append(e.Fields, apperr.FieldError{Path: strings.TrimPrefix(bodyPointer(fe.Namespace()), "/"), Message: fieldMessage(fe)})
	}
	return e
}

// bodyPointer turns a validator namespace such as
// "widgetDraft.config.symbols[3]" into the JSON pointer /body/config/symbols/3.
func bodyPointer(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	var b strings.Builder
	b.WriteString("/body")
	for part := range strings.SplitSeq(strings.NewReplacer("[", ".", "]", "").Replace(rest), ".") {
		if part != "" {
			b.WriteString("/")
			b.WriteString(part)
		}
	}
	return b.String()
}

func fieldMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "asset":
		return fmt.Sprintf("%v is not a known asset symbol", fe.Value())
	case "max":
		return "at most " + fe.Param() + " symbols"
	case "grid":
		return "x + w must be at most 12: the grid has 12 columns"
	case "overlap":
		return "overlaps widget " + fe.Param()
	case "refresh":
		return "refreshSeconds must be " + fe.Param()
	case "unknown_widget":
		return "not a widget of this dashboard"
	case "duplicate":
		return "widget listed more than once"
	case "missing":
		return "every widget of the dashboard must be listed; missing: " + fe.Param()
	}
	return "fails the " + fe.Tag() + " rule"
}
