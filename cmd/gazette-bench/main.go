// Command gazette-bench measures gazette against the peers a user would pick
// instead — Hugo, and Hugo + Pagefind — on the same documents, on the same
// machine, in one run, and writes the table to BENCHMARKS.md.
//
//	go run ./cmd/gazette-bench                      # 10,000 and 50,000 documents
//	go run ./cmd/gazette-bench -sizes 2000,10000    # any sizes
//	go run ./cmd/gazette-bench -smoke               # 300 documents, a few seconds of search
//
// For every size it:
//
//  1. scales the real corpus (../shared/corpus/gov-docs.tar.gz, found by walking up
//     from the working directory, or $GAZETTE_CORPUS) to that many documents with the
//     corpus's scale.sh, adds content/site.yaml, and makes a copy laid out for Hugo;
//  2. times gazette's full cold build (empty public/, index/ and cache), a no-change
//     rebuild, and a one-document edit, checking after each edit that the page and the
//     index (gazette search -json) reflect it and no longer hold the previous edit;
//  3. loads `gazette serve` on 127.0.0.1 with 16 concurrent clients over queries drawn
//     from the titles and 文號 of those documents, for a bounded time and count;
//  4. times Hugo (minimal single, list and RSS layouts written here) and Pagefind over
//     Hugo's output;
//  5. times the newsroom (issue 22) as an office uses it: the record made with
//     `gazette console init`, a drafter added with `gazette user add`, `gazette
//     console` started on 127.0.0.1 and logged in to over HTTP; then the first save
//     (persistEntry of Decap CMS's proxy protocol, checked with gazette check's rules)
//     after the cold start, saves of new documents once the console is idle, and pages
//     of the staff listing (-newsroom=false leaves it out).
//
// Every timed step is a whole process: wall time from start to exit, and its peak
// resident memory (wait4 rusage, which includes the process's children). A step that
// runs past -timeout is killed and recorded as "timeout". Times are the median of
// -runs runs; memory is the largest of them.
//
// Hugo (Debian package hugo) and Pagefind (npm package pagefind, pinned in
// bench/package.json and installed into bench/node_modules with npm ci) are installed
// when missing. In -smoke mode they are skipped when missing, except under CI=true.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is everything the flags decide.
type config struct {
	sizes       []int
	runs        int // 0: 3 up to 5,000 documents, 1 above
	searchTime  time.Duration
	searchMax   int
	clients     int
	timeout     time.Duration
	peers       bool // run Hugo and Pagefind
	ranking     bool // measure the ranking of the judged queries
	uncached    bool // run the search load a second time with the server's results cache off
	newsroom    bool // time the console's saves and staff listing
	peersNeeded bool // fail when they are missing and cannot be installed
	work        string
	out         string
	corpus      string
	keep        bool
	buildFlags  []string
	gazette     string // a prebuilt binary to measure instead of building ./cmd/gazette
	command     string // the command line, for BENCHMARKS.md
}

