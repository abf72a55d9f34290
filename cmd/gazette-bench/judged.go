package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The judged query set: queries with the corpus documents that should come
// first, for the ranking measures. testdata/ranking/generated.txt (from the
// corpus's titles) and typed.txt (from titles and bodies, typed the way
// people type Chinese) are written by TestJudgedQueries (go test -run
// TestJudgedQueries -update); testdata/ranking/hand.txt is written by hand.
//
// One query a line, tab-separated: class, query, judgements, and (by hand)
// why. Judgements are slug:grade, space-separated, the slug being the
// document's file name in the corpus without .md:
//
//	3  the document that should come first (several when any of them is
//	   right: the same act in both jurisdictions, two versions both in force)
//	2  the same document in another version (superseded, repealed), or the
//	   same name with another country's prefix
//	1  a document derived from it: its implementing rules, amendment or
//	   interpretation
//
// Lines starting with # are comments.
const (
	judgedDir       = "testdata/ranking"
	judgedGenerated = "generated.txt"
	judgedTyped     = "typed.txt"
	judgedHand      = "hand.txt"
)

// judged is one judged query.
type judged struct {
	class, q string
	grades   map[string]int // slug → grade
	why      string
}

// rankingClasses are the query classes in report order, with what each
// holds.
var rankingClasses = []struct{ name, label string }{
	{"name", "short name (刑法)"},
	{"title", "full title"},
	{"split", "title split by a space"},
	{"quoted", "title in 《》"},
	{"script", "title or name in the other script"},
	{"docnum", "文號 in a variant spelling"},
	{"organ", "organ + topic word"},
	{"year", "year + subject"},
	{"hand", "written by hand"},
	{"fragment", "a clause without its punctuation"},
	{"fragscript", "a clause in the other script"},
	{"amend", "amendment or interpretation by its usual name"},
	{"article", "law + article as one run"},
}

// readJudged reads the judged query set from dir (the module's
// cmd/gazette-bench/testdata/ranking).
func readJudged(dir string) ([]judged, error) {
	var all []judged
	for _, name := range []string{judgedGenerated, judgedTyped, judgedHand} {
		qs, err := readJudgedFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		all = append(all, qs...)
	}
	return all, nil
}

func readJudgedFile(path string) ([]judged, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []judged
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 || len(cols) > 4 {
			return nil, fmt.Errorf("%s:%d: want class, query, judgements and an optional why, tab-separated", path, n)
		}
		j := judged{class: cols[0], q: cols[1], grades: map[string]int{}}
		if len(cols) == 4 {
			j.why = cols[3]
		}
		if !slices.ContainsFunc(rankingClasses, func(c struct{ name, label string }) bool { return c.name == j.class }) {
			return nil, fmt.Errorf("%s:%d: unknown class %q", path, n, j.class)
		}
		for _, sg := range strings.Fields(cols[2]) {
			slug, g, ok := strings.Cut(sg, ":")
			grade, err := strconv.Atoi(g)
			if !ok || err != nil || grade < 1 || grade > 3 {
				return nil, fmt.Errorf("%s:%d: judgement %q: want slug:grade, grade 1 to 3", path, n, sg)
			}
			j.grades[slug] = grade
		}
		if j.best() == 0 {
			return nil, fmt.Errorf("%s:%d: no judgement", path, n)
		}
		out = append(out, j)
	}
	return out, sc.Err()
}

// best is the highest grade of q's documents.
func (q *judged) best() int {
	b := 0
	for _, g := range q.grades {
		b = max(b, g)
	}
	return b
}

// rankingCutoff is how many hits the measures look at.
const rankingCutoff = 10

// measures are the ranking figures of a set of queries.
type measures struct {
	n             int
	p1, mrr, ndcg float64 // means over the queries
	zero          int     // queries that found nothing at all
}

// score adds the measures of one query whose hits (slugs, best first) a
// search returned: P@1 (the first hit has the query's best grade), the
// reciprocal rank of the first such hit in the first ten, and nDCG@10 with
// gains 2^grade − 1.
func (m *measures) score(q *judged, hits []string) {
	hits = hits[:min(len(hits), rankingCutoff)]
	if len(hits) == 0 {
		m.zero++
	}
	best := q.best()
	var rr, dcg float64
	for i, slug := range hits {
		g := q.grades[slug]
		if g == best && rr == 0 {
			rr = 1 / float64(i+1)
		}
		dcg += (math.Exp2(float64(g)) - 1) / math.Log2(float64(i+2))
	}
	var ideal []int
	for _, g := range q.grades {
		ideal = append(ideal, g)
	}
	slices.Sort(ideal)
	slices.Reverse(ideal)
	var idcg float64
	for i, g := range ideal[:min(len(ideal), rankingCutoff)] {
		idcg += (math.Exp2(float64(g)) - 1) / math.Log2(float64(i+2))
	}
	p1 := 0.0
	if rr == 1 {
		p1 = 1
	}
	// Running means, so that an empty set stays zero.
	m.n++
	m.p1 += (p1 - m.p1) / float64(m.n)
	m.mrr += (rr - m.mrr) / float64(m.n)
	m.ndcg += (dcg/idcg - m.ndcg) / float64(m.n)
}

// slugOf is the document slug of a result URL: its last path segment.
func slugOf(url string) string {
	url = strings.TrimSuffix(url, "/")
	url = strings.TrimSuffix(url, "/index.html")
	if i := strings.LastIndexByte(url, '/'); i >= 0 {
		url = url[i+1:]
	}
	return strings.TrimSuffix(url, ".html")
}
