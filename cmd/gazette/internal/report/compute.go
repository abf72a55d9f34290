package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
)

// Report is one year's annual report: what the archive gives, and what the
// report's data block adds.
type Report struct {
	Year     int      `json:"year"`
	Organ    string   `json:"organ"`
	Level    string   `json:"level"`
	Due      string   `json:"due"` // YYYY-MM-DD
	Overview Overview `json:"overview"`
	Active   Active   `json:"active"`
	// Requests and Appeals are tables 三 and 四, from the data block; nil
	// without one (they are never in the archive).
	Requests *Requests `json:"requests"`
	Appeals  *Appeals  `json:"appeals"`
	Chart    Chart     `json:"chart"`
	labels   *Labels
}

// Labels are the labels of r, in the site's script.
func (r *Report) Labels() *Labels { return r.labels }

// Figure is one number of table 二.
type Figure struct {
	Value float64 `json:"value"`
	// Source is "archive" when the archive gave it, "data" when the data
	// block did (the archive could not), "" when no one did.
	Source string `json:"source"`
	// Why the archive cannot give it; empty when it can.
	Why string `json:"not_computable,omitempty"`
	// Docs are the documents an archive figure counts (paths under content/).
	Docs []string `json:"documents,omitempty"`
	line int      // of the figure in the data block, for errors
}

// Known reports whether anyone gave the figure.
func (f Figure) Known() bool { return f.Source != "" }

// Figures sources.
const (
	FromArchive = "archive"
	FromData    = "data"
)

// Row3 is a row of table 二's 第二十條第（一）項.
type Row3 struct {
	Issued   Figure `json:"issued"`   // 本年制發件數
	Repealed Figure `json:"repealed"` // 本年廢止件數
	InForce  Figure `json:"in_force"` // 現行有效件數, on 31 December
}

// Active is table 二 (主動公開政府信息情況).
type Active struct {
	Rules       Row3   `json:"rules"`       // 規章
	Normative   Row3   `json:"normative"`   // 行政規範性文件
	Licensing   Figure `json:"licensing"`   // 行政許可, 本年處理決定數量
	Penalties   Figure `json:"penalties"`   // 行政處罰
	Enforcement Figure `json:"enforcement"` // 行政強制
	Fees        Figure `json:"fees"`        // 行政事業性收費, 萬元
}

// Requests is table 三: one row per key of requestKeys, seven columns
// (自然人, the five kinds of 法人或其他組織, 總計).
type Requests struct {
	Rows [][7]int `json:"rows"`
	Keys []string `json:"keys"`
}

// Appeals is table 四: 行政復議, then 行政訴訟 未經復議直接起訴 and 復議後起訴,
// each 結果維持, 結果糾正, 其他結果, 尚未審結, 總計.
type Appeals struct {
	Groups [3][5]int `json:"groups"`
}

// Overview is what section 一 can say from the archive.
type Overview struct {
	Sections        []Tally `json:"sections"`   // documents published in the year, by section
	Categories      []Tally `json:"categories"` // by section and category
	Issues          int     `json:"issues"`     // gazette issues of the year, extra editions (增刊) not counted
	FirstSerial     int     `json:"first_serial"`
	LastSerial      int     `json:"last_serial"`
	Interpretations int     `json:"interpretations"` // 政策解讀 published
	Corrections     int     `json:"corrections"`     // history entries dated in the year
}

// Tally is a labelled count.
type Tally struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Chart is the year's publications by month and category.
type Chart struct {
	Series []string  `json:"series"`
	Counts [][12]int `json:"counts"` // one per series, January first
}

// maxSeries bounds the chart's categories; the rest are summed as 其他.
const maxSeries = 7

// Compute makes the report of year from the published documents of s and,
// when doc is not nil, the data block of doc (the report file of that
// year). The errors are those of the data block, at its lines; root is how
// content paths are shown in them ("content"). Compute never guesses: a
// figure the archive cannot give and the data block does not is left
// unknown, and for a report file that is an error.
func Compute(s *content.Site, year int, doc *content.Document, root string) (*Report, content.ErrorList) {
	cfg := settings(s.Config)
	r := &Report{Year: year, Organ: s.Config.Organ.Name, Level: cfg.Level, labels: LabelsFor(s.Config.Language)}
	r.Due = Due(cfg.Level, year).Format(time.DateOnly)
	a := archive{site: s, year: year, loc: s.Config.Location, cfg: cfg}
	r.Overview = a.overview(r.labels)
	r.Chart = a.chart(r.labels)
	r.Active.Rules = a.row(a.rules())
	r.Active.Normative = a.row(a.normative())
	for _, f := range []*Figure{&r.Active.Licensing, &r.Active.Penalties, &r.Active.Enforcement, &r.Active.Fees} {
		f.Why = "kept by the 政務服務 and enforcement systems, not by the gazette archive"
	}
	r.Active.Fees.Why = "finance data, not in the gazette archive"
	if doc == nil {
		return r, nil
	}
	return r, merge(r, doc, root)
}

