package news

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marketpulse/api/internal/apperr"
)

// Bounds on a search: a search box needs a few words, while FTS5's cost grows
// quickly with the number of phrases (20,000 terms take tens of seconds)
// and with every prefix term, which reads the doclists of all the words it
// expands to ("a*" is most of the index).
const (
	maxFTSQueryBytes = 256
	maxFTSTerms      = 16
	// MaxPrefixTerms is the most prefix terms (pric*) a search may hold.
	MaxPrefixTerms = 4
	// MinPrefixLen is the fewest letters or digits before a prefix's *.
	MinPrefixLen = 3
)

// ftsCost is what a sanitised query costs to run, for the limits above.
type ftsCost struct {
	prefixes    int // prefix terms
	shortPrefix bool
}

// FTSQuery turns text typed by a user into a safe FTS5 MATCH expression for
// the search queries (RankNews, NewsMatches). Every word and every "quoted
// phrase" becomes an FTS5 string, so no character acts as an operator or
// column filter; a trailing * keeps a prefix search (pric* or "fed
// rate"*); an upper-case OR between two terms stays an OR; other terms must
// all match. Input beyond 256 bytes or 16 terms is dropped. It returns ""
// when nothing searchable remains: then do not search. Search also refuses
// a query with more than MaxPrefixTerms prefix terms or a prefix shorter
// than MinPrefixLen (see checkCost).
func FTSQuery(text string) string {
	q, _ := ftsQuery(text)
	return q
}

// ftsQuery is FTSQuery with the cost of its result.
func ftsQuery(text string) (string, ftsCost) {
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(text, " "))
	if len(text) > maxFTSQueryBytes {
		cut := maxFTSQueryBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}

	var (
		b    strings.Builder
		cost ftsCost
	)
	terms, or := 0, false
	for _, t := range ftsTokens(text) {
		if !t.phrase && !t.prefix && t.text == "OR" {
			or = terms > 0
			continue
		}
		if !searchable(t.text) {
			continue
		}
		if terms == maxFTSTerms {
			break
		}
		if terms > 0 {
			if or {
				b.WriteString(" OR ")
			} else {
				b.WriteByte(' ')
			}
		}
		or = false
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(t.text, `"`, `""`))
		b.WriteByte('"')
		if t.prefix {
			b.WriteByte('*')
			cost.prefixes++
			cost.shortPrefix = cost.shortPrefix || lastWordLen(t.text) < MinPrefixLen
		}
		terms++
	}
	return b.String(), cost
}

// checkCost refuses a search whose prefix terms would read too much of the
// index: 400 search_too_expensive about the field "q".
func checkCost(c ftsCost) error {
	switch {
	case c.prefixes > MaxPrefixTerms:
		return apperr.NewField(apperr.Invalid, "search_too_expensive", "q",
			"at most "+strconv.Itoa(MaxPrefixTerms)+" prefix terms (word*) per search")
	case c.shortPrefix:
		return apperr.NewField(apperr.Invalid, "search_too_expensive", "q",
			"a prefix term needs at least "+strconv.Itoa(MinPrefixLen)+" letters or digits before its *")
	}
	return nil
}

// lastWordLen is the number of letters and digits in the last word of s,
// the one a prefix search expands (the tokenizer splits at anything else).
func lastWordLen(s string) int {
	s = strings.TrimRightFunc(s, func(r rune) bool { return !isWordRune(r) })
	n := 0
	for _, r := range s {
		if isWordRune(r) {
			n++
		} else {
			n = 0
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

type ftsToken struct {
	text           string
	phrase, prefix bool
}

// ftsTokens splits text into words and "phrases" (an unclosed quote runs to
// the end); a run of * right after either marks a prefix search.
func ftsTokens(s string) []ftsToken {
	var toks []ftsToken
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '"':
			t := ftsToken{phrase: true}
			start := i + 1
			if end := strings.IndexByte(s[start:], '"'); end >= 0 {
				t.text, i = s[start:start+end], start+end+1
			} else {
				t.text, i = s[start:], len(s)
			}
			for i < len(s) && s[i] == '*' {
				t.prefix = true
				i++
			}
			toks = append(toks, t)
		default:
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || r == '"' {
					break
				}
				j += size
			}
			word := strings.TrimRight(s[i:j], "*")
			toks = append(toks, ftsToken{text: word, prefix: len(word) < j-i})
			i = j
		}
	}
	return toks
}

// searchable reports whether s holds something the tokenizer indexes.
func searchable(s string) bool {
	return strings.IndexFunc(s, isWordRune) >= 0
}
