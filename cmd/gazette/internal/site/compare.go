package site

import (
	"io/fs"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/zh"
)

// compareURL is the address of the 條文對照表 between a version and the one
// it follows (previous:): under the later version, whose page links it.
func compareURL(d *content.Document) string { return d.URL + "compare/" }

// compare adds the 條文對照表 of a version that follows another. Its key
// covers both versions by stamp (Doc and Prev), so editing either, or
// linking another, makes it again; the alignment is made when the page is.
func (a *assembler) compare(d *content.Document, crumbs []Crumb) {
	if d.PreviousDoc == nil {
		return
	}
	title := "條文對照表"
	a.add("compare.html", &Page{Kind: "compare", Title: d.Title + " " + title, URL: compareURL(d), Doc: d, Prev: d.PreviousDoc,
		Crumbs: append(append(crumbs[:len(crumbs):len(crumbs)], Crumb{Title: d.Title, URL: d.URL}), Crumb{Title: title})})
}

// A Comparison is what a 條文對照表 page shows: the rows in which the two
// versions differ, and how many articles are the same.
type Comparison struct {
	Rows []CompareRow
	Same int // articles the same in words and number, not listed
}

// A CompareRow is one row of the table: the articles of the old version
// and the new, each with its words marked.
type CompareRow struct {
	Kind     string // 修改, 新增, 刪除, 拆分, 合併, 條次變動
	Old, New []CompareCell
}

// A CompareCell is one article of a row: its number as a heading reads
// (第五條之一), its anchor on its version's page, and its words as runs.
type CompareCell struct {
	Label, Anchor string
	Runs          []law.Edit // Keep and, on the old side, Delete; on the new, Insert
}

// comparison aligns the articles of the two versions a compare page
// shows, read from their Markdown.
func comparison(src fs.FS, old, new *content.Document) (*Comparison, error) {
	ob, err := content.ReadBody(src, old)
	if err != nil {
		return nil, err
	}
	nb, err := content.ReadBody(src, new)
	if err != nil {
		return nil, err
	}
	ot := law.Parse(string(ob), law.Options{Title: old.Title}).Texts(string(ob))
	nt := law.Parse(string(nb), law.Options{Title: new.Title}).Texts(string(nb))
	c := &Comparison{}
	for _, r := range law.Align(ot, nt) {
		if r.Kind == law.Same && !r.Renumbered(ot, nt) {
			c.Same++
			continue
		}
		row := CompareRow{Kind: rowKinds[r.Kind]}
		if r.Kind == law.Same {
			row.Kind = "條次變動"
		}
		row.Old = cells(r.Old, ot, r.Diff, law.Delete)
		row.New = cells(r.New, nt, r.Diff, law.Insert)
		c.Rows = append(c.Rows, row)
	}
	return c, nil
}

var rowKinds = map[law.RowKind]string{law.Changed: "修改", law.Added: "新增", law.Removed: "刪除", law.Split: "拆分", law.Merged: "合併"}

// cells gives one side of a row. Where the row has a diff, its runs for
// that side (kept and op) go to the first cell, the several articles'
// words joined as the diff joined them; elsewhere each article's words
// are one kept run.
func cells(idx []int, ts []law.Text, diff []law.Edit, op law.EditOp) []CompareCell {
	out := make([]CompareCell, len(idx))
	for k, i := range idx {
		out[k] = CompareCell{Label: articleLabel(ts[i].Num), Anchor: ts[i].Num.Anchor()}
		if diff == nil {
			out[k].Runs = []law.Edit{{Op: law.Keep, Text: ts[i].Text}}
		}
	}
	if diff != nil && len(out) > 0 {
		for _, e := range diff {
			if e.Op == law.Keep || e.Op == op {
				out[0].Runs = append(out[0].Runs, e)
			}
		}
	}
	return out
}

// articleLabel writes an article's number as a heading does: 第五條,
// 第五條之一.
func articleLabel(n law.Num) string {
	s := "第" + zh.FormatNumeral(n.N) + "條"
	if n.Sub > 0 {
		s += "之" + zh.FormatNumeral(n.Sub)
	}
	return s
}
