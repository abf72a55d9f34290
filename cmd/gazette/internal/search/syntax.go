package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/search/internal/store"
	"gazette/cmd/gazette/internal/zh"
)

// A qword is one word of a query, or one part of a word typed without
// spaces (split), folded, with what finds it.
type qword struct {
	text  string     // folded, as typed (a phrase keeps its inner spaces)
	canon string     // canonical form (see canonical)
	terms []string   // the index terms that find it in the body (queryTerms)
	head  []string   // … and in the title and 文號, which are indexed canonical
	units int        // its length for coverage
	year  int        // the year it names (2024, 2024年), or 0
	frags []fragment // what a snippet marks
	// alts are its other spellings, each of which finds it too: its
	// numbers written in the other numeral system (zh.NumeralForms).
	alts []qword
	kind partKind
	// name is how a title would spell it (numbers in Han numerals, as
	// titles number amendments and interpretations).
	name string
}

// A parsed query text: the words every hit must have, the words none may
// have, and the whole text as a 文號 key.
type parsed struct {
	must, not []qword
	// typed are the words typed without spaces that were split into
	// parts (must holds the parts): a document that has such a word whole
	// ranks before one that only has its parts.
	typed []qword
	key   string // NormalizeDocNumber of the whole text, or ""
	// name is the words together as a title would read, without a
	// country prefix (see splitName) and without article references,
	// and prefix that prefix: a title that is this name is the document
	// the query names.
	name   string
	prefix int
	// nameHead and nameMask select the documents whose name can start
	// with name (see head).
	nameHead, nameMask uint32
	// bodies[s][w] are the documents of segment s that have must[w] (then
	// typed[w-len(must)]) in the body, once matched.
	bodies [][]store.Bitmap
}

// inBody returns the fragments of the words of p that document local of
// segment si has in its body: of a word typed whole before those of its
// parts, so that a snippet marks the whole.
func (p *parsed) inBody(si int, local uint32) []fragment {
	var out []fragment
	if si >= len(p.bodies) {
		return nil
	}
	for wi, w := range p.typed {
		if k := len(p.must) + wi; k < len(p.bodies[si]) && p.bodies[si][k].Contains(local) {
			out = append(out, w.frags...)
		}
	}
	for wi, w := range p.must {
		if p.bodies[si][wi].Contains(local) {
			out = append(out, w.frags...)
		}
	}
	return out
}

// Quote marks that open and close a phrase (after folding, which makes
// ＂ a ").
const (
	quoteOpen  = "\"“"
	quoteClose = "\"”"
)

// parseText reads query text (see the package comment's syntax): words
// separated by white space; "a phrase" (straight or curly quotes) as one
// word whose parts must be adjacent; a word or phrase after - (or －) is
// excluded. Anything else, unbalanced quotes and a lone - included, is
// text: its punctuation separates the parts of a word. A word that is not
// in quotes is split into its parts by lex (nil: none is).
func parseText(c *zh.Converter, lex lexicon, text string) parsed {
	folded := compact(fold(c, text))
	var p parsed
	add := func(w string, not, quoted bool) {
		var parts []part
		if !not && !quoted {
			parts = lex.split(w)
		}
		if parts == nil {
			if qw, ok := newQword(w, partWhole, !not); ok {
				if not {
					p.not = append(p.not, qw)
				} else {
					p.must = append(p.must, qw)
				}
			}
			return
		}
		whole, ok := newQword(w, partWhole, true)
		if !ok {
			return
		}
		for _, pt := range parts {
			if qw, ok := newQword(pt.text, pt.kind, true); ok {
				p.must = append(p.must, qw)
			}
		}
		p.typed = append(p.typed, whole)
	}
	rest := folded
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		not := false
		if r, n := utf8.DecodeRuneInString(rest); r == '-' && n < len(rest) {
			if r2, _ := utf8.DecodeRuneInString(rest[n:]); !unicode.IsSpace(r2) {
				not, rest = true, rest[n:]
			}
		}
		if r, n := utf8.DecodeRuneInString(rest); strings.ContainsRune(quoteOpen, r) {
			if end := strings.IndexAny(rest[n:], quoteClose); end >= 0 {
				add(rest[n:n+end], not, true)
				rest = rest[n+end:]
				_, m := utf8.DecodeRuneInString(rest)
				rest = rest[m:]
				continue
			}
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		add(rest[:end], not, false)
		rest = rest[end:]
	}
	key := strings.Trim(strings.TrimSpace(text), quoteOpen+quoteClose+"＂")
	p.key = zh.DocNumberKey(key)
	var name strings.Builder
	for _, w := range p.must {
		if w.kind != partNumbered || !isArticle(w.text) {
			name.WriteString(w.name)
		}
	}
	p.prefix, p.name = splitName(name.String())
	p.nameHead, p.nameMask = head(p.name), headMask(p.name)
	return p
}

// newQword makes the qword of folded word w, with the spellings of its
// numbers in the other numeral system; ok is false when w has nothing a
// search can look for (only punctuation).
func newQword(w string, kind partKind, marked bool) (qword, bool) {
	qw, ok := spelling(w, marked)
	if !ok {
		return qw, false
	}
	qw.kind, qw.name = kind, titleName(qw.canon)
	forms := zh.NumeralForms(w)
	if rest, ok := strings.CutPrefix(w, "解释"); ok && kind != partWhole {
		// The court's "interpretations" are titled 解释 or 规定: 公司法司法解释三
		// is 关于适用《公司法》若干问题的规定（三）.
		forms = append(forms, "规定"+rest)
		for _, f := range zh.NumeralForms("规定" + rest) {
			forms = append(forms, f)
		}
	}
	for _, f := range forms {
		if alt, ok := spelling(f, marked); ok && f != w {
			qw.alts = append(qw.alts, alt)
			qw.frags = append(qw.frags, alt.frags...)
		}
	}
	return qw, true
}

// titleName is a canonical text with its numbers in Han numerals
// (zh.NumeralForms), the form in which names are compared: 刑法修正案9 and
// 刑法修正案（九） name the same amendment.
func titleName(canon string) string {
	if !strings.ContainsRune(canon, wordMark) {
		return canon
	}
	if forms := zh.NumeralForms(strings.ReplaceAll(canon, string(wordMark), " ")); forms != nil {
		return canonicalFolded(forms[1])
	}
	return canon
}

// spelling is the qword of one spelling of a folded word.
func spelling(w string, marked bool) (qword, bool) {
	canon := canonicalFolded(w)
	qw := qword{text: w, canon: canon, terms: queryTerms(w), head: queryTerms(canon), units: units(canon), year: yearOf(w)}
	if marked {
		qw.frags = fragmentsOf([]string{w})
	}
	return qw, canon != "" && len(qw.terms) > 0 && len(qw.head) > 0
}

// isArticle reports whether a numbered reference numbers an article, a
// paragraph or a chapter (第23条), rather than naming an instrument
// (修正案九): the law, not the article, is what a title names.
func isArticle(ref string) bool { return strings.HasPrefix(ref, "第") }

// yearOf is the year a folded word names: four digits from 1900 to 2099,
// alone or before 年.
func yearOf(w string) int {
	w = strings.TrimSuffix(w, "年")
	if len(w) != 4 {
		return 0
	}
	y, err := strconv.Atoi(w)
	if err != nil || y < 1900 || y > 2099 {
		return 0
	}
	return y
}
