package search

import (
	"context"
	"errors"
	"fmt"
	"gazette/cmd/gazette/internal/zh"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// ErrNoIndex is wrapped by the error Open returns when dir holds no usable
// index (missing, corrupt, or of another schema), so a server can answer 503.
var ErrNoIndex = errors.New("no search index")

// Index is an open, read-only index. It is safe for concurrent use.
type Index struct {
	bi    bleve.Index
	r     index.IndexReader // the one snapshot of the read-only index
	t     *docTable
	c     *zh.Converter
	cache *resultCache
}

// Open opens the index in dir read-only.
func Open(dir string) (*Index, error) {
	c, err := zh.T2S()
	if err != nil {
		return nil, fmt.Errorf("opening search index %s: %w", dir, err)
	}
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("opening search index %s: %w: %v", dir, ErrNoIndex, err)
	}
	if v, err := bi.GetInternal([]byte(schemaKey)); err != nil || string(v) != schemaVersion {
		bi.Close()
		return nil, fmt.Errorf("opening search index %s: %w: schema %q, want %q", dir, ErrNoIndex, v, schemaVersion)
	}
	ix := &Index{bi: bi, c: c, cache: newResultCache(cacheSize)}
	adv, err := bi.Advanced()
	if err == nil {
		ix.r, err = adv.Reader()
	}
	if err == nil {
		if ix.t, err = loadTable(ix.r); err != nil {
			ix.r.Close()
		}
	}
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("opening search index %s: %w: %v", dir, ErrNoIndex, err)
	}
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error {
	err := ix.r.Close()
	if cerr := ix.bi.Close(); err == nil {
		err = cerr
	}
	return err
}

// Results is one page of hits with the facets of the whole result.
type Results struct {
	Query  Query // as normalised (defaults filled in)
	Total  int   // documents matching, over all pages
	Took   time.Duration
	Hits   []Hit
	Facets []Facet // section, organ, topic, category, year, validity
}

// Hit is one matching document.
type Hit struct {
	URL, Title, Section, DocNumber, IndexNumber, Organ, Category, Validity string
	Date                                                                   time.Time // the publication day, midnight UTC; zero for pages
	// Snippet is an excerpt of the body in the document's own script,
	// HTML-escaped, with matches wrapped in <mark>…</mark>.
	Snippet template.HTML
	Score   float64
}

// Facet counts the values of one field among the documents that match the
// query and every filter except the one on this field (so a selected value
// shows its alternatives).
type Facet struct {
	Field  string
	Values []FacetValue
}

// FacetValue is one value of a facet.
type FacetValue struct {
	Value    string
	Count    int
	Selected bool
}

// facetSize is how many values of each facet are returned.
const facetSize = 20

// facetFields are the faceted fields, in the order of Results.Facets.
var facetFields = []string{fSection, fOrgan, fTopic, fCategory, fYear, fValidity}

// Text query boosts: a title match outranks a body match; a query that is a
// document's 文號 or 索引號 puts that document first.
const (
	boostTitle = 4.0
	boostRefs  = 2.0
	boostBody  = 1.0
	boostKey   = 1000.0
)

// Search runs q under ctx. A bad q is a *QueryError.
//
// The text query (without the filters) runs once; every match is checked
// against the filters and counted into the facets from the docTable, and the
// best (page × size) are kept in a heap. Only the hits of the page load
// stored fields. Results are cached per normalised query: the index never
// changes once open.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	start := time.Now()
	q, err := q.normalize()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	key := q.cacheKey()
	if res := ix.cache.get(key); res != nil {
		res.Took = time.Since(start)
		return res, nil
	}
	words := ix.queryWords(q.Text)
	col := ix.newCollector(q)
	if q.Text == "" {
		for i, n := range ix.t.byDate {
			if i&1023 == 0 && ctx.Err() != nil {
				return nil, fmt.Errorf("searching: %w", ctx.Err())
			}
			col.add(n, 1)
		}
	} else if err := ix.collect(ctx, ix.textQuery(q.Text, words), col); err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}

	out := &Results{Query: q, Total: col.total}
	for _, c := range col.page((q.Page-1)*q.Size, q.Size) {
		h, err := ix.hit(c, words)
		if err != nil {
			return nil, fmt.Errorf("searching: %w", err)
		}
		out.Hits = append(out.Hits, h)
	}
	for f, field := range facetFields {
		out.Facets = append(out.Facets, col.facet(f, field, q.filterValue(field)))
	}
	ix.cache.put(key, out)
	out.Took = time.Since(start)
	return out, nil
}

