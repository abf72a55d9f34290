package report

import (
	"context"
	"os"
	"testing"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/testcorpus"
)

const corpusSite = `title: 測試
base_url: https://gazette.example.org/
organ: {name: 測試, code: X1}
report: {rules: [部门规章], issued_by: date}
`

// BenchmarkComputeCorpus computes a year's report over the real corpus (the
// build does it twice a report: to check it, and to plan its page).
func BenchmarkComputeCorpus(b *testing.B) {
	dir := testcorpus.Content(b, []byte(corpusSite))
	s, err := content.Load(context.Background(), os.DirFS(dir), content.Options{Now: now, LeaveBodies: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(s.Documents)), "documents")
	b.ResetTimer()
	for b.Loop() {
		r, _ := Compute(s, 2023, nil, "content")
		if !r.Active.Rules.Issued.Known() {
			b.Fatal(r.Active.Rules.Issued.Why)
		}
	}
}
