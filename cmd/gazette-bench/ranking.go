package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// corpusSize is how many documents the corpus archive holds: scale.sh gives
// it back exactly at this size, without copies.
const corpusSize = 5000

// rankingResult is the ranking phase: the judged queries (judged.go) asked
// of gazette, and of Pagefind over Hugo's output, on the whole corpus.
type rankingResult struct {
	status         string // "" when it ran; else "skipped: …" or "failed: …"
	queries        int
	gazette        map[string]*measures // by class; "" is every query
	pagefind       map[string]*measures // nil when Pagefind did not run
	pagefindStatus string               // why not, when it did not
	misses         []string             // queries whose best document gazette did not put first
	took           time.Duration
}

// measureRanking builds the whole corpus, asks gazette serve every judged
// query (/api/search, first page of ten), then, when the peers run, builds
// it with Hugo and Pagefind and asks Pagefind the same queries in headless
// Chromium.
func measureRanking(ctx context.Context, cfg *config, e *env, logw io.Writer) (res *rankingResult) {
	start := time.Now()
	res = &rankingResult{}
	r := &runner{ctx: ctx, timeout: cfg.timeout, logw: logw, n: corpusSize}
	defer func() {
		res.took = time.Since(start)
		r.logf("ranking done in %v", res.took.Round(time.Second))
	}()
	qs, err := readJudged(filepath.Join(e.root, "cmd", "gazette-bench", judgedDir))
	if err != nil {
		res.status = "failed: " + err.Error()
		return res
	}
	res.queries = len(qs)
	r.logf("ranking: preparing the corpus for %d judged queries", len(qs))
	t, err := prepareIn(ctx, e, corpusSize, "ranking")
	if err != nil {
		res.status = "failed: " + err.Error()
		return res
	}
	if !cfg.keep {
		defer os.RemoveAll(t.dir)
	}
	if err := t.clean(0); err != nil {
		res.status = "failed: " + err.Error()
		return res
	}
	if _, _, err := timeProc(ctx, cfg.timeout, t.build(e, cfg, "ranking", 0)); err != nil {
		res.status = "failed: gazette build: " + err.Error()
		return res
	}
	hits, err := gazetteRanking(ctx, e, t, qs)
	if err != nil {
		res.status = "failed: " + err.Error()
		return res
	}
	res.gazette = scoreAll(qs, hits)
	for i, q := range qs {
		if len(res.misses) < 12 && (len(hits[i]) == 0 || q.grades[hits[i][0]] != q.best()) {
			first := "nothing"
			if len(hits[i]) > 0 {
				first = hits[i][0]
			}
			res.misses = append(res.misses, fmt.Sprintf("%s %q: first %s", q.class, q.q, first))
		}
	}
	r.logf("ranking: gazette P@1 %.3f, MRR %.3f over %d queries", res.gazette[""].p1, res.gazette[""].mrr, len(qs))

	res.pagefindStatus = pagefindRanking(r, cfg, e, t, qs, res)
	return res
}

// gazetteRanking asks gazette serve each query and returns the slugs of
// the first page of hits.
func gazetteRanking(ctx context.Context, e *env, t *tree, qs []judged) ([][]string, error) {
	srv, err := startServe(ctx, e, t, "serve-ranking.log", 1, serveStartup)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	out := make([][]string, len(qs))
	for i, q := range qs {
		b, err := get(srv.client, fmt.Sprintf("http://%s/api/search?size=%d&q=%s", srv.addr, rankingCutoff, url.QueryEscape(q.q)))
		if err != nil {
			return nil, fmt.Errorf("gazette search %q: %w", q.q, err)
		}
		var body struct {
			Hits []struct {
				URL string `json:"url"`
			} `json:"hits"`
		}
		if err := json.Unmarshal(b, &body); err != nil {
			return nil, fmt.Errorf("gazette search %q: %w", q.q, err)
		}
		for _, h := range body.Hits {
			out[i] = append(out[i], slugOf(h.URL))
		}
	}
	return out, nil
}

// docPage is the path of a document page in Hugo's output (not an issue,
// year, organ or topic list).
var docPage = regexp.MustCompile(`^/gazette/\d{4}/\d{2}/[^/]+/$`)

