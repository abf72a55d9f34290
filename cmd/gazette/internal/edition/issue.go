package edition

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"time"
)

// Issue is everything an issue's PDF is made from.
type Issue struct {
	Masthead string // the gazette's name: 長春市人民政府公報
	Office   string // who issues it: 長春市人民政府辦公廳
	Title    string // the issue's title, the PDF's title
	Summary  string // the PDF's subject
	Lang     string // the site's script, zh-Hant or zh-Hans
	URL      string // the issue page, absolute: links in the bodies resolve against it

	Year, Number, Serial int // Serial is 0 for an extra edition
	Extra                bool
	Date                 time.Time // in the site's time zone

	Docs []Doc // in the order of the contents
}

// Doc is one document of an issue.
type Doc struct {
	Title     string
	DocNumber string // 文號
	Organ     string
	Category  string // documents of one category follow each other
	Lang      string
	Written   time.Time // 成文日期, zero when not known; in the site's time zone
	Effective time.Time // 施行日期, zero when not given
	Body      template.HTML
}

// Label names the issue within its year as the cover prints it: 2025年第1期,
// or 2025年增刊1.
func (is Issue) Label() string {
	if is.Extra {
		return fmt.Sprintf("%d年增刊%d", is.Year, is.Number)
	}
	return fmt.Sprintf("%d年第%d期", is.Year, is.Number)
}

//go:embed print.html
var printSource string

//go:embed print.css
var printCSS string

var printTemplate = template.Must(template.New("print.html").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) },
	"iso":  func(t time.Time) string { return t.Format(time.DateOnly) },
	"css":  func() template.CSS { return template.CSS(printCSS) },
}).Parse(printSource))

// words are what the print template says in the site's script.
type words struct{ Contents, Serial, Sponsor string }

// group is one category of the contents.
type group struct {
	Title string
	Docs  []printed
}

// printed is a document as the print template sees it.
type printed struct {
	Doc
	ID    string        // the anchor its contents entry and bookmark point at
	First bool          // the first document of its category: it prints the category's heading
	Body  template.HTML // with its IDs made unique in the issue
}

// anchor is the ID of the i-th document (from 0) in the print HTML.
func anchor(i int) string { return "doc-" + strconv.Itoa(i+1) }

// HTML is the print version of an issue: one HTML file with its style
// sheet, for WeasyPrint. It is all an issue's PDF is made from, with the
// engine and its fonts.
func HTML(is Issue) ([]byte, error) {
	var groups []group
	for i, d := range is.Docs {
		c := d.Category
		if c == "" {
			c = "其他"
		}
		p := printed{Doc: d, ID: anchor(i), Body: prefixIDs(d.Body, anchor(i)+"-")}
		if len(groups) == 0 || groups[len(groups)-1].Title != c {
			groups = append(groups, group{Title: c})
			p.First = true
		}
		p.Category = c
		groups[len(groups)-1].Docs = append(groups[len(groups)-1].Docs, p)
	}
	w := words{Contents: "目　　錄", Serial: "總第", Sponsor: "主辦"}
	if is.Lang == "zh-Hans" {
		w = words{Contents: "目　　录", Serial: "总第", Sponsor: "主办"}
	}
	var buf bytes.Buffer
	err := printTemplate.Execute(&buf, struct {
		Issue
		Groups []group
		Words  words
	}{is, groups, w})
	if err != nil {
		return nil, fmt.Errorf("issue PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// idAttr finds the IDs a rendered body defines and the links to them
// (headings, footnotes); the renderer writes attributes only in this form.
var idAttr = regexp.MustCompile(`( id="| href="#)([^"]*)"`)

// prefixIDs makes a body's IDs and the links to them unique in the issue:
// two documents may both have a footnote 1 or a heading 第一章.
func prefixIDs(body template.HTML, prefix string) template.HTML {
	return template.HTML(idAttr.ReplaceAllString(string(body), `${1}`+prefix+`${2}"`))
}
