package build

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync/atomic"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/report"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
)

// A Plan is what a build makes, decided before anything of the site is
// written: the content, a job for every file, the records of the search
// index and the files the server reads beside it. The stages that make it
// run in order, each named and timed (Summary.Stages): load (the content,
// checked as the build checks it), render (the bodies the store lacks),
// edition (the whole-issue PDFs), assemble (the jobs, the records, the
// server's files). Publishing it is the last stage.
type Plan struct {
	Site     *content.Site
	Jobs     []publish.Job   // every file of the site, each path made by one job
	Records  []search.Record // the index's; nil for a site without search
	Schedule disk.Schedule   // what the generation waits for (disk.ScheduleFile)
	SiteFile []byte          // the configuration the server reads (disk.SiteFile)
	Editions Editions        // the whole-issue PDFs
	Facts    content.Facts   // what the stages learned of each document (its summary, length, issue PDF)
	Rendered int             // bodies rendered (the rest came from the store)
	Relinked int             // among them, bodies whose source had not changed but what they cite had
}

// Plan runs the stages before publishing and returns what a build now
// would write, writing nothing of the site: the caches are brought up to
// date (the bodies, the issue PDFs), under the store's lock, as a build
// brings them.
func (e *Engine) Plan(ctx context.Context) (*Plan, error) {
	lk, err := e.lock()
	if err != nil {
		return nil, err
	}
	defer lk.Unlock()
	b := &pass{lk: lk, live: lk.Live(), sum: &Summary{}}
	if err := e.open(lk, b.live); err != nil {
		return nil, err
	}
	p, err := e.plan(ctx, b)
	if err != nil {
		return nil, err
	}
	return p, e.save(p.Site)
}

// plan runs the stages up to publishing. On error the plan holds what was
// loaded, if anything, for the record of the failure.
func (e *Engine) plan(ctx context.Context, b *pass) (*Plan, error) {
	p := &Plan{}
	err := e.stage(b, "load", func() (err error) {
		p.Site, err = e.load(ctx, b)
		return err
	})
	if err == nil {
		err = e.stage(b, "link", func() (err error) {
			e.links, err = e.link(ctx, p.Site)
			return err
		})
	}
	if err == nil {
		err = e.stage(b, "render", func() (err error) {
			p.Facts, p.Rendered, p.Relinked, err = e.renderNew(ctx, p.Site.Documents)
			return err
		})
	}
	var pdfs []publish.Job
	if err == nil {
		err = e.stage(b, "edition", func() (err error) {
			pdfs, p.Editions, err = e.editions(ctx, p.Site, p.Facts)
			return err
		})
	}
	if err == nil {
		err = e.stage(b, "assemble", func() error { return e.assemble(p, pdfs) })
	}
	return p, err
}

// load reads the content (through the content cache) and checks it as the
// build does. A tree with errors is not built, but what of it could be
// read (Partial) tells the record of the failure which releases wait on it.
func (e *Engine) load(ctx context.Context, b *pass) (*content.Site, error) {
	e.progress("load", 0, 0)
	s, err := content.Load(ctx, e.opt.Content, content.Options{Now: e.opt.Now, Drafts: e.opt.Drafts, Root: e.opt.ContentRoot,
		Cache: e.contents, LeaveBodies: true, Watched: b.inPlace && e.watched, Changed: b.changed, Partial: true})
	if err != nil {
		return s, err
	}
	if err := report.Check(s, e.opt.Content, cmp.Or(e.opt.ContentRoot, "content")); err != nil {
		return s, err
	}
	e.watched = true
	return s, nil
}

// assemble plans every file of the site (the pages, the feeds and open
// data, the issue PDFs), the records of the index and the server's files.
func (e *Engine) assemble(p *Plan, pdfs []publish.Job) error {
	s := p.Site
	tmpl, err := site.LoadTemplates(e.opt.Templates, s.Config)
	if err != nil {
		return err
	}
	base, err := e.baseKey(s)
	if err != nil {
		return err
	}
	stamps := e.links.stamps(content.Stamps(s.Documents, p.Facts))
	jobs, err := site.Plan(s, tmpl, site.Inputs{Base: base, Stamps: stamps, Body: e.body, Facts: p.Facts, Content: e.opt.Content, CitedBy: e.links.citers})
	if err != nil {
		return err
	}
	jobs = append(jobs, feeds.Plan(s, base, stamps, e.body, p.Facts)...)
	jobs = append(jobs, e.links.openData(s.Config), e.idJob(s))
	jobs = append(jobs, pdfs...)
	if err := inScripts(s.Config, s.Assets, jobs); err != nil {
		return err
	}
	p.Jobs = jobs
	if e.opt.Index != "" {
		if p.Records, err = e.records(s); err != nil {
			return err
		}
	}
	if p.SiteFile, err = json.Marshal(s.Config); err != nil {
		return err
	}
	p.Schedule = schedule(s)
	return nil
}

