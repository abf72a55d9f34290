package feeds

import (
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/feeds"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/render"
)

// builder holds what every feed of one build shares. Each feed makes its
// own items: keeping the items of every feed at once would hold the body of
// nearly every document (an issue's feed shows all of it), and few documents
// are in more than two feeds' newest.
type builder struct {
	site    *content.Site
	body    func(*content.Document) (render.Body, error)
	facts   content.Facts
	cfg     content.Config
	loc     *time.Location
	updated map[*content.Document]time.Time
	sorted  []*content.Document // items in feed order
	months  []month             // the archives, oldest first
	newest  time.Time           // the newest date in the site: the updated time of an empty feed
}

// entry is one document as a feed item, in gorilla's format-neutral form
// plus what gorilla has no field for.
type entry struct {
	item       *feeds.Item
	summary    string // plain text (JSON Feed); item.Description is its HTML form
	categories []category
	lang       string
}

// category is one item category; scheme names its kind (Atom scheme, RSS domain).
type category struct{ scheme, term string }

func newBuilder(site *content.Site, body func(*content.Document) (render.Body, error), facts content.Facts) *builder {
	b := &builder{site: site, cfg: site.Config, loc: site.Config.Location, body: body, facts: facts}
	if b.loc == nil {
		b.loc = time.UTC
	}
	b.updated = make(map[*content.Document]time.Time, len(site.Documents))
	for _, d := range site.Documents {
		if IsItem(d) {
			b.updated[d] = updated(d)
		}
		for _, t := range []time.Time{d.Date, b.updated[d]} {
			if t.After(b.newest) {
				b.newest = t
			}
		}
	}
	if b.newest.IsZero() {
		b.newest = time.Unix(0, 0)
	}
	b.newest = b.at(b.newest)
	b.sorted = sortDocs(site, b.updated)
	b.months = months(site)
	return b
}

// at is t in the site time zone, to the second: feeds carry no fractions.
func (b *builder) at(t time.Time) time.Time {
	return t.In(b.loc).Truncate(time.Second)
}

// updated is when readers should see a document as last changed: its newest
// history date and, once it is repealed or expired, the date that made it so.
func updated(d *content.Document) time.Time {
	u := d.Updated()
	later := func(t time.Time) {
		if t.After(u) {
			u = t
		}
	}
	switch d.Validity {
	case content.Repealed, content.Expired:
		for _, r := range d.RepealedBy {
			later(r.Date)
		}
		if d.SupersededByDoc != nil {
			later(d.SupersededByDoc.Date)
		}
		if d.Validity == content.Expired {
			later(d.ExpiresAt())
		}
	}
	return u
}

// title is the item title, with the status of a document no longer in force.
func title(d *content.Document) string {
	w := wordsFor(d.Lang)
	switch d.Validity {
	case content.Repealed:
		return w.repealed + d.Title
	case content.Expired:
		return w.expired + d.Title
	}
	return d.Title
}

// makeEntry makes the item of d; full says whether it carries the body.
// The body is read only when it is shown, or when d has no summary to
// show instead.
func (b *builder) makeEntry(d *content.Document, full bool) (*entry, error) {
	link := absURL(b.cfg.BaseURL, d.URL)
	summary := clean(b.facts.Of(d).Summary)
	var body string
	if full || summary == "" {
		rendered, err := b.body(d)
		if err != nil {
			return nil, err
		}
		if summary == "" {
			summary = clean(firstLine(rendered.Text))
		}
		switch {
		case full && len(rendered.HTML) > b.cfg.FeedBodyKiB<<10:
			body = b.pointer(d, summary, link, rendered.Runes)
		case full:
			body = clean(absolutize(string(rendered.HTML), b.cfg.BaseURL, link))
		}
	}
	e := &entry{
		item: &feeds.Item{
			Title:       clean(title(d)),
			Link:        &feeds.Link{Href: link},
			Id:          link,
			IsPermaLink: "true",
			Description: html.EscapeString(summary),
			Content:     body,
			Created:     b.at(d.Date),
			Updated:     b.at(b.updated[d]),
		},
		summary: summary,
		lang:    d.Lang,
	}
	if d.OrganName != "" {
		e.item.Author = &feeds.Author{Name: clean(d.OrganName)}
	}
	for _, c := range []category{{"doc_number", d.DocNumber}, {"organ", d.OrganName}, {"category", d.CategoryName}, {"topic", d.TopicName}} {
		if c.term != "" {
			e.categories = append(e.categories, category{b.cfg.BaseURL + "data/documents.json#" + c.scheme, clean(c.term)})
		}
	}
	return e, nil
}

// pointer is what a full-text feed carries for a document longer than
// feed_body_kib: its summary, its length and a link to the page with all of
// it, so that one long document does not make every poll of the feed long.
func (b *builder) pointer(d *content.Document, summary, link string, runes int) string {
	w := wordsFor(b.cfg.Language)
	return "<p>" + html.EscapeString(summary) + "</p>\n<p>" + fmt.Sprintf(w.long, runes) +
		`<a href="` + html.EscapeString(link) + `">` + html.EscapeString(clean(d.Title)) + "</a></p>"
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// clean replaces what XML 1.0 cannot hold (control characters other than
// tab and line ends, lone surrogates, U+FFFE/U+FFFF) with U+FFFD. Markdown
// lets such bytes through and encoding/xml writes CDATA unchecked; one in a
// feed would make the whole feed unreadable.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	ok := func(r rune) bool {
		return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
	}
	for _, r := range s {
		if !ok(r) {
			return strings.Map(func(r rune) rune {
				if ok(r) {
					return r
				}
				return '\uFFFD'
			}, s)
		}
	}
	return s
}
