package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Table is one table of the report as the page shows it: cells with their
// spans, header scopes and, for the tables whose headers nest, the ids of
// the headers of every data cell (WCAG technique H43), so that a screen
// reader announces 三、本年度辦理結果 / （三）不予公開 / 1.屬於國家秘密 / 自然人
// with a number, as a sighted reader sees it.
type Table struct {
	ID      string
	Caption string
	Head    [][]Cell
	Bodies  [][][]Cell // each a <tbody>
	Notes   []string   // below the table
	CSV     string     // the file of its data beside the page, or ""
	// Stack is set on the tables with more columns than a phone shows side
	// by side (三 and 四): there each row becomes a card, each figure with
	// its column's name (Cell.Label) beside it.
	Stack bool
	// Parts are the tables a table is shown as, each under its own
	// caption: table 二's four 項 have columns of their own, and a row
	// spanning the whole table to name each would read to assistive
	// technology as a caption faked in a cell.
	Parts []Table
}

// Cell is one th or td.
type Cell struct {
	Text             string
	Header           bool
	Scope            string // of a th: col, colgroup, row or rowgroup
	ColSpan, RowSpan int    // 0 or 1: no span
	ID               string
	Headers          string // of a td: the ids of its headers, space-separated
	Number           bool   // a figure, aligned as one
	Marked           bool   // a figure the archive could not give (＊)
	Label            string // of a td of a stacked table: its column's name, from the headers over it
}

func th(text, scope, id string) Cell { return Cell{Text: text, Header: true, Scope: scope, ID: id} }

func (c Cell) span(cols, rows int) Cell {
	c.ColSpan, c.RowSpan = cols, rows
	return c
}

func td(text string, headers ...string) Cell {
	return Cell{Text: text, Number: true, Headers: strings.Join(headers, " ")}
}

// Tables are the report's tables in page order: the overview of section
// 一, then tables 二, 三 and 四 (三 and 四 only with a data block).
func (r *Report) Tables() []Table {
	ts := []Table{r.overviewTable(), r.activeTable()}
	if r.Requests != nil {
		ts = append(ts, r.requestsTable())
	}
	if r.Appeals != nil {
		ts = append(ts, r.appealsTable())
	}
	return ts
}

func (r *Report) overviewTable() Table {
	l, o := r.labels, r.Overview
	t := Table{ID: "t1", Caption: l.Captions[0]}
	var rows [][]Cell
	add := func(label, value string) {
		id := fmt.Sprintf("t1-r%d", len(rows))
		rows = append(rows, []Cell{th(label, "row", id), td(value, id)})
	}
	issues := fmt.Sprintf("%d期", o.Issues)
	switch {
	case o.Issues > 0 && o.FirstSerial == o.LastSerial:
		issues += "（" + fmt.Sprintf(l.Figures.Serial, o.FirstSerial) + "）"
	case o.Issues > 0:
		issues += "（" + fmt.Sprintf(l.Figures.Serials, o.FirstSerial, o.LastSerial) + "）"
	}
	add(l.Figures.Issues, issues)
	for _, s := range o.Sections {
		add(s.Label, fmt.Sprintf("%d%s", s.N, l.Figures.Unit))
	}
	for _, c := range o.Categories {
		add(c.Label, fmt.Sprintf("%d%s", c.N, l.Figures.Unit))
	}
	add(l.Figures.Interpretations, fmt.Sprintf("%d%s", o.Interpretations, l.Figures.Unit))
	add(l.Figures.Corrections, fmt.Sprintf("%d%s", o.Corrections, l.Figures.Unit))
	t.Bodies = [][][]Cell{rows}
	return t
}

