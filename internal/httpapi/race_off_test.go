//go:build !race

package httpapi_test

// raceAllocs are the allocations the race detector adds to a warm GET.
const raceAllocs = 0
