package search

import (
	"context"
	"slices"

	"gazette/cmd/gazette/internal/search/internal/store"
)

// A search that matches nothing is a last resort, not an answer: relax
// leaves out what keeps the query from matching — first whole words (or
// parts of a word typed without spaces), keeping the most of them, the
// longest first, that documents hold together; then, when no word is
// found at all, the pairs of characters of the longest word, keeping the
// most of them that documents hold together. Results.Relaxed says what was
// left out.

// relax changes p to match something when it matched nothing, and returns
// what it left out, or nil when it cannot.
func (ix *Index) relax(ctx context.Context, p *parsed, in where) ([]string, error) {
	words := slices.Clone(p.must)
	slices.SortStableFunc(words, func(a, b qword) int { return b.units - a.units })
	kept, left, err := ix.together(ctx, words, in)
	if err != nil {
		return nil, err
	}
	if len(kept) == 0 {
		grams := gramWords(&words[0])
		if len(grams) < 2 {
			return nil, nil
		}
		if kept, left, err = ix.together(ctx, grams, in); err != nil || len(kept) == 0 {
			return nil, err
		}
	}
	if len(left) == 0 {
		return nil, nil
	}
	p.must, p.typed, p.bodies = kept, nil, nil
	p.name, p.prefix, p.nameHead, p.nameMask = "", noPrefix, 0, 0
	var out []string
	for _, w := range left {
		out = append(out, w.text)
	}
	return out, nil
}

// together keeps words in order while some document holds all those kept
// so far, and returns those kept and those left out.
func (ix *Index) together(ctx context.Context, words []qword, in where) (kept, left []qword, err error) {
	acc := make([]store.Bitmap, len(ix.segs)) // documents with every word kept, by segment
	for wi := range words {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		next := make([]store.Bitmap, len(ix.segs))
		found := false
		for si := range ix.segs {
			s := &ix.segs[si]
			ws, err := find(s.Lookup(), s.Offset, ix.t, &words[wi], in)
			if err != nil {
				return nil, nil, err
			}
			next[si] = ws.any
			if len(kept) > 0 {
				next[si] = store.And(acc[si], ws.any)
			}
			found = found || !next[si].IsEmpty()
		}
		if found {
			kept, acc = append(kept, words[wi]), next
		} else {
			left = append(left, words[wi])
		}
	}
	return kept, left, nil
}

// gramWords are the index terms of a word (its pairs of characters, and
// its Latin words and digits) as words of their own.
func gramWords(w *qword) []qword {
	var out []qword
	for _, t := range w.terms {
		if qw, ok := spelling(t, true); ok {
			out = append(out, qw)
		}
	}
	return out
}
