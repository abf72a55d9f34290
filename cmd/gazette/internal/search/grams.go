package search

import (
	"gazette/cmd/gazette/internal/search/internal/store"
	"gazette/cmd/gazette/internal/zh"
	"sync"
	"unicode/utf8"
)

// Text is indexed as the terms tokenize makes of it, counted in one pass
// (gramTerms) rather than token by token: the same terms, frequencies and
// length (TestGramTermsMatchTokenize checks it on the corpus), at a
// fraction of the cost. The body has no positions, so none are kept.
//
// The whole body is indexed, but only its first snippetMaxScan characters
// are stored: snippets look no further, and a search that shows the longest
// bodies' snippets should not decompress hundreds of kilobytes for each.

// bodyTerms returns the terms of a body (folded by c) and what of it is
// stored.
func bodyTerms(c *zh.Converter, body string) (*store.Terms, []byte) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.runes = sc.runes[:0]
	for _, r := range body {
		sc.runes = append(sc.runes, r)
	}
	c.FoldRunes(sc.runes)
	return sc.gramTerms(), []byte(firstRunes(body, snippetMaxScan))
}

// textTerms returns the terms of text already folded (and, for the
// heading fields, made canonical).
func textTerms(folded string) *store.Terms {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.runes = append(sc.runes[:0], []rune(folded)...)
	return sc.gramTerms()
}

// firstRunes is s cut after n runes.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// scratch is what analysing one text needs and nothing keeps after: reused,
// as a large build analyses hundreds of thousands of bodies.
type scratch struct {
	runes []rune
	grams map[uint64]int32
}

var scratchPool = sync.Pool{New: func() any { return &scratch{grams: map[uint64]int32{}} }}

// bridgedRune is bridged of runes.
func bridgedRune(rs []rune) (rune, bool) {
	for k := 0; k <= bridgeMax && k < len(rs); k++ {
		switch r := rs[k]; {
		case isCJK(r):
			return r, k > 0
		case !bridgeable(r):
			return 0, false
		}
	}
	return 0, false
}

// gramTerms counts the tokens tokenize makes of folded text sc.runes: each
// CJK rune's unigram, and its bigram with the CJK rune after it (across at
// most bridgeMax marks), and each run of other word runes. It returns them with their frequencies and the
// number of tokens.
func (sc *scratch) gramTerms() *store.Terms {
	rs, grams := sc.runes, sc.grams // grams: r1<<21 | r2 (0 for a unigram)
	clear(grams)
	var words map[string]int32
	n := 0
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isCJK(r):
			grams[uint64(r)<<21]++
			n++
			if i+1 < len(rs) && isCJK(rs[i+1]) {
				grams[uint64(r)<<21|uint64(rs[i+1])]++
				n++
			} else if r2, ok := bridgedRune(rs[i+1:]); ok {
				grams[uint64(r)<<21|uint64(r2)]++
				n++
			}
			i++
		case isWordRune(r):
			j := i + 1
			for j < len(rs) && !isCJK(rs[j]) && isWordRune(rs[j]) {
				j++
			}
			if words == nil {
				words = map[string]int32{}
			}
			words[string(rs[i:j])]++
			n++
			i = j
		default:
			i++
		}
	}
	terms := store.NewTerms(len(grams)+len(words), n)
	arena := make([]byte, 0, 2*utf8.UTFMax*len(grams))
	for k, count := range grams {
		start := len(arena)
		arena = utf8.AppendRune(arena, rune(k>>21))
		if r2 := rune(k & (1<<21 - 1)); r2 != 0 {
			arena = utf8.AppendRune(arena, r2)
		}
		terms.Add(arena[start:len(arena):len(arena)], int(count))
	}
	for w, count := range words {
		terms.Add([]byte(w), int(count))
	}
	return terms
}
