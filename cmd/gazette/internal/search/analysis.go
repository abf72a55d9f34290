package search

import (
	"gazette/cmd/gazette/internal/zh"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the analysis pieces are registered with Bleve (its
// registry is global, so this happens once, in init).
const (
	foldFilterName  = "gazette_fold"
	canonFilterName = "gazette_canonical"
	tokenizerName   = "gazette_grams"
	textAnalyzer    = "gazette_text"
	headingAnalyzer = "gazette_heading"
)

func init() {
	if err := registry.RegisterCharFilter(foldFilterName, newFoldFilter); err != nil {
		panic(err)
	}
	if err := registry.RegisterCharFilter(canonFilterName, newCanonFilter); err != nil {
		panic(err)
	}
	if err := registry.RegisterTokenizer(tokenizerName, newGramTokenizer); err != nil {
		panic(err)
	}
}

// foldFilter folds a whole field's text (width, case, Traditional→Simplified)
// before tokenizing: one conversion per field per document, run by Bleve's
// analysis workers in parallel.
type foldFilter struct{ c *zh.Converter }

func newFoldFilter(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
	c, err := zh.T2S()
	if err != nil {
		return nil, err
	}
	return foldFilter{c}, nil
}

func (f foldFilter) Filter(input []byte) []byte {
	rs := []rune(string(input))
	f.c.FoldRunes(rs)
	return []byte(string(rs))
}

// canonFilter makes folded text canonical (see canonical): the title and
// the 文號 are indexed so, so that their grams run across punctuation and a
// query word is found in them whatever punctuation either has
// (刑法修正案十一 in 刑法修正案（十一）).
type canonFilter struct{}

func newCanonFilter(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
	return canonFilter{}, nil
}

func (canonFilter) Filter(input []byte) []byte { return []byte(canonicalFolded(string(input))) }

// gramTokenizer turns folded text into slots: each CJK character is a slot,
// each run of other letters and digits (a word) is a slot, anything else
// separates. Slot i has position i+1. A CJK character yields its unigram at
// its slot and, when the next character is CJK and adjacent, the bigram of
// the two at the same slot. So any substring of one or more CJK characters is
// found: one character by its unigram, n ≥ 2 by the n-1 bigrams at
// consecutive positions (a phrase).
type gramTokenizer struct{}

func newGramTokenizer(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
	return gramTokenizer{}, nil
}

func (gramTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// One backing array: at most two tokens per rune.
	store := make([]analysis.Token, 0, 2*utf8.RuneCount(input))
	var ts analysis.TokenStream
	add := func(start, end, pos int, typ analysis.TokenType) {
		store = append(store, analysis.Token{Start: start, End: end, Term: input[start:end:end], Position: pos, Type: typ})
		ts = append(ts, &store[len(store)-1])
	}
	pos := 0
	wordStart := -1
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		switch {
		case isCJK(r):
			if wordStart >= 0 {
				pos++
				add(wordStart, i, pos, analysis.AlphaNumeric)
				wordStart = -1
			}
			pos++
			add(i, i+n, pos, analysis.Ideographic)
			if r2, n2 := utf8.DecodeRune(input[i+n:]); n2 > 0 && isCJK(r2) {
				add(i, i+n+n2, pos, analysis.Ideographic)
			}
		case isWordRune(r):
			if wordStart < 0 {
				wordStart = i
			}
		default:
			if wordStart >= 0 {
				pos++
				add(wordStart, i, pos, analysis.AlphaNumeric)
				wordStart = -1
			}
		}
		i += n
	}
	if wordStart >= 0 {
		pos++
		add(wordStart, len(input), pos, analysis.AlphaNumeric)
	}
	return ts
}

// isCJK reports whether r is indexed character by character.
func isCJK(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true // CJK Unified Ideographs, all Han: the common case
	}
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) ||
		unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		r == '〇')
}

// isWordRune reports whether r belongs to a word (a run of letters, digits
// and combining marks that are not CJK).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// queryTerms returns the terms that find a folded query word, in order, one
// per consecutive position: the bigram starting at each CJK character that
// has a CJK neighbour after it, the unigram of a CJK character that has none
// (unless a bigram before it already covers it and nothing follows), and each
// Latin/digit word. A single term is a term query; several are a phrase.
func queryTerms(folded string) []string {
	toks := gramTokenizer{}.Tokenize([]byte(folded))
	// Group tokens by position: a CJK slot has its unigram and maybe a bigram.
	type slot struct{ uni, bi string }
	var slots []slot
	for _, t := range toks {
		if len(slots) < t.Position {
			slots = append(slots, slot{})
		}
		s := &slots[t.Position-1]
		if t.Type == analysis.Ideographic && utf8.RuneCount(t.Term) == 2 {
			s.bi = string(t.Term)
		} else {
			s.uni = string(t.Term)
		}
	}
	var terms []string
	for i, s := range slots {
		switch {
		case s.bi != "":
			terms = append(terms, s.bi)
		case i == len(slots)-1 && i > 0 && slots[i-1].bi != "":
			// covered by the bigram before it
		default:
			terms = append(terms, s.uni)
		}
	}
	return terms
}
