// Package watch is gazette serve -watch: it watches the content and
// templates folders, rebuilds the site incrementally when a file changes,
// and tells open browser tabs to reload.
//
// The preview is also rebuilt at each instant the clock changes the site
// (an embargo ends, a document expires), as a scheduled build would be.
//
// Changes are collected for Debounce after the last one (an editor's save
// is often several file-system events), then build.Engine.Update brings the
// live site up to date in place — only the files fsnotify named are read
// again, only the documents that changed are rendered again, only the pages
// and feeds that show them are made and replaced — and every tab gets a
// "reload" event as soon as the files are written; the search index
// follows. A content error is printed on the terminal and sent to every tab
// as a "problem" event, which the script shows as an overlay; public/ is
// left as it was, so the last good site stays served.
//
// In watch mode, and only then, every HTML response gets
//
//	<script src="/_gazette/reload.js" defer></script>
//
// before </body>. The script is served from the site's own origin, so the
// Content-Security-Policy (script-src 'self') allows it, and it opens an
// EventSource on /_gazette/events:
//
//	event: reload    the site changed: reload the page
//	event: problem   data: the errors, one per line: show the overlay
//	event: ok        a rebuild succeeded without changing any page: hide it
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/lint"
)

// DefaultDebounce is how long to wait after a change for more: long enough
// to gather one save's events (write, chmod, rename of a temp file), short
// enough not to be noticed.
const DefaultDebounce = 30 * time.Millisecond

// Options configure a Watcher.
type Options struct {
	Build        build.Options    // Content must read ContentDir; Now is taken from Clock
	ContentDir   string           // watched, recursively; holds site.yaml
	TemplatesDir string           // watched when it exists
	Clock        func() time.Time // the build time of each rebuild; time.Now when nil
	Debounce     time.Duration    // DefaultDebounce when zero
	Out          io.Writer        // the terminal: one line per rebuild, every error
	Log          *slog.Logger
	Changed      func() // after public/ or index/ changed: serve.Server.Reload
}

// Watcher rebuilds and notifies. Its Handler serves the live-reload
// endpoints; Run watches and rebuilds until its context ends.
type Watcher struct {
	opt    Options
	engine *build.Engine
	built  bool // the first build is done: later ones are updates
	hub    hub

	mu   sync.Mutex
	done <-chan struct{} // of Run's context, which also ends event streams
}

// New returns a Watcher. It builds nothing yet: call Build for the first
// build, then Run, and Close at the end.
func New(opt Options) *Watcher {
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Changed == nil {
		opt.Changed = func() {}
	}
	w := &Watcher{opt: opt}
	w.engine = build.New(opt.Build)
	w.hub.subs = map[chan event]bool{}
	return w
}

// Close releases the engine's caches and stops its PDF engine
// (build.Engine.Close); call it once the watcher builds no more.
func (w *Watcher) Close() error { return w.engine.Close() }

// Build runs a build now: the first, complete one, or an incremental one
// after changes to the named content paths. It reports on the terminal and
// to open tabs, and returns the build's error.
func (w *Watcher) Build(ctx context.Context, changed ...string) error {
	w.engine.SetNow(w.opt.Clock())
	var sum build.Summary
	var err error
	reloaded := false
	if !w.built {
		sum, err = w.engine.Build(ctx)
	} else {
		sum, err = w.engine.Update(ctx, changed, func() {
			// The pages first: a tab reloads while the index is brought up
			// to date.
			w.changed()
			w.hub.send(event{name: "reload"})
			reloaded = true
		})
	}
	if err != nil {
		w.problem(err)
		return err
	}
	w.built = true
	if sum.Notice != "" {
		fmt.Fprintln(w.opt.Out, sum.Notice)
	}
	switch {
	case sum.Unchanged:
		w.hub.send(event{name: "ok"})
	case !reloaded:
		w.hub.send(event{name: "reload"})
	}
	w.changed() // the index, once it is swapped in
	fmt.Fprintf(w.opt.Out, "rebuilt in %v: %d documents rendered, %d files written, %d removed; index %d added, %d changed, %d removed\n",
		sum.Took.Round(time.Millisecond), sum.Rendered, sum.Made, sum.Removed, sum.Index.Added, sum.Index.Changed, sum.Index.Removed)
	w.opt.Log.Debug("files", "written", sum.Written)
	return nil
}

// problem reports a failed build on the terminal and to every tab.
func (w *Watcher) problem(err error) {
	var lines []string
	var list content.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			lines = append(lines, lint.FromError(e).String())
		}
	} else {
		lines = append(lines, err.Error())
	}
	fmt.Fprintf(w.opt.Out, "%s\nrebuild failed: still serving the last good site\n", strings.Join(lines, "\n"))
	w.hub.send(event{name: "problem", data: strings.Join(lines, "\n")})
}

// Run watches the folders and rebuilds after each burst of changes, until
// ctx ends. Call Build first.
func (w *Watcher) Run(ctx context.Context) error {
	w.mu.Lock()
	w.done = ctx.Done()
	w.mu.Unlock()
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer fw.Close()
	roots := []string{w.opt.ContentDir}
	if info, err := os.Stat(w.opt.TemplatesDir); err == nil && info.IsDir() {
		roots = append(roots, w.opt.TemplatesDir)
	}
	for _, r := range roots {
		if err := addTree(fw, r); err != nil {
			return fmt.Errorf("watch: %w", err)
		}
	}
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	due := time.NewTimer(w.untilDue())
	defer due.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-due.C:
			w.opt.Log.Debug("rebuild", "due", w.opt.Clock())
			_ = w.Build(ctx)
			due.Reset(w.untilDue())
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.opt.Log.Warn("watch", "err", err)
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if ignored(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// A new folder: watch it, and take what is already in it.
					_ = addTree(fw, ev.Name)
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() {
							w.mark(pending, p)
						}
						return nil
					})
				}
			}
			w.mark(pending, ev.Name)
			timer.Reset(w.opt.Debounce)
		case <-timer.C:
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			slices.Sort(changed)
			clear(pending)
			w.opt.Log.Debug("rebuild", "changed", changed)
			_ = w.Build(ctx, changed...)
			due.Reset(w.untilDue())
		}
	}
}

// mark records a changed file as a path under the content folder (files
// elsewhere, templates, still trigger a rebuild).
func (w *Watcher) mark(pending map[string]bool, name string) {
	rel, err := filepath.Rel(w.opt.ContentDir, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		pending[""] = true
		return
	}
	pending[filepath.ToSlash(rel)] = true
}

// ignored tells editors' scratch files from sources.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || base == "4913"
}

// addTree watches dir and every folder under it (fsnotify is not recursive).
func addTree(fw *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return fw.Add(p)
		}
		return nil
	})
}

// SetChanged sets what to call after public/ or index/ changed (the
// server's Reload); set it before Run.
func (w *Watcher) SetChanged(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opt.Changed = f
}

func (w *Watcher) changed() {
	w.mu.Lock()
	f := w.opt.Changed
	w.mu.Unlock()
	f()
}
