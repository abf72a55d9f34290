package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// loadResult is the search phase of one size.
type loadResult struct {
	status            string // "" when it ran; else "skipped: …" or "failed: …"
	queries           int    // distinct queries drawn
	requests, errors  int
	elapsed           time.Duration
	p50, p90, p99, mx time.Duration
	qps               float64
	// The requests that asked a query for the first time (not in the
	// warm-up either), which the server's results cache cannot answer.
	firstN             int
	firstP50, firstP99 time.Duration
	warmed             map[string]bool // queries the warm-up asked
	classes            []classStat
	docChecked         int // 文號 queries checked in the warm-up
	docFirst           int // … whose document came first
	errorSamples       []string
	serveRSS           int64
}

type classStat struct {
	name     string
	n        int
	p50, p99 time.Duration
}

// Bounds of the search phase, besides -search-time and -search-max.
const (
	queryPool      = 4000             // distinct queries drawn per size
	warmupDocNums  = 300              // 文號 queries checked (and warming the index) before timing
	requestTimeout = 10 * time.Second // one request; slower counts as an error
	serveStartup   = 2 * time.Minute  // gazette serve opening the index
)

// searchLoad starts gazette serve (with its results cache off when noCache)
// on a free loopback port and runs cfg.clients clients against /api/search
// until cfg.searchTime has passed or cfg.searchMax requests were made.
func searchLoad(r *runner, e *env, cfg *config, t *tree, noCache bool) (res loadResult) {
	qs := makeQueries(t.docs, queryPool)
	res.queries = len(qs)
	logName, extra := "serve.log", []string(nil)
	if noCache {
		logName, extra = "serve-uncached.log", []string{"-no-results-cache"}
	}
	srv, err := startServe(r.ctx, e, t, logName, cfg.clients, serveStartup, extra...)
	if err != nil {
		res.status = "failed: " + err.Error()
		return res
	}
	defer func() { res.serveRSS = srv.stop() }()
	base := "http://" + srv.addr + "/api/search?q="
	r.logf("gazette serve on %s; warm-up and 文號 check", srv.addr)
	res.warmup(r.ctx, srv.client, base, qs)
	r.logf("search load: %d clients for up to %v or %d requests", cfg.clients, cfg.searchTime, cfg.searchMax)
	res.load(r.ctx, srv.client, base, qs, cfg)
	r.logf("search: %d requests, %d errors, %.0f/s, p50 %v, p99 %v", res.requests, res.errors, res.qps, res.p50, res.p99)
	return res
}

// server is a gazette serve process of a tree's build.
type server struct {
	cmd    *exec.Cmd
	exited chan error
	log    *os.File
	addr   string
	client *http.Client
}

// startServe starts gazette serve on a free loopback port with extra
// flags, logging to logName, and waits until it answers a search, for at
// most limit; its client keeps connections for that many concurrent
// clients.
func startServe(ctx context.Context, e *env, t *tree, logName string, clients int, limit time.Duration, extra ...string) (*server, error) {
	args := append([]string{"serve", "-public", t.public(), "-index", t.index()}, extra...)
	s, err := launch(ctx, e.gazette, args, t.dir, filepath.Join(t.logs, logName), nil, "/api/search?q="+url.QueryEscape("法"), limit)
	if err != nil {
		return nil, err
	}
	s.client.Transport = &http.Transport{Proxy: nil, MaxIdleConns: 4 * clients, MaxIdleConnsPerHost: 4 * clients}
	return s, nil
}

// launch starts name with args and -addr on a free loopback port, in dir
// with env added and its output in logPath, and waits until it answers
// GET ready with 200, for at most limit.
func launch(ctx context.Context, name string, args []string, dir, logPath string, env []string, ready string, limit time.Duration) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, append(slices.Clone(args), "-addr", addr)...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, logf, logf
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s := &server{cmd: cmd, exited: make(chan error, 1), log: logf, addr: addr,
		client: &http.Client{Timeout: requestTimeout, Transport: &http.Transport{Proxy: nil}}}
	go func() { s.exited <- cmd.Wait() }()
	if err := waitReady(ctx, s.client, "http://"+addr+ready, s.exited, limit); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s %s: %w", filepath.Base(name), args[0], err)
	}
	return s, nil
}

