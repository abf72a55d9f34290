package site

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/feeds"
)

var home = Crumb{Title: "首頁", URL: "/"}

// plan decides every HTML page of the site.
func (a *assembler) plan() {
	var issues, gazette, briefings, news, pages, dated []*content.Document
	for _, d := range a.site.Documents {
		switch d.Kind {
		case content.KindIssue:
			issues = append(issues, d)
		case content.KindGazette:
			gazette = append(gazette, d)
		case content.KindBriefing:
			briefings = append(briefings, d)
		case content.KindNews:
			news = append(news, d)
		case content.KindPage:
			pages = append(pages, d)
		}
		if d.IsDisclosure() {
			dated = append(dated, d)
		}
	}
	newestFirst(issues)
	newestFirst(gazette)
	newestFirst(briefings)
	newestFirst(news)
	newestFirst(dated)

	a.home(issues, briefings, news)
	a.gazette(issues)
	for _, sec := range []struct {
		name string
		docs []*content.Document
	}{{"briefings", briefings}, {"news", news}} {
		a.section(sec.name, sec.docs)
	}
	for _, d := range dated {
		a.document(d)
	}
	a.about(pages)
	a.terms("organs", "發布機構", dated, func(d *content.Document) string { return d.OrganName })
	a.terms("topics", "主題分類", dated, func(d *content.Document) string { return d.TopicName })
	a.archive(dated)
	a.reports()
	a.add("feeds.html", &Page{Kind: "feeds", Title: "訂閱", URL: "/feeds/", Crumbs: []Crumb{home, {Title: "訂閱"}},
		Data: feeds.Directory(a.site)})
	a.add("404.html", &Page{Kind: "notfound", Title: "找不到頁面", URL: "/404.html", Crumbs: []Crumb{home, {Title: "找不到頁面"}}})
	a.openData()
	a.statement()
	a.sitemap()
	a.redirects()
}

// newestFirst sorts by date, newest first, then by URL so ties are stable.
func newestFirst(ds []*content.Document) {
	slices.SortStableFunc(ds, func(x, y *content.Document) int {
		return cmp.Or(y.Date.Compare(x.Date), cmp.Compare(x.URL, y.URL))
	})
}

func (a *assembler) home(issues, briefings, news []*content.Document) {
	p := &Page{Kind: "home", Title: a.site.Config.Title, URL: "/"}
	if len(issues) > 0 {
		p.Doc = issues[0]
		p.Groups = byCategory(issues[0].Documents)
	}
	p.Data = struct{ Briefings, News, Issues []*content.Document }{head(briefings, 8), head(news, 8), head(issues, 6)}
	a.add("home.html", p)
}

func head(ds []*content.Document, n int) []*content.Document { return ds[:min(n, len(ds))] }

// byCategory groups an issue's documents under their categories, in the
// order the issue already has them.
func byCategory(ds []*content.Document) []Group {
	var gs []Group
	for _, d := range ds {
		c := d.CategoryName
		if c == "" {
			c = "其他"
		}
		if len(gs) == 0 || gs[len(gs)-1].Title != c {
			gs = append(gs, Group{Title: c})
		}
		gs[len(gs)-1].Docs = append(gs[len(gs)-1].Docs, d)
	}
	return gs
}

func (a *assembler) gazette(issues []*content.Document) {
	title := a.sectionTitle("gazette")
	sec := Crumb{Title: title, URL: "/gazette/"}
	secFeeds := feeds.LinksFor("/gazette/", title)
	var years []Group
	for _, is := range issues {
		y := strconv.Itoa(is.Year)
		if len(years) == 0 || years[len(years)-1].Title != y {
			years = append(years, Group{Title: y, URL: "/gazette/" + y + "/"})
		}
		g := &years[len(years)-1]
		g.Docs = append(g.Docs, is)
		g.Count++
	}
	a.add("index.html", &Page{Kind: "gazette", Title: title, URL: "/gazette/", Crumbs: []Crumb{home, {Title: title}}, Groups: years, Feeds: secFeeds,
		Intro: fmt.Sprintf("共%d期，按年份排列。", len(issues))})
	for _, y := range years {
		a.add("index.html", &Page{Kind: "year", Title: fmt.Sprintf("%s %s年", title, y.Title), URL: y.URL,
			Crumbs: []Crumb{home, sec, {Title: y.Title + "年"}}, Groups: []Group{y}, Feeds: secFeeds})
	}
	for _, is := range issues {
		crumbs := []Crumb{home, sec, {Title: strconv.Itoa(is.Year) + "年", URL: fmt.Sprintf("/gazette/%d/", is.Year)}}
		a.add("issue.html", &Page{Kind: "issue", Title: is.Title, URL: is.URL, Doc: is, Groups: byCategory(is.Documents),
			Crumbs: append(crumbs, Crumb{Title: issueLabel(is)}), Feeds: feeds.LinksFor(is.URL, is.Title)})
	}
}

func issueLabel(is *content.Document) string { return is.IssueLabel() }

func (a *assembler) section(name string, docs []*content.Document) {
	title := a.sectionTitle(name)
	base := "/" + name + "/"
	secFeeds := feeds.LinksFor(base, title)
	a.paginate("list.html", base, Page{Kind: "section", Title: title, Crumbs: []Crumb{home, {Title: title}}, Feeds: secFeeds}, docs)
	byYear := map[int][]*content.Document{}
	var years []int
	for _, d := range docs {
		y := d.Date.In(a.site.Config.Location).Year()
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
		byYear[y] = append(byYear[y], d)
	}
	for _, y := range years {
		ys := strconv.Itoa(y)
		a.paginate("list.html", base+ys+"/", Page{Kind: "section", Title: title + " " + ys + "年",
			Crumbs: []Crumb{home, {Title: title, URL: base}, {Title: ys + "年"}}, Feeds: secFeeds}, byYear[y])
	}
}

