// Package build runs the pipeline — load content, render it, plan every
// file of the site, write public/ and the search index — as one engine
// that every build runs: gazette build, the first build and every rebuild
// of gazette serve -watch, and the scheduled rebuilds of a server. A build
// with nothing cached is a cold build; a build after an edit redoes only
// what the edit touches.
//
// # What a build keeps
//
// Beside the generations (see publish.Store), in .gazette/cache:
//
//   - content: the parsed front matter of every file, by path, size and
//     modification time (content.Cache), so a build re-reads only files
//     that changed;
//   - bodies: every rendered body, by the hash of its source
//     (render.Store), so a build renders only documents that changed.
//
// And in each generation, a manifest: for every file of the site, the key
// of the job that made it (publish.Job), and the hash of every record of
// the search index. A new generation takes each file whose key is
// unchanged from the live one by a hard link, makes only the others, and
// brings the index up to date from the live one's (search.Build). A build
// whose every key and record is the live build's writes nothing at all.
//
// Every cache is keyed by the program (the hash of its executable): a new
// version of gazette starts from nothing. A missing, damaged or foreign
// cache or manifest costs a complete build, with a one-line notice, never a
// wrong page; so does Options.Full. A cache is replaced whole or not at
// all: a build stopped before it saves (a complete one too) leaves the
// last one as it was.
//
// # Where a build writes
//
// Build makes a new generation and swaps it in whole: a failed or killed
// build leaves the live site as it was, and a failed one leaves beside it
// the record of what waits on it (FailureFile, for /healthz), which the
// next good build removes. Update (gazette serve -watch)
// changes the live generation in place instead, each file by an atomic
// rename, because a preview must follow an edit in a fraction of a second
// and a new generation means linking every file of the site.
package build

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/report"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
)

// Options are the inputs of a build. The clock is one of them: nothing
// below reads time.Now, so output is deterministic and the embargo testable.
type Options struct {
	Content     fs.FS
	ContentRoot string // how content paths are shown in errors, e.g. "content"
	Templates   fs.FS
	Public      string // output directories
	Index       string // "" for none (a site without search)
	Now         time.Time
	Drafts      bool // a preview: drafts and embargoed documents too, in a store of its own (publish.Store.Preview)
	Adopt       bool // move a directory found at Public or Index into .gazette/adopted/ (see publish.Store)
	Full        bool // use nothing from earlier builds: render and make every file

	// Progress, when set, is told of each stage ("load", "render",
	// "write") as it starts and, where the work is counted, as it goes:
	// done of total (total 0 when not counted). It may be called from
	// several goroutines at once.
	Progress func(stage string, done, total int)
}

// Summary says what a build did.
type Summary struct {
	Documents int // published documents
	Files     int // files of the site
	Pages     int // HTML pages among them
	Feeds     int // feeds among them (each in RSS, Atom and JSON Feed)
	Parsed    int // source files read and parsed (the rest came from the cache)
	Rendered  int // bodies rendered (the rest came from the cache)
	Relinked  int // among them, bodies whose source had not changed but what they cite had
	Made      int // files made (the rest were kept from the last build)
	Removed   int // files the site no longer has
	Index     search.Stats
	Editions  Editions // the whole-issue PDFs
	Took      time.Duration
	Unchanged bool   // every input was the live build's: nothing was written
	Notice    string // why a cache could not be used, when one could not

	Written []string // site paths of the files made, with Update
}

func (s Summary) String() string {
	if s.Unchanged {
		return fmt.Sprintf("%d documents; nothing changed since the last build, public/ and index/ kept; in %v",
			s.Documents, s.Took.Round(time.Millisecond))
	}
	pdfs := ""
	if s.Editions.PDFs > 0 {
		pdfs = fmt.Sprintf(", %d issue PDFs (%d made)", s.Editions.PDFs, s.Editions.Made)
	}
	return fmt.Sprintf("%d documents (%d rendered), %d pages, %d feeds, %d files (%d made, %d kept)%s; index %d added, %d changed, %d removed; in %v",
		s.Documents, s.Rendered, s.Pages, s.Feeds, s.Files, s.Made, s.Files-s.Made, pdfs, s.Index.Added, s.Index.Changed, s.Index.Removed,
		s.Took.Round(time.Millisecond))
}

// SiteFile is where the build leaves the site configuration for the
// server, inside the index directory: serve reads only public/ and index/.
const SiteFile = "site.json"

// Run builds the site into a new generation: Build with an Engine that
// has no state in memory.
func Run(ctx context.Context, opt Options) (Summary, error) {
	e := New(opt)
	defer e.Close()
	return e.Build(ctx)
}

