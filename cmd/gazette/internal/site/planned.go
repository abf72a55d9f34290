package site

import (
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
)

// Planned is one HTML page before its template runs. An incremental build
// (gazette serve -watch) fingerprints Page and runs the template, with
// Templates.Execute(Template, Page), only when the fingerprint changed.
type Planned struct {
	Path     string // output file: "gazette/2025/01/index.html"
	Template string
	Page     *Page
}

// PlanPages returns what Assemble renders, unrendered: every HTML page in
// plan order, and the other generated files that are cheap to make — the
// sitemap, robots.txt, opensearch.xml, style.css and the published
// attachments. The feeds are not among them (feeds.Build makes those).
func PlanPages(s *content.Site, t *Templates) ([]Planned, []publish.File, error) {
	a := newAssembler(s, t)
	a.plan()
	pages := make([]Planned, len(a.jobs))
	for i, j := range a.jobs {
		pages[i] = Planned{Path: outPath(j.page.URL), Template: j.tmpl, Page: j.page}
	}
	files := a.extras()
	for _, as := range s.Assets {
		files = append(files, publish.File{Path: outPath(as.URL), Src: as.Path})
	}
	css, err := t.Asset("style.css")
	if err != nil {
		return nil, nil, err
	}
	files = append(files, publish.File{Path: "assets/style.css", Data: css})
	return pages, files, nil
}
