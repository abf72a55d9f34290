// Package lint is gazette check: every error the build would report, plus
// what an editor should hear about before publishing although the build
// accepts it. Each finding is a Diagnostic at a file, line and column:
//
//	error    the build fails on it (every content.Load and report.Check error), or the site
//	         would be wrong: a link in a body to an internal page that does
//	         not exist; an image whose file is not published (a relative
//	         address resolves against the page, where only the document's
//	         attachments are); gazette numbering that is broken — 期號 that do not
//	         run 1, 2, 3 … in a year, serials (總第N期) that do not go up by
//	         one from issue to issue — where the issue after the gap does not
//	         declare it (gap:), and serials that do not increase at all; a
//	         document that goes live before a document it links to or
//	         interprets (the link would be broken until the other is
//	         published), a 政策解讀 dated before its policy (解讀 is published
//	         with the policy, never before it): found when the release is
//	         scheduled, not at release
//	warning  probably a mistake: a 文號 whose year (〔2025〕, [2025], (2025),
//	         2025年第…) is not the year of 成文日期, an image without alt
//	         text, a text longer than site.yaml's feed_body_kib (the feeds
//	         carry its summary and a link instead), a gap declared where there is none, an issue PDF given by
//	         an editor that has no text layer (a scan) or cannot be read; or
//	         late: last year's annual report not published after its
//	         deadline (site.yaml report.level: 31 January for a department,
//	         31 March for a city), when site.yaml has a report section
//	info     worth knowing: a date in the future, which embargoes the
//	         document until a build on or after it
//
// The lints run on what loads even while the tree has load errors, so one
// run reports every finding; the diagnostics are sorted, each once.
package lint

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/report"
	"gazette/cmd/gazette/internal/site"
	"gazette/cmd/gazette/internal/zh"
	"gazette/templates"
)

// Severities.
const (
	Error   = "error"
	Warning = "warning"
	Info    = "info"
)

// Diagnostic is one finding. Line and Col are 1-based; 0 when not known.
type Diagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// String is the compiler-style form: "path:line:col: severity: message".
func (d Diagnostic) String() string {
	return content.Pos(d.Path, d.Line, d.Col) + ": " + d.Severity + ": " + d.Message
}

// FromError is a content error (one the build rejects) as a Diagnostic.
func FromError(e *content.Error) Diagnostic {
	return Diagnostic{Path: e.Path, Line: e.Line, Col: e.Col, Severity: Error, Message: e.Msg}
}

// Options control a check.
type Options struct {
	Now  time.Time // embargoes are judged against it
	Root string    // how paths are shown, e.g. "content"

	// Cache, when set, keeps the parsed files between checks of trees
	// that differ in a few files (see content.Cache); Changed names every
	// path that changed since the last check with it, and no other file
	// is looked at again.
	Cache   *content.Cache
	Changed []string

	// Only, when set, limits the findings to these files (paths under the
	// content folder), and only their bodies are read and checked: one
	// edit checked in a large tree. The errors of the load (content.Load)
	// are reported wherever they are.
	Only []string
}