// Engine builds one site again and again. It holds what it read of the
// build caches, so that a process that builds many times (serve -watch, a
// scheduled server) reads them once. It is not safe for concurrent use.
type Engine struct {
	opt      Options
	prog     string
	contents *content.Cache
	bodies   *render.Store
	render   *render.Renderer
	live     *manifest     // of the live generation, as this engine made or read it
	site     *content.Site // of the last good build
	notice   string
	full     bool // the next build makes every file (the caches were not usable)
	cacheDir string
	opened   bool
	unsaved  bool            // the content cache on disk is not e.contents: save it even if nothing was parsed
	watched  bool            // the content cache holds the whole tree: an Update may trust its list of changes
	edition  *edition.Engine // WeasyPrint, started by the first build that makes an issue PDF

	facts        map[string]bodyFacts // by source hash (citations.go)
	factsChanged bool
	links        *links // of the build under way
}

// New returns an engine for opt; nothing is read until the first build.
func New(opt Options) *Engine {
	return &Engine{opt: opt, render: render.New()}
}

// Site is the content of the last good build, or nil.
func (e *Engine) Site() *content.Site { return e.site }

// SetNow sets the build time of the next build: embargoes and expiry are
// judged against it.
func (e *Engine) SetNow(t time.Time) { e.opt.Now = t }

// Close releases the engine's caches and stops the PDF engine.
func (e *Engine) Close() error {
	if e.edition != nil {
		e.edition.Close()
	}
	if e.bodies != nil {
		return e.bodies.Close()
	}
	return nil
}

// Build brings the site up to date in a new generation and makes it live.
// On error (a content error is a content.ErrorList) nothing in Public or
// Index has changed.
func (e *Engine) Build(ctx context.Context) (Summary, error) {
	return e.run(ctx, false, nil, nil)
}

// Update brings the live site up to date in place, after changes to the
// named paths under the content folder ("" for a change elsewhere, to the
// templates). Once files are written it calls written, if set, before
// the search index is brought up to date. Without a live generation it
// builds one as Build does. On error the files already replaced stay; the
// next build makes everything again.
func (e *Engine) Update(ctx context.Context, changed []string, written func()) (Summary, error) {
	return e.run(ctx, true, changed, written)
}

func (e *Engine) progress(stage string, done, total int) {
	if e.opt.Progress != nil {
		e.opt.Progress(stage, done, total)
	}
}

func (e *Engine) run(ctx context.Context, inPlace bool, changed []string, written func()) (sum Summary, err error) {
	start := time.Now()
	lk, err := publish.Store{Public: e.opt.Public, Index: e.opt.Index, Adopt: e.opt.Adopt, Preview: e.opt.Drafts}.Lock()
	if err != nil {
		return sum, err
	}
	defer lk.Unlock()
	var s *content.Site // what was loaded, for the record of a failure
	defer func() {
		if rerr := e.remember(lk, s, err); rerr != nil && err == nil {
			sum.Notice = strings.TrimPrefix(sum.Notice+"; "+rerr.Error(), "; ")
		}
	}()
	live := lk.Live()
	if err := e.open(lk, live); err != nil {
		return sum, err
	}
	sum.Notice, e.notice = e.notice, ""

	e.progress("load", 0, 0)
	var paths []string
	for _, p := range changed {
		if p != "" {
			paths = append(paths, p)
		}
	}
	// Partial: a tree with errors is not built, but what of it could be
	// read tells the record of the failure which releases wait on it.
	s, err = content.Load(ctx, e.opt.Content, content.Options{Now: e.opt.Now, Drafts: e.opt.Drafts, Root: e.opt.ContentRoot,
		Cache: e.contents, LeaveBodies: true, Watched: inPlace && e.watched, Changed: paths, Partial: true})
	if err != nil {
		return sum, err
	}
	if err := report.Check(s, e.opt.Content, cmp.Or(e.opt.ContentRoot, "content")); err != nil {
		return sum, err
	}
	e.watched = true
	sum.Documents, sum.Parsed = len(s.Documents), s.Parsed
	if e.links, err = e.link(ctx, s); err != nil {
		return sum, err
	}
	if sum.Rendered, sum.Relinked, err = e.renderNew(ctx, s.Documents); err != nil {
		return sum, err
	}

	pdfs, eds, err := e.editions(ctx, s)
	if err != nil {
		return sum, err
	}
	sum.Editions = eds

	tmpl, err := site.LoadTemplates(e.opt.Templates, s.Config)
	if err != nil {
		return sum, err
	}
	base, err := e.baseKey(s)
	if err != nil {
		return sum, err
	}
	stamps := e.links.stamps(content.Stamps(s.Documents))
	jobs, err := site.Plan(s, tmpl, site.Inputs{Base: base, Stamps: stamps, Body: e.body, Content: e.opt.Content, CitedBy: e.links.citers})
	if err != nil {
		return sum, err
	}
	jobs = append(jobs, feeds.Plan(s, base, stamps, e.body)...)
	jobs = append(jobs, e.links.openData(s.Config), e.idJob(s))
	jobs = append(jobs, pdfs...)
	if err := inScripts(s.Config, s.Assets, jobs); err != nil {
		return sum, err
	}
	var recs []search.Record
	if e.opt.Index != "" {
		if recs, err = e.records(s); err != nil {
			return sum, err
		}
	}
	siteFile, err := json.Marshal(s.Config)
	if err != nil {
		return sum, err
	}
	server := serverFiles{site: siteFile, schedule: schedule(s)}
	next := newManifest(jobs, recs, siteFile, server.schedule)
	for _, j := range jobs {
		sum.Files += len(j.Paths)
		switch {
		case strings.HasSuffix(j.Paths[0], "feed.xml"):
			sum.Feeds++
		case strings.HasSuffix(j.Paths[0], ".html"):
			sum.Pages++
		}
	}

	prev := e.live
	if live == "" || prev == nil || e.full || e.opt.Full {
		prev = &manifest{}
	}
	e.full = false
	if live != "" && prev.same(next) && e.indexed(live) {
		sum.Unchanged, sum.Took = true, time.Since(start)
		e.site = s
		return sum, e.save(s)
	}
	if inPlace && live != "" {
		err = e.update(ctx, live, prev, next, jobs, recs, server, &sum, written)
		if err == nil {
			err = e.save(s)
		}
	} else {
		var txn *publish.Txn
		if txn, err = e.generation(ctx, lk, live, prev, next, jobs, recs, server, &sum); err == nil {
			err = e.commit(ctx, txn, s)
		}
	}
	if err != nil {
		return sum, err
	}
	e.live, e.site = next, s
	sum.Took = time.Since(start)
	return sum, nil
}

