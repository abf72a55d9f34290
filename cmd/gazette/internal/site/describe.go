package site

// Description is the page's meta description, which search engines show
// under its title: a document's summary, a list page's intro, the site's
// description on the home page, and otherwise the page's title under the
// site's, so that no page goes without one.
func (p *Page) Description() string {
	if p.Doc != nil && (p.Kind == "document" || p.Kind == "issue" || p.Kind == "page" || p.Kind == "report") {
		if s := p.Fact(p.Doc).Summary; s != "" {
			return s
		}
	}
	if p.Site == nil {
		return p.Title
	}
	site := p.Site.Config.Title
	switch {
	case p.Kind == "home" && p.Site.Config.Description != "":
		return p.Site.Config.Description
	case p.Intro != "":
		return site + "：" + p.Title + "。" + p.Intro
	case p.Kind == "home":
		return site
	}
	return site + "：" + p.Title
}
