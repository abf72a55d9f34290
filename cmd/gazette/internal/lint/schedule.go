package lint

import (
	"net/url"
	"path"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
)

// releases checks the order in which the clock will publish related
// documents: a 政策解讀 goes live with or after its policy, never before.
func (c *checker) releases() {
	for _, d := range c.site.All {
		p := d.InterpretsDoc
		if p == nil {
			continue
		}
		l, col := c.at(d, "interprets")
		if !d.Date.IsZero() && !p.Date.IsZero() && d.Date.Before(p.Date) {
			c.report(d, l, col, Error, "政策解讀 dated %s is before the policy it interprets (%s, dated %s): a 解讀 is published with its policy, not before it",
				c.when(d.Date), c.name(p), c.when(p.Date))
			continue // the date is the cause; saying it goes live first too is noise
		}
		c.early(d, p, l, col, "interprets")
	}
}

// earlyLink reports a link in d's body to a document the clock publishes
// after d: from d's release until the other's, the link would be broken.
func (c *checker) earlyLink(d *content.Document, dest string, line, col int) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return
	}
	if c.docs == nil {
		c.docs = map[string]*content.Document{}
		for _, t := range c.site.All {
			c.docs[t.URL], c.docs[t.Path] = t, t
		}
	}
	p := u.Path
	switch {
	case strings.HasSuffix(p, ".md"):
		p = path.Join(path.Dir(d.Path), p)
	case strings.HasPrefix(p, "/"):
		p = strings.TrimSuffix(strings.TrimSuffix(p, "index.html"), "/") + "/"
	default:
		return
	}
	if t := c.docs[p]; t != nil && t != d {
		c.early(d, t, line, col, "links to")
	}
}

// early reports when d goes live before t, which it refers to.
func (c *checker) early(d, t *content.Document, line, col int, verb string) {
	dAt, ok := c.release(d)
	if !ok {
		return // the clock never publishes d
	}
	tAt, ok := c.release(t)
	switch {
	case !ok:
		c.report(d, line, col, Error, "%s %s, a draft: this document would be published without it", verb, c.name(t))
	case tAt.After(dAt) && tAt.After(c.opt.Now):
		since := "is live"
		if dAt.After(c.opt.Now) {
			since = "goes live at " + c.when(dAt)
		}
		c.report(d, line, col, Error, "%s %s, which is embargoed until %s, but this document %s: publish them together, or this one after it",
			verb, c.name(t), c.when(tAt), since)
	}
}

// release is when d is published: a standing page, which has no date, is
// live now.
func (c *checker) release(d *content.Document) (time.Time, bool) {
	if d.Kind == content.KindPage {
		return c.opt.Now, !d.Draft
	}
	return d.Release()
}

// name is how a message names a document: its 文號 or path, and title.
func (c *checker) name(d *content.Document) string {
	if d.DocNumber != "" {
		return d.DocNumber + " " + d.Title
	}
	return path.Join(c.opt.Root, d.Path) + " " + d.Title
}

func (c *checker) when(t time.Time) string {
	return t.In(c.site.Config.Location).Format("2006-01-02 15:04")
}
