//go:build race

package build

// raceEnabled: the race detector slows builds several times; heavy tests shrink.
const raceEnabled = true
