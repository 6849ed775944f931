package main

// size is one data set of the growth table.
type size struct {
	Name                    string
	Assets, Articles        int
	DailyBars, IntradayBars int
}

// Bars is the number of bars of s.
func (s size) Bars() int { return s.DailyBars + s.IntradayBars }

// fullSizes are the data sets of make scale: an empty one (the reference
// of the write figures), then ten times larger each step.
var fullSizes = []size{
	{Name: "empty", Assets: 500},
	{Name: "S", Assets: 500, Articles: 10_000, DailyBars: 50_000, IntradayBars: 50_000},
	{Name: "M", Assets: 10_000, Articles: 100_000, DailyBars: 500_000, IntradayBars: 500_000},
	{Name: "L", Assets: 100_000, Articles: 1_000_000, DailyBars: 5_000_000, IntradayBars: 5_000_000},
}

// quickSizes are those of make scale-quick: up to 100,000 articles, where
// the search figure is checked against the recorded baseline.
var quickSizes = fullSizes[:3]

// baselineSize is the size whose search figures the baseline records.
const baselineSize = "M"