// document adds a document's page, with prev/next inside its issue.
func (a *assembler) document(d *content.Document) {
	title := a.sectionTitle(d.Section)
	crumbs := []Crumb{home, {Title: title, URL: "/" + d.Section + "/"}}
	p := &Page{Kind: "document", Title: d.Title, URL: d.URL, Doc: d}
	if is := d.Issue; is != nil {
		crumbs = append(crumbs, Crumb{Title: strconv.Itoa(is.Year) + "年", URL: fmt.Sprintf("/gazette/%d/", is.Year)},
			Crumb{Title: issueLabel(is), URL: is.URL})
		if i := slices.Index(is.Documents, d); i >= 0 {
			if i > 0 {
				p.Prev = is.Documents[i-1]
			}
			if i+1 < len(is.Documents) {
				p.Next = is.Documents[i+1]
			}
		}
		p.Feeds = append(feeds.LinksFor(is.URL, is.Title), feeds.LinksFor("/gazette/", title)...)
	} else {
		y := strconv.Itoa(d.Date.In(a.site.Config.Location).Year())
		crumbs = append(crumbs, Crumb{Title: y + "年", URL: "/" + d.Section + "/" + y + "/"})
		p.Feeds = feeds.LinksFor("/"+d.Section+"/", title)
	}
	p.Crumbs = append(crumbs, Crumb{Title: d.Title})
	a.add("document.html", p)
	a.compare(d, crumbs)
}

func (a *assembler) about(pages []*content.Document) {
	title := a.sectionTitle("pages")
	a.add("index.html", &Page{Kind: "about", Title: title, URL: "/about/", Crumbs: []Crumb{home, {Title: title}}, Docs: pages})
	for _, d := range pages {
		a.add("page.html", &Page{Kind: "page", Title: d.Title, URL: d.URL, Doc: d, Docs: pages,
			Crumbs: []Crumb{home, {Title: title, URL: "/about/"}, {Title: d.Title}}})
	}
}

// terms adds the index and the pages of one taxonomy (organs or topics).
func (a *assembler) terms(kind, title string, docs []*content.Document, key func(*content.Document) string) {
	byTerm := map[string][]*content.Document{}
	for _, d := range docs {
		if k := key(d); k != "" {
			byTerm[k] = append(byTerm[k], d)
		}
	}
	var groups []Group
	for name, ds := range byTerm {
		groups = append(groups, Group{Title: name, URL: content.TermURL(kind, name), Count: len(ds)})
	}
	slices.SortFunc(groups, func(x, y Group) int { return cmp.Or(y.Count-x.Count, cmp.Compare(x.Title, y.Title)) })
	base := "/" + kind + "/"
	a.add("index.html", &Page{Kind: "terms", Title: title, URL: base, Crumbs: []Crumb{home, {Title: title}}, Groups: groups})
	for _, g := range groups {
		a.paginate("list.html", g.URL, Page{Kind: "term", Title: g.Title,
			Crumbs: []Crumb{home, {Title: title, URL: base}, {Title: g.Title}}, Feeds: feeds.LinksFor(g.URL, g.Title)}, byTerm[g.Title])
	}
}

func (a *assembler) archive(docs []*content.Document) {
	byYear := map[int][]*content.Document{}
	var years []Group
	for _, d := range docs {
		y := d.Date.In(a.site.Config.Location).Year()
		if _, ok := byYear[y]; !ok {
			ys := strconv.Itoa(y)
			years = append(years, Group{Title: ys, URL: "/archive/" + ys + "/"})
		}
		byYear[y] = append(byYear[y], d)
	}
	for i := range years {
		y, _ := strconv.Atoi(years[i].Title)
		years[i].Count = len(byYear[y])
	}
	a.add("index.html", &Page{Kind: "archive", Title: "歷年歸檔", URL: "/archive/", Crumbs: []Crumb{home, {Title: "歷年歸檔"}}, Groups: years})
	for _, g := range years {
		y, _ := strconv.Atoi(g.Title)
		a.paginate("list.html", g.URL, Page{Kind: "section", Title: g.Title + "年歸檔",
			Crumbs: []Crumb{home, {Title: "歷年歸檔", URL: "/archive/"}, {Title: g.Title + "年"}}}, byYear[y])
	}
}

// redirects adds a page for every alias and every short link.
func (a *assembler) redirects() {
	for _, d := range a.site.Documents {
		for _, al := range d.Aliases {
			a.add("redirect.html", &Page{Kind: "redirect", Title: d.Title, URL: aliasPath(al), Redirect: d.URL})
		}
		if s := d.ShortURL(); s != "" {
			a.add("redirect.html", &Page{Kind: "redirect", Title: d.Title, URL: s, Redirect: d.URL})
		}
	}
}

// aliasPath keeps an alias that names a file ("/zwgk/1.html") and makes
// any other a directory.
func aliasPath(al string) string {
	if len(al) > 5 && (al[len(al)-5:] == ".html" || al[len(al)-4:] == ".htm") {
		return al
	}
	return strings.TrimRight(al, "/") + "/"
}

func (a *assembler) sectionTitle(section string) string {
	return content.SectionTitle(section, a.site.Config.Language)
}
