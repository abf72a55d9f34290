package main

import (
	"fmt"
	"strings"
	"time"
)

// row is one line of the results table.
type row struct {
	label, target string
	cell          func(s *sizeResult) string
}

// rows are the results table, top to bottom. Targets are issue 6's, 13's
// (the build), 14's (search with its results cache off), 15's (the second
// script) and 22's (the newsroom); a cell is marked ✓ or ✗ where a target
// applies at that size.
//
// Long: it is the table itself, one entry per row of the report, in the
// order the report shows them.
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
