// Package store is the search index on disk: the one package that knows
// Bleve — its scorch engine, the segment API, bleve_index_api and the
// roaring bitmaps — so that a Bleve upgrade touches this folder only.
//
// It deals in documents and bitmaps. A Document is written already
// analysed: text fields as their terms with counts (Terms) and the
// field's length, keywords, a date, stored values; the index does no
// analysis of its own, and its mapping only keeps Bleve from adding
// fields. A Writer creates an index or opens a copy of an earlier one and
// applies Batches. A Reader opens an index read-only as one snapshot whose
// Segments give, per segment, the postings of a term as a Bitmap, the
// frequencies and field lengths relevance needs, and stored values; and,
// over the whole index, its IDs, terms, postings and dates, from which a
// caller builds its tables once.
package store
