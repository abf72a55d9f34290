package site

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/report"
)

// ReportView is what report.html shows of one annual report besides its
// body: each section's tables, to follow the section's text (Split).
type ReportView struct {
	Report   *report.Report
	Period   string
	Sections []ReportSection
	Download string
	Files    []FileLink
}

// ReportSection is one of the six sections.
type ReportSection struct {
	Heading string // the section's label, shown when the body has no text for it
	Tables  []report.Table
	Chart   *ChartView
}

// ReportBody is a report's rendered body cut at its six section headings.
type ReportBody struct {
	Intro    template.HTML    // what comes before the first section
	Sections [6]template.HTML // each section's text, heading included
}

// Split cuts the rendered body of the report (Page.Body, set when the page
// is made) at its sections.
func (v *ReportView) Split(body template.HTML) ReportBody {
	var b ReportBody
	b.Intro, b.Sections = splitSections(body)
	return b
}

// ChartView is the chart of section 一, with its text equivalent, and the
// same chart drawn for a phone's width.
type ChartView struct {
	Src, Alt, Caption         string
	Narrow                    string
	NarrowWidth, NarrowHeight int
	Table                     report.Table
}

// FileLink is one data file of a report.
type FileLink struct{ Name, URL, Label string }

// reports adds /reports/, the page of each annual report and its files:
// the CSV of each table and the chart (see package report).
func (a *assembler) reports() {
	var docs []*content.Document
	for _, d := range a.site.Documents {
		if d.Kind == content.KindReport {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return
	}
	slices.SortFunc(docs, func(x, y *content.Document) int { return cmp.Compare(y.Year, x.Year) })
	title := a.sectionTitle("reports")
	list := Crumb{Title: title, URL: "/reports/"}
	links := feeds.LinksFor("/reports/", title)
	a.paginate("list.html", "/reports/", Page{Kind: "section", Title: title, Crumbs: []Crumb{home, {Title: title}}, Feeds: links}, docs)
	for _, d := range docs {
		// The data block's errors are report.Check's to report: the build
		// runs it first. A figure that contradicts the archive never
		// replaces the archive's, and one that is missing shows as unknown,
		// so a site planned without that check (gazette check plans drafts
		// too) still shows no wrong number.
		r, _ := report.Compute(a.site, d.Year, d, "content")
		v := reportView(r, d)
		files := r.Files()
		for _, name := range slices.Sorted(maps.Keys(files)) {
			a.files = append(a.files, publish.File{Path: strings.TrimPrefix(d.URL, "/") + name, Data: files[name]})
		}
		a.add("report.html", &Page{Kind: "report", Title: d.Title, URL: d.URL, Doc: d, Data: v, Feeds: links,
			Crumbs: []Crumb{home, list, {Title: strconv.Itoa(d.Year) + "年"}}})
	}
}

func reportView(r *report.Report, d *content.Document) *ReportView {
	l := r.Labels()
	v := &ReportView{Report: r, Period: fmt.Sprintf(l.Figures.Period, r.Year), Download: l.Figures.Download}
	tables := r.Tables()
	v.Sections = make([]ReportSection, 6)
	for i := range v.Sections {
		v.Sections[i] = ReportSection{Heading: l.Sections[i]}
	}
	v.Sections[0].Tables = tables[:1]
	v.Sections[0].Chart = &ChartView{Src: d.URL + "publications.svg", Alt: r.ChartAlt(),
		Caption: fmt.Sprintf(l.Figures.Chart, r.Year), Table: r.ChartTable(), Narrow: d.URL + "publications-narrow.svg"}
	v.Sections[0].Chart.NarrowWidth, v.Sections[0].Chart.NarrowHeight = r.ChartNarrowSize()
	for i, t := range tables[1:] {
		v.Sections[i+1].Tables = []report.Table{t}
	}
	for _, t := range tables {
		if t.CSV != "" {
			v.Files = append(v.Files, FileLink{Name: t.CSV, URL: d.URL + t.CSV, Label: t.Caption + "（CSV）"})
		}
	}
	v.Files = append(v.Files, FileLink{Name: "publications.svg", URL: d.URL + "publications.svg", Label: fmt.Sprintf(l.Figures.Chart, r.Year) + "（SVG）"})
	return v
}

var h2Text = regexp.MustCompile(`^<h2[^>]*>(.*?)</h2>`)

// splitSections cuts a report's rendered body before each <h2> that is one
// of the six section headings: what comes before the first is the intro.
// Raw HTML is off in the renderer, so "<h2" in the body's HTML is always a
// heading the renderer made, never text; each part is whole blocks.
func splitSections(body template.HTML) (intro template.HTML, parts [6]template.HTML) {
	s := string(body)
	cur := -1
	for s != "" {
		next := strings.Index(s[1:], "<h2")
		chunk := s
		if next >= 0 {
			chunk, s = s[:next+1], s[next+1:]
		} else {
			s = ""
		}
		if m := h2Text.FindStringSubmatch(chunk); m != nil {
			if k := report.SectionIndex(html.UnescapeString(m[1])); k > cur {
				cur = k
			}
		}
		if cur < 0 {
			intro += template.HTML(chunk)
		} else {
			parts[cur] += template.HTML(chunk)
		}
	}
	return intro, parts
}