// HasErrors reports whether any diagnostic is an error.
func HasErrors(ds []Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Check loads the tree in fsys and lints it. The diagnostics come sorted by
// file, line and column. The error is for what stops a check (an unreadable
// tree), not for findings.
func Check(ctx context.Context, fsys fs.FS, opt Options) ([]Diagnostic, error) {
	if opt.Root == "" {
		opt.Root = "content"
	}
	// Partial: the lints run on what loaded beside the load errors, so
	// that one run reports every finding.
	s, err := content.Load(ctx, fsys, content.Options{Now: opt.Now, Drafts: true, Root: opt.Root, Partial: true,
		Cache: opt.Cache, Watched: opt.Cache != nil, Changed: opt.Changed})
	var list content.ErrorList
	if err != nil && !errors.As(err, &list) {
		return nil, err
	}
	var out []Diagnostic
	for _, e := range list {
		out = append(out, FromError(e))
	}
	if s == nil { // site.yaml could not be read
		return out, nil
	}
	c := &checker{fsys: fsys, opt: opt, site: s, fields: map[string]map[string]int{}, out: out}
	if opt.Only != nil {
		c.only = map[string]bool{}
		for _, p := range opt.Only {
			c.only[p] = true
		}
	}
	if opt.Only == nil || slices.ContainsFunc(opt.Only, func(p string) bool { return strings.HasPrefix(p, "reports/") }) {
		rs, err := reports(ctx, fsys, opt, s)
		if err != nil {
			return nil, err
		}
		c.out = append(c.out, rs...)
	}
	c.missingReport()
	c.names()
	c.docNumbers()
	c.issues()
	c.issuePDFs()
	c.embargoes()
	c.releases()
	if err := c.bodies(); err != nil {
		return nil, err
	}
	sortDiags(c.out)
	return slices.Compact(c.out), nil
}

// reports are the errors of the annual reports the build rejects
// (report.Check). They are judged against the archive the build would
// publish, so drafts are left out of it here too.
func reports(ctx context.Context, fsys fs.FS, opt Options, all *content.Site) ([]Diagnostic, error) {
	if !slices.ContainsFunc(all.All, func(d *content.Document) bool { return d.Kind == content.KindReport }) {
		return nil, nil
	}
	// The errors of this load are those of the load with drafts, which
	// Check already has; report.Check judges what did load.
	// The same tree as the first load: a cache has every file already.
	s, err := content.Load(ctx, fsys, content.Options{Now: opt.Now, Root: opt.Root, Partial: true, Cache: opt.Cache, Watched: opt.Cache != nil})
	if s == nil {
		if errors.As(err, new(content.ErrorList)) {
			return nil, nil
		}
		return nil, err
	}
	var list content.ErrorList
	if err := report.Check(s, fsys, opt.Root); !errors.As(err, &list) {
		return nil, err
	}
	var out []Diagnostic
	for _, e := range list {
		out = append(out, FromError(e))
	}
	sortDiags(out)
	return out, nil
}

// missingReport warns when last year's annual report is not published
// after its deadline (31 January, or 31 March for a city's), for a site
// whose site.yaml has a report section.
func (c *checker) missingReport() {
	cfg := c.site.Config
	if cfg.Report == nil {
		return
	}
	now := c.opt.Now.In(cfg.Location)
	year := now.Year() - 1
	due := report.Due(cfg.Report.Level, year)
	if !now.After(time.Date(due.Year(), due.Month(), due.Day(), 23, 59, 59, 0, cfg.Location)) {
		return
	}
	p := fmt.Sprintf("reports/%d.md", year)
	state := "there is no " + path.Join(c.opt.Root, p) + " (gazette new report -year " + fmt.Sprint(year) + ")"
	for _, d := range c.site.All {
		if d.Path != p {
			continue
		}
		switch {
		case d.Draft:
			state = "it is a draft"
		case d.Date.After(c.opt.Now):
			state = "its date is " + d.Date.In(cfg.Location).Format(time.DateOnly)
		default:
			return
		}
	}
	c.out = append(c.out, Diagnostic{Path: path.Join(c.opt.Root, p), Severity: Warning, Message: fmt.Sprintf(
		"the %d annual report (政府信息公開工作年度報告) was due by %s (《政府信息公開條例》第四十九條, a %s's report) and is not published: %s",
		year, due.Format(time.DateOnly), cfg.Report.Level, state)})
}

func sortDiags(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Message, b.Message))
	})
}

type checker struct {
	fsys   fs.FS
	opt    Options
	site   *content.Site
	fields map[string]map[string]int    // path → front-matter field → line
	docs   map[string]*content.Document // by URL and by path, for earlyLink
	only   map[string]bool              // Options.Only; nil for every file
	known  map[string]bool              // every site path (targets), made when a link needs it
	out    []Diagnostic
}

// inScope reports whether findings about d are wanted (Options.Only).
func (c *checker) inScope(d *content.Document) bool { return c.only == nil || c.only[d.Path] }

func (c *checker) report(d *content.Document, line, col int, sev, format string, args ...any) {
	if !c.inScope(d) {
		return
	}
	c.out = append(c.out, Diagnostic{path.Join(c.opt.Root, d.Path), line, col, sev, fmt.Sprintf(format, args...)})
}

