package feeds

import (
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/render"
)

// overlay adds files (site.yaml) to a content tree that lacks them.
type overlay struct {
	fs.FS
	extra fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.extra[name]; ok {
		return o.extra.Open(name)
	}
	return o.FS.Open(name)
}

// BenchmarkBuildCorpus times Build on the real corpus. Unpack it first:
//
//	tar -xzf ../shared/corpus/gov-docs.tar.gz -C /tmp/corpus
//	GAZETTE_CORPUS=/tmp/corpus/content go test ./cmd/gazette/internal/feeds -run '^$' -bench Corpus -benchtime 3x
func BenchmarkBuildCorpus(b *testing.B) {
	dir := os.Getenv("GAZETTE_CORPUS")
	if dir == "" {
		b.Skip("GAZETTE_CORPUS is not set")
	}
	fsys := overlay{os.DirFS(dir), fstest.MapFS{"site.yaml": {Data: []byte(testContent["site.yaml"])}}}
	t0 := time.Now()
	site, err := content.Load(fsys, content.Options{Now: day("2026-01-01")})
	if err != nil {
		b.Fatal(err)
	}
	r := render.New()
	var wg sync.WaitGroup
	next := make(chan *content.Document)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for d := range next {
				res, err := r.Render(d.Body)
				if err != nil {
					b.Error(err)
				}
				d.HTML, d.Text = res.HTML, res.Text
				if d.Summary == "" {
					d.Summary = res.Summary
				}
			}
		})
	}
	for _, d := range site.Documents {
		next <- d
	}
	close(next)
	wg.Wait()
	b.Logf("load and render %d documents: %v", len(site.Documents), time.Since(t0))

	b.ResetTimer()
	for b.Loop() {
		files, err := Build(site)
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
