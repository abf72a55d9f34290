package search

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"

	"gazette/cmd/gazette/internal/search/internal/store"
)

// Tiers of a hit, best first (see the package comment's Ranking).
const (
	tierKey     = iota // the query is the document's 文號 or 索引號
	tierTitle          // the title is the query (name, and country prefix when the query has one)
	tierName           // the title is the query's name under another country prefix
	tierDerived        // the title is the query's name and a suffix that implements, amends or interprets it
	tierHeading        // every word is in the heading: title, 文號/索引號, organ, year
	tierText           // some word is only in the body
	numTiers
)

// coverMax is a whole title's coverage, the unit of a rank key's second part.
const coverMax = 1000

// rankKey orders hits before relevance: tier, then the title's coverage by
// the query (more first), covered units of a name whose perUnit is per.
// Smaller is better.
func rankKey(tier int, covered int, per uint32) uint32 {
	cov := min(coverMax, uint64(covered)*uint64(per)>>16)
	return uint32(tier)<<17 | uint32(coverMax-cov)
}

// partsOnly is set in the rank key of a document of the heading or text
// tier that has the parts of a word typed without spaces but not the word
// whole (all its grams, punctuation aside): within its tier it ranks
// after the documents that have the word whole.
const partsOnly = 1 << 16

// perUnit is coverMax<<16 divided by a name's length in units (0 for none):
// the coverage of a unit of it, in fixed point.
func perUnit(units int) uint32 {
	if units <= 0 {
		return 0
	}
	return uint32(coverMax << 16 / units)
}

// whole is the per of a name covered whole by one unit: rankKey(tier, 1,
// whole) is the best key of tier.
const whole = coverMax << 16

func keyTier(key uint32) int { return int(key >> 17) }

// marks are what one search notes per document: how many of its words
// are in the title (and their length) and in the heading. Pooled; an entry
// counts only when its stamp is the search's epoch, so that nothing needs
// clearing between searches.
type marks struct {
	epoch uint32
	docs  []docMarks
	buf   []uint32
}

type docMarks struct {
	stamp                 uint32
	titleUnits            uint16
	titleWords, headWords uint8
}

var marksPool = sync.Pool{New: func() any { return &marks{buf: make([]uint32, 512)} }}

// getMarks returns marks for n documents, all zero.
func getMarks(n int) *marks {
	m := marksPool.Get().(*marks)
	if len(m.docs) < n {
		m.docs = make([]docMarks, n)
	}
	if m.epoch++; m.epoch == 0 {
		clear(m.docs)
		m.epoch = 1
	}
	return m
}

// of returns the marks of document g.
func (m *marks) of(g uint64) (titleWords, headWords uint8, titleUnits uint16) {
	d := &m.docs[g]
	if d.stamp != m.epoch {
		return 0, 0, 0
	}
	return d.titleWords, d.headWords, d.titleUnits
}

// markWord counts a word in the title (and its length), in the heading,
// or both, for each document of bm (segment numbers from offset).
func (m *marks) markWord(bm store.Bitmap, offset uint64, title, head bool, u int) {
	bm.Each(m.buf, func(docs []uint32) bool {
		for _, n := range docs {
			g := offset + uint64(n)
			if g >= uint64(len(m.docs)) {
				continue
			}
			d := &m.docs[g]
			if d.stamp != m.epoch {
				*d = docMarks{stamp: m.epoch}
			}
			if title {
				d.titleWords = min(d.titleWords+1, math.MaxUint8)
				d.titleUnits = uint16(min(int(d.titleUnits)+u, math.MaxUint16))
			}
			if head {
				d.headWords = min(d.headWords+1, math.MaxUint8)
			}
		}
		return true
	})
}

// match finds the documents of the parsed text in every segment and adds
// each to col with its rank key. It keeps in p.bodies which documents have
// each word in the body, for the snippets.
func (ix *Index) match(ctx context.Context, p *parsed, in where, col *collector) error {
	t := ix.t
	m := getMarks(len(t.ids))
	defer marksPool.Put(m)
	nw := min(len(p.must), math.MaxUint8)
	for si := range ix.segs {
		if err := ix.matchSegment(ctx, si, p, in, col, m, nw); err != nil {
			return err
		}
	}
	return nil
}

