package render

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"gazette/cmd/gazette/internal/law"
)

// The structure of a legal text (package law finds it) is marked up as the
// templates' package doc lists: each 條's first block is .article with the
// law's anchor as its id (a12, a5-1: the same in both scripts), its number
// a .article-num; 編, 章 and 節 are .chapter and .section headings with ids
// made of their numbers (c2, c2-s1); the final 落款 is a .signature block,
// the organ over the date, apart from the paragraph it was written under.
// Each gets a link to itself (.anchor).
//
// tocMinChapters and tocMinArticles decide which documents get a table of
// contents (章 → 條) above their first chapter: one divided into chapters,
// which is what a reader navigates by, and long enough not to fit in two
// or three screens of a phone; a short regulation is read, not navigated.
const (
	tocMinChapters = 2
	tocMinArticles = 10
)

var lawKey = parser.NewContextKey()

var (
	kindArticleNum = ast.NewNodeKind("ArticleNum")
	kindSelfLink   = ast.NewNodeKind("SelfLink")
	kindSignature  = ast.NewNodeKind("Signature")
	kindTOC        = ast.NewNodeKind("TOC")
)

// articleNum is an article's number as written, 第十二條.
type articleNum struct {
	ast.BaseInline
	id string // set on the number itself when the article has no block of its own (run into a line)
}

func (n *articleNum) Kind() ast.NodeKind             { return kindArticleNum }
func (n *articleNum) Dump(src []byte, level int)     { ast.DumpHelper(n, src, level, nil, nil) }
func (n *selfLink) Kind() ast.NodeKind               { return kindSelfLink }
func (n *selfLink) Dump(src []byte, level int)       { ast.DumpHelper(n, src, level, nil, nil) }
func (n *signatureBlock) Kind() ast.NodeKind         { return kindSignature }
func (n *signatureBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *tocBlock) Kind() ast.NodeKind               { return kindTOC }
func (n *tocBlock) Dump(src []byte, level int)       { ast.DumpHelper(n, src, level, nil, nil) }

// selfLink is the .anchor link at the end of an element with an id.
type selfLink struct {
	ast.BaseInline
	id, label string
}

// signatureBlock is the 落款: one line per organ, then the date, as written.
type signatureBlock struct {
	ast.BaseBlock
	organs []string
	date   string
}

// tocBlock is the table of contents.
type tocBlock struct {
	ast.BaseBlock
	entries []tocEntry
}

type tocEntry struct {
	id, label string
	children  []tocEntry
	articles  []tocEntry
}

// structure is the AST transformer that marks the structure up.
type structure struct{}

func (structure) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lc, _ := pc.Get(lawKey).(*lawContext)
	if lc == nil {
		return
	}
	d := lc.doc
	src := reader.Source()
	splitParagraphs(doc, src, cuts(d, src))
	blocks := blocksByLine(doc, src)
	partIDs := markParts(d, blocks, src)
	markArticles(d, doc, blocks, src)
	if d.Signature != nil {
		markSignature(d.Signature, doc, src)
	}
	addTOC(d, blocks, partIDs, src)
	linkCitations(doc, lc.cites, lc.self, src)
}

// lawContext is what the transformer is given: the structure and the
// resolved citations of the body, and the document's own ID.
type lawContext struct {
	doc   *law.Doc
	cites []Citation
	self  string
}

// cuts are the line starts where a paragraph must end: before each article
// heading, paragraph (款) and item (項) that starts a line, and before and
// after each part heading on a line of its own, so that articles written on consecutive lines (one Markdown
// paragraph) are each a paragraph, as a reader sees them.
func cuts(d *law.Doc, src []byte) map[int]bool {
	m := map[int]bool{}
	startsLine := func(at int) {
		if ls := lineStart(src, at); strings.Trim(string(src[ls:at]), "*_ \t\u3000") == "" {
			m[ls] = true
		}
	}
	for _, a := range d.Articles {
		startsLine(a.Mark.Start)
		for i, p := range a.Paras {
			if i > 0 { // the first stays with the number, as 第一條　為了… reads
				startsLine(p.Span.Start)
			}
			for _, it := range p.Items {
				startsLine(it.Span.Start)
			}
		}
	}
	for _, p := range d.Parts {
		if p.Kind == law.Heading {
			continue
		}
		m[lineStart(src, p.Span.Start)] = true
		if e := bytes.IndexByte(src[p.Span.End:], '\n'); e >= 0 {
			m[p.Span.End+e+1] = true
		}
	}
	return m
}

