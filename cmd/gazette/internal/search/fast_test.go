package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestFastPathSameResults asks the same searches of one word with the
// fast path (fastMatch) and with the general one (match), on the corpus
// sample and on an index of several segments, and wants the same page,
// total and facets from both.
func TestFastPathSameResults(t *testing.T) {
	ix, docs := corpusIndex(t)
	queries := fastQueries(docs)
	if len(queries) < 100 {
		t.Fatalf("%d queries", len(queries))
	}
	compareFast(t, ix, queries)

	// Several segments: the sample, then a tenth of it changed.
	recs := records(docs)
	tmp := t.TempDir()
	prev := filepath.Join(tmp, "prev")
	if _, err := Build(context.Background(), "", prev, recs); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(recs); i += 10 {
		recs[i].Title += "（修訂）"
		recs[i].Hash += "'"
	}
	next := filepath.Join(tmp, "next")
	if _, err := Build(context.Background(), prev, next, recs); err != nil {
		t.Fatal(err)
	}
	multi, err := Open(next)
	if err != nil {
		t.Fatal(err)
	}
	defer multi.Close()
	if len(multi.segs) < 2 {
		t.Fatalf("the incremental index has %d segment", len(multi.segs))
	}
	compareFast(t, multi, append(queries, "修訂", "修订"))
}

// fastQueries are words of the sample's titles, names and 文號, in both
// scripts, some with a page beyond the first.
func fastQueries(docs []corpusDoc) []string {
	rng := rand.New(rand.NewPCG(3, 14))
	qs := []string{"法", "条例", "中华人民共和国", "刑法", "森林法", "條例", "人民", "的", "本", "办法 -条例", `"实施条例"`}
	for len(qs) < 160 {
		d := docs[rng.IntN(len(docs))]
		rs := []rune(d.Title)
		switch k := rng.IntN(4); {
		case k == 0 && d.DocNumber != "":
			qs = append(qs, d.DocNumber)
		case k == 1:
			qs = append(qs, d.Title)
		default:
			n := 1 + rng.IntN(4)
			if len(rs) >= n {
				i := rng.IntN(len(rs) - n + 1)
				qs = append(qs, string(rs[i:i+n]))
			}
		}
	}
	return qs
}

func compareFast(t *testing.T, ix *Index, queries []string) {
	t.Helper()
	fast := ix.fast
	defer func() { ix.fast = fast }()
	cache := ix.cache
	ix.cache = nil
	defer func() { ix.cache = cache }()
	used := 0
	for i, text := range queries {
		in := []string{InAll, InTitle, InNumber}[i%3]
		for _, page := range []int{1, 3} {
			q := Query{Text: text, In: in, Page: page, Size: 10}
			ix.fast = fast
			a := mustSearch(t, ix, q)
			ix.fast = nil
			b := mustSearch(t, ix, q)
			if len(parseText(ix.c, ix.lex, text).must) == 1 {
				used++
			}
			if a.Total != b.Total || !reflect.DeepEqual(hitIDs(a), hitIDs(b)) || !reflect.DeepEqual(a.Facets, b.Facets) {
				t.Errorf("%q in=%s page %d: fast path %d hits %v, general %d hits %v%s", text, in, page, a.Total, hitIDs(a), b.Total, hitIDs(b),
					facetDiff(a.Facets, b.Facets))
			}
		}
	}
	if used < 100 {
		t.Errorf("the fast path served %d searches, want at least 100", used)
	}
}

func facetDiff(a, b []Facet) string {
	for i := range a {
		if i < len(b) && !slices.EqualFunc(a[i].Values, b[i].Values, func(x, y FacetValue) bool { return x == y }) {
			return fmt.Sprintf("; facet %s: %v vs %v", a[i].Field, a[i].Values, b[i].Values)
		}
	}
	return ""
}
