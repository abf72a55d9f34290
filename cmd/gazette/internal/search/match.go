package search

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"gazette/cmd/gazette/internal/search/internal/store"
)

// Matching reads the postings of the index's segments as bitmaps and
// combines them itself, rather than through Bleve's searchers: a search
// needs every match (for the total and the facets) but scores only the few
// that can make the page, and Bleve's searchers score every match they
// visit, which made a one-character query over a large index slow.

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
	title, head, body, any store.Bitmap
}

// find returns where the segment's documents have w. A word of more than
// one term is a phrase in the title and in the 文號, where the canonical
// text of each candidate is checked (t holds it); in the body its terms
// must all occur.
func find(l *store.Lookup, offset uint64, t *docTable, w *qword, in where) (wordSets, error) {
	ws, err := findSpelling(l, offset, t, w, in)
	for i := 0; i < len(w.alts) && err == nil; i++ {
		var alt wordSets
		if alt, err = findSpelling(l, offset, t, &w.alts[i], in); err == nil {
			ws = wordSets{title: store.Or(ws.title, alt.title), head: store.Or(ws.head, alt.head),
				body: store.Or(ws.body, alt.body), any: store.Or(ws.any, alt.any)}
		}
	}
	return ws, err
}

// findSpelling is find of one spelling of a word.
func findSpelling(l *store.Lookup, offset uint64, t *docTable, w *qword, in where) (ws wordSets, err error) {
	var head []store.Bitmap
	canon := []byte(w.canon)
	phrase := func(field string, text *texts) (store.Bitmap, error) {
		bm, err := l.All(field, w.head)
		if err != nil || len(w.head) == 1 || bm.IsEmpty() {
			return bm, err
		}
		// Nearly every candidate holds the word: keep the bitmap and take
		// out the few that do not.
		var not []uint32
		var buf [256]uint32
		bm.Each(buf[:], func(docs []uint32) bool {
			for _, n := range docs {
				if !bytes.Contains(text.at(offset+uint64(n)), canon) {
					not = append(not, n)
				}
			}
			return true
		})
		if len(not) == 0 {
			return bm, nil
		}
		return store.AndNot(bm, store.BitmapOf(not...)), nil
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
				bm, err := l.Postings(fOrgan, t.vals[facetOrgan][o-1])
				if err != nil {
					return ws, err
				}
				head = append(head, bm)
			}
		}
	}
	if in.year && w.year != 0 {
		bm, err := l.Postings(fYear, fmt.Sprintf("%04d", w.year))
		if err != nil {
			return ws, err
		}
		head = append(head, bm)
	}
	ws.head = store.OrAll(head...)
	ws.any = ws.head
	if in.body {
		if ws.body, err = l.All(fBody, w.terms); err != nil {
			return ws, err
		}
		if !ws.body.IsEmpty() {
			ws.any = store.Or(ws.head, ws.body)
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

// bodyFreqs returns the body postings of each of terms in the segment.
func bodyFreqs(l *store.Lookup, terms []string) ([]store.Freqs, error) {
	out := make([]store.Freqs, len(terms))
	for ti, term := range terms {
		var err error
		if out[ti], err = l.Freqs(fBody, term); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bm25 adds to score[i] the BM25 relevance of a word of frequency tf[i] in
// a body of length length[i], weighted by weight. Lengths are measured
// against the mean length of the bodies scored: only their order among
// themselves matters.
func bm25(tf []uint64, length []float64, weight float64, score []float64) {
	var sum float64
	var k int
	for i, f := range tf {
		if f > 0 && length[i] > 0 {
			sum += length[i]
			k++
		}
	}
	avgLen := sum / float64(max(k, 1))
	for i, f := range tf {
		if f == 0 || length[i] == 0 {
			continue
		}
		length := length[i]
		x := float64(f)
		score[i] += weight * x * (bm25K1 + 1) / (x + bm25K1*(1-bm25B+bm25B*length/avgLen))
	}
}