// matchSegment is match in segment si.
func (ix *Index) matchSegment(ctx context.Context, si int, p *parsed, in where, col *collector, m *marks, nw int) error {
	t := ix.t
	s := &ix.segs[si]
	l := s.Lookup()
	var match store.Bitmap
	bodies := make([]store.Bitmap, len(p.must))
	p.bodies = append(p.bodies, bodies)
	for wi := range p.must {
		ws, err := find(l, s.Offset, t, &p.must[wi], in)
		if err != nil {
			return err
		}
		bodies[wi] = ws.body
		if wi == 0 {
			match = ws.any
		} else {
			match = store.And(match, ws.any)
		}
		if wi < nw {
			if ws.head == ws.title {
				m.markWord(ws.title, s.Offset, true, true, p.must[wi].units)
			} else {
				m.markWord(ws.title, s.Offset, true, false, p.must[wi].units)
				m.markWord(ws.head, s.Offset, false, true, 0)
			}
		}
	}
	typed, err := ix.matchTyped(l, s.Offset, p, in, si)
	if err != nil {
		return err
	}
	var key store.Bitmap
	if p.key != "" && in.refs {
		bm, err := l.Postings(fKey, p.key)
		if err != nil {
			return err
		}
		key = bm
		match = store.Or(match, bm)
	}
	if len(p.must) == 0 && key.IsEmpty() {
		if len(p.not) == 0 {
			return nil
		}
		// Only exclusions: every document but those.
		match = s.Live()
	}
	for wi := range p.not {
		ws, err := find(l, s.Offset, t, &p.not[wi], in)
		if err != nil {
			return err
		}
		match = store.AndNot(match, ws.any)
	}
	i := 0
	match.Each(m.buf, func(docs []uint32) bool {
		if i++; i&63 == 1 && ctx.Err() != nil {
			return false
		}
		for _, n := range docs {
			// Live documents only: the postings leave deleted ones out.
			g := s.Offset + uint64(n)
			if g >= uint64(len(t.ord)) {
				continue
			}
			k := ix.docKey(uint32(g), p, in, nw, m, key.Contains(n))
			if len(p.typed) > 0 && keyTier(k) >= tierHeading && !typed.Contains(n) {
				k |= partsOnly
			}
			col.add(uint32(g), k)
		}
		return true
	})
	return ctx.Err()
}

// matchTyped returns the documents of a segment that have every word of
// p.typed whole, and keeps which have each in the body.
func (ix *Index) matchTyped(l *store.Lookup, offset uint64, p *parsed, in where, si int) (store.Bitmap, error) {
	var all store.Bitmap
	for wi := range p.typed {
		ws, err := find(l, offset, ix.t, &p.typed[wi], in)
		if err != nil {
			return all, err
		}
		p.bodies[si] = append(p.bodies[si], ws.body)
		if wi == 0 {
			all = ws.any
		} else {
			all = store.And(all, ws.any)
		}
	}
	return all, nil
}

// docKey is the rank key of document g for the parsed query.
func (ix *Index) docKey(g uint32, p *parsed, in where, nw int, m *marks, byKey bool) uint32 {
	t := ix.t
	if byKey {
		return rankKey(tierKey, 1, whole)
	}
	dn := t.names[g]
	titleWords, headWords, titleUnits := m.of(uint64(g))
	if in.title && p.name != "" && dn.head&p.nameMask == p.nameHead {
		name := t.nameText[dn.id]
		switch {
		case name == p.name && (p.prefix == noPrefix || int(dn.prefix) == p.prefix):
			return rankKey(tierTitle, 1, whole)
		case name == p.name:
			return rankKey(tierName, 1, whole)
		case int(titleWords) >= nw && derivedFrom(name, p.name):
			return rankKey(tierDerived, units(p.name), dn.per)
		}
	}
	if nw > 0 && int(headWords) >= nw {
		return rankKey(tierHeading, int(titleUnits), dn.per)
	}
	if len(p.typed) > 0 {
		// Parts of a word typed without spaces, some only in the body: a
		// clause remembered from the text, which a title holding one of
		// its names (药品, 行政院) says nothing about.
		return rankKey(tierText, 0, whole)
	}
	return rankKey(tierText, int(titleUnits), dn.per)
}

