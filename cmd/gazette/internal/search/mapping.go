package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"gazette/cmd/gazette/internal/zh"
)

// Field names in the index.
const (
	fTitle       = "title"        // text, stored: searched, ranked on, displayed
	fBody        = "body"         // text, stored: searched, snippets
	fRefs        = "refs"         // text: 文號 and 索引號 as words, for partial matches
	fKey         = "key"          // keyword: normalised 文號 and 索引號, exact look-up
	fDocNumber   = "doc_number"   // stored only
	fIndexNumber = "index_number" // stored only
	fLang        = "lang"         // stored only: the script a hit is written in
	fSection     = "section"      // keyword
	fOrgan       = "organ"        // keyword
	fTopic       = "topic"        // keyword
	fCategory    = "category"     // keyword
	fValidity    = "validity"     // keyword
	fYear        = "year"         // keyword (four digits)
	fDate        = "date"         // datetime: range filter, sort
	fTitleKey    = "title_key"    // keyword: the canonical title, read into the docTable for ranking
	fRefsKey     = "refs_key"     // keyword: the canonical 文號 and 索引號, for phrase checks
)

// schemaVersion names the mapping and analysis. Build starts from scratch
// when the previous index has another one, and Open refuses it, so changing
// the analysis means bumping this.
const schemaVersion = "gazette-search/5"

// buildMapping is the one place the index layout is defined.
//
// Text fields are analysed by textAnalyzer (fold, then unigrams and
// bigrams), the title and the 文號 by headingAnalyzer (the same, on their
// canonical form), without doc values (nothing sorts or facets on them) or
// term vectors: a search reads only which documents have a term (and, for
// the body's relevance, how often). Whether a word is whole in a title or a
// 文號 is checked on their canonical text, which Open reads into memory
// from the keyword fields title_key and refs_key; in the body the bigrams
// must all occur, not necessarily together. (Term vectors on the body
// multiplied the index size by four and indexing time by 1.5 on the
// corpus, for a precision gain that TestCorpusRecall measures as small.)
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
	err = im.AddCustomAnalyzer(headingAnalyzer, map[string]interface{}{
		"type":         custom.Name,
		"char_filters": []string{foldFilterName, canonFilterName},
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
	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		return field("text", analyzer, true, store, vectors, false)
	}
	kw := func() *mapping.FieldMapping { return field("text", keyword.Name, true, false, false, false) }
	storedOnly := field("text", keyword.Name, false, true, false, false)

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fTitle, text(headingAnalyzer, true, false))
	doc.AddFieldMappingsAt(fBody, text(textAnalyzer, true, false))
	doc.AddFieldMappingsAt(fRefs, text(headingAnalyzer, false, false))
	doc.AddFieldMappingsAt(fKey, kw())
	doc.AddFieldMappingsAt(fDocNumber, storedOnly)
	doc.AddFieldMappingsAt(fIndexNumber, storedOnly)
	doc.AddFieldMappingsAt(fLang, storedOnly)
	doc.AddFieldMappingsAt(fSection, kw())
	doc.AddFieldMappingsAt(fOrgan, kw())
	doc.AddFieldMappingsAt(fTopic, kw())
	doc.AddFieldMappingsAt(fCategory, kw())
	doc.AddFieldMappingsAt(fValidity, kw())
	doc.AddFieldMappingsAt(fYear, kw())
	doc.AddFieldMappingsAt(fDate, field("datetime", "", true, false, false, false))
	doc.AddFieldMappingsAt(fTitleKey, kw())
	doc.AddFieldMappingsAt(fRefsKey, kw())
	// No composite _all field: every query names its fields.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	im.TypeMapping = nil
	return im, im.Validate()
}

// indexDoc is a Record in the shape of the mapping: only non-empty fields.
func indexDoc(c *zh.Converter, r *Record) map[string]interface{} {
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
	set(fLang, r.Lang)
	set(fSection, r.Section)
	set(fOrgan, r.Organ)
	set(fTopic, r.Topic)
	set(fCategory, r.Category)
	set(fValidity, r.Validity)
	var refs, keys, canon []string
	for _, n := range []string{r.DocNumber, r.IndexNumber} {
		if n == "" {
			continue
		}
		refs = append(refs, n)
		canon = append(canon, canonical(c, n))
		if k := zh.DocNumberKey(n); k != "" {
			keys = append(keys, k)
		}
	}
	if len(refs) > 0 {
		d[fRefs] = refs
		// A separator no canonical word holds: a word is found in one
		// of them, not across the two.
		d[fRefsKey] = strings.Join(canon, "\x1e")
	}
	set(fTitleKey, canonical(c, r.Title))
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
