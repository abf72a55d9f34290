package feeds

import (
	"context"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/testcorpus"
)

// BenchmarkBuildCorpus times Build on the real corpus (see testcorpus for
// where it is found):
//
//	go test ./cmd/gazette/internal/feeds -run '^$' -bench Corpus -benchtime 3x
func BenchmarkBuildCorpus(b *testing.B) {
	dir := testcorpus.Content(b, []byte(testContent["site.yaml"]))
	t0 := time.Now()
	site, err := content.Load(context.Background(), os.DirFS(dir), content.Options{Now: day("2026-01-01")})
	if err != nil {
		b.Fatal(err)
	}
	r := render.New()
	parallel.For(len(site.Documents), func(i int) {
		d := site.Documents[i]
		res, err := r.Render(d.Body)
		if err != nil {
			b.Error(err)
		}
		bodies.Store(d, render.Body{HTML: res.HTML, Text: res.Text, Summary: res.Summary, Runes: res.Runes})
		if d.Summary == "" {
			d.Summary = res.Summary
		}
	})
	b.Logf("load and render %d documents: %v", len(site.Documents), time.Since(t0))

	b.ResetTimer()
	for b.Loop() {
		files, err := makeAll(site)
		if err != nil {
			b.Fatal(err)
		}
		var size int
		for _, f := range files {
			size += len(f.Data)
		}
		bySort := map[string]int{}
		for _, f := range files {
			kind, _, _ := strings.Cut(f.Path, "/")
			if strings.HasPrefix(f.Path, "gazette/") && strings.Count(f.Path, "/") == 3 {
				kind = "gazette issues"
			}
			bySort[kind+" "+path.Ext(f.Path)] += len(f.Data)
		}
		b.Logf("bytes by kind: %v", bySort)
		b.ReportMetric(float64(len(files)), "files")
		b.ReportMetric(float64(size)/1e6, "MB")
	}
}
