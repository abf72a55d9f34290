// Package feeds writes the site's syndication feeds and its open data: what
// feed readers, aggregators and researchers read instead of the HTML pages.
// It runs after render, on published documents only; Build is a pure
// function of the Site, so the same content gives byte-identical files.
//
// # Feeds
//
// Every feed comes in three formats, in one directory (its base):
//
//	<base>feed.xml     RSS 2.0 (application/rss+xml)
//	<base>atom.xml     Atom 1.0 (application/atom+xml)
//	<base>feed.json    JSON Feed 1.1 (application/feed+json)
//
// The bases:
//
//	/                           the whole site: gazette documents, briefings, news and annual reports
//	/gazette/                   gazette documents (政府公報)
//	/briefings/                 政務信息
//	/news/                      新聞發布 and 政策解讀
//	/reports/                   政府信息公開工作年度報告 (the narrative; the tables are on its
//	                            page), on a site that has any
//	/gazette/<year>/<NN>/       the documents of one gazette issue
//	/organs/<organ>/            documents of one 發布機構 (content.TermURL("organs", organ))
//	/topics/<topic>/            documents of one 主題分類 (content.TermURL("topics", topic))
//
// plus /feeds.opml (OPML 2.0), which lists the RSS feed of every base,
// grouped as Directory groups them, for importing all of it into a reader.
// Issue pages and standing pages are never feed items. Every feed is written,
// an empty one included: a reader following an organ with no documents yet
// gets a valid feed, not a 404.
//
// An item carries the full body (the rendered HTML, every relative or
// site-absolute href and src made absolute against base_url) and the summary.
// Its id (RSS guid, Atom id, JSON id) is the document's absolute URL, which
// editing never changes. Its categories (JSON tags) are 文號, organ, category
// (文種) and topic, where present; its author is the organ. Dates are in the
// site time zone: RFC 822 with a numeric offset in RSS ("Mon, 20 Jan 2025
// 00:00:00 +0800"), RFC 3339 in Atom and JSON Feed.
//
// An item's "updated" is the newest history date (Document.Updated); for a
// document that is 廢止 or 失效, it is also at least the date of each
// document that repeals or supersedes it and its expiry date, and its title
// starts with 【已廢止】 or 【已失效】, so subscribers see it come back. A feed
// holds the newest feed_items (site.yaml) documents, newest "updated" first,
// then newest publication date, then URL: a document repealed or corrected
// today re-enters the feed even when it was published long ago. A feed's own
// updated time is that of its newest item, or, for an empty feed, the newest
// date in the site (never the clock).
//
// # Open data
//
// /data/documents.csv and /data/documents.json hold one record per published
// gazette document, briefing and news item (not issues, pages or reports), newest
// first (publication date, then URL). Dates are YYYY-MM-DD in the site time
// zone; URLs are absolute. The CSV is UTF-8 with a byte order mark (so
// spreadsheet programs read Chinese correctly), CRLF line ends and one header
// row; its columns:
//
//	url             the document's permanent URL
//	title           標題
//	section         gazette, briefings or news
//	doc_number      文號
//	index_number    索引號
//	organ           發布機構
//	category        文種/類別
//	topic           主題分類
//	date            發布日期
//	written         成文日期
//	effective       施行日期
//	validity        有效性: 有效, 已修改, 廢止 or 失效, as of the build
//	issue           the gazette issue, e.g. 2025年第1期（總第301期）
//	repeals         documents this one repeals
//	repealed_by     documents that repeal this one
//	amends          documents this one amends
//	amended_by      documents that amend this one
//	superseded_by   the document that supersedes this one
//	interprets      on 政策解讀: the document it explains
//	lang            the document's script, zh-Hant or zh-Hans
//
// A relation names each target by its 文號, or by its URL when it has none,
// several joined with "; ". A field that does not apply is empty.
//
// The JSON file is one object:
//
//	{"generated_from": "<base_url>", "title": "<site title>", "updated": "<newest date>",
//	 "count": N, "documents": [ … ]}
//
// Each document has the CSV's fields under the same names (empty strings when
// absent), plus "summary", "updated" (the feeds' updated date), "expires",
// "short_url", "tags", "issue_url", "interpretations" and "attachments"
// ({name, url, size, type}). Relations are lists (never null) of
// {"url", "title", "doc_number"}.
package feeds

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
)

// Link is one feed of a page, for <link rel="alternate"> autodiscovery and
// the /feeds/ page.
type Link struct {
	Title string
	URL   string // site-absolute path, not escaped: "/organs/國務院/feed.xml"
	Type  string // "application/rss+xml", "application/atom+xml" or "application/feed+json"
}