// settings are the site's report settings, or the defaults.
func settings(cfg content.Config) content.ReportConfig {
	if cfg.Report != nil {
		return *cfg.Report
	}
	return content.ReportConfig{Level: content.LevelDepartment, IssuedBy: content.IssuedByWritten}
}

// Due is the last day a level's report of year may be published:
// 《政府信息公開條例》第四十九條.
func Due(level string, year int) time.Time {
	if level == content.LevelCity {
		return time.Date(year+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(year+1, time.January, 31, 0, 0, 0, 0, time.UTC)
}

// archive answers table 二's first rows and section 一 from the documents.
type archive struct {
	site *content.Site
	year int
	loc  *time.Location
	cfg  content.ReportConfig
}

// class is the documents one row of table 二 counts, or why it cannot.
type class struct {
	docs []*content.Document
	why  string
}

func (a archive) rules() class {
	if len(a.cfg.Rules) == 0 {
		return class{why: "site.yaml names no category as 規章 (report: rules: [市政府令])"}
	}
	var c class
	for _, d := range a.site.Documents {
		if d.Kind == content.KindGazette && slices.ContainsFunc(a.cfg.Rules, func(r string) bool { return content.NameKey(r) == content.NameKey(d.Category) }) {
			c.docs = append(c.docs, d)
		}
	}
	return c
}

func (a archive) normative() class {
	var c class
	for _, d := range a.site.Documents {
		if d.Kind == content.KindGazette && d.Normative {
			c.docs = append(c.docs, d)
		}
	}
	if len(c.docs) == 0 {
		c.why = "no document in the archive is marked normative: true"
	}
	return c
}

func (a archive) yearOf(t time.Time) int { return t.In(a.loc).Year() }

// issued is the year d was issued (本年制發), by the site's setting. When it
// is not known (no 成文日期), latest is the latest year it can be: 成文日期
// is never after 發布日期.
func (a archive) issued(d *content.Document) (year int, known bool, latest int) {
	if a.cfg.IssuedBy == content.IssuedByDate {
		return a.yearOf(d.Date), true, 0
	}
	if d.Written.IsZero() {
		return 0, false, a.yearOf(d.Date)
	}
	return a.yearOf(d.Written), true, 0
}

// ended is when d stopped being in force: repealed_on; else the earliest
// repealing document in the archive, from its 施行日期 or else its
// 發布日期; else the day after its expires date (content.Document.ExpiresAt). ok is false for a document that reads 廢止 or
// 失效 with none of these: the archive does not know when.
func (a archive) ended(d *content.Document) (t time.Time, ok bool) {
	if !d.RepealedOn.IsZero() {
		return d.RepealedOn, true
	}
	for _, by := range d.RepealedBy {
		at := cmp.Or(by.Effective, by.Date)
		if t.IsZero() || at.Before(t) {
			t = at
		}
	}
	if t.IsZero() {
		t = d.ExpiresAt()
	}
	if !t.IsZero() {
		return t, true
	}
	return time.Time{}, d.Validity != content.Repealed && d.Validity != content.Expired
}

// row counts one row of 第二十條第（一）項 for the year.
func (a archive) row(c class) Row3 {
	if c.why != "" {
		return Row3{Issued: Figure{Why: c.why}, Repealed: Figure{Why: c.why}, InForce: Figure{Why: c.why}}
	}
	var issued, repealed, inForce tally
	for _, d := range c.docs {
		y, known, latest := a.issued(d)
		end, endKnown := a.ended(d)
		switch {
		case known && y == a.year:
			issued.count(d)
		case !known && latest >= a.year:
			issued.unsure(d, "no 成文日期 (written)")
		}
		issuedBy := known && y <= a.year || !known && latest <= a.year
		issuedAfter := known && y > a.year
		switch {
		case issuedAfter:
		case !endKnown:
			repealed.unsure(d, d.Validity+" without a date (repealed_on)")
			if issuedBy {
				inForce.unsure(d, d.Validity+" without a date (repealed_on)")
			} else {
				inForce.unsure(d, "no 成文日期 (written)")
			}
			continue
		case !end.IsZero() && a.yearOf(end) == a.year:
			repealed.count(d)
		}
		switch {
		case issuedAfter:
		case !issuedBy:
			inForce.unsure(d, "no 成文日期 (written)")
		case end.IsZero() || a.yearOf(end) > a.year:
			inForce.count(d)
		}
	}
	return Row3{Issued: issued.figure(), Repealed: repealed.figure(), InForce: inForce.figure()}
}

// tally counts documents, and those it cannot place.
type tally struct {
	docs     []string
	unplaced []string // "path: reason"
}

func (t *tally) count(d *content.Document) { t.docs = append(t.docs, d.Path) }

func (t *tally) unsure(d *content.Document, why string) {
	t.unplaced = append(t.unplaced, d.Path+": "+why)
}

func (t tally) figure() Figure {
	if len(t.unplaced) > 0 {
		return Figure{Why: fmt.Sprintf("%d document(s) cannot be placed in the year: %s", len(t.unplaced), strings.Join(t.unplaced, "; "))}
	}
	return Figure{Value: float64(len(t.docs)), Source: FromArchive, Docs: t.docs}
}

// overview counts what the year published.
func (a archive) overview(l *Labels) Overview {
	var o Overview
	bySection := map[string]int{}
	byCategory := map[[2]string]int{}
	for _, d := range a.site.Documents {
		for _, h := range d.History {
			if a.yearOf(h.Date) == a.year {
				o.Corrections++
			}
		}
		if d.Kind == content.KindIssue && d.Year == a.year && !d.Extra { // an extra edition (增刊) is outside the numbering
			o.Issues++
			if o.FirstSerial == 0 || d.Serial < o.FirstSerial {
				o.FirstSerial = d.Serial
			}
			o.LastSerial = max(o.LastSerial, d.Serial)
		}
		if !d.IsDisclosure() || a.yearOf(d.Date) != a.year {
			continue
		}
		bySection[d.Section]++
		byCategory[[2]string{d.Section, cmp.Or(d.CategoryName, l.Figures.Other)}]++
		if d.Interprets != "" {
			o.Interpretations++
		}
	}
	for _, sec := range sections {
		o.Sections = append(o.Sections, Tally{sectionLabel(l, sec), bySection[sec]})
	}
	type cat struct {
		key [2]string
		n   int
	}
	var cats []cat
	for k, n := range byCategory {
		cats = append(cats, cat{k, n})
	}
	slices.SortFunc(cats, func(x, y cat) int {
		return cmp.Or(cmp.Compare(slices.Index(sections, x.key[0]), slices.Index(sections, y.key[0])),
			y.n-x.n, cmp.Compare(x.key[1], y.key[1]))
	})
	for _, c := range cats {
		o.Categories = append(o.Categories, Tally{sectionLabel(l, c.key[0]) + "／" + c.key[1], c.n})
	}
	return o
}

var sections = []string{"gazette", "briefings", "news"}

func sectionLabel(l *Labels, sec string) string {
	switch sec {
	case "gazette":
		return l.Figures.Gazette
	case "briefings":
		return l.Figures.Briefings
	}
	return l.Figures.News
}

// chart counts the year's documents by month, one series per category (a
// document without one counts under its section), the largest first.
func (a archive) chart(l *Labels) Chart {
	counts := map[string]*[12]int{}
	totals := map[string]int{}
	for _, d := range a.site.Documents {
		if !d.IsDisclosure() || a.yearOf(d.Date) != a.year {
			continue
		}
		k := cmp.Or(d.CategoryName, sectionLabel(l, d.Section))
		if counts[k] == nil {
			counts[k] = &[12]int{}
		}
		counts[k][d.Date.In(a.loc).Month()-1]++
		totals[k]++
	}
	var names []string
	for k := range counts {
		names = append(names, k)
	}
	slices.SortFunc(names, func(x, y string) int { return cmp.Or(totals[y]-totals[x], cmp.Compare(x, y)) })
	var c Chart
	for i, k := range names {
		if i < maxSeries || len(names) == maxSeries+1 {
			c.Series = append(c.Series, k)
			c.Counts = append(c.Counts, *counts[k])
			continue
		}
		if i == maxSeries {
			c.Series = append(c.Series, l.Figures.Other)
			c.Counts = append(c.Counts, [12]int{})
		}
		for m, n := range counts[k] {
			c.Counts[maxSeries][m] += n
		}
	}
	return c
}