// activeTable is table 二 in the national layout: four blocks of four
// columns, each headed by its clause of 第二十條.
func (r *Report) activeTable() Table {
	l, a := r.labels, r.Active
	t := Table{ID: "t2", Caption: l.Captions[1], CSV: "table-2.csv"}
	marked := false
	fig := func(f Figure, headers ...string) Cell {
		c := td("—", headers...)
		if f.Known() {
			c.Text = num(f.Value)
		}
		if f.Source != FromArchive {
			c.Marked, marked = true, true
		}
		return c
	}
	block := func(id, clause string, cols []string, rows []string, figs [][]Figure) Table {
		head := []Cell{th(l.Item, "col", id+"-item")}
		for i, c := range cols {
			h := th(c, "col", fmt.Sprintf("%s-c%d", id, i))
			if len(cols) == 1 {
				h = h.span(3, 0)
			}
			head = append(head, h)
		}
		var out [][]Cell
		for i, name := range rows {
			rid := fmt.Sprintf("%s-r%d", id, i)
			row := []Cell{th(name, "row", rid)}
			for j, f := range figs[i] {
				c := fig(f, fmt.Sprintf("%s-c%d", id, j), rid)
				if len(cols) == 1 {
					c = c.span(3, 0)
				}
				row = append(row, c)
			}
			out = append(out, row)
		}
		return Table{ID: id, Caption: clause, Head: [][]Cell{head}, Bodies: [][][]Cell{out}}
	}
	t.Parts = []Table{
		block("t2-1", l.Clause1, []string{l.Issued, l.Repealed, l.InForce}, []string{l.Rules, l.Normative},
			[][]Figure{{a.Rules.Issued, a.Rules.Repealed, a.Rules.InForce}, {a.Normative.Issued, a.Normative.Repealed, a.Normative.InForce}}),
		block("t2-5", l.Clause5, []string{l.Decisions}, []string{l.Licensing}, [][]Figure{{a.Licensing}}),
		block("t2-6", l.Clause6, []string{l.Decisions}, []string{l.Penalties, l.Enforcement}, [][]Figure{{a.Penalties}, {a.Enforcement}}),
		block("t2-8", l.Clause8, []string{l.Fees}, []string{l.FeesRow}, [][]Figure{{a.Fees}}),
	}
	t.Notes = []string{l.FromArchive}
	if marked {
		t.Notes = append(t.Notes, l.FromData)
	}
	return t
}

// requestsTable is table 三: a three-row head of applicant columns with the
// national cross-check in its corner, then the rows of 一 to 四, 三's
// results nested in three levels.
func (r *Report) requestsTable() Table {
	l := r.labels
	t := Table{ID: "t3", Caption: l.Captions[2], CSV: "table-3.csv"}
	cols := []string{"t3-c0", "t3-c1", "t3-c2", "t3-c3", "t3-c4", "t3-c5", "t3-c6"}
	// The cross-check in the corner heads the rows' labels below it, which
	// it is about (本列數據).
	corner := th(l.Relation, "col", "t3-rel").span(3, 3)
	t.Head = [][]Cell{
		{corner, th(l.Applicants, "colgroup", "t3-app").span(7, 0)},
		{th(l.Natural, "col", cols[0]).span(0, 2), th(l.Legal, "colgroup", "t3-legal").span(5, 0), th(l.Total, "col", cols[6]).span(0, 2)},
	}
	var sub []Cell
	for i, c := range l.Columns {
		sub = append(sub, th(c, "col", cols[i+1]))
	}
	t.Head = append(t.Head, sub)
	colHeaders := func(c int) []string {
		switch {
		case c == 0 || c == 6:
			return []string{"t3-app", cols[c]}
		}
		return []string{"t3-app", "t3-legal", cols[c]}
	}

	// How many rows each group and sub-group spans.
	spans := map[string]int{}
	for _, rl := range l.Rows {
		spans[rl.Group]++
		spans[rl.Group+"/"+rl.Sub]++
	}
	var rows [][]Cell
	subIDs := map[string]string{}
	for i, rl := range l.Rows {
		var row []Cell
		var ids []string
		if rl.Group != "" && (i == 0 || l.Rows[i-1].Group != rl.Group) {
			row = append(row, th(rl.Group, "rowgroup", "t3-g").span(0, spans[rl.Group]))
		}
		if rl.Group != "" {
			ids = append(ids, "t3-g")
		}
		if rl.Sub != "" {
			sid, ok := subIDs[rl.Sub]
			if !ok {
				sid = fmt.Sprintf("t3-s%d", i)
				subIDs[rl.Sub] = sid
				row = append(row, th(rl.Sub, "rowgroup", sid).span(0, spans[rl.Group+"/"+rl.Sub]))
			}
			ids = append(ids, sid)
		}
		rid := fmt.Sprintf("t3-r%d", i)
		label := th(rl.Label, "row", rid)
		switch {
		case rl.Group == "":
			label = label.span(3, 0)
		case rl.Sub == "":
			label = label.span(2, 0)
		}
		row = append(row, label)
		ids = append(ids, rid)
		for c := range 7 {
			row = append(row, td(strconv.Itoa(r.Requests.Rows[i][c]), append(slices.Clone(ids), colHeaders(c)...)...))
		}
		rows = append(rows, row)
	}
	t.Bodies = [][][]Cell{rows}
	return stacked(t)
}

