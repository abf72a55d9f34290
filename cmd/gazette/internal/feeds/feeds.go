// Package feeds writes the site's syndication feeds and its open data: what
// feed readers, aggregators and researchers read instead of the HTML pages.
// It runs after render, on published documents only; what Plan's jobs make
// is a pure function of the Site, so the same content gives byte-identical
// files.
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
// What an item carries depends on what the feed is for. The site feed and
// the section feeds are read in full: their items carry the full body (the
// rendered HTML, every relative or site-absolute href and src made absolute
// against base_url) and the summary. A body is carried up to feed_body_kib
// (site.yaml; content.DefaultFeedBodyKiB) of rendered HTML: past it, the
// item's content is the summary, the document's length and a link to its
// page, since a feed is fetched whole at every poll by every subscriber and
// is so bounded by feed_items times that size. The issue, organ and topic
// feeds, of which there are hundreds and in which the same documents recur,
// tell a subscriber what is new: their items carry the summary and the
// link, not the body (in JSON Feed the summary is also the item's content_text, which
// the format requires). Every document's full text (within feed_body_kib)
// stays in a feed: the archive, below.
//
// An item's id (RSS guid, Atom id, JSON id) is the document's absolute URL,
// which editing never changes. Its categories (JSON tags) are 文號, organ,
// category (文種) and topic, where present; its author is the organ. Dates
// are in the site time zone: RFC 822 with a numeric offset in RSS ("Mon, 20
// Jan 2025 00:00:00 +0800"), RFC 3339 in Atom and JSON Feed.
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
// # The archive
//
// The site feed is an archived feed (RFC 5005, Feed Paging and Archiving,
// section 4): every gazette document, briefing and news item, with its full
// text (bounded as in the site feed), is in exactly one archive document, that of its month of
// publication in the site time zone:
//
//	/feeds/archive/<year>/<MM>.xml    Atom 1.0, one per month that has documents
//
// Each archive is marked <fh:archive/>
// (xmlns:fh="http://purl.org/syndication/history/1.0"), has the site feed's
// id (they are one logical feed), and links rel="current" to /atom.xml,
// rel="prev-archive" and rel="next-archive" to the neighbouring months that
// have documents, and rel="alternate" to /archive/<year>/. Its items are
// those of the site feed, newest publication date first, then URL. The site
// feed's Atom (/atom.xml) links rel="prev-archive" to the newest archive, so
// a reader that knows RFC 5005 pages back through the whole site; a person
// opens the month they want from /feeds/.
//
// An archive changes when a document of its month comes out, is corrected
// or is repealed, which RFC 5005 asks publishers to avoid: a client may not
// read an archive it has read before. A correction or a repeal also moves
// the document's "updated", which brings it back into the site feed, and a
// new document is in the site feed until feed_items newer ones push it
// out; so a client that reads the site feed at least that often misses
// nothing, as without archives. Only a document published with a date
// older than the site feed's items is in its month's archive alone.
//
// /feeds.opml lists the subscriptions only, not the archives: importing an
// archive would subscribe a reader to a month that is over.
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
	Base  string // site path of the feed's directory (and of the page it follows); an archive's year page
	Links []Link
	Count int // documents it follows in all, not only the newest feed_items
}

// Directory lists every feed of the site, grouped: the whole site, sections,
// gazette issues (newest first), organs, topics (by name), and last the
// archives (newest first), each with its one Atom link and Base the year's
// /archive/<year>/ page.
func Directory(site *content.Site) []Group {
	var groups []Group
	for _, s := range collect(site, sortDocs(site, nil)) {
		if len(groups) == 0 || groups[len(groups)-1].Title != s.group {
			groups = append(groups, Group{Title: s.group})
		}
		g := &groups[len(groups)-1]
		g.Feeds = append(g.Feeds, Feed{Title: s.title, Base: s.base, Links: LinksFor(s.base, s.title), Count: len(s.docs)})
	}
	if ms := months(site); len(ms) > 0 {
		g := Group{Title: wordsFor(site.Config.Language).archive}
		for i := len(ms) - 1; i >= 0; i-- {
			m := ms[i]
			g.Feeds = append(g.Feeds, Feed{Title: m.label(), Base: m.yearPage(), Count: len(m.docs),
				Links: []Link{{Title: m.label() + " (Atom)", URL: m.path(), Type: "application/atom+xml"}}})
		}
		groups = append(groups, g)
	}
	return groups
}

