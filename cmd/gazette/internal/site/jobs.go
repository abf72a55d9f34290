package site

import (
	"crypto/sha256"
	"fmt"
	"io/fs"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
)

// Inputs is what the jobs of a site are made from besides the content and
// the templates.
type Inputs struct {
	Base    [32]byte // covers what every file depends on: the program, the templates, site.yaml
	Stamps  map[*content.Document][32]byte
	Body    func(*content.Document) (render.Body, error)
	Facts   content.Facts // what the build learned of each document
	Content fs.FS         // the content folder, where attachments are copied from
	// CitedBy lists the documents that cite a document, newest first;
	// nil for none. The document's stamp covers them.
	CitedBy func(*content.Document) []Citer
}

// A Citer is a document that cites the one a page shows: from its article
// In (an anchor, "" for none), the article Article of the document (""
// for the whole); each Mark is the article's number as written.
type Citer struct {
	Doc                  *content.Document
	In, InMark           string
	Article, ArticleMark string
}

// Plan returns a job for every file of the site but the feeds and open
// data (feeds.Plan) and the search index: each page, the sitemap,
// robots.txt, opensearch.xml, the template set's assets (assets.go) and the
// published attachments.
// A page's key covers its template and everything it shows, each document
// by its stamp; an attachment's, its source's path, size and time.
func Plan(s *content.Site, t *Templates, in Inputs) ([]publish.Job, error) {
	a := newAssembler(s, t, in.Facts)
	a.plan()
	jobs := make([]publish.Job, len(a.jobs), len(a.jobs)+8+len(s.Assets))
	parallel.For(len(a.jobs), func(i int) {
		j := a.jobs[i]
		path := outPath(j.page.URL)
		jobs[i] = publish.Job{
			Paths: []string{path},
			Key:   fingerprint(in.Base, j.tmpl, j.page, in.Stamps),
			Make: func() ([]publish.File, error) {
				p := *j.page
				if p.Doc != nil && (p.Kind == "document" || p.Kind == "page" || p.Kind == "issue" || p.Kind == "report") {
					b, err := in.Body(p.Doc)
					if err != nil {
						return nil, err
					}
					p.Body = b.HTML
					if in.CitedBy != nil {
						p.CitedBy = in.CitedBy(p.Doc)
					}
				}
				if p.Kind == "compare" {
					c, err := comparison(in.Content, p.Prev, p.Doc)
					if err != nil {
						return nil, err
					}
					p.Data = c
				}
				data, err := t.Execute(j.tmpl, &p)
				if err != nil {
					return nil, err
				}
				return []publish.File{{Path: path, Data: data}}, nil
			},
		}
	})
	static, err := t.assetFiles()
	if err != nil {
		return nil, err
	}
	for _, f := range append(a.extras(), static...) {
		jobs = append(jobs, publish.Job{Paths: []string{f.Path}, Key: sha256.Sum256(f.Data),
			Make: func() ([]publish.File, error) { return []publish.File{f}, nil }})
	}
	for _, as := range s.Assets {
		info, err := fs.Stat(in.Content, as.Path)
		if err != nil {
			return nil, err
		}
		f := publish.File{Path: outPath(as.URL), Src: as.Path}
		jobs = append(jobs, publish.Job{Paths: []string{f.Path},
			Key:  sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d", as.Path, info.Size(), info.ModTime().UnixNano())),
			Make: func() ([]publish.File, error) { return []publish.File{f}, nil }})
	}
	return jobs, nil
}

// Pages returns the site path of every page Plan makes, for checking links.
func Pages(s *content.Site, t *Templates) []string {
	a := newAssembler(s, t, nil)
	a.plan()
	paths := make([]string, 0, len(a.jobs)+3)
	for _, j := range a.jobs {
		paths = append(paths, j.page.URL)
	}
	for _, f := range a.extras() {
		paths = append(paths, "/"+f.Path)
	}
	return paths
}
