package lint

import (
	"fmt"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/render"
)

// archive is the published documents as the build links citations to
// them: by title and 文號, each with its articles. Reading every body for
// its articles is the cost of telling a citation of an article the
// document lacks.
func (c *checker) archive() *law.Archive {
	ix := law.NewArchive()
	for _, d := range c.site.Documents {
		if d.Kind == content.KindIssue {
			continue
		}
		body := d.Body
		if body == nil {
			var err error
			if body, err = content.ReadBody(c.fsys, d); err != nil {
				continue // the build reports it
			}
		}
		ix.Add(d.Title, d.DocNumber, d.URL, d.Effective, d.Date, law.Parse(string(body), law.Options{Title: d.Title}).Anchors())
	}
	return ix
}

// citations notes each citation of a body that the build will not link:
// a title or 文號 no published document has (ByName citations, a name
// somewhere in the words before an article, are not: most are no title),
// one that several documents of one date share, an article the document
// cited lacks (a bare 第N條 only in a text with articles of its own).
// Notes, not errors: a law of the state is not in a city's
// archive.
func (c *checker) citations(d *content.Document, body []byte, res render.Result) {
	for _, ct := range res.Citations {
		if ct.Kind == law.Bare && len(res.Anchors) == 0 {
			continue // 第五條 in a text without articles: of a law it names elsewhere
		}
		text := string(body[ct.Span.Start:ct.Span.End])
		var msg string
		switch ct.Link.Status {
		case law.Unresolved:
			if ct.Kind == law.ByName {
				continue
			}
			msg = fmt.Sprintf("citation %s is not linked: no published document has this %s", text, what(ct.Kind))
		case law.Ambiguous:
			msg = fmt.Sprintf("citation %s is not linked: %d documents of one date have this %s (%s, %s, …)", text,
				len(ct.Link.Candidates), what(ct.Kind), ct.Link.Candidates[0].ID, ct.Link.Candidates[1].ID)
		case law.NoArticle:
			where := ct.Link.ID
			if where == d.URL {
				where = "this document"
			}
			msg = fmt.Sprintf("citation %s is not linked: %s has no article 第%s條", text, where, ct.Article)
		default:
			continue
		}
		line := d.BodyLine + ct.Line - 1
		start := ct.Span.Start
		for start > 0 && body[start-1] != '\n' {
			start--
		}
		c.report(d, line, utf8.RuneCount(body[start:ct.Span.Start])+1, Info, "%s", msg)
	}
}

func what(k law.CiteKind) string {
	if k == law.ByNumber {
		return "文號"
	}
	return "title"
}
