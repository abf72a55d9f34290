package search

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/longbridgeapp/opencc"
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
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(b.TempDir(), "index"+strconv.Itoa(i))
		if _, err := Build(context.Background(), "", dir, recs); err != nil {
			b.Fatal(err)
		}
		size = dirSize(dir)
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	// CPU time is the steadier figure on a shared machine.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(recs)*b.N), "cpu-ms/doc")
	b.ReportMetric(float64(size)/float64(bytes), "index/text")
	b.ReportMetric(float64(size)/1e6, "indexMB")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// loadQueries draws n queries from the titles of docs the way people type
// them: 1–4 character fragments in either script, sometimes two of them,
// and 文號 in their own and other spellings.
func loadQueries(tb testing.TB, docs []corpusDoc, n int) []Query {
	toT, err := opencc.New("s2t")
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	frag := func() string {
		for {
			title := []rune(docs[rng.IntN(len(docs))].Title)
			k := 1 + rng.IntN(4)
			if len(title) < k {
				continue
			}
			s := rng.IntN(len(title) - k + 1)
			t := title[s : s+k]
			if slices.ContainsFunc(t, func(r rune) bool { return !isCJK(r) }) {
				continue
			}
			if rng.IntN(3) == 0 {
				o, _ := toT.Convert(string(t))
				return o
			}
			return string(t)
		}
	}
	var qs []Query
	for len(qs) < n {
		switch k := rng.IntN(10); {
		case k < 2:
			d := docs[rng.IntN(len(docs))]
			if d.DocNumber == "" {
				continue
			}
			num := d.DocNumber
			if k == 1 {
				num = strings.NewReplacer("〔", "[", "〕", "]").Replace(num)
				num, _ = toT.Convert(num)
			}
			qs = append(qs, Query{Text: num})
		case k < 3:
			qs = append(qs, Query{Text: frag() + " " + frag()})
		case k < 4:
			qs = append(qs, Query{Text: frag(), Sort: SortDate})
		default:
			qs = append(qs, Query{Text: frag()})
		}
	}
	return qs
}

// BenchmarkSearchParallel runs queries drawn from the corpus titles (see
// loadQueries) from 16 goroutines against an index of benchDocs documents,
// and reports queries/s and the p50 and p99 latency of one Search. The
// uncached case turns the results cache off (every query computed); the
// cached case repeats 200 queries, as a public site's popular searches do.
func BenchmarkSearchParallel(b *testing.B) {
	docs := loadCorpusSample(b, benchDocs(), true)
	ix, _ := buildIndex(b, records(docs))
	queries := loadQueries(b, docs, 4000)
	for _, bc := range []struct {
		name    string
		cache   *resultCache
		queries []Query
	}{
		{"uncached", nil, queries},
		{"cached", newResultCache(cacheSize), queries[:200]},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ix.cache = bc.cache
			ctx := context.Background()
			var (
				mu   sync.Mutex
				lat  []time.Duration
				next atomic.Int64
			)
			b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					q := bc.queries[int(next.Add(1))%len(bc.queries)]
					start := time.Now()
					if _, err := ix.Search(ctx, q); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(start))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			b.StopTimer()
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "q/s")
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			}
		})
	}
}

// BenchmarkSearchIndexDir runs uncached searches from 16 goroutines
// against an index built elsewhere, at any size: the one in
// $GAZETTE_BENCH_INDEX (gazette build, or go run ./cmd/gazette-bench -keep,
// writes one), with queries drawn from the corpus titles (loadQueries), or
// only $GAZETTE_BENCH_Q. It reports the CPU time of a search, the steadier
// figure on a shared machine, beside throughput and latency.
func BenchmarkSearchIndexDir(b *testing.B) {
	dir := os.Getenv("GAZETTE_BENCH_INDEX")
	if dir == "" {
		b.Skip("set GAZETTE_BENCH_INDEX to an index directory to run this benchmark")
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ix.cache = nil
	docs := corpusDocs(b)
	queries := loadQueries(b, docs, 4000)
	if q := os.Getenv("GAZETTE_BENCH_Q"); q != "" {
		queries = []Query{{Text: q}}
	}
	ctx := context.Background()
	var (
		mu   sync.Mutex
		lat  []time.Duration
		next atomic.Int64
	)
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			q := queries[int(next.Add(1))%len(queries)]
			start := time.Now()
			if _, err := ix.Search(ctx, q); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "q/s")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
