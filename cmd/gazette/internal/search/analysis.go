package search

import (
	"unicode"
	"unicode/utf8"
)

// A token is one term of folded text at its position (see tokenize).
type token struct {
	term     []byte
	position int
	cjk      bool // a unigram or bigram of CJK characters
}

// tokenize turns folded text into slots: each CJK character is a slot,
// each run of other letters and digits (a word) is a slot, anything else
// separates. Slot i has position i+1. A CJK character yields its unigram at
// its slot and, when the next character is CJK and adjacent, the bigram of
// the two at the same slot. So any substring of one or more CJK characters is
// found: one character by its unigram, n ≥ 2 by the n-1 bigrams at
// consecutive positions (a phrase). gramTerms counts the same tokens in one
// pass, for indexing.
func tokenize(input []byte) []token {
	var ts []token
	add := func(start, end, pos int, cjk bool) {
		ts = append(ts, token{term: input[start:end:end], position: pos, cjk: cjk})
	}
	pos := 0
	wordStart := -1
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		switch {
		case isCJK(r):
			if wordStart >= 0 {
				pos++
				add(wordStart, i, pos, false)
				wordStart = -1
			}
			pos++
			add(i, i+n, pos, true)
			if r2, n2 := utf8.DecodeRune(input[i+n:]); n2 > 0 && isCJK(r2) {
				add(i, i+n+n2, pos, true)
			} else if r2, ok := bridged(input[i+n:]); ok {
				ts = append(ts, token{term: utf8.AppendRune(utf8.AppendRune(nil, r), r2), position: pos, cjk: true})
			}
		case isWordRune(r):
			if wordStart < 0 {
				wordStart = i
			}
		default:
			if wordStart >= 0 {
				pos++
				add(wordStart, i, pos, false)
				wordStart = -1
			}
		}
		i += n
	}
	if wordStart >= 0 {
		pos++
		add(wordStart, len(input), pos, false)
	}
	return ts
}

// bridgeMax is how many marks between two CJK characters a bigram runs
// across: a clause typed without its comma (香港政府 for 香港，政府) is
// found by its grams, and a sentence's end before a new paragraph does
// not join the two.
const bridgeMax = 2

// bridged returns the CJK character after at most bridgeMax punctuation
// marks, symbols or spaces at the start of text (after a CJK character),
// when there is one.
func bridged(text []byte) (rune, bool) {
	for k := 0; k <= bridgeMax && len(text) > 0; k++ {
		r, n := utf8.DecodeRune(text)
		if isCJK(r) {
			return r, k > 0
		}
		if !bridgeable(r) {
			break
		}
		text = text[n:]
	}
	return 0, false
}

// bridgeable reports whether a bigram runs across r.
func bridgeable(r rune) bool {
	return r != wordMark && (unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r))
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
	toks := tokenize([]byte(folded))
	// Group tokens by position: a CJK slot has its unigram and maybe a bigram.
	type slot struct{ uni, bi string }
	var slots []slot
	for _, t := range toks {
		if len(slots) < t.position {
			slots = append(slots, slot{})
		}
		s := &slots[t.position-1]
		if t.cjk && utf8.RuneCount(t.term) == 2 {
			s.bi = string(t.term)
		} else {
			s.uni = string(t.term)
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
