package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"gazette/cmd/gazette/internal/parallel"
)

// Stamps identifies what a page or a feed can show of each document: its
// source (the file hash covers front matter and body), what the load and
// the build computed for it (URL, 索引號, validity, summary, the names it
// is grouped under, attachment sizes, an issue's PDF, the page of it a
// document starts on) and the same of every document it links to (its
// issue, relations both ways, its issue's contents). Two builds that give
// a document the same stamp show it the same way.
func Stamps(docs []*Document, facts Facts) map[*Document][32]byte {
	own := make(map[*Document][]byte, len(docs))
	for _, d := range docs {
		var buf bytes.Buffer
		buf.WriteString(d.Hash)
		x := facts.Of(d)
		for _, s := range []string{d.URL, d.IndexNumber, d.Validity, x.Summary, d.OrganName, d.TopicName, d.CategoryName} {
			buf.WriteByte(0)
			buf.WriteString(s)
		}
		buf.Write(binary.AppendVarint(nil, int64(x.ReadingRunes)))
		for _, a := range slices.Concat(d.Attachments, d.Images) {
			buf.WriteString(a.URL)
			buf.Write(binary.AppendVarint(nil, a.Size))
		}
		if x.PDF != nil {
			buf.WriteString(x.PDF.URL)
			buf.Write(binary.AppendVarint(nil, x.PDF.Size))
			buf.Write(binary.AppendVarint(nil, int64(x.PDF.Pages)))
			buf.WriteString(x.PDF.Cover)
		}
		buf.Write(binary.AppendVarint(nil, int64(x.PDFPage)))
		own[d] = buf.Bytes()
	}
	out := make([][32]byte, len(docs))
	parallel.For(len(docs), func(i int) {
		d := docs[i]
		h := sha256.New()
		h.Write(own[d])
		link := func(ts ...*Document) {
			for _, t := range ts {
				h.Write([]byte{1})
				if t != nil {
					h.Write(own[t])
				}
			}
		}
		link(d.Issue, d.SupersededByDoc, d.InterpretsDoc)
		link(d.Documents...)
		link(d.RepealedBy...)
		link(d.AmendedBy...)
		link(d.Supersedes...)
		link(d.RepealsDocs...)
		link(d.AmendsDocs...)
		link(d.Interpretations...)
		link(d.Versions()...) // the 沿革 a version's page lists
		out[i] = [32]byte(h.Sum(nil))
	})
	m := make(map[*Document][32]byte, len(docs))
	for i, d := range docs {
		m[d] = out[i]
	}
	return m
}
