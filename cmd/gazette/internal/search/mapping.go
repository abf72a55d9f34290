package search

import (
	"gazette/cmd/gazette/internal/zh"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names in the index.
const (
	fTitle       = "title"        // text, stored: searched (boosted), displayed
	fBody        = "body"         // text, stored: searched, snippets
	fRefs        = "refs"         // text: 文號 and 索引號 as words, for partial matches
	fKey         = "key"          // keyword: normalised 文號 and 索引號, exact look-up
	fDocNumber   = "doc_number"   // stored only
	fIndexNumber = "index_number" // stored only
	fSection     = "section"      // keyword
	fOrgan       = "organ"        // keyword
	fTopic       = "topic"        // keyword
	fCategory    = "category"     // keyword
	fValidity    = "validity"     // keyword
	fYear        = "year"         // keyword (four digits)
	fDate        = "date"         // datetime: range filter, sort
)

// schemaVersion names the mapping and analysis. Build starts from scratch
// when the previous index has another one, and Open refuses it, so changing
// the analysis means bumping this.
const schemaVersion = "gazette-search/3"

// buildMapping is the one place the index layout is defined.
//
// Text fields are analysed by textAnalyzer (fold, then unigrams and bigrams)
// without doc values (nothing sorts or facets on them). Title and 文號 have
// term vectors, so that a query of three or more characters is a phrase of
// bigrams there; the body has none, and there the bigrams must all occur,
// not necessarily together. Term vectors on the body multiplied the index
// size by four (7× the text instead of 1.6×) and indexing time by 1.5 on
// the corpus, for a precision gain that TestCorpusRecall measures as small.
// Keyword fields and the date are indexed only, without doc values or
// stored values: Open reads their postings once into a docTable, from which
// searches filter, facet, sort and display them. Only the text a hit
// displays is stored. Nothing is dynamic: a field not listed here is
// neither indexed nor stored.
func buildMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	err := im.AddCustomAnalyzer(textAnalyzer, map[string]interface{}{
		"type":         custom.Name,
		"char_filters": []string{foldFilterName},
		"tokenizer":    tokenizerName,
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = textAnalyzer
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	field := func(typ, analyzer string, index, store, vectors, docValues bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{
			Type: typ, Analyzer: analyzer,
			Index: index, Store: store, IncludeTermVectors: vectors, DocValues: docValues,
			IncludeInAll: false,
		}
	}
	text := func(store, vectors bool) *mapping.FieldMapping {
		return field("text", textAnalyzer, true, store, vectors, false)
	}
	kw := func() *mapping.FieldMapping { return field("text", keyword.Name, true, false, false, false) }
	storedOnly := field("text", keyword.Name, false, true, false, false)

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fTitle, text(true, true))
	doc.AddFieldMappingsAt(fBody, text(true, false))
	doc.AddFieldMappingsAt(fRefs, text(false, true))
	doc.AddFieldMappingsAt(fKey, kw())
	doc.AddFieldMappingsAt(fDocNumber, storedOnly)
	doc.AddFieldMappingsAt(fIndexNumber, storedOnly)
	doc.AddFieldMappingsAt(fSection, kw())
	doc.AddFieldMappingsAt(fOrgan, kw())
	doc.AddFieldMappingsAt(fTopic, kw())
	doc.AddFieldMappingsAt(fCategory, kw())
	doc.AddFieldMappingsAt(fValidity, kw())
	doc.AddFieldMappingsAt(fYear, kw())
	doc.AddFieldMappingsAt(fDate, field("datetime", "", true, false, false, false))
	// No composite _all field: every query names its fields.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	im.TypeMapping = nil
	return im, im.Validate()
}

// indexDoc is a Record in the shape of the mapping: only non-empty fields.
func indexDoc(r *Record) map[string]interface{} {
	d := make(map[string]interface{}, 16)
	set := func(name, v string) {
		if v != "" {
			d[name] = v
		}
	}
	set(fTitle, r.Title)
	set(fBody, r.Body)
	set(fDocNumber, r.DocNumber)
	set(fIndexNumber, r.IndexNumber)
	set(fSection, r.Section)
	set(fOrgan, r.Organ)
	set(fTopic, r.Topic)
	set(fCategory, r.Category)
	set(fValidity, r.Validity)
	var refs, keys []string
	for _, n := range []string{r.DocNumber, r.IndexNumber} {
		if n == "" {
			continue
		}
		refs = append(refs, n)
		if k := zh.DocNumberKey(n); k != "" {
			keys = append(keys, k)
		}
	}
	if len(refs) > 0 {
		d[fRefs] = refs
	}
	if len(keys) > 0 {
		d[fKey] = keys
	}
	if !r.Date.IsZero() {
		day := dayOf(r.Date)
		d[fDate] = day
		d[fYear] = day.Format("2006")
	}
	return d
}

// dayOf is the calendar day of t (in t's own location) as midnight UTC: dates
// are indexed, filtered and returned as days, so that from/to parameters
// compare days whatever the time zone of the source.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
