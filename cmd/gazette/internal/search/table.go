package search

import (
	"fmt"
	"math"
	"slices"

	"gazette/cmd/gazette/internal/search/internal/store"
	"gazette/cmd/gazette/internal/zh"
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
	ids  []string                     // external ID by document number ("" for a number not in use)
	rank []uint32                     // position of ids[n] in byte order: the last sort key
	day  []int32                      // days since 1970-01-01 (UTC); noDay for none
	ord  [][numFacets]uint16          // by document: the ordinal of its value of each faceted field
	vals [numFacets][]string          // ordinal-1 → value, in byte order
	byV  [numFacets]map[string]uint16 // value → ordinal
	// byDate is every document, newest first, pages last, then by ID: the
	// order of a search without text.
	byDate []uint32
	docs   uint64 // documents in use

	// The heading of every document, for ranking (see rank.go): its
	// canonical title and 文號/索引號 (each in one arena, in document
	// order, so that checking consecutive documents reads memory in
	// order) and its name.
	title, refs texts
	names       []docName
	nameText    []string          // name ID → name
	nameIndex   map[string]uint32 // name → name ID
	organCanon  []string          // organ ordinal → canonical organ name
	validRank   []uint8           // validity ordinal → its rank (有效 first)

	// titles and refsText are the canonical texts while the table loads.
	titles, refsText []string
}

// texts holds one text per document number, back to back.
type texts struct {
	data []byte
	off  []uint32 // text n is data[off[n]:off[n+1]]
}

func newTexts(ss []string) texts {
	t := texts{off: make([]uint32, len(ss)+1)}
	for n, s := range ss {
		t.data = append(t.data, s...)
		t.off[n+1] = uint32(len(t.data))
	}
	return t
}

func (t *texts) at(n uint64) []byte {
	if n+1 >= uint64(len(t.off)) {
		return nil
	}
	return t.data[t.off[n]:t.off[n+1]]
}

// A docName is what ranking reads of a document's title: the ID of its
// name (the title without a country prefix; documents of the same name
// share it), the name's first bytes (see head: most names are told apart
// from the query's without reading them) and length, and the prefix.
type docName struct {
	id     uint32
	head   uint32
	per    uint32 // coverMax<<16 / the name's length: coverage without a division per document
	prefix uint8
}

const (
	numFacets = 6
	noDay     = math.MinInt32
	nsPerDay  = 24 * 60 * 60 * 1e9
)

// Positions of fields in facetFields.
const (
	facetOrgan    = 1
	facetTopic    = 2
	facetValidity = 5
)

func (t *docTable) grow(n uint64) {
	if n < uint64(len(t.ids)) {
		return
	}
	size := max(int(n)+1, 2*len(t.ids))
	t.ids = append(t.ids, make([]string, size-len(t.ids))...)
	t.rank = append(t.rank, make([]uint32, size-len(t.rank))...)
	t.titles = append(t.titles, make([]string, size-len(t.titles))...)
	t.refsText = append(t.refsText, make([]string, size-len(t.refsText))...)
	for len(t.day) < size {
		t.day = append(t.day, noDay)
	}
	t.ord = append(t.ord, make([][numFacets]uint16, size-len(t.ord))...)
}

func loadTable(r *store.Reader) (*docTable, error) {
	t, err := loadKeys(r)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		field string
		to    *[]string
	}{{fTitleKey, &t.titles}, {fRefsKey, &t.refsText}} {
		err := r.Terms(f.field, func(v string) error {
			return r.Postings(f.field, v, func(n uint64) {
				t.grow(n)
				(*f.to)[n] = v
			})
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", f.field, err)
		}
	}
	t.nameText = []string{""}
	byName := map[string]uint32{"": 0}
	t.names = make([]docName, len(t.ids))
	for n, title := range t.titles {
		p, name := splitName(titleName(title))
		id, ok := byName[name]
		if !ok {
			id = uint32(len(t.nameText))
			byName[name] = id
			t.nameText = append(t.nameText, name)
		}
		t.names[n] = docName{id: id, head: head(name), per: perUnit(units(name)), prefix: uint8(p)}
	}
	t.nameIndex = byName
	t.title, t.refs = newTexts(t.titles), newTexts(t.refsText)
	t.titles, t.refsText = nil, nil
	c, err := zh.T2S()
	if err != nil {
		return nil, err
	}
	t.organCanon = make([]string, len(t.vals[facetOrgan])+1)
	for o, v := range t.vals[facetOrgan] {
		t.organCanon[o+1] = canonical(c, v)
	}
	t.validRank = make([]uint8, len(t.vals[facetValidity])+1)
	for o, v := range t.vals[facetValidity] {
		t.validRank[o+1] = uint8(max(0, slices.Index(validities, v)))
	}
	for _, id := range t.ids {
		if id != "" {
			t.docs++
		}
	}
	return t, nil
}

// loadKeys reads the IDs, keyword values and dates of every document.
func loadKeys(r *store.Reader) (*docTable, error) {
	t := &docTable{}
	var rank uint32
	prev := ""
	err := r.IDs(func(id string, n uint64) {
		if id != prev {
			rank++
			prev = id
		}
		t.grow(n)
		t.ids[n] = id
		t.rank[n] = rank - 1
	})
	if err != nil {
		return nil, fmt.Errorf("reading document IDs: %w", err)
	}
	for f, field := range facetFields {
		t.byV[f] = map[string]uint16{}
		err := r.Terms(field, func(v string) error {
			if len(t.vals[f]) >= math.MaxUint16-1 {
				return fmt.Errorf("more than %d values", math.MaxUint16-1)
			}
			t.vals[f] = append(t.vals[f], v)
			o := uint16(len(t.vals[f]))
			t.byV[f][v] = o
			return r.Postings(field, v, func(n uint64) {
				t.grow(n)
				t.ord[n][f] = o
			})
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", field, err)
		}
	}
	err = r.Dates(fDate, func(ns int64, n uint64) {
		t.grow(n)
		t.day[n] = int32(math.Floor(float64(ns) / nsPerDay))
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
