package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/url"
	"strings"
	"text/template/parse"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/zh"
)

// Templates is the parsed template set: base.html holds the page skeleton
// (masthead, menus, breadcrumbs, footer) and each other *.html file defines
// "main" for one kind of page. A page template may instead define "page",
// the whole document: it then stands alone, without the skeleton, but may
// still call the templates base.html defines. redirect.html does, because a
// redirect page is read by a browser for an instant, and there is one for
// every document.
type Templates struct {
	pages map[string]*template.Template
	fsys  fs.FS

	// The record of the last accessibility run (AuditFile), and whether it
	// is of these templates.
	audit        *Audit
	auditCurrent bool
}

// Overlay returns a file system that reads from disk first and falls back
// to def: files on disk override the embedded defaults one by one.
func Overlay(disk, def fs.FS) fs.FS { return overlay{disk, def} }

type overlay struct{ disk, def fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.disk != nil {
		f, err := o.disk.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.def.Open(name)
}

// LoadTemplates parses base.html plus every other *.html of fsys, once.
//
// The words of the templates are written in Traditional characters; for a
// site written in Simplified they are converted as they are parsed, with
// their quotation marks (zh.Quotes): the text of the templates, not the
// strings their actions compare with.
func LoadTemplates(fsys fs.FS, cfg content.Config) (*Templates, error) {
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	baseSrc, err := fs.ReadFile(fsys, "base.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	base, err := template.New("base.html").Funcs(Funcs(loc)).Parse(string(baseSrc))
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if base.Lookup(standalone) != nil {
		// Every page would then stand alone, without the skeleton.
		return nil, fmt.Errorf("templates: base.html defines %q, which only a page template may", standalone)
	}
	t := &Templates{pages: map[string]*template.Template{}, fsys: fsys}
	for _, name := range pageTemplates {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		tt, err := template.Must(base.Clone()).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		t.pages[name] = tt
	}
	if cfg.Language == "zh-Hans" {
		if err := t.toSimplified(); err != nil {
			return nil, err
		}
	}
	if t.audit, t.auditCurrent, err = readAudit(fsys); err != nil {
		return nil, err
	}
	return t, nil
}

// toSimplified converts the text of every template into Simplified
// characters. The page templates share base.html's parse trees, so each
// text is converted once.
func (t *Templates) toSimplified() error {
	c, err := zh.T2S()
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	done := map[*parse.TextNode]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.TextNode:
			if !done[n] {
				done[n] = true
				n.Text = []byte(zh.Quotes(c.String(string(n.Text)), "zh-Hans"))
			}
		case *parse.ListNode:
			if n != nil {
				for _, m := range n.Nodes {
					walk(m)
				}
			}
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, set := range t.pages {
		for _, tt := range set.Templates() {
			if tt.Tree != nil {
				walk(tt.Tree.Root)
			}
		}
	}
	return nil
}

// pageTemplates are the page kinds; each must exist.
var pageTemplates = []string{
	"home.html", "list.html", "issue.html", "document.html", "page.html",
	"index.html", "feeds.html", "404.html", "redirect.html", "search.html", "report.html", "sitemap.html", "data.html",
	"accessibility.html", "compare.html",
}

// standalone is the template a page template defines to be the whole page.
const standalone = "page"

// Execute renders the page template name with data: inside base.html's
// skeleton, or alone when it defines "page".
func (t *Templates) Execute(name string, data any) ([]byte, error) {
	tt, ok := t.pages[name]
	if !ok {
		return nil, fmt.Errorf("templates: no page template %q", name)
	}
	root := "base.html"
	if tt.Lookup(standalone) != nil {
		root = standalone
	}
	var buf bytes.Buffer
	if err := tt.ExecuteTemplate(&buf, root, data); err != nil {
		return nil, fmt.Errorf("templates: %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Asset reads a static file that ships with the templates (CSS).
func (t *Templates) Asset(name string) ([]byte, error) { return fs.ReadFile(t.fsys, name) }

// Funcs are the template functions. Dates print in the site's time zone.
func Funcs(loc *time.Location) template.FuncMap {
	m := template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			t = t.In(loc)
			return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
		},
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format(time.DateOnly)
		},
		"datetime": func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		// A YYYY-MM-DD date written as 2025年1月20日.
		"isoDate": func(s string) string {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return s
			}
			return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
		},
		"size": humanSize,
		"href": Href,
		"validityClass": func(v string) string {
			switch v {
			case content.Repealed, content.Expired:
				return "void"
			case content.Amended:
				return "amended"
			}
			return "valid"
		},
		"minutes": func(runes int) int { return max(1, (runes+ReadingRunesPerMinute-1)/ReadingRunesPerMinute) },
		"add":     func(a, b int) int { return a + b },
		"ms":      func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 },
		"feedLabel": func(typ string) string {
			switch typ {
			case "application/rss+xml":
				return "RSS"
			case "application/atom+xml":
				return "Atom"
			}
			return "JSON Feed"
		},
		"organURL": func(name string) string { return content.TermURL("organs", name) },
		// The name of a script, in itself: the switch between the two.
		"scriptName": func(lang string) string {
			if lang == "zh-Hans" {
				return "简体"
			}
			return "繁體"
		},
		"modeHref":       modeHref,
		"policeURL":      policeURL,
		"correctionsURL": correctionsURL,
		// The meaning of a column of the open data (feeds.DataColumns).
		"columnLabel": func(name string) string { return columnLabels[name] },
		"topicURL":    func(name string) string { return content.TermURL("topics", name) },
	}
	maps.Copy(m, versionFuncs)
	return m
}

// policeURL is the public record of a 公安機關備案號 (吉公網安備22010202000123號):
// the national search, given the number's digits.
func policeURL(number string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	return "https://beian.mps.gov.cn/#/query/webSearch?code=" + digits
}

// correctionsURL is the error-report form's address for one page: the
// form's own (identity.corrections), with the page's address added as url,
// so that a report names the page it is about.
func correctionsURL(form, canonical, page string) string {
	sep := "?"
	if strings.Contains(form, "?") {
		sep = "&"
	}
	return form + sep + "url=" + url.QueryEscape(canonical+Href(page))
}

// columnLabels say what each column of documents.csv holds.
var columnLabels = map[string]string{
	"url": "網址", "title": "標題", "section": "欄目", "doc_number": "文號", "index_number": "索引號",
	"organ": "發布機構", "category": "類別", "topic": "主題分類", "date": "發布日期", "written": "成文日期",
	"effective": "施行日期", "validity": "有效性", "issue": "所屬政府公報", "repeals": "本文件廢止的文件",
	"repealed_by": "廢止本文件的文件", "amends": "本文件修改的文件", "amended_by": "修改本文件的文件",
	"superseded_by": "取代本文件的文件", "interprets": "本文件解讀的文件", "lang": "文件的文字（zh-Hant 繁體，zh-Hans 簡體）",
}

// ReadingRunesPerMinute is how many Chinese characters a reader reads in a
// minute; reading time is counted in characters, not words.
const ReadingRunesPerMinute = 400

// Href escapes a site path for an href: each segment percent-encoded, so
// organ and topic names in Chinese make valid URLs.
func Href(p string) string {
	if strings.Contains(p, "://") || !strings.HasPrefix(p, "/") {
		return p
	}
	p, query, hasQuery := strings.Cut(p, "?")
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	p = strings.Join(parts, "/")
	if hasQuery {
		p += "?" + query
	}
	return p
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// outPath is the file that serves a site path: "/a/b/" → "a/b/index.html".
func outPath(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
