package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText prints the report's figures for staff to check before they
// write the narrative: each figure with where it comes from, the documents
// an archive figure counts, and why the archive cannot give the others.
func (r *Report) WriteText(w io.Writer) error {
	l := r.labels
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d — %s (%s report, due %s)\n", r.Year, r.Organ, r.Level, r.Due)

	fmt.Fprintf(&b, "\n%s (from the archive)\n", l.Sections[0])
	for _, row := range r.overviewTable().Bodies[0] {
		fmt.Fprintf(&b, "  %s: %s\n", row[0].Text, row[1].Text)
	}

	a := r.Active
	fmt.Fprintf(&b, "\n%s\n", l.Sections[1])
	for _, row := range []struct {
		name string
		r    Row3
	}{{l.Rules, a.Rules}, {l.Normative, a.Normative}} {
		fmt.Fprintf(&b, "  %s %s\n", l.Clause1, row.name)
		writeFigure(&b, l.Issued, row.r.Issued)
		writeFigure(&b, l.Repealed, row.r.Repealed)
		writeFigure(&b, l.InForce, row.r.InForce)
	}
	for _, f := range []struct {
		clause, name, col string
		fig               Figure
	}{{l.Clause5, l.Licensing, l.Decisions, a.Licensing}, {l.Clause6, l.Penalties, l.Decisions, a.Penalties},
		{l.Clause6, l.Enforcement, l.Decisions, a.Enforcement}, {l.Clause8, l.FeesRow, l.Fees, a.Fees}} {
		fmt.Fprintf(&b, "  %s %s\n", f.clause, f.name)
		writeFigure(&b, f.col, f.fig)
	}

	fmt.Fprintf(&b, "\n%s\n", l.Sections[2])
	if r.Requests == nil {
		b.WriteString("  not in the archive: give it in the report's data block (gazette new report)\n")
	} else {
		fmt.Fprintf(&b, "  (%s, %s, %s)\n", l.Natural, strings.Join(l.Columns[:], ", "), l.Total)
		for i, row := range r.Requests.Rows {
			fmt.Fprintf(&b, "  %s: %s\n", strings.Join(labelPath(l.Rows[i]), " "), joinInts(row[:]))
		}
	}

	fmt.Fprintf(&b, "\n%s\n", l.Sections[3])
	if r.Appeals == nil {
		b.WriteString("  not in the archive: give it in the report's data block (gazette new report)\n")
	} else {
		fmt.Fprintf(&b, "  (%s)\n", strings.Join(l.Outcomes[:], ", "))
		for g, name := range []string{l.Review, l.Litigation + " " + l.Direct, l.Litigation + " " + l.AfterReview} {
			fmt.Fprintf(&b, "  %s: %s\n", name, joinInts(r.Appeals.Groups[g][:]))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeFigure(b *bytes.Buffer, label string, f Figure) {
	switch f.Source {
	case FromArchive:
		fmt.Fprintf(b, "    %s: %s  [archive", label, num(f.Value))
		if len(f.Docs) > 0 {
			fmt.Fprintf(b, ": %s", strings.Join(f.Docs, ", "))
		}
		b.WriteString("]\n")
	case FromData:
		fmt.Fprintf(b, "    %s: %s  [data block; not computable from the archive: %s]\n", label, num(f.Value), f.Why)
	default:
		fmt.Fprintf(b, "    %s: —  [not computable from the archive: %s]\n", label, f.Why)
	}
}

func labelPath(rl RowLabel) []string {
	var out []string
	for _, s := range []string{rl.Group, rl.Sub, rl.Label} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, " ")
}

// WriteCSV prints every figure of the report as one CSV, a figure a line:
// table, row, column, value, source ("archive", "data", or empty when not
// known). Tables 三 and 四 appear only with a data block.
func (r *Report) WriteCSV(w io.Writer) error {
	l := r.labels
	cw := csv.NewWriter(w)
	rec := func(table, row, col, value, source string) { _ = cw.Write([]string{table, row, col, value, source}) }
	rec("table", "row", "column", "value", "source")
	for _, row := range r.overviewTable().Bodies[0] {
		rec("一", row[0].Text, "", row[1].Text, FromArchive)
	}
	fig := func(row, col string, f Figure) {
		v := ""
		if f.Known() {
			v = num(f.Value)
		}
		rec("二", row, col, v, f.Source)
	}
	a := r.Active
	for _, row := range []struct {
		name string
		r    Row3
	}{{l.Rules, a.Rules}, {l.Normative, a.Normative}} {
		fig(row.name, l.Issued, row.r.Issued)
		fig(row.name, l.Repealed, row.r.Repealed)
		fig(row.name, l.InForce, row.r.InForce)
	}
	fig(l.Licensing, l.Decisions, a.Licensing)
	fig(l.Penalties, l.Decisions, a.Penalties)
	fig(l.Enforcement, l.Decisions, a.Enforcement)
	fig(l.FeesRow, l.Fees, a.Fees)
	cols := append(append([]string{l.Natural}, l.Columns[:]...), l.Total)
	if r.Requests != nil {
		for i, row := range r.Requests.Rows {
			for c, n := range row {
				rec("三", strings.Join(labelPath(l.Rows[i]), "／"), cols[c], strconv.Itoa(n), FromData)
			}
		}
	}
	if r.Appeals != nil {
		for g, name := range []string{l.Review, l.Litigation + "／" + l.Direct, l.Litigation + "／" + l.AfterReview} {
			for i, n := range r.Appeals.Groups[g] {
				rec("四", name, l.Outcomes[i], strconv.Itoa(n), FromData)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
