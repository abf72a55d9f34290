package search

import (
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// wordMark encloses each run of letters and digits in a canonical text, so
// that a canonical word is found whole: 2024 in 〔2024〕3號 but not in 20243.
const wordMark = '\x1f'

// canonical is the form in which titles, 文號 and query words are compared:
// folded (script, width, case), each CJK character kept, each run of other
// letters and digits kept between two wordMarks, and anything else (spaces,
// punctuation, 《》) dropped. 《中華人民共和國 刑法》 and 中华人民共和国刑法
// have the same canonical form, and a word is in a title when its canonical
// form is a substring of the title's, which is what the index's phrase of
// grams finds too.
func canonical(c *zh.Converter, s string) string {
	return canonicalFolded(fold(c, s))
}

// fold is s folded (zh.Converter.FoldRunes) by c.
func fold(c *zh.Converter, s string) string {
	rs := []rune(s)
	c.FoldRunes(rs)
	return string(rs)
}

// canonicalFolded is canonical of text already folded.
func canonicalFolded(folded string) string {
	var b strings.Builder
	b.Grow(len(folded))
	inWord := false
	for _, r := range folded {
		switch {
		case isCJK(r):
			if inWord {
				b.WriteByte(wordMark)
				inWord = false
			}
			b.WriteRune(r)
		case isWordRune(r):
			if !inWord {
				b.WriteByte(wordMark)
				inWord = true
			}
			b.WriteRune(r)
		default:
			if inWord {
				b.WriteByte(wordMark)
				inWord = false
			}
		}
	}
	if inWord {
		b.WriteByte(wordMark)
	}
	return b.String()
}

// units is the length of a canonical text in characters, marks left out:
// what a title's coverage by the query is measured in.
func units(canon string) int {
	return utf8.RuneCountInString(canon) - strings.Count(canon, string(wordMark))
}

// Country prefixes, canonical: a law is named without them (刑法 for
// 中华人民共和国刑法 and 中華民國刑法).
const (
	noPrefix = iota
	prefixPRC
	prefixROC
)

var countryPrefixes = [...]string{prefixPRC: "中华人民共和国", prefixROC: "中华民国"}

// splitName splits a canonical title into its country prefix and its name
// (the rest; the whole title when it has no prefix or nothing after it).
func splitName(canon string) (prefix int, name string) {
	for p, s := range countryPrefixes {
		if s == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(canon, s); ok && rest != "" {
			return p, rest
		}
	}
	return noPrefix, canon
}

// head is the first four bytes of s (fewer when s is shorter), big-endian:
// a name starts with qname only if head(name)&headMask(qname) == head(qname).
func head(s string) uint32 {
	var h uint32
	for i := range 4 {
		h <<= 8
		if i < len(s) {
			h |= uint32(s[i])
		}
	}
	return h
}

// headMask keeps the bytes of a head that s has.
func headMask(s string) uint32 {
	return ^uint32(0) << (8 * (4 - min(len(s), 4)))
}

// derivedMarks are what the rest of a title after an act's name says when
// the document implements, amends or interprets the act (森林法实施条例,
// 刑法施行法, 刑法修正案（九）, 憲法增修條文, folded).
var derivedMarks = []string{"实施", "施行", "修正", "修订", "增修", "解释", "细则", "补充"}

// derivedMax is the longest suffix (in bytes: ten characters) that names
// a document derived from an act: 实施条例, 施行细则, 修正案（十一）,
// 债编施行法. A longer rest names something else that begins with the
// same words (最高人民法院 … 的解释 for 最高人民法院).
const derivedMax = 10 * 3

// derivedFrom reports whether the name is qname followed by a suffix that
// implements, amends or interprets it.
func derivedFrom(name, qname string) bool {
	rest, ok := strings.CutPrefix(name, qname)
	if !ok || rest == "" || len(rest) > derivedMax {
		return false
	}
	for _, m := range derivedMarks {
		if strings.Contains(rest, m) {
			return true
		}
	}
	return false
}
