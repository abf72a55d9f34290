package edition

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
	// Annexes are the attachments printed after the text: each CSV as a
	// table, as the printed gazette sets a 附件 (other files are not in
	// the PDF; the text's 附件說明 names them).
	Annexes []Annex
}

// Annex is an attachment printed as a table.
type Annex struct {
	Name  string // the file's name, which the print leaves out of the text
	Title string // the 附件說明's title of it, or its file name
	Head  []string
	Rows  [][]string
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
	// A table cell short enough to keep on one line (24小時, 序號), so that
	// the table's narrow columns do not stack it a character a line.
	"short": func(s string) bool { return utf8.RuneCountInString(s) <= 6 },
}).Parse(printSource))

// words are what the print template says in the site's script.
type words struct{ Contents, Serial, Sponsor, Highlights, Annex, Editor, Published, Online, Same string }

// group is one category of the contents.
type group struct {
	Title string
	Docs  []printed
}

// printed is a document as the print template sees it.
type printed struct {
	Doc
	ID         string        // the anchor its contents entry and bookmark point at
	First      bool          // the first document of its category: it prints the category's heading
	Body       template.HTML // with its IDs made unique in the issue, its headings marked (markHeadings)
	TitleLines []string      // the title cut where it breaks by sense (titleLines)
	Annexes    []printedAnnex
}

// printedAnnex is an annex as the print template sees it.
type printedAnnex struct {
	Annex
	Label string // 附件, or 附件1, 附件2 … when there are several
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
		p := printed{Doc: d, ID: anchor(i), Body: printBody(d, anchor(i)+"-"), TitleLines: titleLines(d.Title, titleWidth)}
		for k, a := range d.Annexes {
			label := "附件"
			if len(d.Annexes) > 1 {
				label += strconv.Itoa(k + 1)
			}
			p.Annexes = append(p.Annexes, printedAnnex{a, label})
		}
		if len(groups) == 0 || groups[len(groups)-1].Title != c {
			groups = append(groups, group{Title: c})
			p.First = true
		}
		p.Category = c
		groups[len(groups)-1].Docs = append(groups[len(groups)-1].Docs, p)
	}
	w := words{Contents: "目　　錄", Serial: "總第", Sponsor: "主辦", Highlights: "本期要目", Annex: "附件",
		Editor: "編輯出版", Published: "出版日期", Online: "電子版", Same: "本刊電子版與紙質版內容、格式一致。"}
	if is.Lang == "zh-Hans" {
		w = words{Contents: "目　　录", Serial: "总第", Sponsor: "主办", Highlights: "本期要目", Annex: "附件",
			Editor: "编辑出版", Published: "出版日期", Online: "电子版", Same: "本刊电子版与纸质版内容、格式一致。"}
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

// printBody is a document's body as the PDF prints it: its IDs and the
// links to them unique in the issue (two documents may both have a
// footnote 1 or a heading 第一章), its headings marked (markHeadings), and
// the file name of each annex left out of the 附件說明 that names it — the
// annex itself follows the text.
func printBody(d Doc, prefix string) template.HTML {
	body := idAttr.ReplaceAllString(string(d.Body), `${1}`+prefix+`${2}"`)
	for _, a := range d.Annexes {
		name := html.EscapeString(a.Name)
		body = strings.NewReplacer("（"+name+"）", "", "("+name+")", "").Replace(body)
	}
	return template.HTML(markHeadings(body))
}
