package feeds

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
)

// gorilla/feeds turns one format-neutral feed into RSS, Atom and JSON Feed
// structures; the types below embed those and add what it leaves out: the
// feed language, self links, several categories per item (gorilla has one,
// and writes Atom's as text where Atom wants a term attribute), dc:creator in
// place of an RSS author that is not an e-mail address, Atom's published
// date, and a JSON Feed 1.1 that always has "items" and "language" and a
// plain-text summary. Fields of the outer struct shadow the embedded ones of
// the same name, as in Go.

type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	ContentNS string   `xml:"xmlns:content,attr"`
	AtomNS    string   `xml:"xmlns:atom,attr"`
	DCNS      string   `xml:"xmlns:dc,attr"`
	Channel   rssChannel
}

type rssChannel struct {
	*feeds.RssFeed
	Self  atomLink  `xml:"atom:link"`
	Items []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	*feeds.RssItem
	Creator    string        `xml:"dc:creator,omitempty"`
	Categories []rssCategory `xml:"category"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr"`
	Term   string `xml:",chardata"`
}

type atomDoc struct {
	*feeds.AtomFeed
	Lang    string           `xml:"xml:lang,attr"`
	HistNS  string           `xml:"xmlns:fh,attr,omitempty"`
	Links   []feeds.AtomLink `xml:"link"`
	Archive *struct{}        `xml:"fh:archive"` // RFC 5005: this document is an archive
	Entries []atomEntry      `xml:"entry"`
}

// atomExtra is what an Atom document may have besides the feed: RFC 5005's
// links and archive mark, and an id other than its page's URL.
type atomExtra struct {
	id      string
	links   []feeds.AtomLink
	archive bool
}

type atomEntry struct {
	*feeds.AtomEntry
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	Content    *atomContent   `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

// atomContent is the body as CDATA, as in RSS: a third the size of the
// entity-escaped text gorilla writes, and quicker to write.
type atomContent struct {
	Type    string `xml:"type,attr"`
	Content string `xml:",cdata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
}

type jsonFeed struct {
	*feeds.JSONFeed
	Items []jsonItem `json:"items"`
}

type jsonItem struct {
	*feeds.JSONItem
	Language string `json:"language,omitempty"`
}

// feed writes one feed in its three formats.
func (b *builder) feed(s spec) ([]publish.File, error) {
	home := absURL(b.cfg.BaseURL, s.base)
	f := &feeds.Feed{
		Title:       clean(s.title),
		Link:        &feeds.Link{Href: home, Rel: "alternate", Type: "text/html"},
		Description: clean(s.desc),
		Author:      &feeds.Author{Name: clean(b.cfg.Organ.Name)},
	}
	docs := b.shown(s)
	entries, err := b.entries(f, docs, s.full)
	if err != nil {
		return nil, err
	}
	f.Updated = b.updatedOf(docs)
	var extra atomExtra
	if p := b.prevArchive(s); p != "" {
		extra.links = []feeds.AtomLink{{Href: absURL(b.cfg.BaseURL, p), Rel: "prev-archive", Type: "application/atom+xml"}}
	}
	atom := func(f *feeds.Feed, entries []*entry, self string) ([]byte, error) {
		return b.atomOf(f, entries, self, extra)
	}
	out := make([]publish.File, 0, 3)
	for _, w := range []struct {
		name  string
		write func(*feeds.Feed, []*entry, string) ([]byte, error)
	}{{"feed.xml", b.rss}, {"atom.xml", atom}, {"feed.json", b.json}} {
		data, err := w.write(f, entries, home+w.name)
		if err != nil {
			return nil, err
		}
		out = append(out, publish.File{Path: strings.TrimPrefix(s.base, "/") + w.name, Data: data})
	}
	return out, nil
}

// entries makes the items of docs and adds them to f; full says whether
// they carry the body.
func (b *builder) entries(f *feeds.Feed, docs []*content.Document, full bool) ([]*entry, error) {
	entries := make([]*entry, 0, len(docs))
	for _, d := range docs {
		e, err := b.makeEntry(d, full)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
		f.Items = append(f.Items, e.item)
	}
	return entries, nil
}

// shown is the documents the feed of s shows: its newest feed_items.
func (b *builder) shown(s spec) []*content.Document {
	return s.docs[:min(len(s.docs), b.cfg.FeedItems)]
}

