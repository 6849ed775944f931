package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// bulkNews writes n articles (ids 1..n) and their links, the FTS index
// following by trigger. It returns the number of links.
func bulkNews(ctx context.Context, conn *sql.Conn, p newsPools, ids map[string]int64, anchor time.Time, n int) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	start := anchor.AddDate(-1, 0, 0)
	step := anchor.Sub(start) / time.Duration(n)
	links := 0
	err := bulkRows(ctx, conn, n, []string{
		`INSERT INTO news_articles (id, url, title, summary, source, author, published_at, sentiment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		bulkLinkSQL,
	}, func(i int, stmts []*sql.Stmt) error {
		a := generateArticle(p, i, anchor)
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

// bulkLinkSQL links an article to an asset; its third argument is the
// article's publication time.
const bulkLinkSQL = `INSERT INTO news_article_assets (article_id, asset_id) SELECT ?, ? WHERE ? IS NOT NULL`
