//go:build unix

package law

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkParseCorpus parses every document of the corpus, as the loader
// does in a cold build. Beside the time per document it reports the CPU
// time per document (the process's, GC included): on a machine shared with
// other work the first counts the waits for a CPU, the second does not.
func BenchmarkParseCorpus(b *testing.B) {
	docs := corpusDocs(b)
	size := 0
	for _, d := range docs {
		size += len(d.Body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Parse(d.Body, Options{Title: d.Title})
		}
	}
	b.StopTimer()
	n := float64(b.N * len(docs))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/doc")
	b.ReportMetric(float64((cpuTime(b)-cpu0).Nanoseconds())/n, "cpu-ns/doc")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
