package render

import (
	"strings"

	"github.com/yuin/goldmark/ast"

	"gazette/cmd/gazette/internal/law"
)

// addTOC sets a table of contents before the first chapter of a long
// document divided into chapters.
func addTOC(d *law.Doc, blocks map[int]ast.Node, ids []string, src []byte) {
	chapters, first := 0, -1
	for i, p := range d.Parts {
		if (p.Kind == law.Book || p.Kind == law.Chapter) && ids[i] != "" {
			chapters++
			if first < 0 {
				first = i
			}
		}
	}
	if chapters < tocMinChapters || len(d.Articles) < tocMinArticles {
		return
	}
	entries := make([]*tocEntry, len(d.Parts))
	for i, p := range d.Parts {
		if ids[i] == "" {
			continue
		}
		entries[i] = &tocEntry{id: ids[i], label: partLabel(src[p.Span.Start:p.Span.End])}
	}
	for _, a := range d.Articles {
		e := tocEntry{id: a.Num.Anchor(), label: string(src[a.Mark.Start:a.Mark.End])}
		in := -1
		for _, q := range a.Path {
			if ids[q] != "" {
				in = q
			}
		}
		if in >= 0 {
			entries[in].articles = append(entries[in].articles, e)
		}
	}
	toc := &tocBlock{entries: nest(d, ids, entries)}
	b := blocks[lineStart(src, d.Parts[first].Span.Start)]
	if b == nil {
		return
	}
	b.Parent().InsertBefore(b.Parent(), b, toc)
}

// namedParent is the nearest part above part i that has an id, or -1.
func namedParent(d *law.Doc, ids []string, i int) int {
	for q := d.Parts[i].Parent; q >= 0; q = d.Parts[q].Parent {
		if ids[q] != "" {
			return q
		}
	}
	return -1
}

// nest builds the tree of entries: each part under the one above it.
func nest(d *law.Doc, ids []string, entries []*tocEntry) []tocEntry {
	var build func(e *tocEntry, i int) tocEntry
	build = func(e *tocEntry, i int) tocEntry {
		out := *e
		for j := range d.Parts {
			if entries[j] != nil && namedParent(d, ids, j) == i {
				out.children = append(out.children, build(entries[j], j))
			}
		}
		return out
	}
	var out []tocEntry
	for i, e := range entries {
		if e != nil && namedParent(d, ids, i) < 0 {
			out = append(out, build(e, i))
		}
	}
	return out
}

// partLabel is a part heading's line as a reader reads it: without the
// Markdown marks.
func partLabel(line []byte) string {
	s := strings.TrimLeft(string(line), "# \t")
	return strings.TrimSpace(strings.Trim(s, "*_"))
}
