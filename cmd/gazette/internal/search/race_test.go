//go:build race

package search

// raceEnabled: the race detector slows Bleve several times; heavy tests shrink.
const raceEnabled = true
