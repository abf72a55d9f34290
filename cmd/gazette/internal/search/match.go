package search

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Matching reads the postings of the index's segments as bitmaps and
// combines them itself, rather than through Bleve's searchers: a search
// needs every match (for the total and the facets) but scores only the few
// that can make the page, and Bleve's searchers score every match they
// visit, which at 50,000 documents made a one-character query cost tens of
// milliseconds.

// A seg is one segment of the open index: its documents are numbered from
// offset (the document numbers of the docTable) in the index.
type seg struct {
	s       segment.Segment
	deleted *roaring.Bitmap // may be nil
	offset  uint64
	count   uint64
}

// segmentsOf returns the segments of the snapshot r, in document number
// order.
func segmentsOf(r index.IndexReader) ([]seg, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index reader is a %T, not a scorch snapshot", r)
	}
	var out []seg
	var off uint64
	for _, ss := range snap.Segments() {
		s := seg{s: ss.Segment(), deleted: ss.Deleted(), offset: off, count: ss.Segment().Count()}
		out = append(out, s)
		off += s.count
	}
	return out, nil
}

// dicts caches a search's term dictionaries of one segment, by field.
type dicts struct {
	seg *seg
	m   map[string]segment.TermDictionary
}

func (d *dicts) dict(field string) (segment.TermDictionary, error) {
	if td, ok := d.m[field]; ok {
		return td, nil
	}
	td, err := d.seg.s.Dictionary(field)
	if err != nil {
		return nil, err
	}
	if d.m == nil {
		d.m = map[string]segment.TermDictionary{}
	}
	d.m[field] = td
	return td, nil
}

// postings returns the live documents of the segment that have term in
// field (segment numbers), read-only: it may be the index's own bitmap.
func (d *dicts) postings(field, term string) (*roaring.Bitmap, error) {
	td, err := d.dict(field)
	if err != nil {
		return nil, err
	}
	pl, err := td.PostingsList([]byte(term), d.seg.deleted, nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(false, false, false, nil)
	opt, ok := it.(segment.OptimizablePostingsIterator)
	if !ok {
		return nil, fmt.Errorf("postings of %s:%q cannot give a bitmap (%T)", field, term, it)
	}
	if bm := opt.ActualBitmap(); bm != nil {
		return bm, nil
	}
	if n, ok := opt.DocNum1Hit(); ok {
		return roaring.BitmapOf(uint32(n)), nil
	}
	return roaring.New(), nil
}

// all returns the documents that have every one of terms in field.
func (d *dicts) all(field string, terms []string) (*roaring.Bitmap, error) {
	bms := make([]*roaring.Bitmap, 0, len(terms))
	for _, t := range terms {
		bm, err := d.postings(field, t)
		if err != nil {
			return nil, err
		}
		if bm.IsEmpty() {
			return bm, nil
		}
		bms = append(bms, bm)
	}
	if len(bms) == 1 {
		return bms[0], nil
	}
	return roaring.FastAnd(bms...), nil
}

// Where a word may be found: the fields of a search (Query.In).
type where struct{ title, refs, organ, year, body bool }

var (
	inAll    = where{title: true, refs: true, organ: true, year: true, body: true}
	inTitle  = where{title: true}
	inNumber = where{refs: true}
)

// wordSets are the documents of one segment that have one word: in the
// title, in the heading (title, 文號/索引號, organ or year), in the body,
// anywhere.
type wordSets struct {
	title, head, body, any *roaring.Bitmap
}

// find returns where the segment's documents have w. A word of more than
// one term is a phrase in the title and in the 文號, where the canonical
// text of each candidate is checked (t holds it); in the body its terms
// must all occur.
func (d *dicts) find(t *docTable, w *qword, in where) (ws wordSets, err error) {
	empty := roaring.New()
	ws.title, ws.head, ws.body, ws.any = empty, empty, empty, empty
	var head []*roaring.Bitmap
	canon := []byte(w.canon)
	phrase := func(field string, text *texts) (*roaring.Bitmap, error) {
		bm, err := d.all(field, w.head)
		if err != nil || len(w.head) == 1 || bm.IsEmpty() {
			return bm, err
		}
		// Nearly every candidate holds the word: keep the bitmap and take
		// out the few that do not.
		var not []uint32
		it := bm.ManyIterator()
		var buf [256]uint32
		for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
			for _, n := range buf[:k] {
				if !bytes.Contains(text.at(d.seg.offset+uint64(n)), canon) {
					not = append(not, n)
				}
			}
		}
		if len(not) == 0 {
			return bm, nil
		}
		return roaring.AndNot(bm, roaring.BitmapOf(not...)), nil
	}
	if in.title {
		if ws.title, err = phrase(fTitle, &t.title); err != nil {
			return ws, err
		}
		head = append(head, ws.title)
	}
	if in.refs {
		bm, err := phrase(fRefs, &t.refs)
		if err != nil {
			return ws, err
		}
		head = append(head, bm)
	}
	if in.organ {
		for o, oc := range t.organCanon {
			if o > 0 && strings.Contains(oc, w.canon) {
				bm, err := d.postings(fOrgan, t.vals[facetOrgan][o-1])
				if err != nil {
					return ws, err
				}
				head = append(head, bm)
			}
		}
	}
	if in.year && w.year != 0 {
		bm, err := d.postings(fYear, fmt.Sprintf("%04d", w.year))
		if err != nil {
			return ws, err
		}
		head = append(head, bm)
	}
	switch len(head) {
	case 0:
	case 1:
		ws.head = head[0]
	default:
		ws.head = roaring.FastOr(head...)
	}
	ws.any = ws.head
	if in.body {
		if ws.body, err = d.all(fBody, w.terms); err != nil {
			return ws, err
		}
		if !ws.body.IsEmpty() {
			ws.any = roaring.Or(ws.head, ws.body)
		}
	}
	return ws, nil
}

