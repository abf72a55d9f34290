package search

import (
	"gazette/cmd/gazette/internal/zh"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// snippetRunes is the length of a snippet, in characters: two lines of a
// results page on a phone.
const snippetRunes = 120

// snippetScan is how many runes of the body are searched for matches
// first; the search goes on, eight times as far each time, while some word
// is not found, but past snippetSettle only while none is; snippetMaxScan
// bounds it, and only that much of a body is stored: every hit of a page
// reads its stored body, and reading the longest ones (hundreds of
// thousands of characters) was a large part of a search. A match further
// in is not shown; the snippet is then the body's beginning.
const (
	snippetScan    = 256
	snippetSettle  = 2048
	snippetMaxScan = 4096
)

// snippetLead is how much text comes before the first match in a snippet.
const snippetLead = 20

// snippet returns about n runes of body around the matches of the folded
// query words, HTML-escaped, with each match in <mark>. Matches are found as
// the words are spelled, in Simplified or Traditional, or else in the folded
// body, and shown in the original: folding keeps rune positions. When
// nothing matches in the body, it is the body's beginning.
func snippet(c *zh.Converter, body []byte, words []string, n int) template.HTML {
	return snippetOf(c, body, fragmentsOf(words), n)
}

// snippetOf is snippet of the words' fragments.
func snippetOf(c *zh.Converter, body []byte, frags []fragment, n int) template.HTML {
	if len(body) == 0 {
		return ""
	}
	sc := runesPool.Get().(*runeScratch)
	defer runesPool.Put(sc)
	marks, orig, rest := findInBody(c, body, frags, sc)
	start := 0
	if len(marks) > 0 {
		start = bestWindow(marks, n)
		start = max(0, start-snippetLead)
	}
	// Never cut a match: a snippet starting or ending inside one takes
	// all of it.
	end := start + n
	for _, m := range marks {
		if m.start < start && start < m.end {
			start = m.start
		}
		if m.start < end && end < m.end {
			end = m.end
		}
	}
	orig, rest = appendRunes(orig, rest, end)
	end = min(len(orig), end)

	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	mi := 0
	for mi < len(marks) && marks[mi].end <= start {
		mi++
	}
	space := false
	for i := start; i < end; i++ {
		if mi < len(marks) && i == marks[mi].start {
			b.WriteString("<mark>")
		}
		r := orig[i]
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
		} else {
			space = false
			switch r {
			case '<', '>', '&', '\'', '"', 0:
				template.HTMLEscape(&b, []byte(string(r)))
			default:
				b.WriteRune(r)
			}
		}
		if mi < len(marks) && i+1 == marks[mi].end {
			b.WriteString("</mark>")
			mi++
		}
	}
	if end < len(orig) || len(rest) > 0 {
		b.WriteString("…")
	}
	return template.HTML(b.String())
}

// findInBody finds the fragments in the body: only as much of it as it
// takes to find every fragment (a one-character query is found in the
// first lines of nearly every hit), the first snippetScan runes, then the
// rest if need be. They are looked for as spelled first, in Simplified or
// Traditional (and in capitals): a body is in one script, so that finds
// the matches of most hits without folding the body, which cost more than
// the rest of a search; only when some fragment is not found so is the
// text read folded. It returns the marks, the runes of the body it read and
// the rest of the body.
func findInBody(c *zh.Converter, body []byte, frags []fragment, sc *runeScratch) ([]mark, []rune, []byte) {
	orig, folded := sc.orig[:0], sc.folded[:0]
	defer func() { sc.orig, sc.folded = orig, folded }()
	var marks []mark
	rest := body
	for limit := snippetScan; ; limit = min(8*limit, snippetMaxScan) {
		orig, rest = appendRunes(orig, rest, limit)
		marks = findMarks(orig, frags, true)
		if !allFound(marks, len(frags)) {
			// Fold what was read (again a little before the old end,
			// where a dictionary phrase may have been cut).
			from := max(0, len(folded)-zh.PhraseWindow)
			folded = append(folded[:from], orig[from:]...)
			c.FoldRunes(folded[from:])
			marks = findMarks(folded, frags, false)
		}
		if len(rest) == 0 || len(orig) >= snippetMaxScan || len(marks) >= maxMarks || allFound(marks, len(frags)) ||
			len(marks) > 0 && len(orig) >= snippetSettle {
			return marks, orig, rest
		}
	}
}

// runeScratch holds the runes of a body a snippet reads, as they are and
// folded: pooled, as they are most of what a search allocates.
type runeScratch struct{ orig, folded []rune }

var runesPool = sync.Pool{New: func() any { return new(runeScratch) }}

// appendRunes appends the runes of s to rs until rs holds limit, and returns
// it and the rest of s.
func appendRunes(rs []rune, s []byte, limit int) ([]rune, []byte) {
	if len(rs) >= limit {
		return rs, s
	}
	rs = slices.Grow(rs, min(limit-len(rs), len(s)))
	for i := 0; i < len(s); {
		if len(rs) == limit {
			return rs, s[i:]
		}
		r, n := utf8.DecodeRune(s[i:])
		rs = append(rs, r)
		i += n
	}
	return rs, nil
}

