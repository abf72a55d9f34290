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
	fmt.Fprintf(&b, "✓ / ✗: the target of issue 6, 13 (the build), 14 (search with the results cache off), 15 (the second script) or 22 (the newsroom), where it applies at that size.\n\n")
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
			{"Hugo", s.hugo}, {"Pagefind", s.pagefind},
			{"newsroom, gazette console init", s.newsroom.init}, {"newsroom, first save after a cold start", s.newsroom.first},
			{"newsroom, saves", s.newsroom.saves}, {"newsroom, staff listing", s.newsroom.listing}} {
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
		for _, st := range []step{s.cold, s.noop, s.edit, s.live, s.scheduled, s.oneScript, s.oneScriptEdit, s.hugo, s.pagefind,
			s.newsroom.init, s.newsroom.first, s.newsroom.saves, s.newsroom.listing} {
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

// spreadCell is the median and the longest of a step's runs.
func spreadCell(s step) string {
	if !s.ok() {
		return timeCell(s)
	}
	return dur(s.median()) + " / " + dur(s.max())
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

// quoteList is 「a」, 「b」, 「c」.
func quoteList(ss []string) string {
	var q []string
	for _, s := range ss {
		q = append(q, "「"+s+"」")
	}
	return strings.Join(q, ", ")
}

// intList is 1, 2 and 3.
func intList(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, fmt.Sprint(n))
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
