package site

import (
	"strings"

	"gazette/cmd/gazette/internal/feeds"
)

// SitemapSection is one part of the HTML site map: a page and the pages
// under it.
type SitemapSection struct {
	Title, URL string
	Links      []Crumb
}

// sitemap adds /sitemap/, the site map for people (sitemap.xml is for
// search engines): every section with its years, the standing pages, the
// ways to browse by organ, topic and year, and the site's services. It is
// made from the pages already planned, so it lists only pages that exist.
func (a *assembler) sitemap() {
	title := "網站地圖"
	var order []string
	secs := map[string]*SitemapSection{}
	section := func(url, title string) *SitemapSection {
		if s, ok := secs[url]; ok {
			return s
		}
		secs[url] = &SitemapSection{Title: title, URL: url}
		order = append(order, url)
		return secs[url]
	}
	browse := &SitemapSection{Title: "分類瀏覽"}
	for _, j := range a.jobs {
		p := j.page
		if p.Pager != nil && p.Pager.Page > 1 {
			continue
		}
		top := "/" + strings.SplitN(strings.TrimPrefix(p.URL, "/"), "/", 2)[0] + "/"
		switch {
		case p.Kind == "gazette", p.Kind == "about", p.Kind == "section" && p.URL == top && top != "/archive/":
			section(p.URL, p.Title)
		case p.Kind == "year", p.Kind == "section" && top != "/archive/", p.Kind == "report", p.Kind == "page":
			if parent, ok := secs[top]; ok {
				parent.Links = append(parent.Links, Crumb{Title: lastCrumb(p), URL: p.URL})
			}
		case p.Kind == "terms", p.Kind == "archive":
			browse.Links = append(browse.Links, Crumb{Title: p.Title, URL: p.URL})
		}
	}
	var out []SitemapSection
	for _, url := range order {
		out = append(out, *secs[url])
	}
	if len(browse.Links) > 0 {
		out = append(out, *browse)
	}
	out = append(out, SitemapSection{Title: "服務", Links: []Crumb{
		{Title: "全文檢索", URL: "/search"}, {Title: "訂閱", URL: "/feeds/"}, {Title: "開放數據", URL: "/data/"},
		{Title: "無障礙聲明", URL: "/accessibility/"},
	}})
	a.add("sitemap.html", &Page{Kind: "sitemap", Title: title, URL: "/sitemap/", Crumbs: []Crumb{home, {Title: title}}, Data: out})
}

// lastCrumb is what a page is called under its parent: the last step of
// its trail (2025年 rather than 政府公報 2025年).
func lastCrumb(p *Page) string {
	if len(p.Crumbs) > 0 {
		return p.Crumbs[len(p.Crumbs)-1].Title
	}
	return p.Title
}

// openData adds /data/, the page that explains the open data: its files and
// the fields of each document.
func (a *assembler) openData() {
	title := "開放數據"
	a.add("data.html", &Page{Kind: "data", Title: title, URL: "/data/", Crumbs: []Crumb{home, {Title: title}},
		Data: feeds.DataColumns()})
}