// File names and media types of the three formats, in the order LinksFor
// returns them.
var formats = []struct{ name, typ, label string }{
	{"feed.xml", "application/rss+xml", "RSS"},
	{"atom.xml", "application/atom+xml", "Atom"},
	{"feed.json", "application/feed+json", "JSON Feed"},
}

// LinksFor returns the three feeds (RSS, Atom, JSON Feed) whose directory is
// base (a site path with a trailing slash, "/" for the whole site), titled
// after title: "<title> (RSS)".
func LinksFor(base, title string) []Link {
	links := make([]Link, len(formats))
	for i, f := range formats {
		links[i] = Link{Title: title + " (" + f.label + ")", URL: base + f.name, Type: f.typ}
	}
	return links
}

// Group is a titled list of feeds on the /feeds/ page and in /feeds.opml.
type Group struct {
	Title string
	Feeds []Feed
}

// Feed is one feed in its three formats.
type Feed struct {
	Title string
	Base  string // site path of the feed's directory (and of the page it follows)
	Links []Link
	Count int // documents it follows in all, not only the newest feed_items
}

// Directory lists every feed of the site, grouped: the whole site, sections,
// gazette issues (newest first), organs, topics (by name).
func Directory(site *content.Site) []Group {
	var groups []Group
	for _, s := range collect(site, sortDocs(site, nil)) {
		if len(groups) == 0 || groups[len(groups)-1].Title != s.group {
			groups = append(groups, Group{Title: s.group})
		}
		g := &groups[len(groups)-1]
		g.Feeds = append(g.Feeds, Feed{Title: s.title, Base: s.base, Links: LinksFor(s.base, s.title), Count: len(s.docs)})
	}
	return groups
}

// Plan returns the jobs that make every feed (its three files), the OPML
// list and the open data. base covers what every file depends on besides
// the documents (the program, the site's configuration); stamps identify
// each document as content.Stamps does; body gives a document's rendered
// body. A feed's key covers its words, its updated time and the stamps of
// the items it shows, so an edit remakes only the feeds that show the
// edited document.
func Plan(site *content.Site, base [32]byte, stamps map[*content.Document][32]byte, body func(*content.Document) (render.Body, error)) []publish.Job {
	b := newBuilder(site, body)
	specs := collect(site, b.sorted)
	jobs := make([]publish.Job, 0, len(specs)+2)
	for _, sp := range specs {
		docs := b.shown(sp)
		updated := b.updatedOf(docs)
		h := sha256.New()
		h.Write(base[:])
		for _, s := range []string{"feed", sp.base, sp.title, sp.desc, updated.Format(time.RFC3339Nano)} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		for _, d := range docs {
			st := stamps[d]
			h.Write(st[:])
		}
		dir := strings.TrimPrefix(sp.base, "/")
		jobs = append(jobs, publish.Job{
			Paths: []string{dir + "feed.xml", dir + "atom.xml", dir + "feed.json"},
			Key:   [32]byte(h.Sum(nil)),
			Make: func() ([]publish.File, error) {
				files, err := b.feed(sp)
				if err != nil {
					return nil, fmt.Errorf("feed %s: %w", sp.base, err)
				}
				return files, nil
			},
		})
	}
	// The list of feeds and the open data show every item: keyed by all.
	h := sha256.New()
	h.Write(base[:])
	for _, sp := range specs {
		h.Write([]byte(sp.group + "\x00" + sp.base + "\x00" + sp.title + "\x00"))
	}
	h.Write([]byte(b.newest.Format(time.RFC3339Nano)))
	for _, d := range b.sorted {
		st := stamps[d]
		h.Write(st[:])
	}
	key := [32]byte(h.Sum(nil))
	jobs = append(jobs, publish.Job{
		Paths: []string{"feeds.opml"},
		Key:   key,
		Make: func() ([]publish.File, error) {
			opml, err := b.opml(specs)
			if err != nil {
				return nil, fmt.Errorf("feeds.opml: %w", err)
			}
			return []publish.File{{Path: "feeds.opml", Data: opml}}, nil
		},
	}, publish.Job{
		Paths: []string{"data/documents.json", "data/documents.csv"},
		Key:   key,
		Make: func() ([]publish.File, error) {
			files, err := b.openData()
			if err != nil {
				return nil, fmt.Errorf("open data: %w", err)
			}
			return files, nil
		},
	})
	return jobs
}

// spec is one feed before it is written.
type spec struct {
	base, title, desc, group string
	docs                     []*content.Document // every document it follows, feed order
}

