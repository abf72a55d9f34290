package store

import (
	"time"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// A Document is what the index holds of one record: fields whose text the
// caller has already analysed into terms, keywords, a date and stored
// values. The index does no analysis of its own.
type Document struct {
	doc *document.Document
}

// NewDocument starts the document with the given ID.
func NewDocument(id string) *Document {
	d := document.NewDocument(id)
	d.SetIndexed()
	return &Document{doc: d}
}

// Terms are the terms of one text field with how often each occurs, and
// the number of tokens they came from (the field's length, which
// relevance discounts).
type Terms struct {
	freqs  index.TokenFrequencies
	slab   []index.TokenFreq
	length int
}

// NewTerms makes room for n distinct terms of a field of length tokens.
func NewTerms(n, length int) *Terms {
	return &Terms{freqs: make(index.TokenFrequencies, n), slab: make([]index.TokenFreq, 0, n), length: length}
}

// Add records that term occurs count times. Each term is added once, and
// kept: the caller must not change it afterwards.
func (t *Terms) Add(term []byte, count int) {
	if len(t.slab) == cap(t.slab) {
		t.slab = make([]index.TokenFreq, 0, max(8, cap(t.slab)))
	}
	t.slab = append(t.slab, index.TokenFreq{Term: term})
	tf := &t.slab[len(t.slab)-1]
	tf.SetFrequency(count)
	t.freqs[string(term)] = tf
}

// Len is the number of distinct terms.
func (t *Terms) Len() int { return len(t.freqs) }

// Length is the field's length in tokens.
func (t *Terms) Length() int { return t.length }

// Each calls fn with every term and its count, in no particular order.
func (t *Terms) Each(fn func(term []byte, count int)) {
	for _, tf := range t.freqs {
		fn(tf.Term, tf.Frequency())
	}
}

// termsField is a text field indexed from terms analysed beforehand.
type termsField struct {
	*document.TextField
	terms *Terms
}

func (f *termsField) Analyze()                                         {}
func (f *termsField) AnalyzedLength() int                              { return f.terms.length }
func (f *termsField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.terms.freqs }

// AddText adds a text field indexed by terms, storing stored unless it is
// nil (the field's own text, or as much of it as hits display).
func (d *Document) AddText(name string, terms *Terms, stored []byte) {
	opt := index.IndexField
	if stored != nil {
		opt |= index.StoreField
	}
	d.doc.AddField(&termsField{TextField: document.NewTextFieldWithIndexingOptions(name, nil, stored, opt), terms: terms})
}

// AddKeyword adds a field whose every value is one term, as it is.
func (d *Document) AddKeyword(name string, values ...string) {
	for _, v := range values {
		t := NewTerms(1, 1)
		t.Add([]byte(v), 1)
		d.doc.AddField(&termsField{TextField: document.NewTextFieldWithIndexingOptions(name, nil, nil, index.IndexField), terms: t})
	}
}

// AddStored adds a field that is stored, not indexed.
func (d *Document) AddStored(name, value string) {
	d.doc.AddField(document.NewTextFieldWithIndexingOptions(name, nil, []byte(value), index.StoreField))
}

// AddDate adds a date field, indexed for Reader.Dates.
func (d *Document) AddDate(name string, t time.Time) error {
	f, err := document.NewDateTimeFieldWithIndexingOptions(name, nil, t, time.RFC3339, index.IndexField)
	if err != nil {
		return err
	}
	d.doc.AddField(f)
	return nil
}