// Plan returns the jobs that make every feed (its three files), the OPML
// list and the open data. base covers what every file depends on besides
// the documents (the program, the site's configuration); stamps identify
// each document as content.Stamps does; body gives a document's rendered
// body, and facts what the build learned of each (its summary). A feed's key covers its words, its updated time and the stamps of
// the items it shows, so an edit remakes only the feeds that show the
// edited document; an archive's, the same and its neighbours' names, so an
// edit remakes one archive.
func Plan(site *content.Site, base [32]byte, stamps map[*content.Document][32]byte, body func(*content.Document) (render.Body, error), facts content.Facts) []publish.Job {
	b := newBuilder(site, body, facts)
	specs := collect(site, b.sorted)
	jobs := make([]publish.Job, 0, len(specs)+len(b.months)+2)
	for _, sp := range specs {
		docs := b.shown(sp)
		updated := b.updatedOf(docs)
		h := sha256.New()
		h.Write(base[:])
		for _, s := range []string{"feed", sp.base, sp.title, sp.desc, updated.Format(time.RFC3339Nano), b.prevArchive(sp)} {
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
	jobs = append(jobs, b.archiveJobs(base, stamps)...)
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
	full                     bool                // items carry the body, not only the summary
	docs                     []*content.Document // every document it follows, feed order
}

// words holds the few words the package writes, in each script.
type words struct {
	site, sections, issues, organs, topics, archive string
	repealed, expired, serial                       string
	long                                            string // before the link of a document too long for a feed; %d its length in characters
}

var vocab = map[string]words{
	"zh-Hant": {"全站", "欄目", "公報各期", "發布機構", "主題分類", "全文歸檔", "【已廢止】", "【已失效】", "總第", "全文共%d字，篇幅較長，請在網站閱讀："},
	"zh-Hans": {"全站", "栏目", "公报各期", "发布机构", "主题分类", "全文归档", "【已废止】", "【已失效】", "总第", "全文共%d字，篇幅较长，请在网站阅读："},
}

func wordsFor(lang string) words {
	if w, ok := vocab[lang]; ok {
		return w
	}
	return vocab["zh-Hant"]
}

var sections = []string{"gazette", "briefings", "news", "reports"}

// IsItem reports whether a document can be a feed item: an open-data
// record (content.Document.IsDisclosure) or an annual report. Such a
// document's text is in the full-text feeds, within feed_body_kib.
func IsItem(d *content.Document) bool {
	return d.IsDisclosure() || d.Kind == content.KindReport
}

// sortDocs returns the site's feed items in feed order: newest updated, then
// newest date, then URL. updated may be nil (Directory only counts).
func sortDocs(site *content.Site, updated map[*content.Document]time.Time) []*content.Document {
	var docs []*content.Document
	for _, d := range site.Documents {
		if IsItem(d) {
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
	specs := []spec{{base: "/", title: cfg.Title, desc: desc, group: w.site, full: true, docs: docs}}
	for _, sec := range sections {
		s := spec{base: "/" + sec + "/", title: named(content.SectionTitle(sec, cfg.Language)), group: w.sections, full: true}
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

	specs = append(specs, terms(docs, "organs", w.organs, named, func(d *content.Document) string { return d.OrganName })...)
	specs = append(specs, terms(docs, "topics", w.topics, named, func(d *content.Document) string { return d.TopicName })...)
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
