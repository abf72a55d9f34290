package search

import (
	"context"
	"reflect"
	"testing"
)

// TestSearchCache checks that a cached search gives what an uncached one
// gives, and that a caller changing its Results cannot change the cache.
func TestSearchCache(t *testing.T) {
	ix, _ := buildIndex(t, smallCorpus())
	queries := []Query{{}, {Text: "长春"}, {Text: "市", Sort: SortDate, Size: 3, Page: 2}, {Text: "政府", Section: "gazette", Year: 2024}}
	cache := ix.cache
	for _, q := range queries {
		ix.cache = nil
		want := mustSearch(t, ix, q)
		ix.cache = cache
		for range 2 {
			got := mustSearch(t, ix, q)
			got.Took, want.Took = 0, 0
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%+v: cached\n%+v\nwant\n%+v", q, got, want)
			}
			if len(got.Hits) > 0 {
				got.Hits[0].Title = "changed"
			}
			if len(got.Facets) > 0 && len(got.Facets[0].Values) > 0 {
				got.Facets[0].Values[0].Count = -1
			}
		}
	}
	if _, err := ix.Search(context.Background(), Query{Text: "x", Page: 2000, Size: 50}); err == nil {
		t.Error("a query beyond MaxWindow succeeded")
	}
	if k1, k2 := (Query{Organ: "a", Topic: "b"}).cacheKey(), (Query{Organ: "a\x00b"}).cacheKey(); k1 == k2 {
		t.Error("two queries share a cache key")
	}
}
