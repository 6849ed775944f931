package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// printTable writes the growth table: one row per operation, one column
// per size, p50 / p99 in milliseconds.
func printTable(w io.Writer, results []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range tableRows(results) {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	_ = tw.Flush()
}

// tableRows are the header, the data-set rows and one row per operation.
func tableRows(results []result) [][]string {
	head := []string{"p50 / p99 ms"}
	sizes := [][]string{{"assets"}, {"articles"}, {"bars"}, {"bulk load articles/s"}, {"database MB"}, {"news MB per 1M articles"}}
	for _, r := range results {
		head = append(head, r.Size.Name)
		b := r.Built
		sizes[0] = append(sizes[0], count(r.Size.Assets))
		sizes[1] = append(sizes[1], count(r.Size.Articles))
		sizes[2] = append(sizes[2], count(r.Size.Bars()))
		sizes[3] = append(sizes[3], count(int(perSecond(b.Stats.Articles, b.Stats.NewsTime))))
		sizes[4] = append(sizes[4], fmt.Sprintf("%.0f", float64(b.FileSize)/1e6))
		perMillion := "-"
		if b.Stats.Articles > 0 {
			perMillion = fmt.Sprintf("%.0f", float64(b.Stats.NewsBytes)/float64(b.Stats.Articles))
		}
		sizes[5] = append(sizes[5], perMillion)
	}
	rows := append([][]string{head}, sizes...)
	for _, name := range opNames(results) {
		row := []string{name}
		for _, r := range results {
			f, ok := r.Figs[name]
			if !ok {
				row = append(row, "-")
				continue
			}
			row = append(row, ms(f.P50)+" / "+ms(f.P99))
		}
		rows = append(rows, row)
	}
	return rows
}

// opNames are the operations of every result, in the order measured.
func opNames(results []result) []string {
	seen := map[string]bool{}
	var names []string
	for _, r := range results {
		for _, n := range r.Names {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	// Reads first: the empty size measures writes only.
	var reads, writes []string
	for _, n := range names {
		if strings.HasPrefix(n, "write ") {
			writes = append(writes, n)
		} else {
			reads = append(reads, n)
		}
	}
	return append(reads, writes...)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// count is n with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// The generated section of the -out file lies between these lines; the
// rest of the file is kept (a file without them is written whole).
const (
	beginMark = "<!-- scale:begin (written by make scale) -->\n"
	endMark   = "<!-- scale:end -->\n"
)

// writeMarkdown writes the table into the generated section of path.
func writeMarkdown(path string, results []result, samples int) error {
	section := markdownTable(results, samples)
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	i, j := strings.Index(text, beginMark), strings.Index(text, endMark)
	if i < 0 || j < i {
		return os.WriteFile(path, []byte(beginMark+section+endMark), 0o644)
	}
	return os.WriteFile(path, []byte(text[:i]+beginMark+section+text[j:]), 0o644)
}

// markdownTable is the growth table as Markdown.
func markdownTable(results []result, samples int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d samples per operation, uncached; generated %s.\n\n", samples, time.Now().UTC().Format(time.RFC3339))
	rows := tableRows(results)
	for i, row := range rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" ---: |", len(row)) + "\n")
		}
	}
	if last := results[len(results)-1]; last.Size.Articles > 0 {
		fmt.Fprintf(&b, "\nDatabase size at %s: %.0f MB (%s articles, %s bars, %s assets).\n",
			last.Size.Name, float64(last.Built.FileSize)/1e6, count(last.Size.Articles), count(last.Size.Bars()), count(last.Size.Assets))
	}
	return b.String()
}
