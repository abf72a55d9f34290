// Package render turns a document's Markdown into HTML. It is the single
// trust boundary of the build: Markdown becomes template.HTML here and
// nowhere else, with raw HTML off and dangerous link schemes dropped.
//
// Rendering is a pure function of the Markdown source (and, later, the
// script to render in): no clock, no file system, so it can run in parallel
// and be cached by content hash.
package render

import (
	"bufio"
	"bytes"
	"fmt"
	stdhtml "html"
	"html/template"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/width"

	"gazette/cmd/gazette/internal/law"
)

// Result is what rendering one Markdown body gives.
type Result struct {
	HTML    template.HTML
	Text    string // plain text, paragraphs separated by "\n"
	Summary string // the first paragraph, cut to SummaryRunes on a rune boundary
	Runes   int    // letters and digits in Text (what reading time counts)
	Links   []Link // every link and image destination written, for checks
	// Citations are the body's citations (package law) and where each
	// led; Anchors its articles' anchors, in order.
	Citations []Citation
	Anchors   []string
}

// Link is one destination written in the body.
type Link struct {
	Dest  string
	Image bool
	Alt   string // the alt text of an image
	Line  int    // line within the body, 1-based
}

// SummaryRunes is how long a generated summary may be.
const SummaryRunes = 120

// Renderer holds the one configured goldmark instance; it is safe for
// concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New configures goldmark: GFM tables, strikethrough, task lists and
// autolinks, footnotes, CJK line breaking (no stray space where a Chinese
// line wraps), heading IDs that keep Chinese characters. Raw HTML is off:
// html.WithUnsafe is deliberately not set. A table column's alignment
// (|--:|) is not rendered: goldmark writes it as the align attribute, which
// HTML5 made obsolete, or as a style attribute, which the site's CSP blocks.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
			extension.NewCJK(extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft), extension.WithEscapedSpace()),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(structure{}, 100))),
		goldmark.WithRendererOptions(html.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(structureHTML{}, 100))),
	)
	return &Renderer{md: md}
}

// Render converts one Markdown body. Invalid UTF-8 becomes U+FFFD first:
// goldmark's East Asian line breaking panics on a broken sequence at a line
// end (found by FuzzRender), and a broken sequence is no text anyway. A
// panic inside goldmark is returned as an error, never passed on.
func (r *Renderer) Render(src []byte) (res Result, err error) {
	return r.RenderWith(src, Options{})
}

// RenderWith is Render with what is known of the document besides its
// Markdown: its citations are linked where they resolve in o.Index
// (package law), and Result.Citations says where each one led.
func (r *Renderer) RenderWith(src []byte, o Options) (res Result, err error) {
	if !utf8.Valid(src) {
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, fmt.Errorf("markdown: %v", p)
		}
	}()
	ctx := parser.NewContext(parser.WithIDs(&headingIDs{seen: map[string]bool{}}))
	d := law.Parse(string(src), law.Options{Title: o.Title})
	lc := &lawContext{doc: d, cites: resolve(d, o, src), self: o.From.ID}
	ctx.Set(lawKey, lc)
	res.Citations, res.Anchors = lc.cites, d.Anchors()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	res.Links = links(doc, src)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return Result{}, err
	}
	res.HTML = template.HTML(literalHTML(buf.Bytes()))
	res.Text, res.Summary = plainText(doc, src)
	res.Text, res.Summary = literalText(res.Text), literalText(res.Summary)
	for _, c := range res.Text {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			res.Runes++
		}
	}
	return res, nil
}

// plainText collects the text of block nodes, one line per block, and the
// first paragraph as the summary.
func plainText(doc ast.Node, src []byte) (all, summary string) {
	var b strings.Builder
	var first string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, east.KindTableCell:
			t := inlineText(n, src)
			if t != "" {
				if first == "" && n.Kind() != ast.KindHeading && n.Kind() != east.KindTableCell {
					first = t
				}
				b.WriteString(t)
				b.WriteByte('\n')
			}
			return ast.WalkSkipChildren, nil
		case kindSignature:
			sig := n.(*signatureBlock)
			for _, o := range sig.organs {
				b.WriteString(o + "\n")
			}
			b.WriteString(sig.date + "\n")
			return ast.WalkSkipChildren, nil
		case kindTOC:
			return ast.WalkSkipChildren, nil
		case ast.KindCodeBlock, ast.KindFencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String(), cut(first, SummaryRunes)
}

func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.WriteString(textValue(t.Segment.Value(src)))
			if t.HardLineBreak() || (t.SoftLineBreak() && !cjkBoundary(t.Segment.Value(src))) {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for k := t.FirstChild(); k != nil; k = k.NextSibling() {
				if s, ok := k.(*ast.Text); ok {
					b.Write(s.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
		case *articleNum:
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if x, ok := c.(*ast.Text); ok {
					b.Write(x.Segment.Value(src))
				}
			}
			b.WriteString("\u3000") // the separator the page sets as a margin
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// textValue is raw Markdown text as a reader sees it: backslash escapes and
// entity and character references resolved the way the HTML renderer does
// (\&lt; stays &lt;, &lt; is <), so that search, snippets and summaries
// hold the same text as the page.
func textValue(raw []byte) string {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	html.DefaultWriter.Write(w, raw)
	w.Flush()
	return stdhtml.UnescapeString(buf.String())
}

// cjkBoundary reports whether a soft line break after s joins Chinese text,
// where no space belongs.
func cjkBoundary(s []byte) bool {
	r, _ := utf8.DecodeLastRune(s)
	k := width.LookupRune(r).Kind()
	return util.IsEastAsianWideRune(r) || k == width.EastAsianWide || k == width.EastAsianFullwidth
}

// cut shortens s to at most n runes on a rune boundary, adding "…" when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return strings.TrimSpace(s[:j]) + "…"
		}
		i++
	}
	return s
}

// links lists every link and image destination with its body line.
func links(doc ast.Node, src []byte) []Link {
	var out []Link
	lineOf := func(n ast.Node) int {
		for p := n; p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return 1 + bytes.Count(src[:p.Lines().At(0).Start], []byte("\n"))
			}
		}
		return 0
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			if c, _ := t.AttributeString("class"); c != nil && string(c.([]byte)) == "cite" {
				return ast.WalkSkipChildren, nil // made from a citation, not written
			}
			out = append(out, Link{Dest: string(t.Destination), Line: lineOf(n)})
		case *ast.Image:
			out = append(out, Link{Dest: string(t.Destination), Image: true, Alt: inlineText(t, src), Line: lineOf(n)})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// headingIDs makes heading IDs that keep Chinese characters: "## 第一章 總則"
// gets id "第一章-總則". Repeats get "-1", "-2".
type headingIDs struct{ seen map[string]bool }

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range string(util.UnescapePunctuations(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	base := id
	for i := 1; h.seen[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.seen[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.seen[string(value)] = true }
