package render

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// structureHTML writes the nodes the transformer adds.
type structureHTML struct{}

func (structureHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindArticleNum, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<span class="article-num"`)
			if id := n.(*articleNum).id; id != "" {
				w.WriteString(` id="` + id + `"`)
			}
			w.WriteString(">")
		} else {
			w.WriteString("</span>")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindSelfLink, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			l := n.(*selfLink)
			w.WriteString(`<a class="anchor" href="#` + l.id + `" aria-label="` + l.label + `">#</a>`)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindSignature, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			s := n.(*signatureBlock)
			w.WriteString(`<div class="signature">`)
			for _, o := range s.organs {
				w.WriteString(`<p class="organ">` + escape(o) + `</p>`)
			}
			w.WriteString(`<p class="date">` + escape(s.date) + "</p></div>\n")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindTOC, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<nav class="toc" aria-labelledby="toc"><h2 id="toc">目錄</h2>` + "\n")
			writeTOC(w, n.(*tocBlock).entries)
			w.WriteString("</nav>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

func writeTOC(w util.BufWriter, entries []tocEntry) {
	w.WriteString("<ol>")
	for _, e := range entries {
		w.WriteString(`<li><a href="#` + e.id + `">` + escape(e.label) + "</a>")
		if len(e.articles) > 0 {
			w.WriteString(`<ol class="toc-articles">`)
			for _, a := range e.articles {
				w.WriteString(`<li><a href="#` + a.id + `">` + escape(a.label) + "</a></li>")
			}
			w.WriteString("</ol>")
		}
		if len(e.children) > 0 {
			writeTOC(w, e.children)
		}
		w.WriteString("</li>\n")
	}
	w.WriteString("</ol>\n")
}

func escape(s string) string { return string(util.EscapeHTML([]byte(s))) }
