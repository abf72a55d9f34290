package edition

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/content"
)

// IssueOf is the print data of a published issue of a site; body gives a
// document's rendered body.
func IssueOf(cfg content.Config, is *content.Document, body func(*content.Document) (template.HTML, error)) (Issue, error) {
	loc := cfg.Location
	out := Issue{
		Masthead: cfg.Gazette.Name, Office: cfg.Organ.Name, Title: is.Title, Summary: is.Summary,
		Lang: cfg.Language, URL: strings.TrimRight(cfg.BaseURL, "/") + is.URL,
		Year: is.Year, Number: is.Number, Serial: is.Serial, Extra: is.Extra, Date: is.Date.In(loc),
	}
	for _, d := range is.Documents {
		b, err := body(d)
		if err != nil {
			return Issue{}, fmt.Errorf("%s: %w", d.Path, err)
		}
		pd := Doc{Title: d.Title, DocNumber: d.DocNumber, Organ: d.OrganName, Category: d.CategoryName, Lang: d.Lang, Body: b}
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

// Key identifies the PDF of a published issue without making its print
// HTML: it covers everything IssueOf and HTML make it from — the program
// (which holds print.html, print.css, the driver and the Markdown renderer),
// the engine and its fonts (Engine.Version), the settings of site.yaml the
// PDF shows, and the source of the issue and of each of its documents, in
// order. Two PDFs with one key are the same.
func Key(program, engine string, cfg content.Config, is *content.Document) string {
	h := sha256.New()
	field := func(parts ...string) {
		for _, p := range parts {
			fmt.Fprintf(h, "%d:%s", len(p), p)
		}
	}
	field("gazette issue PDF 1", program, engine, cfg.Gazette.Name, cfg.Organ.Name, cfg.Language, cfg.BaseURL, cfg.Location.String(),
		is.Path, is.Hash, is.URL, is.Summary, is.Date.UTC().Format(time.RFC3339Nano))
	for _, d := range is.Documents {
		field(d.Path, d.Hash, d.Lang)
	}
	return hex.EncodeToString(h.Sum(nil))
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
