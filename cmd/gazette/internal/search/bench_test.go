package search

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// benchDocs is how many corpus documents the benchmarks index
// ($GAZETTE_BENCH_DOCS, default 1500; the corpus has 5,000).
func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("GAZETTE_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 1500
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkBuildCorpus builds an index of benchDocs corpus documents from
// scratch. Run with -benchtime=1x: one build is seconds.
func BenchmarkBuildCorpus(b *testing.B) {
	recs := records(loadCorpusSample(b, benchDocs(), true))
	var bytes int64
	for _, r := range recs {
		bytes += int64(len(r.Title) + len(r.Body))
	}
	b.SetBytes(bytes)
	var size int64
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(b.TempDir(), "index"+strconv.Itoa(i))
		if _, err := Build(context.Background(), "", dir, recs); err != nil {
			b.Fatal(err)
		}
		size = dirSize(dir)
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(size)/float64(bytes), "index/text")
	b.ReportMetric(float64(size)/1e6, "indexMB")
}

// BenchmarkRebuildUnchanged is an incremental Build where nothing changed:
// the cost of the snapshot and the hash comparisons.
func BenchmarkRebuildUnchanged(b *testing.B) {
	recs := records(loadCorpusSample(b, benchDocs(), true))
	tmp := b.TempDir()
	prev := filepath.Join(tmp, "prev")
	if _, err := Build(context.Background(), "", prev, recs); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		dst := filepath.Join(tmp, "next"+strconv.Itoa(i))
		st, err := Build(context.Background(), prev, dst, recs)
		if err != nil || st.Unchanged != len(recs) {
			b.Fatal(st, err)
		}
		b.StopTimer()
		os.RemoveAll(dst)
		b.StartTimer()
	}
}

var benchQueries = []Query{
	{Text: "法"},
	{Text: "港"},
	{Text: "人民政府"},
	{Text: "中华民国"},
	{Text: "民政府"},
	{Text: "环境保护 条例"},
	{Text: "国务院令第656号"},
	{Text: "法", Sort: SortDate},
	{Text: "管理", Category: "地方性法规", Validity: "有效"},
	{Text: "中華人民共和國道路交通安全法實施條例"},
}

// BenchmarkSearch runs a mix of queries (short, long, 文號, filtered, sorted)
// against an index of benchDocs corpus documents, with facets and snippets.
func BenchmarkSearch(b *testing.B) {
	recs := records(loadCorpusSample(b, benchDocs(), true))
	ix, _ := buildIndex(b, recs)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Search(ctx, benchQueries[i%len(benchQueries)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchEach(b *testing.B) {
	recs := records(loadCorpusSample(b, benchDocs(), true))
	ix, _ := buildIndex(b, recs)
	ctx := context.Background()
	for _, q := range benchQueries {
		name := q.Text
		if q.Sort != "" || q.Category != "" {
			name += "+filters"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
