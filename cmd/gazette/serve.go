package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/release"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/serve"
	"gazette/cmd/gazette/internal/watch"
)

// serveFlags are gazette serve's flags.
type serveFlags struct {
	addr, public, index, tmplDir, contentDir *string
	watching, drafts, publishing, verbose    *bool
	noCache                                  *bool
	every                                    *time.Duration
}

// parseServe parses gazette serve's flags; c >= 0 is the exit code of a
// command that must stop (-h, a usage mistake).
func parseServe(e *env, args []string) (f serveFlags, c int) {
	fl := e.flags("serve")
	f.addr = fl.String("addr", "127.0.0.1:8080", "`host:port` to listen on")
	f.public = fl.String("public", "public", "the built site `dir`ectory (with -watch -drafts: preview)")
	f.index = fl.String("index", "index", "the search index `dir`ectory (with -watch -drafts: preview-index)")
	f.tmplDir = fl.String("templates", "templates", "templates `dir`ectory (the search page; with -watch, the whole site)")
	f.watching = fl.Bool("watch", false, "build first, then rebuild on every change to the content and templates and reload open pages")
	f.contentDir = fl.String("content", "content", "content `dir`ectory, with -watch")
	f.drafts = fl.Bool("drafts", false, "with -watch: a preview with drafts and embargoed documents, in outputs of its own, never the live site's")
	f.publishing = fl.Bool("publish", false, "build from -content now, at every instant a document is due (embargo or expiry) and every -publish-every, and serve each new build")
	f.every = fl.Duration("publish-every", release.DefaultEvery, "with -publish: build this often besides the due instants, to pick up edits and new schedules")
	f.verbose = fl.Bool("v", false, "log debug details")
	f.noCache = fl.Bool("no-results-cache", false, "answer every search from the index, not from the cache of recent results (for benchmarks)")
	if c := parse(fl, args); c >= 0 {
		return f, c
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return f, 2
	}
	if *f.publishing && (*f.watching || *f.drafts) {
		fmt.Fprintln(e.stderr, "gazette serve: -publish serves what the clock publishes: not with -watch or -drafts")
		return f, 2
	}
	if *f.watching && *f.drafts {
		previewOutputs(fl, f.public, f.index)
	}
	return f, -1
}

