package lint

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/site"
	"gazette/templates"
)

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
