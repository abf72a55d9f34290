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

// row is one line of the results table.
type row struct {
	label, target string
	cell          func(s *sizeResult) string
}

// rows are the results table, top to bottom. Targets are issue 6's, 13's
// (the build), 14's (search with its results cache off), 15's (the second
// script) and 22's (the newsroom); a cell is marked ✓ or ✗ where a target
// applies at that size.
func rows() []row {
	return []row{
		{"documents (+ issue pages)", "", func(s *sizeResult) string {
			if s.prepared != "" {
				return "not prepared"
			}
			return fmt.Sprintf("%s (+ %s)", thousands(s.docs), thousands(s.issues))
		}},
		{"gazette full cold build", "", func(s *sizeResult) string { return timeCell(s.cold) }},
		{"gazette cold build peak memory", "< 2 GiB at 50,000", func(s *sizeResult) string {
			return memCell(s.cold) + mark(s.n >= 50000 && s.cold.ok(), s.cold.rss < 2<<30)
		}},
		{"gazette no-change rebuild", "≤ 2.5% of the cold build", func(s *sizeResult) string {
			if !s.noop.ok() || !s.cold.ok() {
				return timeCell(s.noop)
			}
			f := s.noop.median().Seconds() / s.cold.median().Seconds()
			return fmt.Sprintf("%s (%.1f%%)", timeCell(s.noop), 100*f) + mark(true, f <= 0.025)
		}},
		{"gazette no-change rebuild peak memory", "< 2 GiB at 50,000", func(s *sizeResult) string { return memCell(s.noop) + memMark(s, s.noop) }},
		{"gazette one-document edit, `gazette build` (page + index + feeds)", "≤ 1 s at 10,000; ≤ 3 s at 50,000", func(s *sizeResult) string {
			return timeCell(s.edit) + editMark(s, s.edit, time.Second, 3*time.Second)
		}},
		{"gazette one-document edit, `gazette build` peak memory", "< 2 GiB at 50,000", func(s *sizeResult) string { return memCell(s.edit) + memMark(s, s.edit) }},
		{"gazette one-document edit, `gazette serve -watch` (page + index, over HTTP)", "≤ 300 ms at 10,000; ≤ 1 s at 50,000", func(s *sizeResult) string {
			return timeCell(s.live) + editMark(s, s.live, 300*time.Millisecond, time.Second)
		}},
		{"gazette serve -watch peak memory", "< 2 GiB at 50,000", func(s *sizeResult) string { return memCell(s.live) + memMark(s, s.live) }},
		{"gazette full cold build, one script (`both_scripts: false`)", "", func(s *sizeResult) string { return timeCell(s.oneScript) }},
		{"the second script's share of a cold build (both / one − 1)", "≤ 30% at 10,000", func(s *sizeResult) string {
			if !s.oneScript.ok() || !s.cold.ok() {
				return "—"
			}
			f := s.cold.median().Seconds()/s.oneScript.median().Seconds() - 1
			return fmt.Sprintf("%+.0f%%", 100*f) + mark(s.n == 10000, f <= 0.3)
		}},
		{"gazette one-document edit, `gazette build`, one script", "", func(s *sizeResult) string { return timeCell(s.oneScriptEdit) }},
		{"scheduled document live after its instant, `gazette serve -publish` (page + search, over HTTP)", "< 60 s + the build", func(s *sizeResult) string {
			return timeCell(s.scheduled) + mark(s.scheduled.ok() && s.cold.ok(), s.scheduled.median() < publishTarget+s.cold.median())
		}},
		{"newsroom: `gazette console init` (the record made from content/)", "", func(s *sizeResult) string { return timeCell(s.newsroom.init) }},
		{"newsroom: a save in `gazette console` (persistEntry, checked with `gazette check`'s rules), median / max", "≤ 1 s at 10,000", func(s *sizeResult) string {
			st := s.newsroom.saves
			return spreadCell(st) + mark(st.ok() && s.n == 10000, st.median() <= time.Second)
		}},
		{"newsroom: the first save after `gazette console` starts cold", "≤ 1 s at 10,000", func(s *sizeResult) string {
			st := s.newsroom.first
			return timeCell(st) + mark(st.ok() && s.n == 10000, st.median() <= time.Second)
		}},
		{"newsroom: a page of the staff listing (`/search`), median / max", "≤ 200 ms at 10,000", func(s *sizeResult) string {
			st := s.newsroom.listing
			return spreadCell(st) + mark(st.ok() && s.n == 10000, st.median() <= 200*time.Millisecond)
		}},
		{"gazette console peak memory", "", func(s *sizeResult) string { return sizeCell(s.newsroom.rss) }},
		{"Hugo (HTML + RSS)", "", func(s *sizeResult) string { return timeCell(s.hugo) }},
		{"Hugo peak memory", "", func(s *sizeResult) string { return memCell(s.hugo) }},
		{"Pagefind over Hugo's output", "", func(s *sizeResult) string { return timeCell(s.pagefind) }},
		{"Pagefind peak memory", "", func(s *sizeResult) string { return memCell(s.pagefind) }},
		{"Hugo + Pagefind", "", func(s *sizeResult) string {
			if !s.hugo.ok() || !s.pagefind.ok() {
				return "—"
			}
			return dur(s.hugo.median() + s.pagefind.median())
		}},
		{"gazette cold build / Hugo", "≤ 1.5× at 10,000", func(s *sizeResult) string {
			r, ok := ratio(s.cold, s.hugo.median(), s.hugo.ok())
			return r + mark(ok && s.n == 10000, s.cold.median().Seconds() <= 1.5*s.hugo.median().Seconds())
		}},
		{"gazette cold build / (Hugo + Pagefind)", "≤ 0.33× at 10,000", func(s *sizeResult) string {
			hp := s.hugo.median() + s.pagefind.median()
			r, ok := ratio(s.cold, hp, s.hugo.ok() && s.pagefind.ok())
			return r + mark(ok && s.n == 10000, 3*s.cold.median() <= hp)
		}},
		{"gazette cold build peak memory / Hugo's", "", func(s *sizeResult) string { return memRatio(s.cold, s.hugo) }},
		{"gazette cold build peak memory / Pagefind's", "", func(s *sizeResult) string { return memRatio(s.cold, s.pagefind) }},
		{"search throughput", "≥ 1,000 queries/s at 50,000", func(s *sizeResult) string {
			return searchCell(s, func(l loadResult) string { return fmt.Sprintf("%s queries/s", thousands(int(l.qps+0.5))) }) +
				mark(s.search.status == "" && s.n >= 50000, s.search.qps >= 1000)
		}},
		{"search latency p50", "", func(s *sizeResult) string { return searchCell(s, func(l loadResult) string { return dur(l.p50) }) }},
		{"search latency p90", "", func(s *sizeResult) string { return searchCell(s, func(l loadResult) string { return dur(l.p90) }) }},
		{"search latency p99", "< 20 ms at 50,000", func(s *sizeResult) string {
			return searchCell(s, func(l loadResult) string { return dur(l.p99) }) +
				mark(s.search.status == "" && s.n >= 50000, s.search.p99 < 20*time.Millisecond)
		}},
		{"search latency max", "", func(s *sizeResult) string { return searchCell(s, func(l loadResult) string { return dur(l.mx) }) }},
		{"search latency p50 / p99, a query's first request (requests)", "", func(s *sizeResult) string {
			return searchCell(s, func(l loadResult) string {
				if l.firstN == 0 {
					return "—"
				}
				return fmt.Sprintf("%s / %s (%s)", dur(l.firstP50), dur(l.firstP99), thousands(l.firstN))
			})
		}},
		{"search requests (errors)", "0 errors", func(s *sizeResult) string {
			if strings.HasPrefix(s.search.status, "skipped") {
				return "skipped"
			}
			return fmt.Sprintf("%s (%d errors)", thousands(s.search.requests), s.search.errors) +
				mark(s.search.status == "", s.search.errors == 0)
		}},
		{"文號 queries finding their document first", "", func(s *sizeResult) string {
			return searchCell(s, func(l loadResult) string { return fmt.Sprintf("%d of %d", l.docFirst, l.docChecked) })
		}},
		{"gazette serve peak memory", "", func(s *sizeResult) string {
			return searchCell(s, func(l loadResult) string { return bytesIEC(l.serveRSS) })
		}},
		{"search throughput, results cache off", "≥ 1,000 queries/s at 50,000", func(s *sizeResult) string {
			return loadCell(s.searchNoCache, func(l loadResult) string { return fmt.Sprintf("%s queries/s", thousands(int(l.qps+0.5))) }) +
				mark(s.searchNoCache.status == "" && s.n >= 50000, s.searchNoCache.qps >= 1000)
		}},
		{"search latency p50, results cache off", "", func(s *sizeResult) string {
			return loadCell(s.searchNoCache, func(l loadResult) string { return dur(l.p50) })
		}},
		{"search latency p99, results cache off", "< 20 ms at 50,000", func(s *sizeResult) string {
			return loadCell(s.searchNoCache, func(l loadResult) string { return dur(l.p99) }) +
				mark(s.searchNoCache.status == "" && s.n >= 50000, s.searchNoCache.p99 < 20*time.Millisecond)
		}},
		{"search latency max, results cache off", "", func(s *sizeResult) string {
			return loadCell(s.searchNoCache, func(l loadResult) string { return dur(l.mx) })
		}},
		{"search requests, results cache off (errors)", "0 errors", func(s *sizeResult) string {
			if strings.HasPrefix(s.searchNoCache.status, "skipped") {
				return "skipped"
			}
			return fmt.Sprintf("%s (%d errors)", thousands(s.searchNoCache.requests), s.searchNoCache.errors) +
				mark(s.searchNoCache.status == "", s.searchNoCache.errors == 0)
		}},
		{"文號 queries finding their document first, results cache off", "", func(s *sizeResult) string {
			return loadCell(s.searchNoCache, func(l loadResult) string { return fmt.Sprintf("%d of %d", l.docFirst, l.docChecked) })
		}},
		{"output: gazette public/ + index/", "", func(s *sizeResult) string { return sizeCell(s.gazetteBytes) }},
		{"output: Hugo public/ + Pagefind", "", func(s *sizeResult) string {
			if s.hugoBytes == 0 {
				return "—"
			}
			return fmt.Sprintf("%s + %s", bytesIEC(s.hugoBytes), sizeCell(s.pagefindBytes))
		}},
		{"output: gazette / (Hugo + Pagefind)", "≤ 1.5× at 10,000", func(s *sizeResult) string {
			if s.gazetteBytes == 0 || s.hugoBytes == 0 || s.pagefindBytes == 0 {
				return "—"
			}
			f := float64(s.gazetteBytes) / float64(s.hugoBytes+s.pagefindBytes)
			return fmt.Sprintf("%.2f×", f) + mark(s.n == 10000, f <= 1.5)
		}},
		{"output, one script: gazette public/ + index/", "", func(s *sizeResult) string { return sizeCell(s.oneScriptBytes) }},
		{"harness wall time for this size", "", func(s *sizeResult) string { return dur(s.elapsed) }},
	}
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
