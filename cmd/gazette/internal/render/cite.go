package render

import (
	"net/url"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"gazette/cmd/gazette/internal/law"
)

// Options are what rendering a body knows besides its Markdown: which
// document it is, and the archive its citations are resolved in.
type Options struct {
	// Title is the document's title: a decision that amends a document
	// cites what its title names (law.Options).
	Title string
	// From is the document as a citation's Version: its ID is its URL,
	// Date the day it takes effect. Its Articles are read from the body.
	From law.Version
	// Index is the archive by title and 文號, each Version's ID its URL.
	// Without one only the document's citations of itself are linked.
	Index law.Index
}

// A Citation is one citation of the body and where it led.
type Citation struct {
	law.Citation
	Link law.Link
	Line int // within the body, 1-based
}

type noIndex struct{}

func (noIndex) Titled(string) []law.Version   { return nil }
func (noIndex) Numbered(string) []law.Version { return nil }

// resolve resolves every citation of d as of the document o names.
func resolve(d *law.Doc, o Options, src []byte) []Citation {
	ix := o.Index
	if ix == nil {
		ix = noIndex{}
	}
	from := o.From
	from.Articles = d.Anchors()
	out := make([]Citation, len(d.Citations))
	for i, c := range d.Citations {
		out[i] = Citation{Citation: c, Link: law.Resolve(ix, c, from), Line: bodyLine(src, c.Span.Start)}
	}
	return out
}

func bodyLine(src []byte, at int) int {
	n := 1
	for _, b := range src[:min(at, len(src))] {
		if b == '\n' {
			n++
		}
	}
	return n
}

// linkCitations makes a link of each citation that resolved, to the
// document it cites (its article: #a12), or within the page for the
// document's citations of itself. A citation whose text is not one run of
// plain text (it crosses formatting) stays text.
func linkCitations(doc ast.Node, cites []Citation, self string, src []byte) {
	if len(cites) == 0 {
		return
	}
	texts := textsIn(doc)
	for _, c := range cites {
		l := c.Link
		if l.Status != law.Linked || l.Span.End <= l.Span.Start {
			continue
		}
		t := textAt(texts, l.Span)
		if t == nil {
			continue
		}
		dest := (&url.URL{Path: l.ID, Fragment: l.Article}).String()
		if l.ID == self {
			dest = "#" + l.Article
			if l.Article == "" {
				continue // the document's own top: nothing to link
			}
		}
		parent := t.Parent()
		if parent == nil || isLink(parent) {
			continue
		}
		if l.Span.Start > t.Segment.Start {
			parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(t.Segment.Start, l.Span.Start)))
		}
		a := ast.NewLink()
		a.Destination = []byte(dest)
		a.SetAttributeString("class", []byte("cite"))
		a.AppendChild(a, ast.NewTextSegment(text.NewSegment(l.Span.Start, l.Span.End)))
		parent.InsertBefore(parent, t, a)
		t.Segment = text.NewSegment(l.Span.End, t.Segment.Stop)
		if t.Segment.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
			parent.RemoveChild(parent, t)
		}
	}
}

// textsIn lists the text nodes of a document, in order.
func textsIn(doc ast.Node) []*ast.Text {
	var out []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindLink, ast.KindAutoLink, ast.KindImage:
			return ast.WalkSkipChildren, nil
		}
		if t, ok := n.(*ast.Text); ok {
			out = append(out, t)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// textAt returns the text node that holds span whole, joining the pieces
// goldmark cut one run of text into where the span crosses them.
func textAt(texts []*ast.Text, span law.Span) *ast.Text {
	for _, t := range texts {
		if t.Parent() == nil || t.Segment.Start > span.Start || span.Start >= t.Segment.Stop {
			continue
		}
		for t.Segment.Stop < span.End && !t.SoftLineBreak() && !t.HardLineBreak() {
			next, ok := t.NextSibling().(*ast.Text)
			if !ok || next.Segment.Start != t.Segment.Stop {
				return nil
			}
			t.Segment = text.NewSegment(t.Segment.Start, next.Segment.Stop)
			t.SetSoftLineBreak(next.SoftLineBreak())
			t.SetHardLineBreak(next.HardLineBreak())
			t.Parent().RemoveChild(t.Parent(), next)
		}
		if t.Segment.Stop < span.End {
			return nil
		}
		return t
	}
	return nil
}

func isLink(n ast.Node) bool {
	for ; n != nil; n = n.Parent() {
		if n.Kind() == ast.KindLink || n.Kind() == ast.KindAutoLink {
			return true
		}
	}
	return false
}
