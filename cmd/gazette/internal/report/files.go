package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"strconv"
	"strings"
)

// Files are the report's data files, by name (beside its page): the CSV of
// each table the report has, and the chart.
func (r *Report) Files() map[string][]byte {
	files := map[string][]byte{"table-2.csv": r.activeCSV(), "publications.svg": r.ChartSVG(), "publications-narrow.svg": r.ChartNarrowSVG()}
	if r.Requests != nil {
		files["table-3.csv"] = r.requestsCSV()
	}
	if r.Appeals != nil {
		files["table-4.csv"] = r.appealsCSV()
	}
	return files
}

// writeCSV writes records as the open data does: UTF-8 with a byte order
// mark (so spreadsheet programs read Chinese), CRLF line ends.
func writeCSV(records [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.WriteAll(records) // a bytes.Buffer does not fail
	return b.Bytes()
}

// activeCSV is table 二, one figure a line, with where it comes from.
func (r *Report) activeCSV() []byte {
	l, a, w := r.labels, r.Active, r.labels.Figures
	out := [][]string{{w.Clause, l.Item, w.Indicator, w.Value, w.Source}}
	add := func(clause, item, indicator string, f Figure) {
		v, src := "", ""
		if f.Known() {
			v = num(f.Value)
			src = w.SourceData
			if f.Source == FromArchive {
				src = w.SourceArchive
			}
		}
		out = append(out, []string{clause, item, indicator, v, src})
	}
	for _, row := range []struct {
		name string
		r    Row3
	}{{l.Rules, a.Rules}, {l.Normative, a.Normative}} {
		add(l.Clause1, row.name, l.Issued, row.r.Issued)
		add(l.Clause1, row.name, l.Repealed, row.r.Repealed)
		add(l.Clause1, row.name, l.InForce, row.r.InForce)
	}
	add(l.Clause5, l.Licensing, l.Decisions, a.Licensing)
	add(l.Clause6, l.Penalties, l.Decisions, a.Penalties)
	add(l.Clause6, l.Enforcement, l.Decisions, a.Enforcement)
	add(l.Clause8, l.FeesRow, l.Fees, a.Fees)
	return writeCSV(out)
}

// requestsCSV is table 三, a row per row, its groups joined with ／.
func (r *Report) requestsCSV() []byte {
	l := r.labels
	out := [][]string{append(append([]string{l.Figures.Clause, l.Natural}, l.Columns[:]...), l.Total)}
	for i, rl := range l.Rows {
		var name []string
		for _, s := range []string{rl.Group, rl.Sub, rl.Label} {
			if s != "" {
				name = append(name, s)
			}
		}
		rec := []string{strings.Join(name, "／")}
		for _, n := range r.Requests.Rows[i] {
			rec = append(rec, strconv.Itoa(n))
		}
		out = append(out, rec)
	}
	return writeCSV(out)
}

// appealsCSV is table 四, a row per kind of case.
func (r *Report) appealsCSV() []byte {
	l := r.labels
	out := [][]string{append([]string{l.Figures.Clause}, l.Outcomes[:]...)}
	for g, name := range []string{l.Review, l.Litigation + "／" + l.Direct, l.Litigation + "／" + l.AfterReview} {
		rec := []string{name}
		for _, n := range r.Appeals.Groups[g] {
			rec = append(rec, strconv.Itoa(n))
		}
		out = append(out, rec)
	}
	return writeCSV(out)
}

// palette is Okabe and Ito's, told apart with any kind of colour vision;
// the last colour is for 其他.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"}

// ChartSVG draws the year's publications by month as stacked bars, one
// colour per category, with a legend. Every text from content is escaped:
// the file is served as image/svg+xml and may be opened on its own.
func (r *Report) ChartSVG() []byte {
	const (
		width, height            = 760, 380
		left, right, top, bottom = 48, 190, 40, 44
		plotW, plotH             = width - left - right, height - top - bottom
	)
	c := r.Chart
	var totals [12]int
	for _, s := range c.Counts {
		for m, n := range s {
			totals[m] += n
		}
	}
	peak := 0
	for _, t := range totals {
		peak = max(peak, t)
	}
	step := tickStep(peak)
	ymax := max(step, (peak+step-1)/step*step)
	y := func(n int) float64 { return float64(top) + float64(plotH)*(1-float64(n)/float64(ymax)) }

	var b strings.Builder
	title := html.EscapeString(fmt.Sprintf(r.labels.Figures.Chart, r.Year))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="title">`, width, height, width, height)
	fmt.Fprintf(&b, "\n<title id=\"title\">%s</title>\n", title)
	b.WriteString(`<style>text{font-family:"Noto Sans CJK SC","Noto Sans CJK TC","Source Han Sans",sans-serif;font-size:13px;fill:#1a1a1a}.axis{stroke:#555;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}</style>` + "\n")
	fmt.Fprintf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", width, height)
	fmt.Fprintf(&b, "<text x=\"%d\" y=\"22\" style=\"font-size:15px;font-weight:bold\">%s</text>\n", left, title)
	for n := 0; n <= ymax; n += step {
		fmt.Fprintf(&b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>\n", left, left+plotW, y(n), y(n))
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", left-6, y(n)+4, n)
	}
	slot := float64(plotW) / 12
	for m := range 12 {
		x := float64(left) + slot*float64(m) + slot*0.18
		base := 0
		for s, counts := range c.Counts {
			if counts[m] == 0 {
				continue
			}
			fmt.Fprintf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.5\"/>\n",
				x, y(base+counts[m]), slot*0.64, y(base)-y(base+counts[m]), colour(s, len(c.Series)))
			base += counts[m]
		}
		if totals[m] > 0 {
			fmt.Fprintf(&b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x+slot*0.32, y(totals[m])-4, totals[m])
		}
		fmt.Fprintf(&b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d月</text>\n", x+slot*0.32, top+plotH+20, m+1)
	}
	fmt.Fprintf(&b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", left, left+plotW, top+plotH, top+plotH)
	for s, name := range c.Series {
		ly := top + 8 + s*22
		fmt.Fprintf(&b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", left+plotW+16, ly, colour(s, len(c.Series)))
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%d\">%s</text>\n", left+plotW+36, ly+12, html.EscapeString(name))
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// ChartNarrowSVG draws the same chart for a phone's width: a bar across per
// month, the legend above them, its text as large as the wide chart's when
// shown at a phone's width (ChartSVG's would be a third of that).
func (r *Report) ChartNarrowSVG() []byte {
	const (
		left, right, row = 40, 36, 24
	)
	c := r.Chart
	width, _ := r.ChartNarrowSize()
	plotW := width - left - right
	var totals [12]int
	peak := 1
	for m := range 12 {
		for _, s := range c.Counts {
			totals[m] += s[m]
		}
		peak = max(peak, totals[m])
	}
	top := narrowTop(len(c.Series))
	_, height := r.ChartNarrowSize()
	var b strings.Builder
	title := html.EscapeString(fmt.Sprintf(r.labels.Figures.Chart, r.Year))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="title">`, width, height, width, height)
	fmt.Fprintf(&b, "\n<title id=\"title\">%s</title>\n", title)
	b.WriteString(`<style>text{font-family:"Noto Sans CJK SC","Noto Sans CJK TC","Source Han Sans",sans-serif;font-size:13px;fill:#1a1a1a}</style>` + "\n")
	fmt.Fprintf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", width, height)
	fmt.Fprintf(&b, "<text x=\"0\" y=\"20\" style=\"font-size:15px;font-weight:bold\">%s</text>\n", title)
	for s, name := range c.Series {
		x, y := (s%2)*(width/2), 34+(s/2)*22
		fmt.Fprintf(&b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", x, y, colour(s, len(c.Series)))
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%d\">%s</text>\n", x+20, y+12, html.EscapeString(name))
	}
	for m := range 12 {
		y := top + m*row
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d月</text>\n", left-6, y+16, m+1)
		x := float64(left)
		for s, counts := range c.Counts {
			if counts[m] == 0 {
				continue
			}
			w := float64(plotW) * float64(counts[m]) / float64(peak)
			fmt.Fprintf(&b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.5\"/>\n", x, y+4, w, row-8, colour(s, len(c.Series)))
			x += w
		}
		fmt.Fprintf(&b, "<text x=\"%.1f\" y=\"%d\">%d</text>\n", x+4, y+16, totals[m])
	}
	fmt.Fprintf(&b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", left, left, top, top+12*row)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// ChartNarrowSize is the narrow chart's size in CSS pixels.
func (r *Report) ChartNarrowSize() (width, height int) {
	return 340, narrowTop(len(r.Chart.Series)) + 12*24 + 8
}

// narrowTop is where the narrow chart's bars start: under the title and
// the legend's rows of two.
func narrowTop(series int) int { return 34 + (series+1)/2*22 + 8 }

// colour is series s's, of n: the grey of 其他 only for the last of a
// chart that has one.
func colour(s, n int) string {
	if n > maxSeries && s == n-1 {
		return palette[len(palette)-1]
	}
	return palette[s%(len(palette)-1)]
}

// tickStep is a round step for an axis up to peak: 1, 2, 5, 10, 20, 50 …
// giving at most about six lines.
func tickStep(peak int) int {
	for step := 1; ; step *= 10 {
		for _, m := range []int{1, 2, 5} {
			if peak/(step*m) <= 6 {
				return step * m
			}
		}
	}
}

// ChartTable is the chart's text equivalent: a row per month, a column per
// category, and the month's sum.
func (r *Report) ChartTable() Table {
	l, c := r.labels, r.Chart
	t := Table{ID: "t5", Caption: fmt.Sprintf(l.Figures.ChartData, r.Year)}
	head := []Cell{th(l.Figures.Month, "col", "t5-m")}
	for i, s := range c.Series {
		head = append(head, th(s, "col", fmt.Sprintf("t5-c%d", i)))
	}
	head = append(head, th(l.Figures.Sum, "col", "t5-sum"))
	t.Head = [][]Cell{head}
	var rows [][]Cell
	for m := range 12 {
		rid := fmt.Sprintf("t5-r%d", m)
		row := []Cell{th(fmt.Sprintf("%d月", m+1), "row", rid)}
		sum := 0
		for i, counts := range c.Counts {
			row = append(row, td(strconv.Itoa(counts[m]), fmt.Sprintf("t5-c%d", i), rid))
			sum += counts[m]
		}
		rows = append(rows, append(row, td(strconv.Itoa(sum), "t5-sum", rid)))
	}
	t.Bodies = [][][]Cell{rows}
	return t
}

// ChartAlt is the chart image's alternative text.
func (r *Report) ChartAlt() string {
	total := 0
	for _, s := range r.Chart.Counts {
		for _, n := range s {
			total += n
		}
	}
	return fmt.Sprintf(r.labels.Figures.ChartAlt, r.Year, total)
}
