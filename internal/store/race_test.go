//go:build race

package store_test

// raceEnabled scales load tests down under the race detector, which slows
// SQLite (pure Go) tenfold: it looks for races, not throughput.
const raceEnabled = true
