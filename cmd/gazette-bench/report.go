package main

import (
	"fmt"
	"strings"
	"time"
)

// report is one run: the machine, and the figures of every size.
type report struct {
	cfg     *config
	env     *env
	started time.Time
	elapsed time.Duration
	loadEnd string
	sizes   []*sizeResult
	ranking *rankingResult // nil when not measured
}

func (r *report) markdown() string {
	var b strings.Builder
	m := r.env.machine
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "gazette beside Hugo and Hugo + Pagefind, on the same documents and the same machine, in one run\n")
	fmt.Fprintf(&b, "(issue 6). The documents are the real corpus (`../shared/corpus/gov-docs.tar.gz`), scaled with its\n")
	fmt.Fprintf(&b, "`scale.sh`. This file is written by the benchmark; to measure again, run:\n\n")
	fmt.Fprintf(&b, "```sh\n%s\n```\n\n", strings.TrimSpace(r.cfg.command))
	fmt.Fprintf(&b, "Run on %s; it took %s.\n\n## Machine\n\n", m.date, dur(r.elapsed))
	fmt.Fprintf(&b, "| | |\n|---|---|\n")
	for _, kv := range [][2]string{
		{"CPU", fmt.Sprintf("%s, %s logical CPUs", m.cpu, m.cpus)},
		{"memory", m.memory},
		{"system", m.kernel},
		{"Go", m.goVersion},
		{"Hugo", m.hugo},
		{"Pagefind", m.pagefind},
		{"gazette", m.commit},
		{"load average (1, 5, 15 min) at start / end", r.env.loadAvg + " / " + r.loadEnd},
	} {
		fmt.Fprintf(&b, "| %s | %s |\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "\n## Results\n\nMedian wall time of whole processes (runs per step: %s), peak resident memory of the largest run.\n", r.runsText())
	fmt.Fprintf(&b, "Ratios are gazette's figure divided by the peer's: below 1× gazette is faster or smaller.\n")
	fmt.Fprintf(&b, "✓ / ✗: the target of issue 6, 13 (the build), 14 (search with the results cache off) or 15 (the second script), where it applies at that size.\n\n")
	b.WriteString(r.table())
	b.WriteString(r.classTable())
	b.WriteString(r.rankingTable())
	b.WriteString(r.notes())
	b.WriteString(method(r.cfg))
	return b.String()
}

func (r *report) runsText() string {
	var parts []string
	for _, s := range r.sizes {
		parts = append(parts, fmt.Sprintf("%d at %s", r.cfg.runsFor(s.n), thousands(s.n)))
	}
	return strings.Join(parts, ", ")
}

func (r *report) table() string {
	var b strings.Builder
	b.WriteString("| | target |")
	for _, s := range r.sizes {
		fmt.Fprintf(&b, " %s |", thousands(s.n))
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---:|", len(r.sizes)) + "\n")
	for _, row := range rows() {
		fmt.Fprintf(&b, "| %s | %s |", row.label, row.target)
		for _, s := range r.sizes {
			fmt.Fprintf(&b, " %s |", row.cell(s))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// classTable is search latency by query class, with the results cache on
// and off.
func (r *report) classTable() string {
	on := r.classTableOf("", func(s *sizeResult) loadResult { return s.search })
	off := r.classTableOf(", results cache off", func(s *sizeResult) loadResult { return s.searchNoCache })
	return on + off
}

func (r *report) classTableOf(title string, load func(*sizeResult) loadResult) string {
	var b strings.Builder
	b.WriteString("\n### Search latency by query class" + title + " (p50 / p99, requests)\n\n| class | share |")
	for _, s := range r.sizes {
		fmt.Fprintf(&b, " %s |", thousands(s.n))
	}
	b.WriteString("\n|---|---:|" + strings.Repeat("---:|", len(r.sizes)) + "\n")
	for _, qc := range queryClasses {
		fmt.Fprintf(&b, "| %s | %d%% |", qc.name, qc.pct)
		for _, s := range r.sizes {
			cell := "—"
			for _, c := range load(s).classes {
				if c.name == qc.name {
					cell = fmt.Sprintf("%s / %s, %s", dur(c.p50), dur(c.p99), thousands(c.n))
				}
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// notes are the details behind the cells: build summaries, why a step was
// skipped, what failed.
func (r *report) notes() string {
	var b strings.Builder
	b.WriteString("\n## Notes from this run\n\n")
	b.WriteString(r.rankingNotes())
	for _, s := range r.sizes {
		n := thousands(s.n)
		if s.prepared != "" {
			fmt.Fprintf(&b, "- %s: preparing the documents failed: %s\n", n, s.prepared)
			continue
		}
		fmt.Fprintf(&b, "- %s: the whole size took %s; scaling the corpus and copying it for Hugo %s of it (not a timed step); load average at the end %s.\n",
			n, dur(s.elapsed), dur(s.prepare), s.loadAvg)
		for _, st := range []struct {
			name string
			s    step
		}{{"cold build", s.cold}, {"no-change rebuild", s.noop}, {"one-document edit (gazette build)", s.edit},
			{"one-document edit (gazette serve -watch)", s.live}, {"scheduled publication (gazette serve -publish)", s.scheduled},
			{"cold build, one script", s.oneScript}, {"one-document edit, one script", s.oneScriptEdit},
			{"Hugo", s.hugo}, {"Pagefind", s.pagefind}} {
			var parts []string
			if st.s.status != "" {
				parts = append(parts, st.s.status)
			}
			if st.s.detail != "" && st.s.status != "" {
				parts = append(parts, oneLine(st.s.detail))
			} else if st.s.detail != "" {
				parts = append(parts, "`"+oneLine(st.s.detail)+"`")
			}
			if len(st.s.runs) > 1 {
				parts = append(parts, "runs: "+durs(st.s.runs))
			}
			if len(parts) > 0 {
				fmt.Fprintf(&b, "- %s, %s: %s\n", n, st.name, strings.Join(parts, "; "))
			}
		}
		for _, l := range []struct {
			name string
			l    loadResult
		}{{"search", s.search}, {"search with the results cache off", s.searchNoCache}} {
			if l.l.status != "" {
				fmt.Fprintf(&b, "- %s, %s: %s\n", n, l.name, l.l.status)
			} else {
				fmt.Fprintf(&b, "- %s, %s: %s distinct queries, %d clients, %s of load.\n", n, l.name, thousands(l.l.queries), r.cfg.clients, dur(l.l.elapsed))
			}
			for _, e := range l.l.errorSamples {
				fmt.Fprintf(&b, "- %s, %s error: %s\n", n, l.name, oneLine(e))
			}
		}
	}
	return b.String()
}

func method(cfg *config) string {
	return fmt.Sprintf(`
## How it is measured

- Each size is the corpus scaled by %[1]sscale.sh N%[1]s (documents in a fixed pseudo-random order; past 5,000,
  copies with new slugs, titles and dates and no 文號), with gazette's %[1]scontent/site.yaml%[1]s.
- gazette is built once with %[1]sgo build%[1]s, then every step is a whole process: wall time from start to
  exit, peak resident memory from wait4's rusage (which covers the processes it waited for).
- **Cold build**: %[1]sgazette build%[1]s with no public/, index/ or cache (the user cache directory points into the
  emptied output directory). **No-change rebuild**: the same command again. **One-document edit**: a line
  with a new word is added to one document's body, then %[1]sgazette build%[1]s; after each run the page must
  show the word, %[1]sgazette search -json%[1]s must find the document first, and must no longer find the previous
  run's word. The check is not part of the time. **With %[1]sgazette serve -watch%[1]s**: after the search load, the
  server runs in watch mode (its first, complete build not timed) and the same kind of edit is saved %[8]d times
  to another document; each is timed from the save until, over HTTP, the page shows the word and
  %[1]s/api/search%[1]s finds the document first by it and no longer finds the previous edit's word (polled every
  2 ms). Between edits the benchmark waits for the server's log to be quiet for a second.
- **Scheduled publication**: a new document is dated twice the cold build and 5 s ahead, then
  %[1]sgazette serve -publish%[1]s starts (its first build, which schedules it, not timed); its URL must answer
  404 before the instant. It is timed from the instant until, over HTTP, the page shows it and
  %[1]s/api/search%[1]s finds it first (polled every 10 ms): the publisher's wait plus a whole build.
- **One script**: the site is built by default in both scripts (%[1]sboth_scripts: true%[1]s in site.yaml, every
  page also under /zh-hans/); the cold build and the one-document edit are run again, the same way, with
  %[1]sboth_scripts: false%[1]s. The second script's share is the cold build's time over this one's, less one.
- **Hugo** builds a copy of the same content (issue pages %[1]sindex.md%[1]s → %[1]s_index.md%[1]s, so they are
  sections rather than leaf bundles that swallow their documents; an %[1]s_index.md%[1]s per year) with minimal
  layouts written by the benchmark: single, list, home and RSS (newest 50 items), taxonomies organ, topic
  and tags; from an empty public/ and cache. **Pagefind** (%[1]spagefind_extended --site public%[1]s, the binary
  npm's %[1]spagefind%[1]s runs, with Chinese segmentation) indexes Hugo's output. A peer is skipped at a size
  where its expected memory (from a smaller size of this run, or the issue's figures) exceeds 90%% of the
  memory available.
- **Search**: %[1]sgazette serve%[1]s on a free 127.0.0.1 port; first every distinct 文號 query (up to %[2]d) once,
  one at a time, checking its document comes first (this also warms the index); then %[3]d clients send
  %[1]sGET /api/search?q=…%[1]s back to back for %[4]s or %[5]s requests, whichever comes first, cycling through
  %[6]s queries drawn from the documents' titles and 文號 in the shares of the table above. Latency is per
  request as a client sees it, including reading the whole response; anything but a 200 is an error.
  Clients and server share the machine's CPUs. The server keeps the results of its most recent distinct
  searches (a few thousand), so a query's later requests are answered from memory; the row "a query's first request" is
  the requests that asked a query for the first time (not in the warm-up), which searched the index. Then the same
  load runs again against a new %[1]sgazette serve -no-results-cache%[1]s, which searches the index for every request:
  the rows "results cache off".
- **Ranking**: the whole corpus (%[9]s documents, no copies) is built by gazette, and by Hugo and Pagefind when they
  run; each judged query of %[1]scmd/gazette-bench/testdata/ranking/%[1]s (generated from the corpus's titles by
  %[1]sTestJudgedQueries%[1]s, plus those written by hand, each with why) is asked once of %[1]sgazette serve%[1]s
  (%[1]s/api/search%[1]s, first page of ten) and of Pagefind's own search API (%[1]spagefind.js%[1]s in headless
  Chromium over Hugo's output served on loopback; Hugo's list pages left out of its results). P@1 counts a query
  whose first hit has the best grade of its judgements; MRR averages 1/rank of the first such hit in the first ten
  (0 when none); nDCG@10 uses gains 2^grade − 1.
- A step running longer than %[7]s is killed and recorded as timeout.
`, "`", warmupDocNums, cfg.clients, dur(cfg.searchTime), thousands(cfg.searchMax), thousands(queryPool), dur(cfg.timeout), liveRuns, thousands(corpusSize))
}

// failed reports whether any step failed or timed out, a search errored or
// an edit was not reflected.
func (r *report) failed() bool {
	if rk := r.ranking; rk != nil && (strings.HasPrefix(rk.status, "failed") || strings.HasPrefix(rk.pagefindStatus, "failed")) {
		return true
	}
	for _, s := range r.sizes {
		if s.prepared != "" || s.search.errors > 0 || strings.HasPrefix(s.search.status, "failed") ||
			s.searchNoCache.errors > 0 || strings.HasPrefix(s.searchNoCache.status, "failed") {
			return true
		}
		for _, st := range []step{s.cold, s.noop, s.edit, s.live, s.scheduled, s.oneScript, s.oneScriptEdit, s.hugo, s.pagefind} {
			if st.status == "failed" || st.status == "timeout" {
				return true
			}
		}
	}
	return false
}

// editMark is an edit target's mark for st at the size of s: at most at10k
// at 10,000 documents, at50k at 50,000 or more.
func editMark(s *sizeResult, st step, at10k, at50k time.Duration) string {
	d := st.median()
	return mark(st.ok() && (s.n == 10000 || s.n >= 50000),
		(s.n == 10000 && d <= at10k) || (s.n >= 50000 && d <= at50k))
}

// memMark is the peak memory target's mark (under 2 GiB at 50,000).
func memMark(s *sizeResult, st step) string {
	return mark(st.ok() && s.n >= 50000, st.rss < 2<<30)
}

func timeCell(s step) string {
	switch {
	case strings.HasPrefix(s.status, "skipped"):
		return "skipped"
	case s.status == "timeout":
		return "timeout (" + s.detail + ")"
	case s.status != "":
		return s.status
	}
	return dur(s.median())
}

func memCell(s step) string {
	if s.rss == 0 {
		return "—"
	}
	return bytesIEC(s.rss)
}

func searchCell(s *sizeResult, f func(loadResult) string) string { return loadCell(s.search, f) }

func loadCell(l loadResult, f func(loadResult) string) string {
	switch {
	case strings.HasPrefix(l.status, "skipped"):
		return "skipped"
	case l.status != "":
		return "failed"
	}
	return f(l)
}

func sizeCell(n int64) string {
	if n == 0 {
		return "—"
	}
	return bytesIEC(n)
}

// ratio is gazette's time over the peer's, when both were measured.
func ratio(g step, peer time.Duration, peerOK bool) (string, bool) {
	if !g.ok() || !peerOK || peer == 0 {
		return "—", false
	}
	return fmt.Sprintf("%.2f×", g.median().Seconds()/peer.Seconds()), true
}

func memRatio(g, peer step) string {
	if !g.ok() || !peer.ok() || peer.rss == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", float64(g.rss)/float64(peer.rss))
}

func mark(applies, met bool) string {
	switch {
	case !applies:
		return ""
	case met:
		return " ✓"
	}
	return " ✗"
}

// dur prints a duration with three significant figures or so.
func dur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d < 100*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%.0f s (%dm%02ds)", d.Seconds(), int(d.Minutes()), int(d.Seconds())%60)
	}
	return d.Round(time.Minute).String()
}

func durs(ds []time.Duration) string {
	var s []string
	for _, d := range ds {
		s = append(s, dur(d))
	}
	return strings.Join(s, ", ")
}

func bytesIEC(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
}

// thousands writes n with comma separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
