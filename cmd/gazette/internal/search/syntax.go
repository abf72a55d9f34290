package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/search/internal/store"
	"gazette/cmd/gazette/internal/zh"
)

// A qword is one word of a query, folded, with what finds it.
type qword struct {
	text  string     // folded, as typed (a phrase keeps its inner spaces)
	canon string     // canonical form (see canonical)
	terms []string   // the index terms that find it in the body (queryTerms)
	head  []string   // … and in the title and 文號, which are indexed canonical
	units int        // its length for coverage
	year  int        // the year it names (2024, 2024年), or 0
	frags []fragment // what a snippet marks
}

// A parsed query text: the words every hit must have, the words none may
// have, and the whole text as a 文號 key.
type parsed struct {
	must, not []qword
	key       string // NormalizeDocNumber of the whole text, or ""
	// name is the words together as a title would read, without a
	// country prefix (see splitName), and prefix that prefix: a title
	// that is this name is the document the query names.
	name   string
	prefix int
	// nameHead and nameMask select the documents whose name can start
	// with name (see head).
	nameHead, nameMask uint32
	// bodies[s][w] are the documents of segment s that have must[w] in
	// the body, once matched.
	bodies [][]store.Bitmap
}

// inBody returns the fragments of the words of p that document local of
// segment si has in its body.
func (p *parsed) inBody(si int, local uint32) []fragment {
	var out []fragment
	for wi, w := range p.must {
		if si < len(p.bodies) && p.bodies[si][wi].Contains(local) {
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
// text: its punctuation separates the parts of a word.
func parseText(c *zh.Converter, text string) parsed {
	folded := fold(c, text)
	var p parsed
	add := func(w string, not bool) {
		canon := canonicalFolded(w)
		if canon == "" {
			return
		}
		qw := qword{text: w, canon: canon, terms: queryTerms(w), head: queryTerms(canon), units: units(canon), year: yearOf(w)}
		if !not {
			qw.frags = fragmentsOf([]string{w})
		}
		if len(qw.terms) == 0 || len(qw.head) == 0 {
			return
		}
		if not {
			p.not = append(p.not, qw)
		} else {
			p.must = append(p.must, qw)
		}
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
				add(rest[n:n+end], not)
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
		add(rest[:end], not)
		rest = rest[end:]
	}
	key := strings.Trim(strings.TrimSpace(text), quoteOpen+quoteClose+"＂")
	p.key = zh.DocNumberKey(key)
	var name strings.Builder
	for _, w := range p.must {
		name.WriteString(w.canon)
	}
	p.prefix, p.name = splitName(name.String())
	p.nameHead, p.nameMask = head(p.name), headMask(p.name)
	return p
}

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
