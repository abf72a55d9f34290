package search

import (
	"context"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/search/internal/store"
)

// The fast path: a search of one word without filters, in relevance order
// — most searches — does not visit every match. A common word (法, 条例)
// matches nearly every document, and the general path (match) computes a
// rank key for each and counts it into the facets one by one, which made
// such searches the slowest. For one word, the rank key follows from where
// the word is: a title that is the word's name or derives from it comes
// from the names (docsOfName), a title that holds the word ranks by the
// name's length alone (a field-length order: shortest first, byLength),
// and every other match has one key of its tier. So the fast path counts
// every match into the facets but takes only the documents of the best
// keys, until the page is full and the last key is complete.
// TestFastPathSameResults checks it against match.

// fastTables are the fast path's data, made by Open.
type fastTables struct {
	nameStart []uint32 // name ID n has the documents nameList[nameStart[n]:nameStart[n+1]]
	nameList  []uint32
	sorted    []uint32 // name IDs in the byte order of their names
	segs      []segTable
}

// A segTable is the fast path's data of one segment: its documents,
// shortest name first (segment numbers).
type segTable struct {
	byLength []uint32
}

func newFastTables(t *docTable, segs []store.Segment) *fastTables {
	ft := &fastTables{nameStart: make([]uint32, len(t.nameText)+1)}
	for n := range t.names {
		if t.ids[n] != "" {
			ft.nameStart[t.names[n].id+1]++
		}
	}
	for i := 1; i < len(ft.nameStart); i++ {
		ft.nameStart[i] += ft.nameStart[i-1]
	}
	ft.nameList = make([]uint32, ft.nameStart[len(ft.nameStart)-1])
	fill := slices.Clone(ft.nameStart)
	for n := range t.names {
		if t.ids[n] != "" {
			id := t.names[n].id
			ft.nameList[fill[id]] = uint32(n)
			fill[id]++
		}
	}
	ft.sorted = make([]uint32, len(t.nameText))
	for i := range ft.sorted {
		ft.sorted[i] = uint32(i)
	}
	slices.SortFunc(ft.sorted, func(a, b uint32) int { return strings.Compare(t.nameText[a], t.nameText[b]) })

	for _, s := range segs {
		var st segTable
		for local := range s.Count {
			if g := s.Offset + local; g < uint64(len(t.ids)) && t.ids[g] != "" {
				st.byLength = append(st.byLength, uint32(local))
			}
		}
		slices.SortStableFunc(st.byLength, func(a, b uint32) int {
			pa, pb := t.names[s.Offset+uint64(a)].per, t.names[s.Offset+uint64(b)].per
			switch {
			case pa > pb:
				return -1
			case pa < pb:
				return 1
			}
			return 0
		})
		ft.segs = append(ft.segs, st)
	}
	return ft
}

// docsOfName returns the documents (index numbers) whose name is name ID id.
func (ft *fastTables) docsOfName(id uint32) []uint32 {
	return ft.nameList[ft.nameStart[id]:ft.nameStart[id+1]]
}

// namesFrom returns the name IDs of the names that start with prefix.
func (ft *fastTables) namesFrom(t *docTable, prefix string) []uint32 {
	i, _ := slices.BinarySearchFunc(ft.sorted, prefix, func(id uint32, p string) int {
		return strings.Compare(t.nameText[id], p)
	})
	j := i
	for j < len(ft.sorted) && strings.HasPrefix(t.nameText[ft.sorted[j]], prefix) {
		j++
	}
	return ft.sorted[i:j]
}

// fastMatch is match for a parsed text of one word (must) and a collector
// without filters in relevance order: it counts every match into the
// facets and total, and adds to col only the hits that can make the page
// (all those of the keys up to the page's last).
func (ix *Index) fastMatch(ctx context.Context, p *parsed, in where, col *collector) error {
	for si := range ix.segs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ix.fastSegment(si, p, in, col); err != nil {
			return err
		}
	}
	return nil
}