// bm25 constants: how fast repeated occurrences stop adding to a body's
// relevance, and how much a long body is discounted.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// commonShare is how common a word may be and still weigh on body
// relevance: a word in more than a fifth of the documents (法, 条, 的) says
// little about any one of them, and reading its frequencies in tens of
// thousands of postings was the largest part of the search it is in.
const commonShare = 5

// idf is the inverse document frequency of a term found in df of n
// documents (BM25's, never negative).
func idf(df, n uint64) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// bodyPostings returns the body postings of each of terms in the segment.
func (d *dicts) bodyPostings(terms []string) ([]segment.PostingsList, error) {
	td, err := d.dict(fBody)
	if err != nil {
		return nil, err
	}
	pls := make([]segment.PostingsList, len(terms))
	for ti, term := range terms {
		if pls[ti], err = td.PostingsList([]byte(term), d.seg.deleted, nil); err != nil {
			return nil, err
		}
	}
	return pls, nil
}

// freqs sets tf[i] to how often docs[i] (segment numbers, ascending) has
// the term of pl in its body, and norm[i] to its body's norm.
func freqs(pl segment.PostingsList, docs []uint32, tf []uint64, norm []float64) error {
	it := pl.Iterator(true, true, false, nil)
	var cur segment.Posting
	var curNum uint64
	for i, doc := range docs {
		if cur == nil || curNum < uint64(doc) {
			var err error
			if cur, err = it.Advance(uint64(doc)); err != nil {
				return err
			}
			if cur == nil {
				return nil
			}
			curNum = cur.Number()
		}
		if curNum == uint64(doc) {
			tf[i], norm[i] = cur.Frequency(), cur.Norm()
		}
	}
	return nil
}

// bm25 adds to score[i] the BM25 relevance of a word of frequency tf[i] in
// a body of norm norm[i], weighted by weight. Lengths are measured against
// the mean length of the bodies scored: only their order among themselves
// matters.
func bm25(tf []uint64, norm []float64, weight float64, score []float64) {
	var sum float64
	var k int
	for i, f := range tf {
		if f > 0 && norm[i] > 0 {
			sum += 1 / (norm[i] * norm[i])
			k++
		}
	}
	avgLen := sum / float64(max(k, 1))
	for i, f := range tf {
		if f == 0 || norm[i] == 0 {
			continue
		}
		// Bleve keeps a field's length as the norm 1/√length.
		length := 1 / (norm[i] * norm[i])
		x := float64(f)
		score[i] += weight * x * (bm25K1 + 1) / (x + bm25K1*(1-bm25B+bm25B*length/avgLen))
	}
}