// A mark is the interval [start, end) of runes of one match of fragment frag.
type mark struct{ start, end, frag int }

// A fragment is a run of word characters of a query word: what is marked
// (punctuation in a query does not have to match the text's). It is found
// folded, or spelled as in forms.
type fragment struct {
	folded []rune
	forms  [][]rune // as it is, in Traditional, in capitals (when different)
}

// fragmentsOf splits folded query words into fragments.
func fragmentsOf(words []string) []fragment {
	var out []fragment
	for _, w := range words {
		for _, f := range strings.FieldsFunc(w, func(r rune) bool { return !isCJK(r) && !isWordRune(r) }) {
			fr := fragment{folded: []rune(f), forms: [][]rune{[]rune(f)}}
			for _, o := range []string{toTraditional(f), strings.ToUpper(f)} {
				if o != "" && !slices.ContainsFunc(fr.forms, func(rs []rune) bool { return string(rs) == o }) {
					fr.forms = append(fr.forms, []rune(o))
				}
			}
			out = append(out, fr)
		}
	}
	return out
}

// toTraditional is s in Traditional characters (zh.S2T), or "" when the
// dictionary cannot be loaded.
func toTraditional(s string) string {
	c, err := zh.S2T()
	if err != nil {
		return ""
	}
	return c.String(s)
}

// maxMarks bounds the work of a one-character query on a long text.
const maxMarks = 2000

// findMarks returns the non-overlapping matches of frags in text, in
// order: of their spellings (literal), or of their folded form in folded
// text.
func findMarks(text []rune, frags []fragment, literal bool) []mark {
	var ms []mark
	for fi := range frags {
		forms := [][]rune{frags[fi].folded}
		if literal {
			forms = frags[fi].forms
		}
		for _, f := range forms {
			if len(f) == 0 {
				continue
			}
			// A Latin or digit word matches whole words only (8 is not
			// in 0980016649), and is marked so.
			word := isWordRune(f[0]) && !isCJK(f[0])
			for i := 0; i+len(f) <= len(text) && len(ms) < maxMarks; i++ {
				if text[i] != f[0] {
					continue
				}
				if end := matchAt(text, i, f); end > 0 && (!word || wordAt(text, i, end)) {
					ms = append(ms, mark{i, end, fi})
					i = end - 1
				}
			}
		}
	}
	return mergeMarks(ms)
}

// wordAt reports whether text[i:j] is not inside a longer run of Latin
// letters and digits.
func wordAt(text []rune, i, j int) bool {
	inWord := func(r rune) bool { return isWordRune(r) && !isCJK(r) }
	return (i == 0 || !inWord(text[i-1])) && (j == len(text) || !inWord(text[j]))
}

// mergeMarks sorts marks and merges those that overlap (different
// fragments can match overlapping text).
func mergeMarks(ms []mark) []mark {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		return ms[i].end > ms[j].end
	})
	out := ms[:0]
	for _, m := range ms {
		if len(out) > 0 && m.start < out[len(out)-1].end {
			out[len(out)-1].end = max(out[len(out)-1].end, m.end)
			continue
		}
		out = append(out, m)
	}
	return out
}

// allFound reports whether marks hold a match of each of n fragments.
func allFound(marks []mark, n int) bool {
	if n == 0 {
		return true
	}
	seen := make([]bool, n)
	k := 0
	for _, m := range marks {
		if !seen[m.frag] {
			seen[m.frag] = true
			if k++; k == n {
				return true
			}
		}
	}
	return false
}

// bestWindow returns the start of the first match that begins a window of n
// runes holding the most distinct fragments.
func bestWindow(ms []mark, n int) int {
	best, bestCount := ms[0].start, 0
	for i := range ms {
		seen := map[int]bool{}
		for j := i; j < len(ms) && ms[j].end <= ms[i].start+n; j++ {
			seen[ms[j].frag] = true
		}
		if len(seen) > bestCount {
			best, bestCount = ms[i].start, len(seen)
		}
		if i > 200 {
			break
		}
	}
	return best
}

// matchAt returns the end of a match of f at text[i:], or 0: f's runes in
// order, where two CJK characters may have up to bridgeMax marks between
// them in the text (a clause typed without its comma is marked whole, as
// the index finds it).
func matchAt(text []rune, i int, f []rune) int {
	j := i
	for k, r := range f {
		if k > 0 && isCJK(r) && isCJK(f[k-1]) {
			for n := 0; n < bridgeMax && j < len(text) && text[j] != r && bridgeable(text[j]); n++ {
				j++
			}
		}
		if j >= len(text) || text[j] != r {
			return 0
		}
		j++
	}
	return j
}
