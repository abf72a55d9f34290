package search

import (
	"context"
	"errors"
	"fmt"
	"gazette/cmd/gazette/internal/search/internal/store"
	"gazette/cmd/gazette/internal/zh"
	"html/template"
	"slices"
	"time"
)

// ErrNoIndex is wrapped by the error Open returns when dir holds no usable
// index (missing, corrupt, or of another schema), so a server can answer 503.
var ErrNoIndex = errors.New("no search index")

// Index is an open, read-only index. It is safe for concurrent use.
type Index struct {
	rd    *store.Reader
	segs  []store.Segment // its segments
	t     *docTable
	fast  *fastTables // nil: no fast path
	lex   lexicon     // the names queries are split by
	c     *zh.Converter
	cache *resultCache
}

// OpenOptions configure an open Index.
type OpenOptions struct {
	// NoCache turns the results cache off, so that every search reads the
	// index: what a benchmark of the index measures. Keep it on in
	// production, where people repeat searches.
	NoCache bool
}

// Open opens the index in dir read-only.
func Open(dir string) (*Index, error) { return OpenWith(dir, OpenOptions{}) }

// OpenWith opens the index in dir read-only, with options.
func OpenWith(dir string, opt OpenOptions) (*Index, error) {
	c, err := zh.T2S()
	if err != nil {
		return nil, fmt.Errorf("opening search index %s: %w", dir, err)
	}
	rd, err := store.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("opening search index %s: %w: %v", dir, ErrNoIndex, err)
	}
	if v, err := rd.Internal(schemaKey); err != nil || string(v) != schemaVersion {
		rd.Close()
		return nil, fmt.Errorf("opening search index %s: %w: schema %q, want %q", dir, ErrNoIndex, v, schemaVersion)
	}
	ix := &Index{rd: rd, segs: rd.Segments(), c: c}
	if !opt.NoCache {
		ix.cache = newResultCache(cacheSize)
	}
	if ix.t, err = loadTable(rd); err != nil {
		rd.Close()
		return nil, fmt.Errorf("opening search index %s: %w: %v", dir, ErrNoIndex, err)
	}
	ix.fast = newFastTables(ix.t, ix.segs)
	var topics []string
	for _, v := range ix.t.vals[facetTopic] {
		topics = append(topics, canonical(c, v))
	}
	ix.lex = newLexicon(ix.t, topics)
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.rd.Close() }

// Results is one page of hits with the facets of the whole result.
type Results struct {
	Query Query // as normalised (defaults filled in)
	Total int   // documents matching the query as typed, over all pages
	// Relaxed, when the query as typed matched nothing (Total is 0), are
	// the words (or the pairs of characters of a word) left out to find
	// the Hits shown instead: the page should say so. Nil when nothing
	// was left out.
	Relaxed []string
	Took    time.Duration
	Hits    []Hit
	Facets  []Facet // section, organ, topic, category, year, validity
}

// Hit is one matching document.
type Hit struct {
	URL, Title, Section, DocNumber, IndexNumber, Organ, Category, Validity string
	Lang                                                                   string    // the script Title and Snippet are in: zh-Hant or zh-Hans
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

// Search runs q under ctx. A bad q is a *QueryError.
//
// The text is matched from the postings of the index (match.go): every
// match is checked against the filters and counted into the facets from the
// docTable, with its rank key (rank.go); then only the hits that can make
// the page are scored and ordered, and only the hits of the page load
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
	p := parseText(ix.c, ix.lex, q.Text)
	in := inAll
	switch q.In {
	case InTitle:
		in = inTitle
	case InNumber:
		in = inNumber
	}
	col, err := ix.collect(ctx, q, &p, in)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	var relaxed []string
	if col.total == 0 && len(p.must) > 0 {
		if relaxed, err = ix.relax(ctx, &p, in); err != nil {
			col.release()
			return nil, fmt.Errorf("searching: %w", err)
		}
		if relaxed != nil {
			col.release()
			if col, err = ix.collect(ctx, q, &p, in); err != nil {
				return nil, fmt.Errorf("searching: %w", err)
			}
			if col.total == 0 {
				relaxed = nil // the filters leave nothing either way
			}
		}
	}
	defer col.release()

	out := &Results{Query: q, Total: col.total, Relaxed: relaxed}
	if relaxed != nil {
		out.Total = 0 // nothing matches the query as typed
	}
	for _, c := range col.page((q.Page-1)*q.Size, q.Size) {
		h, err := ix.hit(c, &p)
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

// collect matches p in a new collector and ranks its hits.
func (ix *Index) collect(ctx context.Context, q Query, p *parsed, in where) (*collector, error) {
	col := ix.newCollector(q)
	if len(p.must) == 0 && len(p.not) == 0 && p.key == "" {
		// No text: every document, newest first.
		col.byDate = true
		for i, n := range ix.t.byDate {
			if i&1023 == 0 && ctx.Err() != nil {
				col.release()
				return nil, ctx.Err()
			}
			col.add(n, 0)
		}
		return col, nil
	}
	if len(p.must) == 0 {
		col.byDate = true
	}
	match := ix.match
	if ix.fast != nil && len(p.must) == 1 && !col.anyFilter && !col.byDate {
		match = ix.fastMatch
	}
	err := match(ctx, p, in, col)
	if err == nil && !col.byDate {
		err = ix.rankHits(ctx, p, in, col)
	}
	if err == nil && !col.byDate && in.body {
		err = ix.preferClose(p, col)
	}
	if err != nil {
		col.release()
		return nil, err
	}
	return col, nil
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

// hit loads the stored fields of a hit straight from its segment and makes
// its snippet.
func (ix *Index) hit(c cand, p *parsed) (Hit, error) {
	t := ix.t
	val := func(field string) string {
		f := slices.Index(facetFields, field)
		if o := t.ord[c.doc][f]; o > 0 {
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
	si := ix.segmentOf(c.doc)
	local := uint32(uint64(c.doc) - ix.segs[si].Offset)
	// The snippet looks for the words the body has: one found only in
	// the heading would have it fold the whole body in vain.
	frags := p.inBody(si, local)
	err := ix.segs[si].VisitStored(local, func(field string, value []byte) bool {
		switch field {
		case fTitle:
			out.Title = string(value)
		case fBody:
			// value is the segment's buffer, valid during the visit.
			out.Snippet = snippetOf(ix.c, value, frags, snippetRunes)
		case fDocNumber:
			out.DocNumber = string(value)
		case fIndexNumber:
			out.IndexNumber = string(value)
		case fLang:
			out.Lang = string(value)
		}
		return true
	})
	return out, err
}

// segmentOf is the index in ix.segs of the segment holding document n.
func (ix *Index) segmentOf(n uint32) int {
	i := len(ix.segs) - 1
	for i > 0 && uint64(n) < ix.segs[i].Offset {
		i--
	}
	return i
}

// Values returns every value of a faceted field (section, organ, topic,
// category, year, validity) in the index, in byte order: the choices a
// search form offers.
func (ix *Index) Values(field string) []string {
	f := slices.Index(facetFields, field)
	if f < 0 {
		return nil
	}
	return slices.Clone(ix.t.vals[f])
}
