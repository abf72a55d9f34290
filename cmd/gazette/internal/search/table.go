package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/numeric"
	index "github.com/blevesearch/bleve_index_api"
)

// A docTable holds, for every document number of an open (read-only, so
// never renumbered) index, what filtering, faceting and sorting need: the
// ordinal of each keyword value, the publication day and the rank of the
// document's ID. Open builds it from the postings of the keyword and date
// fields and of _id, which costs a few milliseconds per thousand documents;
// then a search reads no doc values at all, applies the filters itself and
// counts every facet in the one pass over the text matches (a facet of a
// filtered field counts the documents that fail that filter only).
type docTable struct {
	ids  []string // external ID by document number ("" for a number not in use)
	rank []uint32 // position of ids[n] in byte order: the last sort key
	day  []int32  // days since 1970-01-01 (UTC); noDay for none
	ord  [numFacets][]uint16
	vals [numFacets][]string          // ordinal-1 → value, in byte order
	byV  [numFacets]map[string]uint16 // value → ordinal
	// byDate is every document, newest first, pages last, then by ID: the
	// order of a search without text.
	byDate []uint32
}

const (
	numFacets = 6
	noDay     = math.MinInt32
	nsPerDay  = 24 * 60 * 60 * 1e9
)

func (t *docTable) grow(n uint64) {
	if n < uint64(len(t.ids)) {
		return
	}
	size := max(int(n)+1, 2*len(t.ids))
	t.ids = append(t.ids, make([]string, size-len(t.ids))...)
	t.rank = append(t.rank, make([]uint32, size-len(t.rank))...)
	for len(t.day) < size {
		t.day = append(t.day, noDay)
	}
	for f := range t.ord {
		t.ord[f] = append(t.ord[f], make([]uint16, size-len(t.ord[f]))...)
	}
}

// postings calls fn with the document number of every document that has
// term in field.
func postings(r index.IndexReader, field, term string, fn func(uint64)) error {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var d index.TermFieldDoc
	for {
		next, err := tfr.Next(&d)
		if err != nil {
			return err
		}
		if next == nil {
			return nil
		}
		fn(next.ID.Value())
	}
}

// terms calls fn with every term of field, in byte order.
func terms(r index.IndexReader, field string, fn func(string) error) error {
	fd, err := r.FieldDict(field)
	if err != nil {
		return err
	}
	defer fd.Close()
	for {
		e, err := fd.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		if err := fn(e.Term); err != nil {
			return err
		}
	}
}

func loadTable(r index.IndexReader) (*docTable, error) {
	t := &docTable{}
	var rank uint32
	err := terms(r, "_id", func(id string) error {
		err := postings(r, "_id", id, func(n uint64) {
			t.grow(n)
			t.ids[n] = id
			t.rank[n] = rank
		})
		rank++
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading document IDs: %w", err)
	}
	for f, field := range facetFields {
		t.byV[f] = map[string]uint16{}
		err := terms(r, field, func(v string) error {
			if len(t.vals[f]) >= math.MaxUint16-1 {
				return fmt.Errorf("more than %d values", math.MaxUint16-1)
			}
			t.vals[f] = append(t.vals[f], v)
			o := uint16(len(t.vals[f]))
			t.byV[f][v] = o
			return postings(r, field, v, func(n uint64) {
				t.grow(n)
				t.ord[f][n] = o
			})
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", field, err)
		}
	}
	err = terms(r, fDate, func(term string) error {
		p := numeric.PrefixCoded(term)
		if s, err := p.Shift(); err != nil || s != 0 {
			return nil // a coarser term of the same dates
		}
		ns, err := p.Int64()
		if err != nil {
			return nil
		}
		day := int32(math.Floor(float64(ns) / nsPerDay))
		return postings(r, fDate, term, func(n uint64) {
			t.grow(n)
			t.day[n] = day
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", fDate, err)
	}
	for n, id := range t.ids {
		if id != "" {
			t.byDate = append(t.byDate, uint32(n))
		}
	}
	slices.SortFunc(t.byDate, func(a, b uint32) int {
		if t.day[a] != t.day[b] {
			if t.day[a] > t.day[b] {
				return -1
			}
			return 1
		}
		return int(t.rank[a]) - int(t.rank[b])
	})
	return t, nil
}