func runServe(ctx context.Context, e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	f, c := parseServe(e, args)
	if c >= 0 {
		return c
	}
	addr, public, index, tmplDir, contentDir := f.addr, f.public, f.index, f.tmplDir, f.contentDir
	watching, drafts, publishing, verbose, noCache, every := f.watching, f.drafts, f.publishing, f.verbose, f.noCache, f.every
	log := logger(stderr, *verbose)
	if !*verbose {
		log = slog.New(slog.NewTextHandler(stderr, nil))
	}
	if os.Getenv("GOGC") == "" && !*watching {
		// A search allocates its hits, snippets and facets, and at the
		// default GOGC the collector takes a large share of the CPU under
		// load; a little more memory buys throughput (BENCHMARKS.md). Not
		// with -watch, whose heap holds the parsed content and the plan of
		// every page.
		debug.SetGCPercent(300)
	}
	opt := serve.Options{Public: *public, Index: *index, Templates: templateFS(*tmplDir), Log: log, NoResultsCache: *noCache}
	var w *watch.Watcher
	if *watching {
		w = watch.New(watch.Options{
			Build: build.Options{Content: contentFS(*contentDir), ContentRoot: *contentDir, Templates: templateFS(*tmplDir),
				Public: *public, Index: *index, Drafts: *drafts},
			ContentDir: *contentDir, TemplatesDir: *tmplDir, Clock: e.now, Out: stderr, Log: log,
		})
		defer w.Close()
		fmt.Fprintln(stderr, "building…")
		if !firstBuild(stderr, *public, w.Build(ctx)) {
			return 1
		}
		opt.Wrap = w.Handler
	}
	var pub *release.Publisher
	if *publishing {
		// One engine for every scheduled build: its caches are read once.
		eng := build.New(build.Options{Content: contentFS(*contentDir), ContentRoot: *contentDir, Templates: templateFS(*tmplDir),
			Public: *public, Index: *index})
		defer eng.Close()
		pub = release.New(release.Options{Build: releaseBuilder(eng), Index: *index,
			Clock: e.now, Every: *every, Out: stderr, Log: log,
		})
		if !firstBuild(stderr, *public, pub.Step(ctx)) {
			return 1
		}
	}
	srv, err := serve.New(opt)
	if err != nil {
		fmt.Fprintf(stderr, "gazette serve: %v\n", err)
		return 1
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "gazette serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "serving %s with search on http://%s/ (Ctrl-C to stop)\n", *public, ln.Addr())
	if w != nil {
		w.SetChanged(srv.Reload)
		fmt.Fprintf(stdout, "watching %s and %s: pages reload on every save\n", *contentDir, *tmplDir)
		go func() {
			if err := w.Run(ctx); err != nil {
				log.Error("watch", "err", err)
			}
		}()
	}
	if pub != nil {
		fmt.Fprintf(stdout, "publishing from %s: building at every due instant and every %v\n", *contentDir, *every)
		pub.SetChanged(srv.Reload)
		go pub.Run(ctx)
	}
	if err := serve.Serve(ctx, ln, srv, log); err != nil {
		fmt.Fprintf(stderr, "gazette serve: %v\n", err)
		return 1
	}
	return 0
}

func runSearch(ctx context.Context, e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	fl := e.flags("search")
	index := fl.String("index", "index", "the search index `dir`ectory")
	asJSON := fl.Bool("json", false, "print the results as JSON (the /api/search format)")
	params := url.Values{}
	for _, name := range []string{"in", "section", "organ", "topic", "category", "year", "validity", "from", "to", "sort", "page", "size"} {
		fl.Func(name, "filter or option: the /api/search parameter of that name", func(v string) error {
			params.Set(name, v)
			return nil
		})
	}
	if c := parse(fl, args); c >= 0 {
		return c
	}
	params.Set("q", strings.Join(fl.Args(), " "))
	q, err := search.ParseQuery(params)
	if err != nil {
		fmt.Fprintf(stderr, "gazette search: %v\n", err)
		return 2
	}
	ix, err := search.Open(*index)
	if err != nil {
		fmt.Fprintf(stderr, "gazette search: %v (run gazette build first)\n", err)
		return 1
	}
	defer ix.Close()
	ctx, cancel := context.WithTimeout(ctx, serve.SearchTimeout)
	defer cancel()
	res, err := ix.Search(ctx, q)
	if err != nil {
		fmt.Fprintf(stderr, "gazette search: %v\n", err)
		if errors.Is(err, search.ErrBadQuery) {
			return 2
		}
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(serve.API(res))
		return 0
	}
	// Matches in bold on a terminal; piped, plain text.
	bold := e.terminal(stdout) && e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb"
	fmt.Fprintf(stdout, "%d results (%v)\n", res.Total, res.Took.Round(time.Microsecond))
	for i, h := range res.Hits {
		fmt.Fprintf(stdout, "\n%d. %s\n   %s", (res.Query.Page-1)*res.Query.Size+i+1, h.Title, h.URL)
		for _, f := range []string{h.DocNumber, h.Organ, dateOf(h.Date), h.Validity} {
			if f != "" {
				fmt.Fprintf(stdout, "  %s", f)
			}
		}
		if s := snippetText(string(h.Snippet), bold); s != "" {
			fmt.Fprintf(stdout, "\n   %s", s)
		}
		fmt.Fprintln(stdout)
	}
	return 0
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Terminal escapes for bold and back to normal intensity.
const (
	boldOn  = "\x1b[1m"
	boldOff = "\x1b[22m"
)

// snippetText turns a snippet's HTML (text with <mark>…</mark>) into terminal
// text, each match in bold when bold is set, character references resolved.
func snippetText(s string, bold bool) string {
	var b strings.Builder
	for s != "" {
		text, rest, found := strings.Cut(s, "<mark>")
		b.WriteString(html.UnescapeString(text))
		if !found {
			break
		}
		match, after, _ := strings.Cut(rest, "</mark>")
		if bold {
			b.WriteString(boldOn + html.UnescapeString(match) + boldOff)
		} else {
			b.WriteString(html.UnescapeString(match))
		}
		s = after
	}
	return b.String()
}

// firstBuild judges the first build of -watch or -publish, made before
// serving so that the site is there from the first request: a failed one
// still serves the last good site, if there is one.
func firstBuild(stderr io.Writer, public string, err error) bool {
	if err == nil {
		return true
	}
	if _, statErr := os.Stat(public); statErr != nil {
		fmt.Fprintf(stderr, "gazette serve: nothing to serve until the errors above are fixed\n")
		return false
	}
	return true
}

// releaseBuilder is the publisher's build: eng's, at the publisher's clock.
func releaseBuilder(eng *build.Engine) release.Builder {
	return func(ctx context.Context, now time.Time) (release.Outcome, error) {
		eng.SetNow(now)
		sum, err := eng.Build(ctx)
		return release.Outcome{Summary: sum.String(), Unchanged: sum.Unchanged}, err
	}
}
