package search

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrNoIndex is wrapped by the error Open returns when dir holds no usable
// index (missing, corrupt, or of another schema), so a server can answer 503.
var ErrNoIndex = errors.New("no search index")

// Index is an open, read-only index. It is safe for concurrent use.
type Index struct {
	bi bleve.Index
	c  *converter
}

// Open opens the index in dir read-only.
func Open(dir string) (*Index, error) {
	c, err := t2s()
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
	return &Index{bi: bi, c: c}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.bi.Close() }

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

// storedFields are loaded for each hit.
var storedFields = []string{fTitle, fBody, fSection, fDocNumber, fIndexNumber, fOrgan, fCategory, fValidity, fDate}

// Search runs q under ctx. A bad q is a *QueryError.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	start := time.Now()
	q, err := q.normalize()
	if err != nil {
		return nil, err
	}
	words := ix.queryWords(q.Text)
	text := ix.textQuery(q.Text, words)
	filters := q.filters()

	req := bleve.NewSearchRequestOptions(withFilters(text, filters, ""), q.Size, (q.Page-1)*q.Size, false)
	req.Fields = storedFields
	if q.Sort == SortDate || q.Text == "" {
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fDate, Type: bsearch.SortFieldAsDate, Desc: true, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortScore{Desc: true},
			&bsearch.SortDocID{},
		})
	} else {
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortScore{Desc: true},
			&bsearch.SortField{Field: fDate, Type: bsearch.SortFieldAsDate, Desc: true, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	}
	for _, f := range facetFields {
		if filters[f] == nil {
			req.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
		}
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	facets := map[string]*bsearch.FacetResult{}
	for name, fr := range res.Facets {
		facets[name] = fr
	}
	// A filtered field's facet comes from the search without that filter.
	for _, f := range facetFields {
		if filters[f] == nil {
			continue
		}
		freq := bleve.NewSearchRequestOptions(withFilters(text, filters, f), 0, 0, false)
		freq.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
		fres, err := ix.bi.SearchInContext(ctx, freq)
		if err != nil {
			return nil, fmt.Errorf("searching: %w", err)
		}
		facets[f] = fres.Facets[f]
	}

	out := &Results{Query: q, Total: int(res.Total)}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, ix.hit(h, words))
	}
	for _, f := range facetFields {
		out.Facets = append(out.Facets, facet(f, facets[f], q.filterValue(f)))
	}
	out.Took = time.Since(start)
	return out, nil
}

// queryWords splits query text into folded words (white space separates
// words; each word must match).
func (ix *Index) queryWords(text string) []string {
	return strings.Fields(fold(ix.c, text))
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
	if k := normalizeDocNumber(ix.c, text); k != "" {
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

// filters returns the filter query of each filtered field (year and date
// range under fYear and fDate).
func (q Query) filters() map[string]query.Query {
	m := map[string]query.Query{}
	for _, f := range facetFields {
		if v := q.filterValue(f); v != "" {
			t := bleve.NewTermQuery(v)
			t.SetField(f)
			t.SetBoost(0.0001) // filters should not move relevance
			m[f] = t
		}
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		var from, to time.Time
		if !q.From.IsZero() {
			from = dayOf(q.From)
		}
		if !q.To.IsZero() {
			to = dayOf(q.To).AddDate(0, 0, 1)
		}
		incl, excl := true, false
		r := bleve.NewDateRangeInclusiveQuery(from, to, &incl, &excl)
		r.SetField(fDate)
		r.SetBoost(0.0001)
		m[fDate] = r
	}
	return m
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

// withFilters combines text with every filter except the one on field skip.
func withFilters(text query.Query, filters map[string]query.Query, skip string) query.Query {
	qs := []query.Query{text}
	for _, f := range append(facetFields[:len(facetFields):len(facetFields)], fDate) {
		if fq := filters[f]; fq != nil && f != skip {
			qs = append(qs, fq)
		}
	}
	if len(qs) == 1 {
		return text
	}
	return bleve.NewConjunctionQuery(qs...)
}

func facet(field string, fr *bsearch.FacetResult, selected string) Facet {
	f := Facet{Field: field}
	found := false
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			f.Values = append(f.Values, FacetValue{Value: t.Term, Count: t.Count, Selected: t.Term == selected})
			found = found || t.Term == selected
		}
	}
	if selected != "" && !found {
		// Keep the selection visible (so it can be removed) even when it
		// matches nothing or falls outside the top values.
		f.Values = append(f.Values, FacetValue{Value: selected, Selected: true})
	}
	return f
}

func (ix *Index) hit(h *bsearch.DocumentMatch, words []string) Hit {
	str := func(name string) string {
		s, _ := h.Fields[name].(string)
		return s
	}
	out := Hit{
		URL:         h.ID,
		Title:       str(fTitle),
		Section:     str(fSection),
		DocNumber:   str(fDocNumber),
		IndexNumber: str(fIndexNumber),
		Organ:       str(fOrgan),
		Category:    str(fCategory),
		Validity:    str(fValidity),
		Score:       h.Score,
	}
	if d := str(fDate); d != "" {
		if t, err := time.Parse(time.RFC3339, d); err == nil {
			out.Date = t.UTC()
		}
	}
	out.Snippet = snippet(ix.c, str(fBody), words, snippetRunes)
	return out
}