// at is the line and column of a front-matter field of d.
func (c *checker) at(d *content.Document, field string) (int, int) {
	m, ok := c.fields[d.Path]
	if !ok && !c.inScope(d) {
		return 1, 0 // not reported: no need to read the file
	}
	if !ok {
		m = map[string]int{}
		if data, err := fs.ReadFile(c.fsys, d.Path); err == nil {
			text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
			for i, line := range strings.Split(text, "\n") {
				if i > 0 && line == "---" {
					break
				}
				if k, _, ok := strings.Cut(line, ":"); ok && k != "" && !strings.ContainsAny(k[:1], " \t-#") {
					if _, dup := m[k]; !dup {
						m[k] = i + 1
					}
				}
			}
		}
		c.fields[d.Path] = m
	}
	if l, ok := m[field]; ok {
		return l, 1
	}
	return 1, 0
}

func (c *checker) docNumbers() {
	for _, d := range c.site.All {
		if d.DocNumber == "" || d.Written.IsZero() {
			continue
		}
		loc := c.site.Config.Location
		if y := zh.DocNumberYear(d.DocNumber); y != 0 && y != d.Written.In(loc).Year() {
			l, col := c.at(d, "doc_number")
			c.report(d, l, col, Warning, "文號 %s is of %d, but 成文日期 (written %s) is in %d: check both",
				d.DocNumber, y, d.Written.In(loc).Format(time.DateOnly), d.Written.In(loc).Year())
		}
	}
}

// issues checks the numbering of the gazette. In each year the issues
// (期號) run 1, 2, 3 …, and 總期號 (serial) goes up by one from each issue
// to the next, across years; the first issue of the archive may start
// anywhere. An issue may declare a gap before it (gap: why), which is then
// not an error, but serials still only increase. Extra editions (增刊) are
// outside the numbering.
func (c *checker) issues() {
	var issues []*content.Document
	for _, d := range c.site.All {
		if d.Kind == content.KindIssue && !d.Extra {
			issues = append(issues, d)
		}
	}
	slices.SortFunc(issues, func(a, b *content.Document) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Number, b.Number), cmp.Compare(a.Path, b.Path))
	})
	const declare = ": if they will never be in the archive, say why in gap: on this issue"
	for i := 1; i < len(issues); i++ {
		prev, d := issues[i-1], issues[i]
		gap := false
		undeclared := func(field, format string, args ...any) {
			gap = true
			if d.Gap == "" {
				l, col := c.at(d, field)
				c.report(d, l, col, Error, format+declare, args...)
			}
		}
		switch {
		case d.Year == prev.Year && d.Number == prev.Number:
			l, col := c.at(d, "issue")
			c.report(d, l, col, Error, "issue %d of %d given twice: also %s", d.Number, d.Year, path.Join(c.opt.Root, prev.Path))
		case d.Year == prev.Year && d.Number > prev.Number+1:
			undeclared("issue", "gap in the issues of %d: issue %d follows issue %d (no issue %s)", d.Year, d.Number, prev.Number, span(prev.Number+1, d.Number-1))
		case d.Year != prev.Year && d.Number != 1:
			undeclared("issue", "期號 restarts at 1 each year, but the first issue of %d is issue %d (no issue %s)", d.Year, d.Number, span(1, d.Number-1))
		}
		switch {
		case d.Serial <= prev.Serial:
			l, col := c.at(d, "serial")
			c.report(d, l, col, Error, "serial (總第N期) %d does not increase: %d/%02d before it has serial %d", d.Serial, prev.Year, prev.Number, prev.Serial)
		case d.Serial > prev.Serial+1:
			undeclared("serial", "gap in the serials (總第N期): %d follows %d (%d/%02d), no 總第%s期", d.Serial, prev.Serial, prev.Year, prev.Number, span(prev.Serial+1, d.Serial-1))
		}
		if d.Gap != "" && !gap {
			l, col := c.at(d, "gap")
			c.report(d, l, col, Warning, "gap declared, but this issue follows %d/%02d (總第%d期) without one: remove gap", prev.Year, prev.Number, prev.Serial)
		}
	}
}