// splitParagraphs ends each paragraph at the cuts inside it: the lines
// from a cut on, and their inline nodes, become the next paragraph.
func splitParagraphs(doc ast.Node, src []byte, cuts map[int]bool) {
	var paras []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == ast.KindParagraph {
			paras = append(paras, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		for {
			ls := p.Lines()
			k := 1
			for k < ls.Len() && !cuts[lineStart(src, ls.At(k).Start)] {
				k++
			}
			if k >= ls.Len() {
				break
			}
			at := lineStart(src, ls.At(k).Start)
			next := ast.NewParagraph()
			rest := text.NewSegments()
			for i := k; i < ls.Len(); i++ {
				rest.Append(ls.At(i))
			}
			next.SetLines(rest)
			ls.SetSliced(0, k)
			moveFrom(p, next, at)
			p.Parent().InsertAfter(p.Parent(), p, next)
			p = next
		}
	}
}

// moveFrom moves the inline nodes of p that start at or after at to q.
func moveFrom(p, q ast.Node, at int) {
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		if inlineStart(c) >= at {
			q.AppendChild(q, c)
		}
		c = next
	}
	if t, ok := p.LastChild().(*ast.Text); ok {
		t.SetSoftLineBreak(false)
	}
}

// blocksByLine maps the offset of each source line's start to the
// paragraph or heading that begins on it.
func blocksByLine(doc ast.Node, src []byte) map[int]ast.Node {
	m := map[int]ast.Node{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindHeading:
			if n.Lines().Len() > 0 {
				m[lineStart(src, n.Lines().At(0).Start)] = n
			}
			return ast.WalkSkipChildren, nil
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return m
}

func lineStart(src []byte, at int) int {
	return bytes.LastIndexByte(src[:min(at, len(src))], '\n') + 1
}

var partLetters = map[law.Kind]string{law.Book: "b", law.SubBook: "sb", law.Chapter: "c", law.Section: "s", law.Subsection: "k", law.Division: "m"}

// markParts gives each 編, 章 and 節 heading its id and class (a part on
// a line of its own becomes a heading) and returns the ids by part.
func markParts(d *law.Doc, blocks map[int]ast.Node, src []byte) []string {
	ids := make([]string, len(d.Parts))
	seen := map[string]bool{}
	for i, p := range d.Parts {
		if p.Kind == law.Heading {
			continue
		}
		id := partLetters[p.Kind] + p.Num.String()
		depth := 0
		for q := p.Parent; q >= 0; q = d.Parts[q].Parent {
			if d.Parts[q].Kind != law.Heading {
				if ids[q] != "" {
					id = ids[q] + "-" + partLetters[p.Kind] + p.Num.String()
					break
				}
			}
		}
		for q := p.Parent; q >= 0; q = d.Parts[q].Parent {
			depth++
		}
		if seen[id] {
			continue // a second text with its own 第一章: the first keeps the id
		}
		b := blocks[lineStart(src, p.Span.Start)]
		if b == nil {
			continue
		}
		if b.Kind() == ast.KindParagraph {
			h := ast.NewHeading(min(6, 2+depth))
			h.SetLines(b.Lines())
			for c := b.FirstChild(); c != nil; {
				next := c.NextSibling()
				h.AppendChild(h, c)
				c = next
			}
			b.Parent().ReplaceChild(b.Parent(), b, h)
			blocks[lineStart(src, p.Span.Start)] = h
			b = h
		}
		seen[id], ids[i] = true, id
		class, label := "section", "本節鏈接"
		switch p.Kind {
		case law.Book, law.SubBook:
			class, label = "chapter", "本編鏈接"
		case law.Chapter:
			class, label = "chapter", "本章鏈接"
		}
		b.SetAttributeString("id", []byte(id))
		b.SetAttributeString("class", []byte(class))
		b.AppendChild(b, &selfLink{id: id, label: label})
	}
	return ids
}

// markArticles marks each article's first block and its number.
func markArticles(d *law.Doc, doc ast.Node, blocks map[int]ast.Node, src []byte) {
	seen := map[string]bool{}
	for _, a := range d.Articles {
		id := a.Num.Anchor()
		if seen[id] {
			id = "" // a second text's own 第一條 keeps no anchor: links go to the first
		}
		seen[id] = true
		b := blocks[lineStart(src, a.Mark.Start)]
		if b != nil && !startsBlock(b, a.Mark.Start, src) {
			b = nil // run into a line: the number carries the id
		}
		in := b
		if in == nil {
			in = doc
		}
		num := wrapNumber(in, a.Mark, src)
		if id == "" {
			continue
		}
		switch {
		case b != nil:
			b.SetAttributeString("id", []byte(id))
			b.SetAttributeString("class", []byte("article"))
			b.AppendChild(b, &selfLink{id: id, label: "本條鏈接"})
		case num != nil:
			num.id = id
		}
	}
}

// startsBlock reports whether only Markdown marks (#, *, white space)
// stand before at on the block's first line.
func startsBlock(b ast.Node, at int, src []byte) bool {
	s := b.Lines().At(0).Start
	if at < s {
		return false
	}
	return strings.Trim(string(src[s:at]), "*_ \t\u3000") == ""
}

// wrapNumber finds the text in b that holds the mark and sets the mark in an articleNum, dropping the white space
// after it (the number's margin sets it apart).
func wrapNumber(b ast.Node, mark law.Span, src []byte) *articleNum {
	t := textAt(textsIn(b), mark)
	if t == nil {
		return nil
	}
	parent := t.Parent()
	if mark.Start > t.Segment.Start {
		parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(t.Segment.Start, mark.Start)))
	}
	num := &articleNum{}
	num.AppendChild(num, ast.NewTextSegment(text.NewSegment(mark.Start, mark.End)))
	parent.InsertBefore(parent, t, num)
	t.Segment = text.NewSegment(mark.End, t.Segment.Stop)
	trimStart(t, src)
	if t.Segment.Len() == 0 {
		// The number stood alone (in bold, on its line): the space or
		// the line's end after it is the number's margin now.
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		var n ast.Node = t
		for n.NextSibling() == nil && n.Parent() != nil && n.Parent().Type() == ast.TypeInline {
			n = n.Parent()
		}
		if next, ok := n.NextSibling().(*ast.Text); ok {
			trimStart(next, src)
		}
	}
	return num
}