// updatedOf is the updated time of a feed showing docs: its newest item's,
// or the site's newest when it has none.
func (b *builder) updatedOf(docs []*content.Document) time.Time {
	if len(docs) == 0 {
		return b.newest
	}
	t := b.at(b.updated[docs[0]])
	for _, d := range docs[1:] {
		if u := b.at(b.updated[d]); u.After(t) {
			t = u
		}
	}
	return t
}

func (b *builder) rss(f *feeds.Feed, entries []*entry, self string) ([]byte, error) {
	ch := (&feeds.Rss{Feed: f}).RssFeed()
	ch.Language = b.cfg.Language
	ch.ManagingEditor = "" // RSS wants an e-mail address here; the site has none to give
	ch.Generator = "gazette"
	doc := rssDoc{
		Version:   "2.0",
		ContentNS: "http://purl.org/rss/1.0/modules/content/",
		AtomNS:    "http://www.w3.org/2005/Atom",
		DCNS:      "http://purl.org/dc/elements/1.1/",
		Channel:   rssChannel{RssFeed: ch, Self: atomLink{Href: self, Rel: "self", Type: "application/rss+xml"}},
	}
	for i, it := range ch.Items {
		it.Author = "" // the organ goes to dc:creator
		item := rssItem{RssItem: it}
		if a := f.Items[i].Author; a != nil {
			item.Creator = a.Name
		}
		for _, c := range entries[i].categories {
			item.Categories = append(item.Categories, rssCategory{Domain: c.scheme, Term: c.term})
		}
		doc.Channel.Items = append(doc.Channel.Items, item)
	}
	ch.Items = nil
	return marshalXML(doc, sizeHint(entries))
}

func (b *builder) atomOf(f *feeds.Feed, entries []*entry, self string, extra atomExtra) ([]byte, error) {
	af := (&feeds.Atom{Feed: f}).AtomFeed()
	af.Link = nil
	if extra.id != "" {
		af.Id = extra.id
	}
	doc := atomDoc{
		AtomFeed: af,
		Lang:     b.cfg.Language,
		Links: append([]feeds.AtomLink{
			{Href: f.Link.Href, Rel: "alternate", Type: "text/html"},
			{Href: self, Rel: "self", Type: "application/atom+xml"},
		}, extra.links...),
	}
	if extra.archive {
		doc.HistNS, doc.Archive = "http://purl.org/syndication/history/1.0", &struct{}{}
	}
	for i, e := range af.Entries {
		e.Published = f.Items[i].Created.Format(time.RFC3339)
		entry := atomEntry{AtomEntry: e}
		if e.Content != nil {
			entry.Content = &atomContent{Type: e.Content.Type, Content: e.Content.Content}
			e.Content = nil
		}
		if l := entries[i].lang; l != b.cfg.Language {
			entry.Lang = l
		}
		for _, c := range entries[i].categories {
			entry.Categories = append(entry.Categories, atomCategory{Term: c.term, Scheme: c.scheme})
		}
		doc.Entries = append(doc.Entries, entry)
	}
	af.Entries = nil
	return marshalXML(doc, sizeHint(entries))
}

func (b *builder) json(f *feeds.Feed, entries []*entry, self string) ([]byte, error) {
	jf := (&feeds.JSON{Feed: f}).JSONFeed()
	jf.Language = b.cfg.Language
	jf.FeedUrl = self
	for _, a := range jf.Authors {
		a.Url = b.cfg.BaseURL
	}
	doc := jsonFeed{JSONFeed: jf, Items: make([]jsonItem, 0, len(jf.Items))}
	for i, it := range jf.Items {
		it.Summary = entries[i].summary // JSON Feed's summary is plain text
		if it.ContentHTML == "" {
			// JSON Feed requires content: without the body, the summary
			// (or, when there is none, the title) is the content.
			it.ContentText = cmp.Or(entries[i].summary, it.Title)
		}
		for _, c := range entries[i].categories {
			it.Tags = append(it.Tags, c.term)
		}
		doc.Items = append(doc.Items, jsonItem{JSONItem: it, Language: entries[i].lang})
	}
	jf.Items = nil
	// Not indented: indenting re-scans every byte of every body, and
	// readers do not care.
	buf := bytes.NewBuffer(make([]byte, 0, sizeHint(entries)))
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sizeHint guesses the size of a feed of entries, to allocate its buffer once.
func sizeHint(entries []*entry) int {
	n := 4096
	for _, e := range entries {
		n += len(e.item.Content) + len(e.item.Description) + 2048
	}
	return n + n/8
}

func marshalXML(v any, hint int) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, hint))
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
