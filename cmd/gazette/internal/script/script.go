// Package script writes a file of the site — a page, a feed, open data — in
// the other Chinese script. The build writes every page, feed and data file
// twice: in the site's script at / and converted under /zh-hans/ (or
// /zh-hant/ for a site written in Simplified), from the same bytes, and
// gazette serve converts its search pages the same way.
//
// What is converted: the text people read — text, and the attributes that
// hold text (title, alt, aria-label, placeholder, a meta description) —
// its characters and its quotation marks (「」 in Traditional, “” in
// Simplified: zh.Quotes).
// What never is:
//
//   - markup, URLs and anything in code, pre, script, style and textarea;
//   - an element marked translate="no" (the HTML way to say "leave as
//     written"), and all inside it: the templates mark every 文號 and 索引號,
//     attachment file names and the script switch so, and the render stage
//     marks an editor's -{literal text}- so;
//   - an element whose lang already is the target script;
//   - in feeds and open data, a category or field that is a 文號 or 索引號.
//
// Links of the copy stay in the copy: a site path ("/gazette/2025/01/x/")
// or an absolute URL under base_url gets the copy's root in front of it
// when the file it names has a copy (Converts); attachments, issue PDFs,
// stylesheets and images do not, and are shared. A link with an hreflang
// attribute names a script on purpose and is left alone. The lang
// attributes of what is converted, and <html lang>, say the target script.
package script

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"gazette/cmd/gazette/internal/zh"
)

// Roots are the folders under which the copy in each script lives, when it
// is the copy.
var Roots = map[string]string{"zh-Hans": "/zh-hans", "zh-Hant": "/zh-hant"}

// Other is the script that is not lang.
func Other(lang string) string {
	if lang == "zh-Hans" {
		return "zh-Hant"
	}
	return "zh-Hans"
}

// A Copy converts files into one script.
type Copy struct {
	Lang    string              // the script it writes: zh-Hant or zh-Hans
	Root    string              // where its files are served: "/zh-hans"; "" for the site's own
	BaseURL string              // the site's base_url, with its trailing slash
	Text    func(string) string // converts text into Lang

	// Has, when set, says which files of the site (paths without the
	// leading slash) have a copy; otherwise Converts guesses from the
	// name, which cannot tell an attachment that is a CSV file from the
	// open data.
	Has func(path string) bool
}

// Converts reports whether the file at a site path (no leading slash) has
// a copy in the other script: pages, feeds, archives, open data, charts.
// The sitemap, robots.txt and opensearch.xml serve both, and binary files
// (attachments, PDFs, images, the stylesheets) are the same in both.
func Converts(p string) bool {
	switch p {
	case "sitemap.xml", "robots.txt", "opensearch.xml", "favicon.svg":
		return false
	}
	if strings.HasPrefix(p, "assets/") {
		return false
	}
	switch path.Ext(p) {
	case ".html", ".xml", ".json", ".csv", ".opml", ".svg":
		return true
	}
	return false
}

// Path is where a site path ("/x/" or "/x/feed.xml", a query allowed) is in
// this copy: under Root when what it names has a copy, else unchanged.
func (c *Copy) Path(p string) string {
	if c.Root == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, c.Root+"/") {
		return p
	}
	bare, query, hasQuery := strings.Cut(p, "?")
	if !hasQuery {
		bare, _, _ = strings.Cut(p, "#")
	}
	switch {
	case bare == "/mode/elder" || bare == "/mode/standard":
		// The reading-mode switch: the same endpoint for both scripts,
		// sending the reader back to the page in this script.
		if to, ok := strings.CutPrefix(query, "to="); ok {
			return bare + "?to=" + c.Path(to)
		}
		return p
	case bare == "/search" || bare == "/search.atom":
		return c.Root + p
	case strings.HasPrefix(bare, "/_gazette/") || strings.HasPrefix(bare, "/api/") || bare == "/favicon.ico" || bare == "/favicon.svg":
		return p
	}
	file := strings.TrimPrefix(bare, "/")
	if u, err := url.PathUnescape(file); err == nil {
		file = u
	}
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if c.Has != nil && c.Has(file) || c.Has == nil && Converts(file) {
		return c.Root + p
	}
	return p
}

// URL is an absolute URL under base_url in this copy, like Path.
func (c *Copy) URL(u string) string {
	if c.Root == "" || c.BaseURL == "" {
		return u
	}
	rest, ok := strings.CutPrefix(u, c.BaseURL)
	if !ok {
		return u
	}
	return strings.TrimSuffix(c.BaseURL, "/") + c.Path("/"+rest)
}

// link rewrites a link value: a site path or an absolute URL of the site.
func (c *Copy) link(v string) string {
	if strings.HasPrefix(v, "/") {
		return c.Path(v)
	}
	return c.URL(v)
}

// text converts a run of text, leaving it be when it has nothing to convert:
// its characters (Text), and its quotation marks (zh.Quotes), which the
// scripts' readers write differently: “” in Simplified, 「」 in Traditional.
func (c *Copy) text(s string) string {
	if !hasHan(s) {
		return s
	}
	return zh.Quotes(c.Text(s), c.Lang)
}

func hasHan(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE2 { // the first byte of every rune from U+2000 up
			return true
		}
	}
	return false
}

// File converts a file of the site, chosen by its extension (Converts).
func (c *Copy) File(p string, data []byte) ([]byte, error) {
	switch path.Ext(p) {
	case ".html":
		return c.HTML(data)
	case ".json":
		return c.JSON(data)
	case ".csv":
		return c.CSV(data)
	}
	return c.XML(data)
}

// isScript reports whether a lang attribute names one of the two scripts.
func isScript(lang string) bool { return lang == "zh-Hant" || lang == "zh-Hans" }

var bom = []byte("\ufeff")

func trimBOM(b []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(b, bom)
	return rest, ok
}