// runsFor is the number of timed runs of each step at n documents.
func (c *config) runsFor(n int) int {
	switch {
	case c.runs > 0:
		return c.runs
	case n <= 5000:
		return 3
	}
	return 1
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fl := flag.NewFlagSet("gazette-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("sizes", "10000,50000", "comma-separated `list` of document counts (1–100000); empty for none")
	runs := fl.Int("runs", 0, "timed runs per step, median reported (0: 3 up to 5,000 documents, 1 above)")
	searchTime := fl.Duration("search-time", 20*time.Second, "how long the search load runs at each size")
	searchMax := fl.Int("search-max", 200000, "most search requests at each size")
	clients := fl.Int("clients", 16, "concurrent search clients")
	timeout := fl.Duration("timeout", 30*time.Minute, "longest any one timed step may run before it is killed and recorded as timeout")
	peers := fl.Bool("peers", true, "run Hugo and Pagefind (installing them when missing)")
	uncached := fl.Bool("uncached", true, "run the search load a second time with gazette serve's results cache off (-no-results-cache)")
	newsroom := fl.Bool("newsroom", true, "time the newsroom: gazette console's saves (persistEntry, checked) and its staff listing, at each size")
	ranking := fl.Bool("ranking", true, "measure the ranking of the judged queries (testdata/ranking) on the whole corpus, gazette's and, with -peers, Pagefind's")
	smoke := fl.Bool("smoke", false, "quick check: 300 documents, 1 run, 3 s of search, peers skipped when missing (unless CI=true), no BENCHMARKS.md unless -out is given")
	work := fl.String("work", "", "working `dir`ectory for content and outputs (default bench/out in the module)")
	out := fl.String("out", "BENCHMARKS.md", "write the report to this `file`, relative to the module root (empty: print only)")
	corpus := fl.String("corpus", "", "corpus `dir`ectory holding gov-docs.tar.gz and scale.sh (default $GAZETTE_CORPUS, else shared/corpus found walking up)")
	keep := fl.Bool("keep", false, "keep each size's content and outputs under -work")
	buildFlags := fl.String("build-flags", "", "extra `flags` for every gazette build, space-separated")
	gazette := fl.String("gazette", "", "measure this gazette `binary` instead of building ./cmd/gazette")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: gazette-bench [flags]\n\nBenchmark gazette against Hugo and Hugo + Pagefind; see go doc ./cmd/gazette-bench.\n\nflags:")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return nil, fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c := &config{
		runs: *runs, searchTime: *searchTime, searchMax: *searchMax, clients: *clients,
		timeout: *timeout, peers: *peers, ranking: *ranking, uncached: *uncached, newsroom: *newsroom, peersNeeded: true, work: *work, out: *out,
		corpus: *corpus, keep: *keep, buildFlags: strings.Fields(*buildFlags), gazette: *gazette,
		command: "go run ./cmd/gazette-bench " + strings.Join(args, " "),
	}
	if *smoke {
		c.peersNeeded = os.Getenv("CI") == "true"
		if !set["sizes"] {
			*sizes = "300"
		}
		if !set["runs"] {
			c.runs = 1
		}
		if !set["search-time"] {
			c.searchTime = 3 * time.Second
		}
		if !set["timeout"] {
			c.timeout = 5 * time.Minute
		}
		if !set["out"] {
			c.out = ""
		}
		if !set["ranking"] {
			c.ranking = false
		}
	}
	for _, s := range strings.Split(*sizes, ",") {
		if strings.TrimSpace(s) == "" && strings.TrimSpace(*sizes) == "" {
			break
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 100000 {
			return nil, fmt.Errorf("-sizes: %q is not a document count between 1 and 100000", s)
		}
		c.sizes = append(c.sizes, n)
	}
	slices.Sort(c.sizes)
	c.sizes = slices.Compact(c.sizes)
	if c.clients < 1 || c.searchMax < 1 || c.searchTime <= 0 || c.timeout <= 0 || c.runs < 0 {
		return nil, errors.New("-clients, -search-max, -search-time and -timeout must be positive, -runs not negative")
	}
	return c, nil
}

// run is the whole command: 0 success, 1 failure (a step failed, a search
// errored, an edit was not reflected), 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "gazette-bench: %v\n", err)
		return 2
	}
	rep, err := bench(ctx, cfg, stderr)
	if rep != nil {
		io.WriteString(stdout, rep.markdown())
		// An interrupted run is printed, but never replaces a finished one.
		if cfg.out != "" && ctx.Err() == nil {
			path := cfg.out
			if !filepath.IsAbs(path) {
				path = filepath.Join(rep.env.root, path)
			}
			if werr := os.WriteFile(path, []byte(rep.markdown()), 0o644); werr != nil {
				err = errors.Join(err, werr)
			} else {
				fmt.Fprintf(stderr, "wrote %s\n", path)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "gazette-bench: %v\n", err)
		return 1
	}
	if rep.failed() {
		fmt.Fprintln(stderr, "gazette-bench: some steps failed; see the table")
		return 1
	}
	return 0
}

// bench prepares the tools, then measures every size in turn. A failure in
// one step is recorded in the report and the run goes on; only a failure
// that leaves nothing to measure (no corpus, no gazette binary) is an error.
func bench(ctx context.Context, cfg *config, logw io.Writer) (*report, error) {
	start := time.Now()
	env, err := setup(ctx, cfg, logw)
	if err != nil {
		return nil, err
	}
	defer env.lock.Close()
	rep := &report{cfg: cfg, env: env, started: start}
	if cfg.ranking {
		rep.ranking = measureRanking(ctx, cfg, env, logw)
	}
	for _, n := range cfg.sizes {
		if ctx.Err() != nil {
			break
		}
		rep.sizes = append(rep.sizes, measureSize(ctx, cfg, env, n, logw))
	}
	rep.loadEnd = loadAvg()
	rep.elapsed = time.Since(start)
	return rep, ctx.Err()
}