// commit keeps the caches, then makes the new generation live. The caches
// are keyed by what they hold, so keeping them first is right whether or
// not the commit follows; and the store is free for the next build as soon
// as the new pages can be read, not after the caches are written, so that
// someone who sees a page go live (or a publisher that waits for it) and
// builds at once is not turned away.
func (e *Engine) commit(ctx context.Context, txn *publish.Txn, s *content.Site) error {
	err := e.save(s)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = txn.Commit()
	}
	if err != nil {
		txn.Abort()
	}
	return err
}

// indexed reports whether the live generation has the index its manifest
// describes (a site without search has none to have).
func (e *Engine) indexed(live string) bool {
	if e.opt.Index == "" {
		return true
	}
	_, err := os.Stat(filepath.Join(live, "index", SiteFile))
	return err == nil
}

// generation writes a new generation, for commit to make live: the files
// whose job changed are made, the others linked from the live one, the
// index brought up to date from the live one's. On error nothing of it is
// left.
func (e *Engine) generation(ctx context.Context, lk *publish.Locked, live string, prev, next *manifest,
	jobs []publish.Job, recs []search.Record, server serverFiles, sum *Summary) (_ *publish.Txn, err error) {
	txn, err := lk.Begin()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			txn.Abort()
		}
	}()
	prevPublic, prevIndex := "", ""
	if live != "" {
		prevPublic, prevIndex = filepath.Join(live, "public"), filepath.Join(live, "index")
	}
	// A reused generation is trusted as far as its manifest says, which
	// goes first, so that a build killed while changing it leaves one that
	// is not reused again; and not at all in a complete build (prev is
	// empty), which trusts nothing a build left.
	var have *manifest
	if txn.Reused {
		have, _ = readManifest(txn.Dir)
		if err := removeManifest(txn.Dir); err != nil {
			return nil, err
		}
		if have == nil || len(prev.Files) == 0 {
			have = nil
			if err := txn.Empty(); err != nil {
				return nil, err
			}
		}
	}
	// The index builds while the files are written.
	ix := startIndex(ctx, prevIndex, txn.Index, recs, server)
	defer ix.cancel()
	w := publish.NewWriter(txn.Public, prevPublic, e.opt.Content)
	if have != nil {
		w = publish.NewReplacingWriter(txn.Public, prevPublic, e.opt.Content)
	}
	werr := e.write(ctx, w, have, prev, jobs, sum)
	if werr == nil && have != nil {
		werr = removeStale(w, have, next)
	}
	if werr != nil {
		ix.cancel() // the build has failed: do not finish the index
	}
	st, ierr := ix.wait()
	sum.Index = st
	if werr != nil {
		return nil, werr
	}
	if ierr != nil {
		return nil, ierr
	}
	if err := next.write(txn.Dir); err != nil {
		return nil, err
	}
	return txn, nil
}

