package boards

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// What the API schema cannot express about a widget is checked here:
// symbols must be assets, the refresh interval must suit the kind, a
// position must fit the 12-column grid and overlap no other widget. A
// failure is an Invalid error (invalid_widget) whose fields point into the
// input, e.g. "config/symbols/3".

// maxSymbols is the most symbols a config lists.
const maxSymbols = 50

// widgetCheck is what a create or update sets that needs checking; nil
// parts are not being changed.
type widgetCheck struct {
	position *Rect
	config   *Config
	refresh  int32

	kind          Kind   // of the widget after the change
	interval      string // of a price chart after the change
	checkRefresh  bool   // the config or the refresh interval changes
	refreshInBody bool   // else a new config makes the stored interval wrong
	others        []placed
}

// checkWidget checks c, looking its symbols up in tx.
func (s *Service) checkWidget(ctx context.Context, tx Tx, c widgetCheck) error {
	known, err := knownSymbols(ctx, tx, symbolsOf(c.config))
	if err != nil {
		return err
	}
	return c.problems(known).err("invalid_widget", "the widget is not valid")
}

// problems lists what is wrong with c: the grid, then the symbols and the
// query, then overlaps, then the refresh interval.
func (c widgetCheck) problems(known map[string]bool) fieldErrors {
	var f fieldErrors
	if c.position != nil {
		checkGrid(&f, "position", *c.position)
	}
	if c.config != nil {
		checkSymbols(&f, *c.config, known)
		checkQuery(&f, *c.config)
	}
	if c.position != nil {
		for _, o := range c.others {
			if c.position.overlaps(o.rect) {
				f.add("position", "overlaps widget "+strconv.FormatInt(o.id, 10))
				break
			}
		}
	}
	if c.checkRefresh {
		c.checkRefreshBounds(&f)
	}
	return f
}

func checkSymbols(f *fieldErrors, c Config, known map[string]bool) {
	list, single := c.Symbols()
	if single != "" && !known[single] {
		f.add("config/symbol", single+" is not a known asset symbol")
	}
	if len(list) > maxSymbols {
		f.add("config/symbols", "at most "+strconv.Itoa(maxSymbols)+" symbols")
		return
	}
	for i, sym := range list {
		if !known[sym] {
			f.add("config/symbols/"+strconv.Itoa(i), sym+" is not a known asset symbol")
		}
	}
}

// checkQuery refuses a news feed's query holding U+0000, the one character
// PostgreSQL's jsonb (and text) cannot store: refused on every engine, so
// that both answer 400 rather than one storing it and the other failing.
func checkQuery(f *fieldErrors, c Config) {
	if c.NewsFeed != nil && c.NewsFeed.Query != nil && strings.ContainsRune(*c.NewsFeed.Query, 0) {
		f.add("config/query", "must not contain the NUL character (U+0000)")
	}
}

// checkRefreshBounds reports a refresh interval outside refreshBounds: at
// the interval if the change sets it, else at what of the new config makes
// the stored one wrong.
func (c widgetCheck) checkRefreshBounds(f *fieldErrors) {
	lo, hi := refreshBounds(c.kind, c.interval)
	if c.refresh >= lo && c.refresh <= hi {
		return
	}
	rule := fmt.Sprintf("between %d and %d for a %s widget", lo, hi, c.kind)
	if c.interval != "" {
		rule += " with interval " + c.interval
	}
	path := "refreshSeconds"
	switch {
	case c.refreshInBody:
	case c.interval != "":
		path = "config/interval"
	default:
		path = "config/kind"
	}
	f.add(path, "refreshSeconds must be "+rule)
}

// knownSymbols returns which of symbols are assets, with one query.
func knownSymbols(ctx context.Context, tx Tx, symbols []string) (map[string]bool, error) {
	known := make(map[string]bool, len(symbols))
	if len(symbols) == 0 {
		return known, nil
	}
	rows, err := tx.KnownSymbols(ctx, symbols)
	if err != nil {
		return nil, err
	}
	for _, s := range rows {
		known[s] = true
	}
	return known, nil
}
