package law

import "testing"

// BenchmarkParseCorpus parses every document of the corpus, as the loader
// would at a cold build: ns/doc is the cost per document.
func BenchmarkParseCorpus(b *testing.B) {
	docs := corpusDocs(b)
	size := 0
	for _, d := range docs {
		size += len(d.Body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Parse(d.Body, Options{Title: d.Title})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}
