package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A Reader is an open, read-only index: one snapshot of it, whose
// documents never change. It is safe for concurrent use.
type Reader struct {
	bi   bleve.Index
	r    index.IndexReader
	segs []Segment
}

// A Segment is one segment of a Reader's snapshot. Its documents are
// numbered from 0 (their local numbers); in the whole index they are
// numbered from Offset, in segment order.
type Segment struct {
	Offset, Count uint64
	s             segment.Segment
	deleted       *roaring.Bitmap // may be nil
}

// Open opens the index in dir read-only.
func Open(dir string) (*Reader, error) {
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, err
	}
	rd := &Reader{bi: bi}
	if err := rd.open(); err != nil {
		bi.Close()
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) open() error {
	adv, err := rd.bi.Advanced()
	if err != nil {
		return err
	}
	if rd.r, err = adv.Reader(); err != nil {
		return err
	}
	snap, ok := rd.r.(*scorch.IndexSnapshot)
	if !ok {
		rd.r.Close()
		return fmt.Errorf("index reader is a %T, not a scorch snapshot", rd.r)
	}
	var off uint64
	for _, ss := range snap.Segments() {
		s := Segment{s: ss.Segment(), deleted: ss.Deleted(), Offset: off, Count: ss.Segment().Count()}
		rd.segs = append(rd.segs, s)
		off += s.Count
	}
	return nil
}

// Close closes the reader.
func (rd *Reader) Close() error {
	return errors.Join(rd.r.Close(), rd.bi.Close())
}

// Internal returns the value of an internal key (nil when unset).
func (rd *Reader) Internal(key string) ([]byte, error) { return rd.bi.GetInternal([]byte(key)) }

// Segments are the snapshot's segments, in document number order. They
// belong to the Reader: read only.
func (rd *Reader) Segments() []Segment { return rd.segs }

// Terms calls fn with every term of field in the whole index, in byte
// order.
func (rd *Reader) Terms(field string, fn func(term string) error) error {
	fd, err := rd.r.FieldDict(field)
	if err != nil {
		return err
	}
	defer fd.Close()
	for {
		e, err := fd.Next()
		if err != nil || e == nil {
			return err
		}
		if err := fn(e.Term); err != nil {
			return err
		}
	}
}

// Postings calls fn with the number (in the whole index) of every live
// document that has term in field.
func (rd *Reader) Postings(field, term string, fn func(doc uint64)) error {
	tfr, err := rd.r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var d index.TermFieldDoc
	for {
		next, err := tfr.Next(&d)
		if err != nil || next == nil {
			return err
		}
		fn(next.ID.Value())
	}
}

// Dates calls fn with each date of field (Document.AddDate), in
// nanoseconds since 1970 UTC, and the number of every document that has
// it.
func (rd *Reader) Dates(field string, fn func(ns int64, doc uint64)) error {
	return rd.Terms(field, func(term string) error {
		p := numeric.PrefixCoded(term)
		if s, err := p.Shift(); err != nil || s != 0 {
			return nil // a coarser term of the same dates
		}
		ns, err := p.Int64()
		if err != nil {
			return nil
		}
		return rd.Postings(field, term, func(doc uint64) { fn(ns, doc) })
	})
}

// Live is the segment's documents that are not deleted.
func (s *Segment) Live() Bitmap {
	r := roaring.New()
	r.AddRange(0, s.Count)
	if s.deleted != nil {
		r.AndNot(s.deleted)
	}
	return Bitmap{r}
}

// VisitStored calls fn with each stored field of document doc (a local
// number) until it returns false. value is valid during the call only.
func (s *Segment) VisitStored(doc uint32, fn func(field string, value []byte) bool) error {
	return s.s.VisitStoredFields(uint64(doc), func(field string, _ byte, value []byte, _ []uint64) bool {
		return fn(field, value)
	})
}

// A Lookup reads postings of one segment for one search, keeping the term
// dictionaries it opens. It is not safe for concurrent use.
type Lookup struct {
	seg   *Segment
	dicts map[string]segment.TermDictionary
}

// Lookup starts a lookup in s.
func (s *Segment) Lookup() *Lookup { return &Lookup{seg: s} }

func (l *Lookup) dict(field string) (segment.TermDictionary, error) {
	if td, ok := l.dicts[field]; ok {
		return td, nil
	}
	td, err := l.seg.s.Dictionary(field)
	if err != nil {
		return nil, err
	}
	if l.dicts == nil {
		l.dicts = map[string]segment.TermDictionary{}
	}
	l.dicts[field] = td
	return td, nil
}

// Postings is the live documents that have term in field.
func (l *Lookup) Postings(field, term string) (Bitmap, error) {
	td, err := l.dict(field)
	if err != nil {
		return Bitmap{}, err
	}
	pl, err := td.PostingsList([]byte(term), l.seg.deleted, nil)
	if err != nil {
		return Bitmap{}, err
	}
	it := pl.Iterator(false, false, false, nil)
	opt, ok := it.(segment.OptimizablePostingsIterator)
	if !ok {
		return Bitmap{}, fmt.Errorf("postings of %s:%q cannot give a bitmap (%T)", field, term, it)
	}
	if bm := opt.ActualBitmap(); bm != nil {
		return Bitmap{bm}, nil
	}
	if n, ok := opt.DocNum1Hit(); ok {
		return BitmapOf(uint32(n)), nil
	}
	return Bitmap{}, nil
}

// All is the live documents that have every one of terms in field.
func (l *Lookup) All(field string, terms []string) (Bitmap, error) {
	bms := make([]Bitmap, 0, len(terms))
	for _, t := range terms {
		bm, err := l.Postings(field, t)
		if err != nil || bm.IsEmpty() {
			return bm, err
		}
		bms = append(bms, bm)
	}
	return AndAll(bms...), nil
}

// A Freqs is the postings of one term with how often each document has it.
type Freqs struct{ pl segment.PostingsList }

// Freqs returns the postings of term in field with their frequencies.
func (l *Lookup) Freqs(field, term string) (Freqs, error) {
	td, err := l.dict(field)
	if err != nil {
		return Freqs{}, err
	}
	pl, err := td.PostingsList([]byte(term), l.seg.deleted, nil)
	return Freqs{pl}, err
}

// Count is how many live documents of the segment have the term.
func (f Freqs) Count() uint64 {
	if f.pl == nil {
		return 0
	}
	return f.pl.Count()
}

// Fill sets tf[i] to how often docs[i] (local numbers, ascending) has the
// term, and length[i] to the length of its field (Terms.Length), for the
// documents that have it; it leaves the others as they are.
func (f Freqs) Fill(docs []uint32, tf []uint64, length []float64) error {
	if f.pl == nil {
		return nil
	}
	it := f.pl.Iterator(true, true, false, nil)
	var cur segment.Posting
	var curNum uint64
	for i, doc := range docs {
		if cur == nil || curNum < uint64(doc) {
			var err error
			if cur, err = it.Advance(uint64(doc)); err != nil || cur == nil {
				return err
			}
			curNum = cur.Number()
		}
		if curNum == uint64(doc) {
			tf[i] = cur.Frequency()
			// Bleve keeps a field's length as the norm 1/√length.
			if n := cur.Norm(); n > 0 {
				length[i] = 1 / (n * n)
			}
		}
	}
	return nil
}

// IDs calls fn with the ID of every live document, in byte order, and its
// number.
func (rd *Reader) IDs(fn func(id string, doc uint64)) error {
	return rd.Terms("_id", func(id string) error {
		return rd.Postings("_id", id, func(doc uint64) { fn(id, doc) })
	})
}
