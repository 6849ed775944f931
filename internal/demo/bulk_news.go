package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/news"
)

// bulkNews writes n articles (ids 1..n) and their links, then builds the
// full-text index in one pass (FTS5 'rebuild'), which costs a fraction of
// indexing row by row: the insert trigger is dropped meanwhile and then
// recreated from its stored definition. It returns the number of links.
func bulkNews(ctx context.Context, conn *sql.Conn, p newsPools, ids map[string]int64, anchor time.Time, n int) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	var trigger string
	err := conn.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'news_articles_fts_insert'`).Scan(&trigger)
	if err != nil {
		return 0, fmt.Errorf("bulk news: the FTS insert trigger: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `DROP TRIGGER news_articles_fts_insert`); err != nil {
		return 0, fmt.Errorf("bulk news: %w", err)
	}
	links, err := bulkArticles(ctx, conn, p, ids, anchor, n)
	if err != nil {
		return 0, err
	}
	for _, q := range []string{`INSERT INTO news_fts (news_fts) VALUES ('rebuild')`, trigger} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("bulk news: full-text index: %w", err)
		}
	}
	return links, nil
}

// bulkArticles inserts the articles and their links.
func bulkArticles(ctx context.Context, conn *sql.Conn, p newsPools, ids map[string]int64, anchor time.Time, n int) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the generator if a row fails
	start := anchor.AddDate(-1, 0, 0)
	step := anchor.Sub(start) / time.Duration(n)
	links := 0
	gen := generated(ctx, p, anchor, n)
	err := bulkRows(ctx, conn, n, []string{
		`INSERT INTO news_articles (id, url, title, summary, source, author, published_at, sentiment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		bulkLinkSQL,
	}, func(i int, stmts []*sql.Stmt) error {
		a := <-gen
		id := int64(i + 1)
		// Publication grows with the id, jittered by up to a step.
		published := start.Add(step*time.Duration(i) + time.Duration(a.PublishedAt.UnixNano()%int64(max(step, 1)))).
			Format("2006-01-02 15:04:05.000")
		var sentiment any
		if a.Sentiment != nil {
			sentiment = *a.Sentiment
		}
		if _, err := stmts[0].ExecContext(ctx, id, a.URL, a.Title, a.Summary, a.Source, a.Author, published, sentiment); err != nil {
			return fmt.Errorf("article %d: %w", id, err)
		}
		for _, s := range a.Symbols {
			if _, err := stmts[1].ExecContext(ctx, id, ids[s], published); err != nil {
				return fmt.Errorf("link of article %d to %s: %w", id, s, err)
			}
			links++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bulk news: %w", err)
	}
	return links, nil
}

// generated yields articles 0..n-1 in order, generated on a goroutine of
// its own (a sixth of the cost of a bulk article), until ctx ends.
func generated(ctx context.Context, p newsPools, anchor time.Time, n int) <-chan news.ArticleInput {
	out := make(chan news.ArticleInput, 1024)
	go func() {
		for i := range n {
			select {
			case out <- generateArticle(p, i, anchor):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// bulkLinkSQL links an article to an asset; its third argument is the
// article's publication time.
const bulkLinkSQL = `INSERT INTO news_article_assets (article_id, asset_id, published_at) VALUES (?, ?, ?)`