// server is what the server reads beside the index.
func (p *Plan) server() serverFiles { return serverFiles{site: p.SiteFile, schedule: p.Schedule} }

// manifest is the manifest of the generation the plan makes.
func (p *Plan) manifest() *disk.Manifest { return newManifest(p.Jobs, p.Records, p.server()) }

// count fills in what the summary says of the plan.
func (p *Plan) count(sum *Summary) {
	sum.Documents, sum.Parsed, sum.Rendered, sum.Relinked, sum.Editions = len(p.Site.Documents), p.Site.Parsed, p.Rendered, p.Relinked, p.Editions
	for _, j := range p.Jobs {
		sum.Files += len(j.Paths)
		switch {
		case strings.HasSuffix(j.Paths[0], "feed.xml"):
			sum.Feeds++
		case strings.HasSuffix(j.Paths[0], ".html"):
			sum.Pages++
		}
	}
}

// renderNew renders the documents whose source the body store does not
// have, and returns what each body tells of its document (summary,
// length), from the store's index or the new rendering.
func (e *Engine) renderNew(ctx context.Context, docs []*content.Document) (_ content.Facts, rendered, relinked int, err error) {
	facts := make(content.Facts, len(docs))
	var todo []*content.Document
	for _, d := range docs {
		x := &content.Derived{Summary: d.Summary, PDF: d.PDF}
		facts[d] = x
		if summary, runes, ok := e.bodies.Meta(e.links.key(d)); ok {
			learn(x, summary, runes)
		} else {
			todo = append(todo, d)
			if !e.links.parsed[d] {
				relinked++
			}
		}
	}
	e.progress("render", 0, len(todo))
	var count atomic.Int64
	err = parallel.Do(ctx, len(todo), func(i int) error {
		d := todo[i]
		b, err := e.renderOne(d)
		if err != nil {
			return err
		}
		learn(facts[d], b.Summary, b.Runes)
		if n := count.Add(1); n%64 == 0 || int(n) == len(todo) {
			e.progress("render", int(n), len(todo))
		}
		return nil
	})
	return facts, len(todo), relinked, err
}

// learn keeps what a body tells of its document: its length, and its
// first paragraph as the summary where the front matter gives none.
func learn(x *content.Derived, summary string, runes int) {
	x.ReadingRunes = runes
	if x.Summary == "" {
		x.Summary = summary
	}
}

// renderOne renders d from its file and keeps the body.
func (e *Engine) renderOne(d *content.Document) (render.Body, error) {
	src, err := content.ReadBody(e.opt.Content, d)
	if err != nil {
		return render.Body{}, fmt.Errorf("%s: %w", path.Join(e.opt.ContentRoot, d.Path), err)
	}
	res, err := e.render.RenderWith(src, e.links.renderOptions(d))
	if err != nil {
		return render.Body{}, fmt.Errorf("%s: rendering: %w", path.Join(e.opt.ContentRoot, d.Path), err)
	}
	b := render.Body{HTML: res.HTML, Text: res.Text, Summary: res.Summary, Runes: res.Runes}
	return b, e.bodies.Put(e.links.key(d), b)
}

// body is d's rendered body, from the store, or rendered again should the
// store have lost it.
func (e *Engine) body(d *content.Document) (render.Body, error) {
	b, ok, err := e.bodies.Get(e.links.key(d))
	if err != nil || ok {
		return b, err
	}
	return e.renderOne(d)
}

// records converts the published documents for the search index, each
// keyed by what it holds (search.Key), its body by the hash of its source:
// an unchanged key means nothing to reindex.
func (e *Engine) records(s *content.Site) ([]search.Record, error) {
	var recs []search.Record
	for _, d := range s.Documents {
		if d.Kind == content.KindIssue {
			continue
		}
		r := search.Record{
			ID: d.URL, URL: d.URL, Title: d.Title, Section: d.Section,
			Organ: d.OrganName, Topic: d.TopicName, Category: d.CategoryName, Validity: d.Validity,
			DocNumber: d.DocNumber, IndexNumber: d.IndexNumber, Lang: d.Lang, Date: d.Date,
			LoadBody: func() (string, error) {
				b, err := e.body(d)
				return b.Text, err
			},
		}
		var err error
		if r.Hash, err = search.Key(r, d.Hash); err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// baseKey covers what every file of the site depends on: the program,
// site.yaml, every file of the templates, the drafts option.
func (e *Engine) baseKey(s *content.Site) ([32]byte, error) {
	h := sha256.New()
	cfg, err := json.Marshal(s.Config)
	if err != nil {
		return [32]byte{}, err
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%v\x00", e.prog, cfg, s.Config.Location, e.opt.Drafts)
	err = fs.WalkDir(e.opt.Templates, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(e.opt.Templates, p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return err
	})
	return [32]byte(h.Sum(nil)), err
}
