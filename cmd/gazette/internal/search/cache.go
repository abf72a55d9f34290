package search

import (
	"container/list"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// cacheSize bounds the results cache of an Index: a page of hits with
// snippets and facets is a few kilobytes, so this is a few megabytes.
const cacheSize = 4096

// A resultCache keeps the most recently used Results by normalised query.
// An open index never changes, so a cached page is always right; a new
// build is a new Index with an empty cache.
type resultCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	res *Results
}

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns a copy of the cached Results for key, or nil.
func (c *resultCache) get(key string) *Results {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return cloneResults(e.Value.(*cacheEntry).res)
}

// put caches a copy of res under key.
func (c *resultCache) put(key string, res *Results) {
	if c == nil {
		return
	}
	res = cloneResults(res)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cacheEntry).res = res
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key, res})
	for c.order.Len() > c.max {
		e := c.order.Back()
		c.order.Remove(e)
		delete(c.byKey, e.Value.(*cacheEntry).key)
	}
}

// cloneResults copies res deeply enough that a caller changing its copy
// (hits, facets) cannot change the cached one.
func cloneResults(res *Results) *Results {
	out := *res
	out.Hits = slices.Clone(res.Hits)
	out.Facets = slices.Clone(res.Facets)
	n := 0
	for _, f := range res.Facets {
		n += len(f.Values)
	}
	vals := make([]FacetValue, 0, n) // one allocation for all of them
	for i, f := range out.Facets {
		vals = append(vals, f.Values...)
		out.Facets[i].Values = vals[len(vals)-len(f.Values) : len(vals) : len(vals)]
	}
	return &out
}

// cacheKey identifies a normalised query.
func (q Query) cacheKey() string {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	var b strings.Builder
	for _, s := range []string{q.Text, q.In, q.Section, q.Organ, q.Topic, q.Category, q.Validity, day(q.From), day(q.To), q.Sort} {
		b.WriteString(strconv.Itoa(len(s))) // length-prefixed: no two queries share a key
		b.WriteByte(':')
		b.WriteString(s)
	}
	b.WriteString(strconv.Itoa(q.Year))
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(q.Page))
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(q.Size))
	return b.String()
}
