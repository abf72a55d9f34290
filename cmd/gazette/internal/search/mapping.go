package search

import (
	"strings"
	"time"

	"gazette/cmd/gazette/internal/search/internal/store"
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

// schemaVersion names the index layout and analysis. Build starts from
// scratch when the previous index has another one, and Open refuses it,
// so changing either means bumping this.
const schemaVersion = "gazette-search/7"

// indexDocument is the one place the index layout is defined: the document
// of r in the index.
//
// The title, the body and the 文號/索引號 (refs) are indexed as the terms
// tokenize makes of their folded text (unigrams and bigrams; see
// analysis.go); the title and refs on their canonical form, so that their
// grams run across punctuation. No field has positions or doc values: a
// search reads only which documents have a term (and, for the body's
// relevance, how often). Whether a word is whole in a title or a 文號 is
// checked on their canonical text, which Open reads into memory from the
// keyword fields title_key and refs_key; in the body the bigrams must all
// occur, not necessarily together. (Positions on the body multiplied the
// index size by four and indexing time by 1.5, for a precision gain that
// TestCorpusRecall measures as small.) Keyword fields and the date are
// indexed only: Open reads their postings once into a docTable, from which
// searches filter, facet, sort and display them. Only the text a hit
// displays is stored.
func indexDocument(c *zh.Converter, r *Record) (*store.Document, error) {
	d := store.NewDocument(r.ID)
	if r.Title != "" {
		canon := canonical(c, r.Title)
		d.AddText(fTitle, textTerms(canon), []byte(r.Title))
		if canon != "" {
			d.AddKeyword(fTitleKey, canon)
		}
	}
	body := r.Body
	if r.LoadBody != nil {
		var err error
		if body, err = r.LoadBody(); err != nil {
			return nil, err
		}
	}
	if body != "" {
		terms, stored := bodyTerms(c, body)
		d.AddText(fBody, terms, stored)
	}
	var canon, keys []string
	for _, n := range []string{r.DocNumber, r.IndexNumber} {
		if n == "" {
			continue
		}
		canon = append(canon, canonical(c, n))
		if k := zh.DocNumberKey(n); k != "" {
			keys = append(keys, k)
		}
	}
	if len(canon) > 0 {
		// A separator no canonical word holds: a word is found in one
		// of them, not across the two.
		refs := strings.Join(canon, "\x1e")
		d.AddText(fRefs, textTerms(refs), nil)
		d.AddKeyword(fRefsKey, refs)
	}
	d.AddKeyword(fKey, keys...)
	for _, f := range []struct{ name, v string }{
		{fDocNumber, r.DocNumber}, {fIndexNumber, r.IndexNumber}, {fLang, r.Lang},
	} {
		if f.v != "" {
			d.AddStored(f.name, f.v)
		}
	}
	for _, f := range []struct{ name, v string }{
		{fSection, r.Section}, {fOrgan, r.Organ}, {fTopic, r.Topic}, {fCategory, r.Category}, {fValidity, r.Validity},
	} {
		if f.v != "" {
			d.AddKeyword(f.name, f.v)
		}
	}
	if !r.Date.IsZero() {
		day := dayOf(r.Date)
		if err := d.AddDate(fDate, day); err != nil {
			return nil, err
		}
		d.AddKeyword(fYear, day.Format("2006"))
	}
	return d, nil
}

// dayOf is the calendar day of t (in t's own location) as midnight UTC: dates
// are indexed, filtered and returned as days, so that from/to parameters
// compare days whatever the time zone of the source.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