// fastSegment is fastMatch in segment si.
func (ix *Index) fastSegment(si int, p *parsed, in where, col *collector) error {
	t := ix.t
	s := &ix.segs[si]
	l := s.Lookup()
	w := &p.must[0]
	ws, err := find(l, s.Offset, t, w, in)
	if err != nil {
		return err
	}
	p.bodies = append(p.bodies, []store.Bitmap{ws.body})
	match := ws.any
	var key store.Bitmap
	if p.key != "" && in.refs {
		if key, err = l.Postings(fKey, p.key); err != nil {
			return err
		}
		match = store.Or(match, key)
	}
	for wi := range p.not {
		ex, err := find(l, s.Offset, t, &p.not[wi], in)
		if err != nil {
			return err
		}
		match = store.AndNot(match, ex.any)
	}
	if match.IsEmpty() {
		return nil
	}
	var buf [512]uint32
	match.Each(buf[:], func(docs []uint32) bool {
		for _, local := range docs {
			if g := s.Offset + uint64(local); g < uint64(len(t.ord)) {
				col.count(uint32(g))
			}
		}
		return true
	})
	tk := taker{col: col, offset: s.Offset, taken: map[uint32]bool{}}
	store.And(key, match).Each(buf[:], func(docs []uint32) bool {
		for _, local := range docs {
			tk.take(local, rankKey(tierKey, 1, whole))
		}
		return true
	})
	title := store.And(ws.title, match)
	if in.title && p.name != "" {
		ix.fastNames(p, s, match, title, tk.take)
	}
	ix.fastTitles(si, w, title, &tk)
	if tk.got >= col.window {
		return nil
	}
	// Then the heading without the title (organ, year, 文號), then the
	// body: one key each.
	head := store.AndNot(store.And(ws.head, match), ws.title)
	for _, rest := range []struct {
		bm store.Bitmap
		k  uint32
	}{
		{head, rankKey(tierHeading, 0, whole)},
		{store.AndNot(match, ws.head), rankKey(tierText, 0, whole)},
	} {
		rest.bm.Each(buf[:], func(docs []uint32) bool {
			for _, local := range docs {
				tk.add(local, rest.k)
			}
			return true
		})
		if tk.got >= col.window {
			break
		}
	}
	return nil
}

// A taker adds the hits of one segment to a collector, each once.
type taker struct {
	col    *collector
	offset uint64
	taken  map[uint32]bool // documents of the key and name tiers, segment numbers
	got    int
}

// take adds a hit of the key or name tiers, unless it is in already.
func (tk *taker) take(local uint32, k uint32) {
	if !tk.taken[local] {
		tk.taken[local] = true
		tk.col.all = append(tk.col.all, hit{uint32(tk.offset + uint64(local)), k})
		tk.got++
	}
}

// add adds a hit of a later tier unless take added it.
func (tk *taker) add(local uint32, k uint32) {
	if !tk.taken[local] {
		tk.col.all = append(tk.col.all, hit{uint32(tk.offset + uint64(local)), k})
		tk.got++
	}
}

// fastTitles adds the matches of segment si whose title holds the word w,
// ranked by the name's length: all of them when they are few, else the
// shortest names first until the page is full and the last key complete.
func (ix *Index) fastTitles(si int, w *qword, title store.Bitmap, tk *taker) {
	t, s, st := ix.t, &ix.segs[si], &ix.fast.segs[si]
	keyOf := func(local uint32) uint32 {
		return rankKey(tierHeading, w.units, t.names[s.Offset+uint64(local)].per)
	}
	if title.Len() <= s.Count/2 {
		var buf [512]uint32
		title.Each(buf[:], func(docs []uint32) bool {
			for _, local := range docs {
				tk.add(local, keyOf(local))
			}
			return true
		})
		return
	}
	last := uint32(0)
	for _, local := range st.byLength {
		k := keyOf(local)
		if tk.got >= tk.col.window && k > last {
			break
		}
		if title.Contains(local) && !tk.taken[local] {
			tk.add(local, k)
			if tk.got == tk.col.window {
				last = k
			}
		}
	}
}

// fastNames takes the matches of segment s whose title is the query's
// name (under the query's country prefix or another) or derives from it.
func (ix *Index) fastNames(p *parsed, s *store.Segment, match, title store.Bitmap, take func(uint32, uint32)) {
	t, ft := ix.t, ix.fast
	inSeg := func(g uint32) (uint32, bool) {
		if uint64(g) < s.Offset || uint64(g) >= s.Offset+s.Count {
			return 0, false
		}
		return uint32(uint64(g) - s.Offset), true
	}
	if id, ok := t.nameIndex[p.name]; ok {
		for _, g := range ft.docsOfName(id) {
			if local, ok := inSeg(g); ok && match.Contains(local) {
				tier := tierName
				if p.prefix == noPrefix || int(t.names[g].prefix) == p.prefix {
					tier = tierTitle
				}
				take(local, rankKey(tier, 1, whole))
			}
		}
	}
	for _, id := range ft.namesFrom(t, p.name) {
		name := t.nameText[id]
		if len(name) == len(p.name) || !derivedFrom(name, p.name) {
			continue
		}
		for _, g := range ft.docsOfName(id) {
			if local, ok := inSeg(g); ok && title.Contains(local) {
				take(local, rankKey(tierDerived, units(p.name), t.names[g].per))
			}
		}
	}
}
