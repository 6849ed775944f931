package feed

import (
	"encoding/xml"
	"html"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/news"
)

// document is an RSS (<rss><channel>) or Atom (<feed>) document.
type document struct {
	XMLName xml.Name
	Channel channel `xml:"channel"`
	Title   string  `xml:"title"`
	Entries []entry `xml:"entry"`
}

type channel struct {
	Title string `xml:"title"`
	Items []item `xml:"item"`
}

type item struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	Description string `xml:"description"`
	PubDate     string `xml:"pubDate"`
	Author      string `xml:"author"`
	Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
}

type entry struct {
	Title string `xml:"title"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	Summary   string `xml:"summary"`
	Author    struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

// rssDates are the layouts of RSS pubDate (RFC 822 and what feeds send).
var rssDates = []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", time.RFC3339}

// articles are the channel's items with a title, link and date.
func (c channel) articles() []news.ArticleInput {
	var out []news.ArticleInput
	for _, it := range c.Items {
		at, ok := parseDate(it.PubDate, rssDates)
		if !ok || it.Link == "" || it.Title == "" {
			continue
		}
		author := it.Creator
		if author == "" {
			author = it.Author
		}
		out = append(out, news.ArticleInput{URL: strings.TrimSpace(it.Link), Title: strings.TrimSpace(it.Title),
			Summary: text(it.Description), Author: strings.TrimSpace(author), PublishedAt: at})
	}
	return out
}

// articles are the feed's entries with a title, an alternate link and a
// date (published, else updated).
func (d document) articles() []news.ArticleInput {
	var out []news.ArticleInput
	for _, e := range d.Entries {
		var link string
		for _, l := range e.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				link = l.Href
				break
			}
		}
		date := e.Published
		if date == "" {
			date = e.Updated
		}
		at, ok := parseDate(date, []string{time.RFC3339})
		if !ok || link == "" || e.Title == "" {
			continue
		}
		out = append(out, news.ArticleInput{URL: link, Title: strings.TrimSpace(e.Title), Summary: text(e.Summary),
			Author: strings.TrimSpace(e.Author.Name), PublishedAt: at})
	}
	return out
}

func parseDate(s string, layouts []string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// text is s without its HTML tags and entities, spaces collapsed.
func text(s string) string {
	var b strings.Builder
	in := false
	for _, r := range html.UnescapeString(s) {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
