package search

import (
	"gazette/cmd/gazette/internal/zh"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// bodyField is the body as Bleve indexes it, analysed in one pass: the same
// terms, frequencies and length as textAnalyzer (fold, then gramTokenizer,
// then Bleve's TokenFrequency) gives, without a token per gram. The body
// has no term vectors, so positions are not needed, and one pass costs far
// less than a token per gram (TestBodyFieldMatchesAnalyzer checks the two
// agree on the corpus).
//
// The whole body is indexed, but only its first snippetMaxScan characters
// are stored: snippets look no further, and a search that shows the longest
// bodies' snippets should not decompress hundreds of kilobytes for each.
type bodyField struct {
	*document.TextField
	text   string // the whole body
	c      *zh.Converter
	length int
	freqs  index.TokenFrequencies
}

// bodyOptions are the body's options in buildMapping: indexed and stored,
// no term vectors, no doc values.
const bodyOptions = index.IndexField | index.StoreField

func newBodyField(c *zh.Converter, body string) *bodyField {
	stored := firstRunes(body, snippetMaxScan)
	return &bodyField{TextField: document.NewTextFieldWithIndexingOptions(fBody, nil, []byte(stored), bodyOptions), text: body, c: c}
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

func (f *bodyField) Analyze() {
	sc := scratchPool.Get().(*scratch)
	sc.runes = sc.runes[:0]
	for _, r := range f.text {
		sc.runes = append(sc.runes, r)
	}
	f.c.FoldRunes(sc.runes)
	f.freqs, f.length = sc.gramFrequencies()
	scratchPool.Put(sc)
}

// scratch is what analysing one body needs and nothing keeps after. Reusing
// it cut what BenchmarkBuildCorpus allocates (5,000 documents) by 8–11%,
// work the collector no longer does.
type scratch struct {
	runes []rune
	grams map[uint64]int32
}

var scratchPool = sync.Pool{New: func() any { return &scratch{grams: map[uint64]int32{}} }}

func (f *bodyField) AnalyzedLength() int                              { return f.length }
func (f *bodyField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// gramFrequencies counts the tokens gramTokenizer makes of folded text
// sc.runes: each CJK rune's unigram, and its bigram with a CJK rune after
// it, and each run of other word runes. It returns them with their
// frequencies, and the number of tokens.
func (sc *scratch) gramFrequencies() (index.TokenFrequencies, int) {
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
	freqs := make(index.TokenFrequencies, len(grams)+len(words))
	slab := make([]index.TokenFreq, 0, len(grams)+len(words))
	arena := make([]byte, 0, 2*utf8.UTFMax*len(grams))
	add := func(term []byte, count int32) {
		slab = append(slab, index.TokenFreq{Term: term})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(int(count))
		freqs[string(term)] = tf
	}
	for k, count := range grams {
		start := len(arena)
		arena = utf8.AppendRune(arena, rune(k>>21))
		if r2 := rune(k & (1<<21 - 1)); r2 != 0 {
			arena = utf8.AppendRune(arena, r2)
		}
		add(arena[start:len(arena):len(arena)], count)
	}
	for w, count := range words {
		add([]byte(w), count)
	}
	return freqs, n
}
