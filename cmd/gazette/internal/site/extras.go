package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"slices"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
)

// jsonLD describes a document for search engines: Legislation for gazette
// documents, NewsArticle for news and briefings. encoding/json escapes <, >
// and &, so no value can close the script element it sits in.
func jsonLD(cfg content.Config, d *content.Document, summary string) template.JS {
	abs := strings.TrimRight(cfg.BaseURL, "/") + Href(d.URL)
	loc := cfg.Location
	m := map[string]any{"@context": "https://schema.org", "url": abs, "inLanguage": d.Lang}
	switch d.Kind {
	case content.KindGazette:
		m["@type"] = "Legislation"
		m["name"] = d.Title
		if d.DocNumber != "" {
			m["legislationIdentifier"] = d.DocNumber
		}
		if !d.Written.IsZero() {
			m["legislationDate"] = d.Written.In(loc).Format(time.DateOnly)
		}
		m["datePublished"] = d.Date.In(loc).Format(time.DateOnly)
		if d.OrganName != "" {
			m["legislationPassedBy"] = map[string]string{"@type": "GovernmentOrganization", "name": d.OrganName}
		}
		if d.CategoryName != "" {
			m["legislationType"] = d.CategoryName
		}
		m["legislationLegalForce"] = legalForce(d.Validity)
		if !d.Effective.IsZero() {
			m["legislationDateVersion"] = d.Effective.In(loc).Format(time.DateOnly)
		}
	default:
		m["@type"] = "NewsArticle"
		m["headline"] = d.Title
		m["datePublished"] = d.Date.In(loc).Format(time.RFC3339)
		m["dateModified"] = d.Updated().In(loc).Format(time.RFC3339)
		org := d.OrganName
		if org == "" {
			org = cfg.Organ.Name
		}
		m["author"] = map[string]string{"@type": "GovernmentOrganization", "name": org}
		m["publisher"] = map[string]string{"@type": "GovernmentOrganization", "name": cfg.Organ.Name}
	}
	if summary != "" {
		m["description"] = summary
	}
	b, _ := json.Marshal(m) // a map of strings cannot fail to marshal
	return template.JS(b)
}

func legalForce(v string) string {
	switch v {
	case content.Repealed, content.Expired:
		return "https://schema.org/NotInForce"
	case content.Amended:
		return "https://schema.org/PartiallyInForce"
	}
	return "https://schema.org/InForce"
}

// extras are the non-HTML files: the issue index, sitemap, robots.txt,
// opensearch.xml, and those the plan made beside its pages.
func (a *assembler) extras() []publish.File {
	base := strings.TrimRight(a.site.Config.BaseURL, "/")
	type alternate struct {
		Rel      string `xml:"rel,attr"`
		HrefLang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type url struct {
		Loc        string      `xml:"loc"`
		LastMod    string      `xml:"lastmod,omitempty"`
		Alternates []alternate `xml:"xhtml:link"`
	}
	var urls []url
	for _, j := range a.jobs {
		p := j.page
		if p.Kind == "redirect" || p.Kind == "notfound" {
			continue
		}
		u := url{Loc: base + Href(p.URL)}
		if p.Doc != nil && !p.Doc.Date.IsZero() && (p.Kind == "document" || p.Kind == "issue") {
			u.LastMod = p.Doc.Updated().In(a.site.Config.Location).Format(time.DateOnly)
		}
		if other := a.info.Other; other != "" {
			// Each page in both scripts, each naming the other
			// (Google's "localized versions" in a sitemap).
			u.Alternates = []alternate{{"alternate", a.info.Lang, u.Loc}, {"alternate", other, base + a.info.OtherRoot + Href(p.URL)}}
			c := u
			c.Loc = u.Alternates[1].Href
			urls = append(urls, c)
		}
		urls = append(urls, u)
	}
	slices.SortFunc(urls, func(x, y url) int {
		if x.Loc < y.Loc {
			return -1
		} else if x.Loc > y.Loc {
			return 1
		}
		return 0
	})
	var sm bytes.Buffer
	sm.WriteString(xml.Header)
	enc := xml.NewEncoder(&sm)
	enc.Indent("", " ")
	set := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr,omitempty"`
		URLs    []url    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls}
	if a.info.Other != "" {
		set.XHTML = "http://www.w3.org/1999/xhtml"
	}
	_ = enc.Encode(set)
	sm.WriteByte('\n')

	robots := "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /mode/\n\nSitemap: " + base + "/sitemap.xml\n"

	return append([]publish.File{
		a.issuesJSON(),
		{Path: "sitemap.xml", Data: sm.Bytes()},
		{Path: "robots.txt", Data: []byte(robots)},
		{Path: "opensearch.xml", Data: a.openSearch(base)},
	}, a.files...)
}

// openSearch is opensearch.xml: the site's search, for a browser's box.
func (a *assembler) openSearch(base string) []byte {
	var os bytes.Buffer
	os.WriteString(xml.Header)
	enc := xml.NewEncoder(&os)
	enc.Indent("", " ")
	type tmplURL struct {
		Type     string `xml:"type,attr"`
		Template string `xml:"template,attr"`
	}
	_ = enc.Encode(struct {
		XMLName     xml.Name  `xml:"OpenSearchDescription"`
		NS          string    `xml:"xmlns,attr"`
		ShortName   string    `xml:"ShortName"`
		Description string    `xml:"Description"`
		Encoding    string    `xml:"InputEncoding"`
		Language    string    `xml:"Language"`
		URLs        []tmplURL `xml:"Url"`
	}{NS: "http://a9.com/-/spec/opensearch/1.1/", ShortName: shortName(a.site.Config.Title), Description: a.site.Config.Title + " 全文檢索",
		Encoding: "UTF-8", Language: a.site.Config.Language, URLs: []tmplURL{
			{"text/html", base + "/search?q={searchTerms}"},
			{"application/atom+xml", base + "/search.atom?q={searchTerms}"},
			{"application/json", base + "/api/search?q={searchTerms}"},
		}})
	os.WriteByte('\n')
	return os.Bytes()
}

// shortName fits OpenSearch's 16-character ShortName.
func shortName(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 16)])
}
