package search

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// People type Chinese without spaces: 刑法第23条, 保险法司法解释三,
// 1988年宪法修正案. A word typed so is split into the parts it is made of
// (split), each of which must then be found, as a word would: the names
// the index knows (a lexicon of titles without their country prefix, the
// prefixes, organs, topics, and the words that name a kind of instrument),
// references numbered in either numeral system (zh.NumberedIndex: 第23条,
// 第五条之一, 修正案（九）), numbers and Latin words, and the Han runs in
// between, which are matched by their grams. A word the lexicon knows
// whole, a 文號 and a word in quotes are not split.

// A partKind says what a part of a typed word is.
type partKind uint8

const (
	partWhole    partKind = iota // a word not split
	partName                     // a name the index knows
	partNumbered                 // a numbered reference: 第23条, 修正案九
	partNumber                   // digits or Latin letters: 1988年, covid
	partRest                     // any other Han run, matched by its grams
)

// A part is one part of a typed word (folded, not canonical).
type part struct {
	text string
	kind partKind
}

// lexiconMax is the longest name (in runes) split looks for: longer titles
// are typed whole or not at all.
const lexiconMax = 24

// instrumentWords name a kind of instrument after an act's name: split
// keeps them apart, so that the act's name is a part of its own.
var instrumentWords = []string{"解释", "规定", "决定", "修正案", "实施条例", "实施细则", "实施办法", "施行细则", "条例", "办法"}

// A lexicon is the set of names split knows, canonical.
type lexicon map[string]bool

// newLexicon gathers the names of t: every name of a title (without its
// country prefix) of two to lexiconMax characters, the country prefixes,
// every organ and topic, and the instrument words.
func newLexicon(t *docTable, topics []string) lexicon {
	lex := lexicon{}
	add := func(canon string) {
		if n := utf8.RuneCountInString(canon); n >= 2 && n <= lexiconMax && !strings.ContainsRune(canon, wordMark) {
			lex[canon] = true
		}
	}
	for _, name := range t.nameText {
		add(name)
	}
	for _, p := range countryPrefixes {
		add(p)
	}
	for _, o := range t.organCanon {
		add(o)
	}
	for _, tp := range topics {
		add(tp)
	}
	for _, w := range instrumentWords {
		add(w)
	}
	return lex
}

// articleSpaces finds the spaces people put inside an article number
// (第 23 条, 第 5-1 條): compact removes them before the text is split
// into words, so that such a reference stays one word.
var articleSpaces = regexp.MustCompile(`第\s*([0-9]+)\s*(?:-\s*([0-9]+)\s*)?([条款项章节编])`)

func compact(folded string) string {
	return articleSpaces.ReplaceAllStringFunc(folded, func(m string) string {
		return strings.Join(strings.Fields(m), "")
	})
}

// split returns the parts of a folded word, or nil when it is one part.
// 司法解释 is read as 解释, which is what the titles of the court's
// interpretations say.
func (lex lexicon) split(w string) []part {
	if lex == nil || utf8.RuneCountInString(w) < 3 || zh.DocNumberYear(w) != 0 || lex[canonicalFolded(w)] {
		return nil
	}
	w = strings.ReplaceAll(w, "司法解释", "解释")
	var parts []part
	at := 0
	for _, span := range zh.NumberedIndex(w) {
		parts = append(parts, lex.names(w[at:span[0]])...)
		parts = append(parts, part{w[span[0]:span[1]], partNumbered})
		at = span[1]
	}
	parts = append(parts, lex.names(w[at:])...)
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// names splits text without numbered references into names the lexicon
// knows (the longest at each place, from the left), numbers and Latin
// words, and the Han runs between them, unless that leaves a run of one
// character.
func (lex lexicon) names(text string) []part {
	rs := []rune(text)
	var out []part
	rest := -1
	flush := func(end int) {
		if rest >= 0 && end > rest {
			if canonicalFolded(string(rs[rest:end])) != "" {
				out = append(out, part{string(rs[rest:end]), partRest})
			}
		}
		rest = -1
	}
	for i := 0; i < len(rs); {
		if isWordRune(rs[i]) && !isCJK(rs[i]) {
			j := i + 1
			for j < len(rs) && isWordRune(rs[j]) && !isCJK(rs[j]) {
				j++
			}
			if j < len(rs) && rs[j] == '年' {
				j++ // 1988年
			}
			flush(i)
			out = append(out, part{string(rs[i:j]), partNumber})
			i = j
			continue
		}
		if n := lex.longest(rs[i:]); n > 0 {
			flush(i)
			out = append(out, part{string(rs[i : i+n]), partName})
			i += n
			continue
		}
		if rest < 0 {
			rest = i
		}
		i++
	}
	flush(len(rs))
	// A name that leaves a single character on either side is a word
	// read wrongly (人|民法|院 for 人民法院): the text is not split.
	for _, pt := range out {
		if pt.kind == partRest && utf8.RuneCountInString(pt.text) == 1 && len(out) > 1 {
			return []part{{text, partRest}}
		}
	}
	return out
}

// longest is the length of the longest name of the lexicon that rs starts
// with, or 0.
func (lex lexicon) longest(rs []rune) int {
	if !isCJK(rs[0]) {
		return 0
	}
	for n := min(len(rs), lexiconMax); n >= 2; n-- {
		if lex[canonicalFolded(string(rs[:n]))] {
			return n
		}
	}
	return 0
}
