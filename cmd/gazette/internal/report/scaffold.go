package report

import (
	"fmt"
	"strings"
)

// Scaffold is the front matter's data block and the body of a new report
// file for r (computed without a data block): each figure the archive gives
// filled in, every other figure 0 for the editor to replace, and the six
// section headings. The result passes Check as it is, so an editor can
// build and look at it before filling it in.
func (r *Report) Scaffold() (data, body string) {
	l := r.labels
	var b strings.Builder
	line := func(indent int, text, comment string) {
		fmt.Fprintf(&b, "%-52s # %s\n", strings.Repeat("  ", indent)+text, comment)
	}
	b.WriteString("data:\n")
	line(1, "active:", l.Sections[1]+": a figure the archive gives is filled in and checked at every build")
	fig := func(key, label string, f Figure) {
		if f.Source == FromArchive {
			line(3, key+": "+num(f.Value), label+" (from the archive)")
		} else {
			line(3, key+": 0", fmt.Sprintf("%s: not computable from the archive (gazette report -year %d says why): give it", label, r.Year))
		}
	}
	for _, row := range []struct {
		key, label string
		r          Row3
	}{{"rules", l.Rules, r.Active.Rules}, {"normative", l.Normative, r.Active.Normative}} {
		line(2, row.key+":", row.label)
		fig("issued", l.Issued, row.r.Issued)
		fig("repealed", l.Repealed, row.r.Repealed)
		fig("in_force", l.InForce, row.r.InForce)
	}
	line(2, "licensing: 0", l.Licensing+" "+l.Decisions)
	line(2, "penalties: 0", l.Penalties+" "+l.Decisions)
	line(2, "enforcement: 0", l.Enforcement+" "+l.Decisions)
	line(2, "fees: 0", l.FeesRow+" "+l.Fees)
	line(1, "requests:", fmt.Sprintf("%s: each row %s, %s, %s", l.Sections[2], l.Natural, strings.Join(l.Columns[:], ", "), l.Total))
	for i, k := range requestKeys {
		line(2, fmt.Sprintf("%-24s [0, 0, 0, 0, 0, 0, 0]", k+":"), strings.Join(labelPath(l.Rows[i]), " "))
	}
	line(1, "appeals:", fmt.Sprintf("%s: each %s", l.Sections[3], strings.Join(l.Outcomes[:], ", ")))
	for g, name := range []string{l.Review, l.Litigation + " " + l.Direct, l.Litigation + " " + l.AfterReview} {
		line(2, fmt.Sprintf("%-24s [0, 0, 0, 0, 0]", appealKeys[g]+":"), name)
	}

	var md strings.Builder
	md.WriteString(l.Figures.Basis + "\n")
	for i, s := range l.Sections {
		fmt.Fprintf(&md, "\n## %s\n", s)
		if i == 0 || i >= 4 {
			md.WriteString("\n" + l.Figures.Write + "\n")
		}
	}
	return b.String(), md.String()
}
