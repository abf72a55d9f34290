package e2e

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/serve"
	"gazette/cmd/gazette/internal/testcorpus"
	"gazette/templates"
)

var (
	load        = flag.Bool("load", false, "run the load test (slow: builds the corpus, then 30 s of traffic)")
	loadClients = flag.Int("load.clients", 64, "concurrent clients")
	loadTime    = flag.Duration("load.time", 30*time.Second, "how long the load runs")
)

// TestLoad builds the real corpus and puts 64 concurrent clients on
// loopback against gazette serve for 30 s, a mix of pages and searches. It
// fails on any error and reports throughput, p50/p99 latency and the heap.
//
//	go test ./cmd/gazette/internal/e2e -run TestLoad -load -v
func TestLoad(t *testing.T) {
	if !*load {
		t.Skip("the load test runs with -load: go test ./cmd/gazette/internal/e2e -run TestLoad -load -v")
	}
	yaml, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "content", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := testcorpus.Content(t, yaml)
	out := t.TempDir()
	opt := build.Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: time.Now()}
	start := time.Now()
	sum, err := build.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s (wall %v)", sum, time.Since(start).Round(time.Millisecond))

	// Targets: every tenth document page, list pages, and searches made of
	// title fragments (1–4 characters) and 文號.
	s, err := content.Load(context.Background(), os.DirFS(src), content.Options{Now: opt.Now})
	if err != nil {
		t.Fatal(err)
	}
	var pages, queries []string
	for i, d := range s.Documents {
		if i%10 == 0 {
			pages = append(pages, (&url.URL{Path: d.URL}).EscapedPath())
		}
		r := []rune(d.Title)
		if len(r) >= 4 && i%5 == 0 {
			n := 1 + i%4
			at := (i / 7) % (len(r) - n + 1)
			queries = append(queries, string(r[at:at+n]))
		}
		if d.DocNumber != "" && i%3 == 0 {
			queries = append(queries, strings.NewReplacer("〔", "[", "〕", "]", "號", "号").Replace(d.DocNumber))
		}
	}
	pages = append(pages, "/", "/gazette/", "/archive/", "/organs/", "/feed.xml")

	srv, err := serve.New(serve.Options{Public: opt.Public, Index: opt.Index, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients}, Timeout: 10 * time.Second}

	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
		peakHeap  uint64
		wg        sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), *loadTime)
	defer cancel()
	go func() { // memory stays bounded: sample the heap
		var ms runtime.MemStats
		for ctx.Err() == nil {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peakHeap = max(peakHeap, ms.HeapInuse)
			mu.Unlock()
			time.Sleep(250 * time.Millisecond)
		}
	}()
	runtime.GC() // measure the server's heap, not the build's garbage
	began := time.Now()
	for c := range *loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			var mine []time.Duration
			for ctx.Err() == nil {
				var target string
				switch rng.IntN(3) {
				case 0:
					target = pages[rng.IntN(len(pages))]
				case 1:
					target = "/search?q=" + url.QueryEscape(queries[rng.IntN(len(queries))])
				default:
					target = "/api/search?q=" + url.QueryEscape(queries[rng.IntN(len(queries))])
				}
				t0 := time.Now()
				resp, err := client.Get(ts.URL + target)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					mu.Lock()
					failures = append(failures, target+": "+err.Error())
					mu.Unlock()
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	for _, f := range failures[:min(len(failures), 10)] {
		t.Error(f)
	}
	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed", len(failures), len(failures)+len(latencies))
	}
	slices.Sort(latencies)
	q := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d clients, %v: %d requests, 0 errors, %.0f req/s, p50 %v, p99 %v, peak heap %d MiB",
		*loadClients, elapsed.Round(time.Millisecond), len(latencies), float64(len(latencies))/elapsed.Seconds(),
		q(0.50).Round(time.Microsecond), q(0.99).Round(time.Microsecond), peakHeap>>20)
}
