// Package site plans the static site: it decides every page a loaded,
// rendered content tree gives (home, section lists, gazette years and
// issues, documents, organ/topic/archive pages, standing pages, redirects,
// sitemap, robots.txt, 404) and returns each as a job that executes its
// template (see Plan); running the jobs and writing the files is the build's
// and the publish stage's.
//
// URLs are part of the contract — readers, feeds and other sites link to
// them, so none changes once published:
//
//	/                                 home
//	/gazette/  /gazette/<year>/       issues, all and by year
//	/gazette/<year>/<NN>/             an issue: contents grouped by category
//	/gazette/<year>/<NN>/<slug>/      a gazette document
//	/briefings/ /news/ (/page/N/)     sections, newest first; /<section>/<year>/ by year
//	/briefings/<year>/<slug>/ …       briefings and news
//	/organs/ /organs/<organ>/         by issuing organ; /topics/… by topic
//	/archive/ /archive/<year>/        everything published in a year
//	/about/ /about/<slug>/            standing pages
//	/reports/ /reports/<year>/        annual disclosure reports (package report), with
//	                                  table-2.csv … table-4.csv and publications.svg beside each
//	/feeds/                           every feed, explained
//	/sitemap/  /data/                 the site map and the open data, for people
//	/accessibility/                   the 無障礙聲明 (accessibility.go)
//	/d/<索引號>/                       permanent short link (a redirect page)
//	/sitemap.xml /robots.txt /404.html /opensearch.xml
//	/assets/… /favicon.svg /favicon.ico   stylesheets, script, cursors, icon (assets.go)
package site

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/script"
)

// Page is what every template receives.
type Page struct {
	Site     *Info
	Kind     string // home, section, year, issue, document, page, term, terms, archive, about, feeds, notfound, redirect, search
	Title    string
	URL      string // site path of this page
	Crumbs   []Crumb
	Feeds    []feeds.Link
	Doc      *content.Document
	Docs     []*content.Document // a list page's items
	Groups   []Group             // grouped lists: an issue's contents, years, terms
	Pager    *Pager
	Prev     *content.Document
	Next     *content.Document
	Redirect string // redirect pages: the target path
	Intro    string // a line under a list page's title
	Data     any    // page kinds with data of their own (the feed directory, search results)

	// Body is the rendered body of Doc, on the pages that show it: set
	// while the page is made, not planned, so that planning the whole site
	// never holds every body.
	Body template.HTML
	// CitedBy are the documents that cite Doc, set with Body.
	CitedBy []Citer

	facts content.Facts // what the build learned of the documents (Fact)
}

// Fact is what the build learned of d after loading it: its summary,
// length and issue PDF (see content.Derived).
func (p *Page) Fact(d *content.Document) content.Derived { return p.facts.Of(d) }

// JSONLD describes a document page for search engines; it is computed when
// the template runs, so planning pages stays cheap for incremental builds.
func (p *Page) JSONLD() template.JS {
	if p.Kind != "document" || p.Doc == nil || p.Site == nil {
		return ""
	}
	return jsonLD(p.Site.Config, p.Doc, p.Fact(p.Doc).Summary)
}

// Info is the site-wide part of every page.
type Info struct {
	Config    content.Config
	Lang      string
	Canonical string // base URL without the trailing slash

	// The site in the other script, when it has it: its script and the
	// folder it is under ("/zh-hans"). The pages link to it from every page.
	Other, OtherRoot string
}

// NewInfo is the site-wide part of every page of the site cfg configures.
func NewInfo(cfg content.Config) *Info {
	i := &Info{Config: cfg, Lang: cfg.Language, Canonical: strings.TrimRight(cfg.BaseURL, "/")}
	if cfg.BothScripts {
		i.Other = script.Other(cfg.Language)
		i.OtherRoot = script.Roots[i.Other]
	}
	return i
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Title, URL string }

// Group is a titled list of documents (or of links, when URL is set).
type Group struct {
	Title string
	URL   string
	Count int
	Docs  []*content.Document
}

// Pager links the pages of a long list.
type Pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []PageLink
}

// PageLink is one numbered page of a list.
type PageLink struct {
	N       int
	URL     string
	Current bool
}

type job struct {
	tmpl string
	page *Page
}

func newAssembler(s *content.Site, t *Templates, facts content.Facts) *assembler {
	return &assembler{site: s, tmpl: t, info: NewInfo(s.Config), facts: facts}
}

type assembler struct {
	site  *content.Site
	tmpl  *Templates
	info  *Info
	facts content.Facts
	jobs  []job
	files []publish.File // files a plan makes beside its pages (a report's CSV and chart)
}

func (a *assembler) add(tmpl string, p *Page) {
	p.Site, p.facts = a.info, a.facts
	if p.Feeds == nil {
		p.Feeds = feeds.LinksFor("/", a.site.Config.Title)
	}
	a.jobs = append(a.jobs, job{tmpl, p})
}

// paginate adds one page per size items of docs under base: base, then
// base/page/2/, … Every page gets the crumbs and feeds given.
func (a *assembler) paginate(tmpl string, base string, proto Page, docs []*content.Document) {
	size := a.site.Config.PageSize
	pages := max(1, (len(docs)+size-1)/size)
	url := func(n int) string {
		if n == 1 {
			return base
		}
		return base + "page/" + strconv.Itoa(n) + "/"
	}
	for n := 1; n <= pages; n++ {
		p := proto
		p.URL = url(n)
		p.Docs = docs[(n-1)*size : min(n*size, len(docs))]
		if pages > 1 {
			pg := &Pager{Page: n, Pages: pages}
			if n > 1 {
				pg.Prev = url(n - 1)
			}
			if n < pages {
				pg.Next = url(n + 1)
			}
			for i := max(1, n-4); i <= min(pages, n+4); i++ {
				pg.Links = append(pg.Links, PageLink{N: i, URL: url(i), Current: i == n})
			}
			p.Pager = pg
			if n > 1 {
				p.Title = fmt.Sprintf("%s（第%d頁）", proto.Title, n)
				p.Crumbs = slices.Clone(proto.Crumbs)
				p.Crumbs[len(p.Crumbs)-1].URL = base
				p.Crumbs = append(p.Crumbs, Crumb{Title: fmt.Sprintf("第%d頁", n)})
			}
		}
		a.add(tmpl, &p)
	}
}