// stacked marks t as a table to stack on a phone and gives each of its
// figures the name of its column: the header nearest to it, and the group
// over that where the name alone is not one column's (四's 結果維持 is in
// each of its three groups).
func stacked(t Table) Table {
	t.Stack = true
	names := map[string]string{}
	for _, row := range t.Head {
		for _, c := range row {
			if c.ID != "" && (c.Scope == "col" || c.Scope == "colgroup") {
				names[c.ID] = c.Text
			}
		}
	}
	// The column headers of each figure, outermost first.
	columns := func(c Cell) []string {
		var out []string
		for _, id := range strings.Fields(c.Headers) {
			if n, ok := names[id]; ok {
				out = append(out, n)
			}
		}
		return out
	}
	uses := map[string]int{}
	for _, c := range t.Bodies[0][0] {
		if cols := columns(c); !c.Header && len(cols) > 0 {
			uses[cols[len(cols)-1]]++
		}
	}
	for _, b := range t.Bodies {
		for _, row := range b {
			for i, c := range row {
				cols := columns(c)
				switch {
				case c.Header || len(cols) == 0:
				case uses[cols[len(cols)-1]] > 1 && len(cols) > 1:
					row[i].Label = cols[len(cols)-2] + "·" + cols[len(cols)-1]
				default:
					row[i].Label = cols[len(cols)-1]
				}
			}
		}
	}
	return t
}

// appealsTable is table 四: 行政復議's five columns, then 行政訴訟's two
// groups of five, in one row of fifteen figures.
func (r *Report) appealsTable() Table {
	l := r.labels
	t := Table{ID: "t4", Caption: l.Captions[3], CSV: "table-4.csv"}
	review := []Cell{th(l.Review, "colgroup", "t4-rev").span(5, 0), th(l.Litigation, "colgroup", "t4-lit").span(10, 0)}
	second := []Cell{}
	third := []Cell{}
	for i, o := range l.Outcomes {
		second = append(second, th(o, "col", fmt.Sprintf("t4-0-%d", i)).span(0, 2))
	}
	second = append(second, th(l.Direct, "colgroup", "t4-1").span(5, 0), th(l.AfterReview, "colgroup", "t4-2").span(5, 0))
	for g := 1; g <= 2; g++ {
		for i, o := range l.Outcomes {
			third = append(third, th(o, "col", fmt.Sprintf("t4-%d-%d", g, i)))
		}
	}
	t.Head = [][]Cell{review, second, third}
	var row []Cell
	for g := range 3 {
		for i := range 5 {
			headers := []string{"t4-rev", fmt.Sprintf("t4-0-%d", i)}
			if g > 0 {
				headers = []string{"t4-lit", fmt.Sprintf("t4-%d", g), fmt.Sprintf("t4-%d-%d", g, i)}
			}
			row = append(row, td(strconv.Itoa(r.Appeals.Groups[g][i]), headers...))
		}
	}
	t.Bodies = [][][]Cell{{row}}
	return stacked(t)
}