// stop interrupts the server, as Ctrl-C would, and returns its peak memory.
func (s *server) stop() int64 {
	defer s.log.Close()
	return stopServe(s.cmd, s.exited)
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitReady polls until the server answers u with 200, for at most limit.
func waitReady(ctx context.Context, c *http.Client, u string, exited <-chan error, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("exited: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if resp, err := c.Get(u); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("not answering %s after %v", u, limit)
}

// stopServe interrupts the server, as Ctrl-C would, and returns its peak memory.
func stopServe(cmd *exec.Cmd, exited <-chan error) int64 {
	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	return maxRSS(cmd.ProcessState)
}

// warmup runs the 文號 queries once, one at a time, checking that each
// finds its document first; it also brings the index into memory before
// anything is timed.
func (res *loadResult) warmup(ctx context.Context, c *http.Client, base string, qs []query) {
	seen := map[string]bool{}
	res.warmed = seen
	for _, q := range qs {
		if q.want == "" || seen[q.q] || len(seen) == warmupDocNums || ctx.Err() != nil {
			continue
		}
		seen[q.q] = true
		var body struct {
			Hits []struct {
				URL string `json:"url"`
			} `json:"hits"`
		}
		b, err := get(c, base+url.QueryEscape(q.q))
		if err == nil {
			err = json.Unmarshal(b, &body)
		}
		if err != nil {
			res.fail(fmt.Sprintf("warm-up %q: %v", q.q, err))
			continue
		}
		res.docChecked++
		if len(body.Hits) > 0 && strings.HasSuffix(body.Hits[0].URL, q.want) {
			res.docFirst++
		}
	}
}

func (res *loadResult) fail(msg string) {
	res.errors++
	if len(res.errorSamples) < 5 {
		res.errorSamples = append(res.errorSamples, msg)
	}
}

// get fetches u; anything but a 200 is an error.
func get(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(b[:min(len(b), 200)])))
	}
	return b, err
}

// sample is one timed request.
type sample struct {
	class int
	took  time.Duration
	first bool // the first time this query was asked
}

// load is the timed phase: every client takes the next query in turn
// until the time or the request budget is spent.
func (res *loadResult) load(ctx context.Context, c *http.Client, base string, qs []query, cfg *config) {
	classIdx := map[string]int{}
	for i, qc := range queryClasses {
		classIdx[qc.name] = i
	}
	var (
		next    atomic.Int64
		mu      sync.Mutex
		samples []sample
		wg      sync.WaitGroup
	)
	warmupErrors := res.errors
	start := time.Now()
	deadline := start.Add(cfg.searchTime)
	for range cfg.clients {
		wg.Go(func() {
			var mine []sample
			var errs []string
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := next.Add(1) - 1
				if i >= int64(cfg.searchMax) {
					break
				}
				q := qs[i%int64(len(qs))]
				t0 := time.Now()
				_, err := get(c, base+url.QueryEscape(q.q))
				took := time.Since(t0)
				if err != nil {
					errs = append(errs, fmt.Sprintf("%q: %v", q.q, err))
					continue
				}
				mine = append(mine, sample{classIdx[q.class], took, i < int64(len(qs)) && !res.warmed[q.q]})
			}
			mu.Lock()
			samples = append(samples, mine...)
			for _, e := range errs {
				res.fail(e)
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests = len(samples) + res.errors - warmupErrors
	if len(samples) == 0 {
		res.status = "failed: no successful request"
		return
	}
	res.qps = float64(len(samples)) / res.elapsed.Seconds()
	all := make([]time.Duration, len(samples))
	byClass := make([][]time.Duration, len(queryClasses))
	var first []time.Duration
	for i, s := range samples {
		all[i] = s.took
		byClass[s.class] = append(byClass[s.class], s.took)
		if s.first {
			first = append(first, s.took)
		}
	}
	slices.Sort(all)
	res.p50, res.p90, res.p99, res.mx = pct(all, 50), pct(all, 90), pct(all, 99), all[len(all)-1]
	if len(first) > 0 {
		slices.Sort(first)
		res.firstN, res.firstP50, res.firstP99 = len(first), pct(first, 50), pct(first, 99)
	}
	for i, ds := range byClass {
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		res.classes = append(res.classes, classStat{queryClasses[i].name, len(ds), pct(ds, 50), pct(ds, 99)})
	}
}

// pct is the p-th percentile of sorted durations (nearest rank).
func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i-1, 0)]
}
