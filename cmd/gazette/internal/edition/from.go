package edition

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/content"
)

// IssueOf is the print data of a published issue of a site, whose summary
// (the PDF's subject) is summary; body gives a document's rendered body,
// and files the content, from which the CSV attachments are printed as
// tables (annexes).
func IssueOf(cfg content.Config, is *content.Document, summary string, body func(*content.Document) (template.HTML, error), files fs.FS) (Issue, error) {
	loc := cfg.Location
	out := Issue{
		Masthead: cfg.Gazette.Name, Office: cfg.Organ.Name, Title: is.Title, Summary: summary,
		Lang: cfg.Language, URL: strings.TrimRight(cfg.BaseURL, "/") + is.URL,
		Year: is.Year, Number: is.Number, Serial: is.Serial, Extra: is.Extra, Date: is.Date.In(loc),
	}
	for _, d := range is.Documents {
		b, err := body(d)
		if err != nil {
			return Issue{}, fmt.Errorf("%s: %w", d.Path, err)
		}
		pd := Doc{Title: d.Title, DocNumber: d.DocNumber, Organ: d.OrganName, Category: d.CategoryName, Lang: d.Lang, Body: b}
		for _, a := range annexed(d) {
			data, err := fs.ReadFile(files, a.Path)
			if err != nil {
				return Issue{}, fmt.Errorf("%s: %w", d.Path, err)
			}
			ax, err := annex(a.Name, data, string(b))
			if err != nil {
				return Issue{}, fmt.Errorf("%s: attachment %s: %w", d.Path, a.Name, err)
			}
			pd.Annexes = append(pd.Annexes, ax)
		}
		if !d.Written.IsZero() {
			pd.Written = d.Written.In(loc)
		}
		if !d.Effective.IsZero() {
			pd.Effective = d.Effective.In(loc)
		}
		out.Docs = append(out.Docs, pd)
	}
	return out, nil
}

// annexed are the attachments of a document that its PDF prints: the CSV
// files, as tables.
func annexed(d *content.Document) []content.Attachment {
	var out []content.Attachment
	for _, a := range d.Attachments {
		if strings.EqualFold(path.Ext(a.Name), ".csv") {
			out = append(out, a)
		}
	}
	return out
}

// annexTitle finds what the 附件說明 of a text calls an attachment:
// 附件：各轄區供熱服務熱線一覽表（contacts.csv）.
func annexTitle(body, name string) string {
	re := regexp.MustCompile(`附件[0-9０-９]*[：:]\s*([^<>：:（(]+?)\s*[（(]` + regexp.QuoteMeta(html.EscapeString(name)) + `[）)]`)
	if m := re.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return strings.TrimSuffix(name, path.Ext(name))
}

// annex reads a CSV attachment as a table: its first row the head.
func annex(name string, data []byte, body string) (Annex, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return Annex{}, err
	}
	a := Annex{Name: name, Title: annexTitle(body, name)}
	if len(rows) > 0 {
		a.Head, a.Rows = rows[0], rows[1:]
	}
	return a, nil
}

// Key identifies the PDF of a published issue without making its print
// HTML: it covers everything IssueOf and HTML make it from — the program
// (which holds print.html, print.css, the driver and the Markdown renderer),
// the engine and its fonts (Engine.Version), the settings of site.yaml the
// PDF shows, the source of the issue and of each of its documents, in
// order, and the bytes of the attachments it prints (read from files). Two
// PDFs with one key are the same.
func Key(program, engine string, cfg content.Config, is *content.Document, summary string, files fs.FS) (string, error) {
	h := sha256.New()
	field := func(parts ...string) {
		for _, p := range parts {
			fmt.Fprintf(h, "%d:%s", len(p), p)
		}
	}
	field("gazette issue PDF 1", program, engine, cfg.Gazette.Name, cfg.Organ.Name, cfg.Language, cfg.BaseURL, cfg.Location.String(),
		is.Path, is.Hash, is.URL, summary, is.Date.UTC().Format(time.RFC3339Nano))
	for _, d := range is.Documents {
		field(d.Path, d.Hash, d.Lang)
		for _, a := range annexed(d) {
			data, err := fs.ReadFile(files, a.Path)
			if err != nil {
				return "", fmt.Errorf("%s: %w", d.Path, err)
			}
			sum := sha256.Sum256(data)
			field(a.Name, string(sum[:]))
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// FileName is the name of the PDF the build makes for an issue: its title,
// so that a reader who saves it gets a file named after the issue.
func FileName(is *content.Document) string {
	name := strings.Join(strings.Fields(is.Title), "-")
	name = content.URLSafe(strings.TrimLeft(name, "."))
	for len(name) > 200 { // a file name has at most 255 bytes
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	if name == "" {
		name = fmt.Sprintf("%d-%s", is.Year, path.Base(path.Dir(is.Path)))
	}
	return name + ".pdf"
}