// pagefindRanking measures Pagefind on the same queries into res.pagefind,
// or returns why it did not.
func pagefindRanking(r *runner, cfg *config, e *env, t *tree, qs []judged, res *rankingResult) string {
	if e.hugo == "" || e.pagefind == "" {
		return "skipped: " + e.peerNote
	}
	browser := chromium()
	if browser == "" {
		return "skipped: no Chromium to run Pagefind's search in (apt-get install chromium)"
	}
	if why := memoryGuard(t.n, e.pagefindMiBPerDoc); why != "" {
		return "skipped: " + why
	}
	r.logf("ranking: Hugo and Pagefind over the corpus")
	for _, p := range []proc{
		{dir: t.hugo, log: filepath.Join(t.logs, "hugo-ranking.log"), name: e.hugo,
			args: []string{"--quiet", "--source", t.hugo, "--destination", "public", "--cacheDir", filepath.Join(t.hugo, ".cache")}},
		{dir: t.hugo, log: filepath.Join(t.logs, "pagefind-ranking.log"), name: e.pagefind, args: []string{"--site", "public"}},
	} {
		if _, _, err := timeProc(r.ctx, cfg.timeout, p); err != nil {
			return "failed: " + err.Error()
		}
	}
	queries := make([]string, len(qs))
	for i, q := range qs {
		queries[i] = q.q
	}
	r.logf("ranking: Pagefind's search in Chromium")
	urls, err := pagefindSearch(r.ctx, browser, filepath.Join(t.hugo, "public"), queries)
	if err != nil {
		return "failed: " + err.Error()
	}
	hits := make([][]string, len(qs))
	for i, us := range urls {
		for _, u := range us {
			if docPage.MatchString(u) && len(hits[i]) < rankingCutoff {
				hits[i] = append(hits[i], slugOf(u))
			}
		}
	}
	res.pagefind = scoreAll(qs, hits)
	r.logf("ranking: Pagefind P@1 %.3f, MRR %.3f", res.pagefind[""].p1, res.pagefind[""].mrr)
	return ""
}

// scoreAll is the measures of every class, and of all queries under "".
func scoreAll(qs []judged, hits [][]string) map[string]*measures {
	m := map[string]*measures{"": {}}
	for i := range qs {
		q := &qs[i]
		if m[q.class] == nil {
			m[q.class] = &measures{}
		}
		m[q.class].score(q, hits[i])
		m[""].score(q, hits[i])
	}
	return m
}

// rankingTable is the ranking section of the report.
func (r *report) rankingTable() string {
	rk := r.ranking
	if rk == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n### Ranking: judged queries on the whole corpus (5,000 documents)\n\n")
	if rk.status != "" {
		fmt.Fprintf(&b, "%s\n", rk.status)
		return b.String()
	}
	b.WriteString("P@1: the document that should come first is first; MRR: mean of 1/rank of that document in the first ten;\n")
	b.WriteString("nDCG@10 over the graded judgements; no hit: the queries that found nothing at all, and their share. The queries and judgements are in\n")
	b.WriteString("`cmd/gazette-bench/testdata/ranking/`.\n\n")
	b.WriteString("| class | queries | gazette P@1 | gazette MRR | gazette nDCG@10 | gazette no hit | Pagefind P@1 | Pagefind MRR | Pagefind nDCG@10 | Pagefind no hit |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	cell := func(m map[string]*measures, class string, f func(*measures) float64) string {
		if m == nil || m[class] == nil {
			return "—"
		}
		return fmt.Sprintf("%.3f", f(m[class]))
	}
	rowFor := func(label, class string) {
		n := 0
		if g := rk.gazette[class]; g != nil {
			n = g.n
		}
		fmt.Fprintf(&b, "| %s | %d |", label, n)
		for _, m := range []map[string]*measures{rk.gazette, rk.pagefind} {
			for _, f := range []func(*measures) float64{
				func(m *measures) float64 { return m.p1 },
				func(m *measures) float64 { return m.mrr },
				func(m *measures) float64 { return m.ndcg },
			} {
				fmt.Fprintf(&b, " %s |", cell(m, class, f))
			}
			if m == nil || m[class] == nil {
				b.WriteString(" — |")
			} else {
				fmt.Fprintf(&b, " %s |", zeroCell(m[class]))
			}
		}
		b.WriteString("\n")
	}
	for _, c := range rankingClasses {
		rowFor(c.label, c.name)
	}
	rowFor("**all**", "")
	return b.String()
}

// zeroCell is how many queries found nothing, and their share.
func zeroCell(m *measures) string {
	return fmt.Sprintf("%d (%.1f%%)", m.zero, 100*float64(m.zero)/float64(max(m.n, 1)))
}

// rankingNotes are the ranking phase's details for the notes.
func (r *report) rankingNotes() string {
	rk := r.ranking
	if rk == nil || rk.status != "" {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "- ranking: %d judged queries on the whole corpus, in %s (building it with gazette, and with Hugo and Pagefind when they ran).\n",
		rk.queries, dur(rk.took))
	if rk.pagefindStatus != "" {
		fmt.Fprintf(&b, "- ranking, Pagefind: %s\n", rk.pagefindStatus)
	}
	if g := rk.gazette; g != nil {
		n, zero := 0, 0
		for class, m := range g {
			if class != "" && class != "hand" {
				n += m.n
				zero += m.zero
			}
		}
		fmt.Fprintf(&b, "- ranking, zero-result rate of the queries generated from the documents (every class but hand): %d of %d (%.1f%%).\n",
			zero, n, 100*float64(zero)/float64(max(n, 1)))
	}
	for _, m := range rk.misses {
		fmt.Fprintf(&b, "- ranking, gazette's first hit is not the best document: %s\n", m)
	}
	return b.String()
}
