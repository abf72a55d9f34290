package store

import "github.com/RoaringBitmap/roaring/v2"

// A Bitmap is a set of document numbers of one segment. The zero Bitmap is
// empty. A Bitmap is never changed once made: a postings Bitmap may be the
// index's own, and every operation returns a new one.
type Bitmap struct{ r *roaring.Bitmap }

// BitmapOf is the set of docs.
func BitmapOf(docs ...uint32) Bitmap { return Bitmap{roaring.BitmapOf(docs...)} }

// Range is the set [lo, hi).
func Range(lo, hi uint64) Bitmap {
	r := roaring.New()
	r.AddRange(lo, hi)
	return Bitmap{r}
}

// IsEmpty reports whether b has no document.
func (b Bitmap) IsEmpty() bool { return b.r == nil || b.r.IsEmpty() }

// Contains reports whether b has doc.
func (b Bitmap) Contains(doc uint32) bool { return b.r != nil && b.r.Contains(doc) }

// Len is the number of documents in b.
func (b Bitmap) Len() uint64 {
	if b.r == nil {
		return 0
	}
	return b.r.GetCardinality()
}

// And is the documents in both a and b.
func And(a, b Bitmap) Bitmap {
	if a.r == nil || b.r == nil {
		return Bitmap{}
	}
	return Bitmap{roaring.And(a.r, b.r)}
}

// Or is the documents in a or b.
func Or(a, b Bitmap) Bitmap {
	switch {
	case a.r == nil:
		return b
	case b.r == nil:
		return a
	}
	return Bitmap{roaring.Or(a.r, b.r)}
}

// AndNot is the documents of a not in b.
func AndNot(a, b Bitmap) Bitmap {
	if a.r == nil || b.r == nil {
		return a
	}
	return Bitmap{roaring.AndNot(a.r, b.r)}
}

// AndAll is the documents in every one of bs (none: empty).
func AndAll(bs ...Bitmap) Bitmap {
	switch len(bs) {
	case 0:
		return Bitmap{}
	case 1:
		return bs[0]
	}
	rs := make([]*roaring.Bitmap, len(bs))
	for i, b := range bs {
		if b.r == nil {
			return Bitmap{}
		}
		rs[i] = b.r
	}
	return Bitmap{roaring.FastAnd(rs...)}
}

// OrAll is the documents in any of bs.
func OrAll(bs ...Bitmap) Bitmap {
	switch len(bs) {
	case 0:
		return Bitmap{}
	case 1:
		return bs[0]
	}
	rs := make([]*roaring.Bitmap, 0, len(bs))
	for _, b := range bs {
		if b.r != nil {
			rs = append(rs, b.r)
		}
	}
	return Bitmap{roaring.FastOr(rs...)}
}

// Each calls fn with the documents of b in ascending order, as many at a
// time as buf holds, until fn returns false.
func (b Bitmap) Each(buf []uint32, fn func(docs []uint32) bool) {
	if b.r == nil {
		return
	}
	it := b.r.ManyIterator()
	for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
		if !fn(buf[:k]) {
			return
		}
	}
}
