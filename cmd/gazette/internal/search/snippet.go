package search

import (
	"gazette/cmd/gazette/internal/zh"
	"html/template"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// snippetRunes is the length of a snippet, in characters: two lines of a
// results page on a phone.
const snippetRunes = 120

// snippetScan is how many runes of the body are folded and searched for
// matches first; snippetMaxScan bounds the search (a match after it is not
// shown: the longest bodies are hundreds of thousands of characters).
const (
	snippetScan    = 512
	snippetMaxScan = 32768
)

// snippetLead is how much text comes before the first match in a snippet.
const snippetLead = 20

// snippet returns about n runes of body around the matches of the folded
// query words, HTML-escaped, with each match in <mark>. Matches are found in
// the folded body and shown in the original: folding keeps rune positions.
// When nothing matches in the body, it is the body's beginning.
func snippet(c *zh.Converter, body string, words []string, n int) template.HTML {
	if body == "" {
		return ""
	}
	// Fold only as much of the body as it takes to find every fragment
	// (a one-character query is found in the first lines of nearly every
	// hit): the first snippetScan runes, then the rest if need be.
	frags := fragments(words)
	orig := make([]rune, 0, min(len(body), snippetScan))
	folded := make([]rune, 0, cap(orig))
	var marks []mark
	rest := body
	for limit := snippetScan; ; limit = min(8*limit, snippetMaxScan) {
		done := len(orig)
		orig, rest = appendRunes(orig, rest, limit)
		// Refold a little before the old end, where a dictionary phrase
		// may have been cut.
		from := max(0, done-zh.PhraseWindow)
		folded = append(folded[:from], orig[from:]...)
		c.FoldRunes(folded[from:])
		marks = findMarks(folded, frags)
		if rest == "" || len(orig) >= snippetMaxScan || len(marks) >= maxMarks || allFound(marks, len(frags)) {
			break
		}
	}
	start := 0
	if len(marks) > 0 {
		start = bestWindow(marks, n)
		start = max(0, start-snippetLead)
	}
	orig, rest = appendRunes(orig, rest, start+n)
	end := min(len(orig), start+n)

	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	mi := 0
	for mi < len(marks) && marks[mi].end <= start {
		mi++
	}
	space, open := false, false
	for i := start; i < end; i++ {
		if mi < len(marks) && i == max(marks[mi].start, start) {
			b.WriteString("<mark>")
			open = true
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
		// A mark closes at its end, or at the window's end when it is open:
		// the next mark may begin only after the window.
		if open && (i+1 == marks[mi].end || i+1 == end) {
			b.WriteString("</mark>")
			open = false
			mi++
		}
	}
	if end < len(orig) || rest != "" {
		b.WriteString("…")
	}
	return template.HTML(b.String())
}

// appendRunes appends the runes of s to rs until rs holds limit, and returns
// it and the rest of s.
func appendRunes(rs []rune, s string, limit int) ([]rune, string) {
	if len(rs) >= limit {
		return rs, s
	}
	rs = slices.Grow(rs, min(limit-len(rs), len(s)))
	for i, r := range s {
		if len(rs) == limit {
			return rs, s[i:]
		}
		rs = append(rs, r)
	}
	return rs, ""
}

// A mark is the interval [start, end) of runes of one match of fragment frag.
type mark struct{ start, end, frag int }

// fragments splits folded query words into the runs of word characters that
// are marked: punctuation in a query does not have to match the text's.
func fragments(words []string) [][]rune {
	var out [][]rune
	for _, w := range words {
		for _, f := range strings.FieldsFunc(w, func(r rune) bool { return !isCJK(r) && !isWordRune(r) }) {
			out = append(out, []rune(f))
		}
	}
	return out
}

// maxMarks bounds the work of a one-character query on a long text.
const maxMarks = 2000

// findMarks returns the non-overlapping matches of frags in text, in order.
func findMarks(text []rune, frags [][]rune) []mark {
	var ms []mark
	for fi, f := range frags {
		if len(f) == 0 {
			continue
		}
		for i := 0; i+len(f) <= len(text) && len(ms) < maxMarks; i++ {
			if text[i] == f[0] && slices.Equal(text[i:i+len(f)], f) {
				ms = append(ms, mark{i, i + len(f), fi})
				i += len(f) - 1
			}
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		return ms[i].end > ms[j].end
	})
	// Merge overlaps (different fragments can match overlapping text).
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