// update changes the live generation in place. Its manifest is removed
// first and written again last, so that a build interrupted in between is
// followed by a complete one, never one that trusts files it did not make.
func (e *Engine) update(ctx context.Context, live string, prev, next *manifest,
	jobs []publish.Job, recs []search.Record, server serverFiles, sum *Summary, written func()) error {
	e.live = nil
	if err := removeManifest(live); err != nil {
		return err
	}
	var ix *indexing
	index := filepath.Join(live, "index")
	if e.opt.Index != "" && !prev.sameIndex(next) {
		ix = startIndex(ctx, index, filepath.Join(live, ".index.new-"+fmt.Sprint(time.Now().UnixNano())), recs, server)
		defer ix.cancel()
	}
	w := publish.NewInPlaceWriter(filepath.Join(live, "public"), e.opt.Content)
	if err := e.write(ctx, w, nil, prev, jobs, sum); err != nil {
		return err
	}
	for p := range prev.Files {
		if _, ok := next.Files[p]; !ok {
			if err := w.Remove(p); err != nil {
				return err
			}
			sum.Removed++
		}
	}
	if written != nil {
		written()
	}
	if ix != nil {
		st, err := ix.wait()
		sum.Index = st
		if err != nil {
			os.RemoveAll(ix.dir)
			return err
		}
		if err := publish.Swap(ix.dir, index); err != nil {
			return err
		}
	} else if !prev.sameIndex(next) || !bytes.Equal(prev.Schedule, next.Schedule) {
		if err := server.write(index); err != nil {
			return err
		}
	}
	return next.write(live)
}

// removeStale removes from a reused generation the files the new one does
// not have.
func removeStale(w *publish.Writer, have, next *manifest) error {
	for p := range have.Files {
		if _, ok := next.Files[p]; !ok {
			if err := w.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// write makes the jobs whose key is not the one prev records, and keeps
// the files of the others; in a reused generation, a job whose files have
// records its key (have) is left alone.
func (e *Engine) write(ctx context.Context, w *publish.Writer, have, prev *manifest, jobs []publish.Job, sum *Summary) error {
	var made, done atomic.Int64
	var writtenPaths []string
	var mu sync.Mutex
	e.progress("write", 0, len(jobs))
	err := parallel.Do(ctx, len(jobs), func(i int) error {
		j := jobs[i]
		if have != nil && have.holds(j) {
			for _, p := range j.Paths {
				if err := w.Have(p); err != nil {
					return err
				}
			}
			if n := done.Add(1); n%256 == 0 || int(n) == len(jobs) {
				e.progress("write", int(n), len(jobs))
			}
			return nil
		}
		keep := true
		for _, p := range j.Paths {
			if k, ok := prev.Files[p]; !ok || k != j.Key {
				keep = false
			}
		}
		if keep {
			for _, p := range j.Paths {
				if err := w.Keep(p); errors.Is(err, publish.ErrNotKept) {
					keep = false
					break
				} else if err != nil {
					return err
				}
			}
		}
		if !keep {
			files, err := j.Make()
			if err != nil {
				return err
			}
			for _, f := range files {
				if err := w.Write(f); err != nil {
					return err
				}
			}
			made.Add(int64(len(files)))
			mu.Lock()
			for _, f := range files {
				writtenPaths = append(writtenPaths, f.Path)
			}
			mu.Unlock()
		}
		if n := done.Add(1); n%256 == 0 || int(n) == len(jobs) {
			e.progress("write", int(n), len(jobs))
		}
		return nil
	})
	sum.Made = int(made.Load())
	sum.Written = writtenPaths
	return err
}

// renderNew renders the documents whose source the body store does not
// have, and gives every document what its body tells (summary, length).
func (e *Engine) renderNew(ctx context.Context, docs []*content.Document) (rendered, relinked int, err error) {
	var todo []*content.Document
	for _, d := range docs {
		if summary, runes, ok := e.bodies.Meta(e.links.key(d)); ok {
			apply(d, summary, runes)
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
		apply(d, b.Summary, b.Runes)
		if n := count.Add(1); n%64 == 0 || int(n) == len(todo) {
			e.progress("render", int(n), len(todo))
		}
		return nil
	})
	return len(todo), relinked, err
}

func apply(d *content.Document, summary string, runes int) {
	d.ReadingRunes = runes
	if d.Summary == "" {
		d.Summary = summary
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