// span writes a range of numbers: "2", or "2–4".
func span(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return fmt.Sprintf("%d–%d", from, to)
}

// issuePDFs reads every PDF an editor gives for an issue: a scan without a
// text layer cannot be searched, selected or read aloud.
func (c *checker) issuePDFs() {
	for _, d := range c.site.All {
		if d.Kind != content.KindIssue || d.PDF == nil || !c.inScope(d) {
			continue
		}
		l, col := c.at(d, "pdf")
		f, err := c.fsys.Open(d.PDF.Path)
		if err != nil {
			c.report(d, l, col, Warning, "cannot read the issue PDF %s: %v", d.PDF.Name, err)
			continue
		}
		rs, ok := f.(io.ReadSeeker)
		if !ok {
			f.Close()
			continue
		}
		info, err := edition.Inspect(rs)
		f.Close()
		switch {
		case err != nil:
			c.report(d, l, col, Warning, "cannot read the issue PDF %s: %v", d.PDF.Name, err)
		case !info.Text:
			c.report(d, l, col, Warning, "the issue PDF %s has no text layer (none of its %d pages has text): a scan cannot be searched or read aloud; give the PDF made from the text, or run OCR on the scan", d.PDF.Name, info.Pages)
		}
	}
}

func (c *checker) embargoes() {
	for _, d := range c.site.All {
		if !d.Date.IsZero() && d.Date.After(c.opt.Now) {
			l, col := c.at(d, "date")
			c.report(d, l, col, Info, "date %s is in the future: embargoed, published by the first build at or after it",
				d.Date.In(c.site.Config.Location).Format("2006-01-02 15:04"))
		}
	}
}

// bodies checks the links and images in every body (in scope).
func (c *checker) bodies() error {
	byPath := map[string]bool{}
	for _, d := range c.site.All {
		byPath[d.Path] = true
	}
	r := render.New()
	ix := c.archive()
	for _, d := range c.site.All {
		if !c.inScope(d) {
			continue
		}
		body := d.Body
		if body == nil { // a load through a cache leaves the bodies
			var err error
			if body, err = content.ReadBody(c.fsys, d); err != nil {
				continue // the build reports it
			}
		}
		res, err := r.RenderWith(body, render.Options{Title: d.Title,
			From: law.Version{ID: d.URL, Date: law.EffectiveDate(d.Effective, d.Date)}, Index: ix})
		if err != nil {
			continue // the build reports it
		}
		c.longText(d, len(res.HTML))
		c.citations(d, body, res)
		lines := strings.Split(string(body), "\n")
		for _, l := range res.Links {
			// render gives the line its block starts on; the link itself may
			// sit on a later line of the paragraph, so look for it there.
			line, col := d.BodyLine+l.Line-1, 0
			for i := l.Line - 1; i >= 0 && i < len(lines) && (i == l.Line-1 || strings.TrimSpace(lines[i]) != ""); i++ {
				if j := strings.Index(lines[i], "("+l.Dest); j >= 0 {
					line, col = d.BodyLine+i, utf8.RuneCountInString(lines[i][:j+1])+1 // at the destination
					break
				}
			}
			if l.Image && strings.TrimSpace(l.Alt) == "" {
				c.report(d, line, col, Warning, "image %s has no alt text: describe it in the brackets, ![說明](%s)", l.Dest, l.Dest)
			}
			msg, err := c.brokenLink(d, l.Dest, byPath)
			if err == nil && l.Image && msg == "" {
				msg, err = c.brokenImage(d, l.Dest)
			}
			if err != nil {
				return err
			}
			if msg != "" {
				c.report(d, line, col, Error, "%s", msg)
			} else {
				c.earlyLink(d, l.Dest, line, col)
			}
		}
	}
	return nil
}

