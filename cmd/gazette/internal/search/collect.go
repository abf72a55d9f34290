package search

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// A cand is a matching document.
type cand struct {
	doc   uint32
	key   uint32  // tier and coverage (rankKey): smaller ranks first
	score float64 // body relevance, when computed
	group float64 // the best score among the candidates of its name
}

// A hit is a match that passed the filters, as collected.
type hit struct{ doc, key uint32 }

// A collector filters matches, counts facets and keeps the hits: all of
// them for relevance order (rankHits puts the best window in the heap),
// the best window of them in a heap (whose root is the worst) for date
// order.
type collector struct {
	t         *docTable
	byDate    bool
	filtered  [numFacets]bool
	want      [numFacets]uint16 // the ordinal a filtered field must have (0: a value not in the index)
	dated     bool
	from, to  int32 // inclusive days, when dated
	anyFilter bool  // a filter or a date range is set
	counts    [numFacets][]int
	total     int
	window    int
	all       []hit  // every hit, for relevance order
	hits      []cand // the heap of the best window
}

// allPool keeps the slices of every hit between searches: tens of
// thousands of them for a common word.
var allPool = sync.Pool{New: func() any { return new([]hit) }}

// release gives the collector's slice of all hits back to the pool.
func (c *collector) release() {
	if c.all != nil {
		all := c.all[:0]
		allPool.Put(&all)
		c.all = nil
	}
}

func (ix *Index) newCollector(q Query) *collector {
	c := &collector{t: ix.t, byDate: q.Sort == SortDate, window: q.Page * q.Size}
	c.all = (*allPool.Get().(*[]hit))[:0]
	for f, field := range facetFields {
		c.counts[f] = make([]int, len(ix.t.vals[f])+1)
		if v := q.filterValue(field); v != "" {
			c.filtered[f] = true
			c.want[f] = ix.t.byV[f][v]
		}
	}
	for _, f := range c.filtered {
		c.anyFilter = c.anyFilter || f
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		c.dated, c.anyFilter = true, true
		c.from, c.to = math.MinInt32+1, math.MaxInt32
		if !q.From.IsZero() {
			c.from = int32(dayOf(q.From).Unix() / 86400)
		}
		if !q.To.IsZero() {
			c.to = int32(dayOf(q.To).Unix() / 86400)
		}
	}
	return c
}

// add takes a match: a document passing every filter is a hit and counts in
// every facet; one failing only the filter on a faceted field counts in that
// facet (so a selected value shows its alternatives).
func (c *collector) add(doc, key uint32) {
	t := c.t
	if !c.anyFilter {
		c.count(doc)
		c.keep(doc, key)
		return
	}
	failed, nfail := 0, 0
	for f := range numFacets {
		if c.filtered[f] && (c.want[f] == 0 || t.ord[doc][f] != c.want[f]) {
			failed = f
			if nfail++; nfail > 1 {
				return
			}
		}
	}
	if c.dated {
		if d := t.day[doc]; d == noDay || d < c.from || d > c.to {
			return
		}
	}
	if nfail == 1 {
		c.counts[failed][t.ord[doc][failed]]++
		return
	}
	c.total++
	for f := range numFacets {
		c.counts[f][t.ord[doc][f]]++
	}
	c.keep(doc, key)
}

// count counts a hit of a collector without filters into the total and
// the facets (fastMatch keeps the hits that can make the page itself).
func (c *collector) count(doc uint32) {
	c.total++
	o := &c.t.ord[doc]
	for f := range numFacets {
		c.counts[f][o[f]]++
	}
}

// keep keeps a hit: in the heap of the window for date order, with every
// hit for relevance order.
func (c *collector) keep(doc, key uint32) {
	if c.byDate {
		c.push(cand{doc: doc, key: key})
	} else {
		c.all = append(c.all, hit{doc, key})
	}
}

// before reports whether a ranks before b. Relevance: the rank key (tier,
// then coverage), the best body relevance among documents of its name (so
// that documents of one name stay together), then validity (in force
// first), newest, ID. Date: newest, then the rank key, ID. No date is last.
func (c *collector) before(a, b cand) bool {
	t := c.t
	da, db := t.day[a.doc], t.day[b.doc]
	if c.byDate {
		if da != db {
			return da > db
		}
		if a.key != b.key {
			return a.key < b.key
		}
		return t.rank[a.doc] < t.rank[b.doc]
	}
	if a.key != b.key {
		return a.key < b.key
	}
	if a.group != b.group {
		return a.group > b.group
	}
	va, vb := t.validRank[t.ord[a.doc][facetValidity]], t.validRank[t.ord[b.doc][facetValidity]]
	if va != vb {
		return va < vb
	}
	if da != db {
		return da > db
	}
	return t.rank[a.doc] < t.rank[b.doc]
}

// push adds x to the heap of the best window.
func (c *collector) push(x cand) {
	h := c.hits
	if len(h) < c.window {
		h = append(h, x)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !c.before(h[p], h[i]) {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		c.hits = h
		return
	}
	if len(h) == 0 || !c.before(x, h[0]) {
		return
	}
	h[0] = x
	for i := 0; ; {
		l, r, worst := 2*i+1, 2*i+2, i
		if l < len(h) && c.before(h[worst], h[l]) {
			worst = l
		}
		if r < len(h) && c.before(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			break
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// page sorts the heap and returns the hits from off, at most size of them.
func (c *collector) page(off, size int) []cand {
	slices.SortFunc(c.hits, func(a, b cand) int {
		if c.before(a, b) {
			return -1
		}
		if c.before(b, a) {
			return 1
		}
		return 0
	})
	if off >= len(c.hits) {
		return nil
	}
	return c.hits[off:min(len(c.hits), off+size)]
}

// facet returns the facetSize most frequent values of facet f (count
// descending, then value), the selected value always among them.
func (c *collector) facet(f int, field, selected string) Facet {
	out := Facet{Field: field}
	var top []FacetValue
	for o, n := range c.counts[f] {
		if o > 0 && n > 0 {
			top = append(top, FacetValue{Value: c.t.vals[f][o-1], Count: n})
		}
	}
	slices.SortFunc(top, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	found := false
	for _, v := range top[:min(len(top), facetSize)] {
		v.Selected = v.Value == selected
		found = found || v.Selected
		out.Values = append(out.Values, v)
	}
	if selected != "" && !found {
		// Keep the selection visible (so it can be removed) even when it
		// matches nothing or falls outside the top values.
		out.Values = append(out.Values, FacetValue{Value: selected, Selected: true})
	}
	return out
}
