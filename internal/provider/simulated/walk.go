package simulated

import (
	"math"
)

// octaves is the number of noise layers of a walk: the slowest changes over
// 2^(octaves-1) steps (about 45 hours at 5 s), so a price wanders like a
// random walk over hours but stays near its level over weeks.
const octaves = 16

// walk is the value of a's walk at step k: a sum of value-noise layers, the
// layer of period 2^o weighted by sqrt(2^o) as a random walk's spread
// grows, so the value is a pure function of (symbol, k) computed in
// O(octaves).
func (a *asset) walk(k int64) float64 {
	var x float64
	for o := uint(0); o < octaves; o++ {
		period := int64(1) << o
		i := floorDiv(k, period)
		f := float64(k-i*period) / float64(period)
		n0 := noise(a.seed, o, i)
		n1 := noise(a.seed, o, i+1)
		x += math.Sqrt(float64(period)) * (n0 + (n1-n0)*f)
	}
	return x / 2 // the layers together spread about twice one walk's
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) {
		q--
	}
	return q
}

// noise is a value in [-1, 1) fixed by (seed, octave, index): splitmix64.
func noise(seed uint64, o uint, i int64) float64 {
	z := seed ^ uint64(o)<<58 ^ uint64(i)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11)/float64(1<<52) - 1
}