// longText warns about a feed item whose text (size bytes of HTML) is past
// feed_body_kib: the feeds will carry its summary and a link, and a text
// that long is more often data pasted into a document than prose.
func (c *checker) longText(d *content.Document, size int) {
	limit := c.site.Config.FeedBodyKiB
	if !feeds.IsItem(d) || size <= limit<<10 {
		return
	}
	c.report(d, d.BodyLine, 1, Warning, "the text is %s, more than feed_body_kib (%d KiB in site.yaml): the feeds carry its summary and a link to its page, not the text; "+
		"if it is not meant to be this long, move data into an attachment", kib(size), limit)
}

// kib is a size for people: KiB, or MiB from 1 MiB.
func kib(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

// brokenLink says what is wrong with an internal link, or "".
func (c *checker) brokenLink(d *content.Document, dest string, docs map[string]bool) (string, error) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", nil // external, an anchor, or not a URL the build touches
	}
	p := u.Path
	switch {
	case strings.HasPrefix(p, "/"):
		known, err := c.knownPaths()
		if err != nil {
			return "", err
		}
		if known[p] || known[strings.TrimSuffix(p, "/")+"/"] || known[strings.TrimSuffix(p, "index.html")] {
			return "", nil
		}
		return fmt.Sprintf("link to %s: no page, document or file of the site has that address", dest), nil
	case strings.HasSuffix(p, ".md"):
		target := path.Join(path.Dir(d.Path), p)
		if docs[target] {
			return "", nil
		}
		return fmt.Sprintf("link to %s: no document %s", dest, path.Join(c.opt.Root, target)), nil
	}
	return "", nil
}

// brokenImage says what is wrong with an image written with a relative
// address, or "". The reader's browser resolves it against the page's URL,
// where the document's attachments and the files beside it that its body
// shows as images are published (content.Document.Images).
func (c *checker) brokenImage(d *content.Document, dest string) (string, error) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") || strings.HasSuffix(u.Path, ".md") {
		return "", nil // brokenLink's to judge
	}
	known, err := c.knownPaths()
	if err != nil {
		return "", err
	}
	target := path.Join(d.URL, u.Path)
	if known[target] || known[target+"/"] {
		return "", nil
	}
	if strings.Contains(u.Path, "/") {
		return fmt.Sprintf("image %s: no page or file of the site has its address, %s", dest, target), nil
	}
	return fmt.Sprintf("image %s: no such file beside %s: put it there", dest, path.Base(d.Path)), nil
}

// knownPaths is every site path (targets), made the first time a link
// needs it: a check of one edit whose text links nowhere never lists them.
func (c *checker) knownPaths() (map[string]bool, error) {
	if c.known == nil {
		var err error
		if c.known, err = c.targets(); err != nil {
			return nil, err
		}
	}
	return c.known, nil
}

// targets is every site path the build makes, with and without a trailing
// index.html, plus the server's search pages and the issue PDFs.
func (c *checker) targets() (map[string]bool, error) {
	tmpl, err := site.LoadTemplates(templates.FS, c.site.Config)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{"/search": true, "/api/search": true, "/search.atom": true, "/feeds.opml": true,
		"/data/documents.csv": true, "/data/documents.json": true, "/assets/style.css": true}
	for _, p := range site.Pages(c.site, tmpl) {
		known[p] = true
		if strings.HasSuffix(p, "/") {
			known[p+"index.html"] = true
		}
	}
	for _, a := range c.site.Assets {
		known[a.URL] = true
	}
	for _, d := range c.site.Documents { // the issue PDFs the build makes
		if d.Kind == content.KindIssue && d.PDF == nil && c.site.Config.Gazette.PDF {
			known[d.URL+edition.FileName(d)] = true
		}
	}
	for _, g := range feeds.Directory(c.site) {
		for _, f := range g.Feeds {
			for _, l := range f.Links {
				known[l.URL] = true
			}
		}
	}
	// The copy in the other script has a page for every page, a feed for
	// every feed (see package script).
	if info := site.NewInfo(c.site.Config); info.Other != "" {
		shared := map[string]bool{}
		for _, a := range c.site.Assets {
			shared[a.URL] = true
		}
		for _, p := range slices.Collect(maps.Keys(known)) {
			if !shared[p] && !strings.HasSuffix(p, ".pdf") && p != "/assets/style.css" {
				known[info.OtherRoot+p] = true
			}
		}
	}
	return known, nil
}