// words holds the few words the package writes, in each script.
type words struct {
	site, sections, issues, organs, topics string
	repealed, expired, serial              string
}

var vocab = map[string]words{
	"zh-Hant": {"全站", "欄目", "公報各期", "發布機構", "主題分類", "【已廢止】", "【已失效】", "總第"},
	"zh-Hans": {"全站", "栏目", "公报各期", "发布机构", "主题分类", "【已废止】", "【已失效】", "总第"},
}

func wordsFor(lang string) words {
	if w, ok := vocab[lang]; ok {
		return w
	}
	return vocab["zh-Hant"]
}

var sections = []string{"gazette", "briefings", "news", "reports"}

// isItem reports whether a document can be a feed item: an open-data
// record (content.Document.IsDisclosure) or an annual report.
func isItem(d *content.Document) bool {
	return d.IsDisclosure() || d.Kind == content.KindReport
}

// sortDocs returns the site's feed items in feed order: newest updated, then
// newest date, then URL. updated may be nil (Directory only counts).
func sortDocs(site *content.Site, updated map[*content.Document]time.Time) []*content.Document {
	var docs []*content.Document
	for _, d := range site.Documents {
		if isItem(d) {
			docs = append(docs, d)
		}
	}
	slices.SortFunc(docs, func(a, b *content.Document) int {
		if updated != nil {
			if c := updated[b].Compare(updated[a]); c != 0 {
				return c
			}
		}
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.URL, b.URL))
	})
	return docs
}

// collect lists every feed of the site with the documents it follows, in
// Directory order. docs is the site's items in feed order.
func collect(site *content.Site, docs []*content.Document) []spec {
	cfg := site.Config
	w := wordsFor(cfg.Language)
	named := func(name string) string { return name + " - " + cfg.Title }
	desc := cfg.Description
	if desc == "" {
		desc = cfg.Title
	}
	specs := []spec{{base: "/", title: cfg.Title, desc: desc, group: w.site, docs: docs}}
	for _, sec := range sections {
		s := spec{base: "/" + sec + "/", title: named(content.SectionTitle(sec, cfg.Language)), group: w.sections}
		for _, d := range docs {
			if d.Section == sec {
				s.docs = append(s.docs, d)
			}
		}
		if sec == "reports" && len(s.docs) == 0 {
			continue // a site that keeps no reports has no /reports/
		}
		specs = append(specs, s)
	}

	var issues []*content.Document
	for _, d := range site.Documents {
		if d.Kind == content.KindIssue {
			issues = append(issues, d)
		}
	}
	slices.SortFunc(issues, func(a, b *content.Document) int { return cmp.Compare(b.URL, a.URL) })
	pos := make(map[*content.Document]int, len(docs))
	for i, d := range docs {
		pos[d] = i
	}
	for _, is := range issues {
		s := spec{base: is.URL, title: named(is.Title), group: w.issues}
		for _, d := range is.Documents {
			if _, ok := pos[d]; ok {
				s.docs = append(s.docs, d)
			}
		}
		slices.SortFunc(s.docs, func(a, b *content.Document) int { return cmp.Compare(pos[a], pos[b]) })
		specs = append(specs, s)
	}

	specs = append(specs, terms(docs, "organs", w.organs, named, func(d *content.Document) string { return d.Organ })...)
	specs = append(specs, terms(docs, "topics", w.topics, named, func(d *content.Document) string { return d.Topic })...)
	for i := range specs {
		if specs[i].desc == "" {
			specs[i].desc = specs[i].title
		}
	}
	return specs
}

// terms makes one feed per organ or topic page. Names that share a page
// (content.TermURL maps them to one path) share a feed, titled after the
// first name in sort order.
func terms(docs []*content.Document, kind, group string, named func(string) string, term func(*content.Document) string) []spec {
	byBase := map[string]*spec{}
	for _, d := range docs {
		name := term(d)
		if name == "" {
			continue
		}
		base := content.TermURL(kind, name)
		s, ok := byBase[base]
		if !ok {
			s = &spec{base: base, title: name, group: group}
			byBase[base] = s
		} else if name < s.title {
			s.title = name
		}
		s.docs = append(s.docs, d)
	}
	out := make([]spec, 0, len(byBase))
	for _, s := range byBase {
		s.title = named(s.title)
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b spec) int { return cmp.Compare(a.base, b.base) })
	return out
}

// absURL makes a site path absolute against base_url, percent-encoding what
// a URL may not hold raw (Chinese organ names, for one).
func absURL(baseURL, p string) string {
	return baseURL + (&url.URL{Path: strings.TrimPrefix(p, "/")}).EscapedPath()
}