// collect runs the text query tq and adds every match to col.
func (ix *Index) collect(ctx context.Context, tq query.Query, col *collector) (err error) {
	s, err := tq.Searcher(ctx, ix.r, ix.bi.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0),
		IndexReader:       ix.r,
	}
	for i := 0; ; i++ {
		if i&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		n := dm.IndexInternalID.Value()
		if n < uint64(len(ix.t.ids)) && ix.t.ids[n] != "" {
			col.add(uint32(n), dm.Score)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}

// A cand is a matching document: its number and score.
type cand struct {
	score float64
	doc   uint32
}

// A collector filters matches, counts facets and keeps the best window of
// hits in a heap whose root is the worst of them.
type collector struct {
	t        *docTable
	byDate   bool
	filtered [numFacets]bool
	want     [numFacets]uint16 // the ordinal a filtered field must have (0: a value not in the index)
	dated    bool
	from, to int32 // inclusive days, when dated
	counts   [numFacets][]int
	total    int
	window   int
	heap     []cand
}

func (ix *Index) newCollector(q Query) *collector {
	c := &collector{t: ix.t, byDate: q.Sort == SortDate || q.Text == "", window: q.Page * q.Size}
	for f, field := range facetFields {
		c.counts[f] = make([]int, len(ix.t.vals[f])+1)
		if v := q.filterValue(field); v != "" {
			c.filtered[f] = true
			c.want[f] = ix.t.byV[f][v]
		}
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		c.dated = true
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
func (c *collector) add(doc uint32, score float64) {
	t := c.t
	failed, nfail := 0, 0
	for f := range numFacets {
		if c.filtered[f] && (c.want[f] == 0 || t.ord[f][doc] != c.want[f]) {
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
		c.counts[failed][t.ord[failed][doc]]++
		return
	}
	c.total++
	for f := range numFacets {
		c.counts[f][t.ord[f][doc]]++
	}
	c.push(cand{score, doc})
}

// before reports whether a ranks before b: relevance (score, then newest,
// then ID) or date order (newest, then score, then ID); no date is last.
func (c *collector) before(a, b cand) bool {
	da, db := c.t.day[a.doc], c.t.day[b.doc]
	if c.byDate {
		if da != db {
			return da > db
		}
		if a.score != b.score {
			return a.score > b.score
		}
	} else {
		if a.score != b.score {
			return a.score > b.score
		}
		if da != db {
			return da > db
		}
	}
	return c.t.rank[a.doc] < c.t.rank[b.doc]
}

func (c *collector) push(x cand) {
	h := c.heap
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
		c.heap = h
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

// page returns the hits from off, at most size of them, in order.
func (c *collector) page(off, size int) []cand {
	slices.SortFunc(c.heap, func(a, b cand) int {
		if c.before(a, b) {
			return -1
		}
		if c.before(b, a) {
			return 1
		}
		return 0
	})
	if off >= len(c.heap) {
		return nil
	}
	return c.heap[off:min(len(c.heap), off+size)]
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

// queryWords splits query text into folded words (white space separates
// words; each word must match).
func (ix *Index) queryWords(text string) []string {
	return strings.Fields(zh.Fold(text))
}

// textQuery is the query for the text: every word must be found in the title,
// the 文號/索引號 or the body, each word as a phrase of its grams; or the
// whole text is a document's normalised 文號 or 索引號.
func (ix *Index) textQuery(text string, words []string) query.Query {
	if text == "" {
		return bleve.NewMatchAllQuery()
	}
	var must []query.Query
	for _, w := range words {
		terms := queryTerms(w)
		if len(terms) == 0 {
			continue
		}
		must = append(must, bleve.NewDisjunctionQuery(
			gramQuery(terms, fTitle, boostTitle, true),
			gramQuery(terms, fRefs, boostRefs, true),
			gramQuery(terms, fBody, boostBody, false),
		))
	}
	var alts []query.Query
	if len(must) == 1 {
		alts = append(alts, must[0])
	} else if len(must) > 1 {
		alts = append(alts, bleve.NewConjunctionQuery(must...))
	}
	if k := zh.DocNumberKey(text); k != "" {
		kq := bleve.NewTermQuery(k)
		kq.SetField(fKey)
		kq.SetBoost(boostKey)
		alts = append(alts, kq)
	}
	switch len(alts) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		return alts[0]
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// gramQuery finds the terms of one query word in field: a phrase where the
// field has positions, else all of the terms.
func gramQuery(terms []string, field string, boost float64, positions bool) query.Query {
	term := func(t string) *query.TermQuery {
		q := bleve.NewTermQuery(t)
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	switch {
	case len(terms) == 1:
		return term(terms[0])
	case positions:
		q := bleve.NewPhraseQuery(terms, field)
		q.SetBoost(boost)
		return q
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		qs[i] = term(t)
	}
	return bleve.NewConjunctionQuery(qs...)
}

func (q Query) filterValue(field string) string {
	switch field {
	case fSection:
		return q.Section
	case fOrgan:
		return q.Organ
	case fTopic:
		return q.Topic
	case fCategory:
		return q.Category
	case fValidity:
		return q.Validity
	case fYear:
		if q.Year != 0 {
			return fmt.Sprintf("%04d", q.Year)
		}
	}
	return ""
}

func (ix *Index) hit(c cand, words []string) (Hit, error) {
	t := ix.t
	val := func(field string) string {
		f := slices.Index(facetFields, field)
		if o := t.ord[f][c.doc]; o > 0 {
			return t.vals[f][o-1]
		}
		return ""
	}
	out := Hit{
		URL:      t.ids[c.doc],
		Section:  val(fSection),
		Organ:    val(fOrgan),
		Category: val(fCategory),
		Validity: val(fValidity),
		Score:    c.score,
	}
	if d := t.day[c.doc]; d != noDay {
		out.Date = time.Unix(int64(d)*86400, 0).UTC()
	}
	doc, err := ix.r.Document(out.URL)
	if err != nil {
		return out, err
	}
	var body string
	if doc != nil {
		doc.VisitFields(func(f index.Field) {
			switch f.Name() {
			case fTitle:
				out.Title = string(f.Value())
			case fBody:
				body = string(f.Value())
			case fDocNumber:
				out.DocNumber = string(f.Value())
			case fIndexNumber:
				out.IndexNumber = string(f.Value())
			}
		})
	}
	out.Snippet = snippet(ix.c, body, words, snippetRunes)
	return out, nil
}