// rankHits puts the best window of col's hits in order. The rank keys
// decide most of it; only the hits whose key ties with or beats the
// window's last are scored for body relevance, which is the costly part.
func (ix *Index) rankHits(ctx context.Context, p *parsed, in where, col *collector) error {
	all := col.all
	if len(all) == 0 {
		return nil
	}
	// The key of the window's last hit, from a count of hits by key.
	const perTier = coverMax + 1
	hist := make([]int32, 2*numTiers*perTier) // by tier and partsOnly, then coverage
	slot := func(k uint32) int { return int(k>>16)*perTier + int(k&0xffff) }
	for _, h := range all {
		hist[slot(h.key)]++
	}
	lastSlot, n := len(hist)-1, 0
	for i, c := range hist {
		if n += int(c); n >= col.window {
			lastSlot = i
			break
		}
	}
	var sel []cand
	for _, h := range all {
		if slot(h.key) <= lastSlot {
			sel = append(sel, cand{doc: h.doc, key: h.key})
		}
	}
	if len(sel) > 1 && in.body {
		// Scoring reads postings in document order (fastMatch adds
		// hits best first).
		slices.SortFunc(sel, func(a, b cand) int { return cmp.Compare(a.doc, b.doc) })
		if err := ix.scoreHits(ctx, p, sel); err != nil {
			return err
		}
	}
	for _, h := range sel {
		col.push(h)
	}
	return nil
}

// scoreHits sets the body relevance of hits (in document order) and the
// best of it among the hits of each name. Document frequencies and lengths
// are taken over the whole index, whatever its segments, so that a search
// ranks the same after an incremental build as after a complete one.
func (ix *Index) scoreHits(ctx context.Context, p *parsed, hits []cand) error {
	t := ix.t
	scores := make([]float64, len(hits))
	tf := make([]uint64, len(hits))
	length := make([]float64, len(hits))
	// The hits of each segment: hits[bounds[si]:bounds[si+1]].
	bounds := make([]int, len(ix.segs)+1)
	for si := range ix.segs {
		end := bounds[si]
		for end < len(hits) && uint64(hits[end].doc) < ix.segs[si].Offset+ix.segs[si].Count {
			end++
		}
		bounds[si+1] = end
	}
	docs := make([]uint32, len(hits))
	for si := range ix.segs {
		for i := bounds[si]; i < bounds[si+1]; i++ {
			docs[i] = uint32(uint64(hits[i].doc) - ix.segs[si].Offset)
		}
	}
	for wi := range p.must {
		if err := ctx.Err(); err != nil {
			return err
		}
		w := &p.must[wi]
		pls := make([][]store.Freqs, len(ix.segs))
		df := make([]uint64, len(w.terms))
		for si := range ix.segs {
			var err error
			if pls[si], err = bodyFreqs(ix.segs[si].Lookup(), w.terms); err != nil {
				return err
			}
			for ti, pl := range pls[si] {
				df[ti] += pl.Count()
			}
		}
		r := slices.Index(df, slices.Min(df))
		if df[r] == 0 || df[r]*commonShare > t.docs {
			continue
		}
		// The word's frequency is its rarest term's: the body has no
		// positions to count the word itself, and the rarest term bounds
		// it (reading every term's frequencies made a long 文號 typed as
		// text the costliest search of all).
		clear(tf)
		for si := range ix.segs {
			lo, hi := bounds[si], bounds[si+1]
			if lo < hi {
				if err := pls[si][r].Fill(docs[lo:hi], tf[lo:hi], length[lo:hi]); err != nil {
					return err
				}
			}
		}
		bm25(tf, length, idf(df[r], t.docs), scores)
	}
	best := make(map[uint32]float64, len(hits))
	for i := range hits {
		hits[i].score = scores[i]
		nm := t.names[hits[i].doc].id
		best[nm] = max(best[nm], scores[i])
	}
	for i := range hits {
		hits[i].group = hits[i].score
		if nm := t.names[hits[i].doc].id; nm != 0 {
			hits[i].group = best[nm]
		}
	}
	return nil
}