// trimStart drops the white space at the start of t.
func trimStart(t *ast.Text, src []byte) {
	at := t.Segment.Start
	for at < t.Segment.Stop {
		r, n := utf8.DecodeRune(src[at:t.Segment.Stop])
		if r != ' ' && r != '\t' && r != '\u3000' {
			break
		}
		at += n
	}
	t.Segment = text.NewSegment(at, t.Segment.Stop)
}

// markSignature takes the 落款's lines out of the blocks they were written
// in and sets them as a signatureBlock after them; what followed them in
// the same paragraph (a note) stays a paragraph of its own.
func markSignature(sig *law.Signature, doc ast.Node, src []byte) {
	var paras []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || n.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		if n.Kind() != ast.KindParagraph && n.Kind() != ast.KindTextBlock {
			return ast.WalkContinue, nil
		}
		ls := n.Lines()
		if ls.At(0).Start < sig.Span.End && ls.At(ls.Len()-1).Stop > sig.Span.Start {
			paras = append(paras, n)
		}
		return ast.WalkSkipChildren, nil
	})
	if len(paras) == 0 {
		return
	}
	lines := strings.Split(string(src[sig.Span.Start:sig.Span.End]), "\n")
	block := &signatureBlock{organs: sig.Organs, date: strings.Trim(lines[len(lines)-1], "*_ \t\u3000\\")}
	last := paras[len(paras)-1]
	last.Parent().InsertAfter(last.Parent(), last, block)
	var after ast.Node
	for _, p := range paras {
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			switch at := inlineStart(c); {
			case at >= sig.Span.End:
				if after == nil {
					after = ast.NewParagraph()
					block.Parent().InsertAfter(block.Parent(), block, after)
				}
				after.AppendChild(after, c)
			case at >= sig.Span.Start:
				p.RemoveChild(p, c)
			}
			c = next
		}
		if p.ChildCount() == 0 {
			p.Parent().RemoveChild(p.Parent(), p)
		} else if t, ok := p.LastChild().(*ast.Text); ok {
			t.SetSoftLineBreak(false)
		}
	}
}

// inlineStart is where an inline node's text starts in the source, -1 for
// none.
func inlineStart(n ast.Node) int {
	at := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			at = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return at
}
