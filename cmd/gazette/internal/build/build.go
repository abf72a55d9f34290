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
	"context"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/search"
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
	Stages    []Stage // each stage of the build, in order, with how long it took
	Unchanged bool    // every input was the live build's: nothing was written
	Notice    string  // why a cache could not be used, when one could not

	Written []string // site paths of the files made, with Update
}

// Stage is one named stage of a build (see Plan) and how long it took.
type Stage struct {
	Name string // "load", "render", "edition", "assemble", "publish"
	Took time.Duration
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
	live     *disk.Manifest // of the live generation, liveDir, as this engine made or read it
	liveDir  string
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

// A pass is one build: the store it holds, what it was asked to do, and
// the summary it fills in.
type pass struct {
	lk      *publish.Locked
	live    string   // the live generation's folder; "" for none
	inPlace bool     // Update: change the live generation in place
	changed []string // Update: the content paths that changed
	written func()   // Update: told once the files are written
	sum     *Summary
}

// stage runs one named stage of b and records how long it took.
func (e *Engine) stage(b *pass, name string, run func() error) error {
	start := time.Now()
	err := run()
	b.sum.Stages = append(b.sum.Stages, Stage{Name: name, Took: time.Since(start)})
	return err
}

// lock takes the store of the engine's outputs, for one build.
func (e *Engine) lock() (*publish.Locked, error) {
	return publish.Store{Public: e.opt.Public, Index: e.opt.Index, Adopt: e.opt.Adopt, Preview: e.opt.Drafts}.Lock()
}

// run is a build: lock the store, plan, publish.
func (e *Engine) run(ctx context.Context, inPlace bool, changed []string, written func()) (sum Summary, err error) {
	start := time.Now()
	lk, err := e.lock()
	if err != nil {
		return sum, err
	}
	defer lk.Unlock()
	b := &pass{lk: lk, live: lk.Live(), inPlace: inPlace, written: written, sum: &sum}
	for _, p := range changed {
		if p != "" {
			b.changed = append(b.changed, p)
		}
	}
	var s *content.Site // what was loaded, for the record of a failure
	defer func() {
		if rerr := e.remember(lk, s, err); rerr != nil && err == nil {
			sum.Notice = strings.TrimPrefix(sum.Notice+"; "+rerr.Error(), "; ")
		}
	}()
	if err := e.open(lk, b.live); err != nil {
		return sum, err
	}
	sum.Notice, e.notice = e.notice, ""
	p, err := e.plan(ctx, b)
	s = p.Site
	if err != nil {
		return sum, err
	}
	p.count(&sum)
	if err := e.stage(b, "publish", func() error { return e.publish(ctx, b, p) }); err != nil {
		return sum, err
	}
	sum.Took = time.Since(start)
	return sum, nil
}
