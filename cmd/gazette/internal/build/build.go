// Package build runs the pipeline: load content, render it, assemble the
// site, write public/ and the search index, and swap both into place only
// when every step succeeded.
package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
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
	Index       string
	Now         time.Time
	Drafts      bool
	Adopt       bool // move a directory found at Public or Index into .gazette/adopted/ (see publish.Store)

	// Progress, when set, is told of each stage ("load", "render",
	// "assemble", "write") as it starts and, where the work is counted,
	// as it goes: done of total (total 0 when not counted). It may be
	// called from several goroutines at once.
	Progress func(stage string, done, total int)
}

// Summary says what a build did.
type Summary struct {
	Documents int // published documents
	Files     int // files written to public/
	Pages     int // HTML pages among them
	Feeds     int // feeds among them (each in RSS, Atom and JSON Feed)
	Index     search.Stats
	Took      time.Duration
	Unchanged bool // the inputs were those of the live build: nothing was written
}

func (s Summary) String() string {
	if s.Unchanged {
		return fmt.Sprintf("%d documents; nothing changed since the last build, public/ and index/ kept; in %v",
			s.Documents, s.Took.Round(time.Millisecond))
	}
	return fmt.Sprintf("%d documents, %d pages, %d feeds, %d files; index %d added, %d changed, %d removed; in %v",
		s.Documents, s.Pages, s.Feeds, s.Files, s.Index.Added, s.Index.Changed, s.Index.Removed, s.Took.Round(time.Millisecond))
}

// SiteFile is where the build leaves the site configuration for the
// server, inside the index directory: serve reads only public/ and index/.
const SiteFile = "site.json"

// Run builds the site. On error nothing in Public or Index has changed.
func Run(ctx context.Context, opt Options) (Summary, error) {
	start := time.Now()
	var sum Summary
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	progress("load", 0, 0)
	s, err := content.Load(ctx, opt.Content, content.Options{Now: opt.Now, Drafts: opt.Drafts, Root: opt.ContentRoot, LeaveBodies: true})
	if err != nil {
		return sum, err
	}
	stamp, err := inputStamp(opt, s)
	if err != nil {
		return sum, err
	}
	if upToDate(opt, stamp) {
		sum.Documents, sum.Unchanged, sum.Took = len(s.Documents), true, time.Since(start)
		return sum, nil
	}
	txn, err := publish.Store{Public: opt.Public, Index: opt.Index, Adopt: opt.Adopt}.Begin()
	if err != nil {
		return sum, err
	}
	committed := false
	defer func() {
		if !committed {
			txn.Abort()
		}
	}()
	// No body is held in memory: each is read again to be rendered, and
	// the result goes to a file beside the new generation.
	bodies, err := content.NewBodies(filepath.Dir(txn.Public))
	if err != nil {
		return sum, err
	}
	defer bodies.Close()
	progress("render", 0, len(s.Documents))
	if err := renderAll(ctx, s.Documents, opt.Content, bodies, func(n int) { progress("render", n, len(s.Documents)) }); err != nil {
		return sum, err
	}
	progress("assemble", 0, 0)
	tmpl, err := site.LoadTemplates(opt.Templates, s.Config.Location)
	if err != nil {
		return sum, err
	}
	// The index builds while the pages are made and written, starting from
	// the previous one; each page is written as soon as it is made, so the
	// site is never all in memory.
	ix := indexInto(ctx, opt.Index, txn.Index, s)
	defer ix.cancel()
	progress("write", 0, 0)
	var files, pages, feeds atomic.Int64
	w := publish.NewWriter(txn.Public, opt.Content)
	writeErr := site.AssembleTo(ctx, s, tmpl, func(f publish.File) error {
		files.Add(1)
		switch {
		case path.Base(f.Path) == "feed.xml":
			feeds.Add(1)
		case strings.HasSuffix(f.Path, ".html"):
			pages.Add(1)
		}
		return w.Write(f)
	})
	if writeErr != nil {
		ix.cancel() // the build has failed: do not finish the index
	}
	var iErr error
	sum.Index, iErr = ix.wait()
	sum.Documents, sum.Files, sum.Pages, sum.Feeds = len(s.Documents), int(files.Load()), int(pages.Load()), int(feeds.Load())
	if writeErr != nil {
		return sum, writeErr
	}
	if iErr != nil {
		return sum, iErr
	}
	if err := os.WriteFile(filepath.Join(txn.Index, StampFile), []byte(stamp), 0o644); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if err := txn.Commit(); err != nil {
		return sum, err
	}
	committed = true
	sum.Took = time.Since(start)
	return sum, nil
}

// Render renders every document's body across all cores, keeping the
// results in memory.
func Render(docs []*content.Document) error {
	return renderAll(context.Background(), docs, nil, nil, nil)
}

// renderAll is Render reading the Markdown again from src, when set (the
// documents were loaded with content.Options.LeaveBodies), keeping the
// results in bodies, when set, and telling done, when set, how many
// documents are done.
func renderAll(ctx context.Context, docs []*content.Document, src fs.FS, bodies *content.Bodies, done func(int)) error {
	var count atomic.Int64
	r := render.New()
	return parallel.Do(ctx, len(docs), func(i int) error {
		d := docs[i]
		body := d.Body
		if src != nil {
			var err error
			if body, err = content.ReadBody(src, d); err != nil {
				return fmt.Errorf("%s: %w", d.Path, err)
			}
		}
		res, err := r.Render(body)
		if err != nil {
			return fmt.Errorf("%s: rendering: %w", d.Path, err)
		}
		if bodies == nil {
			d.SetRendered(res.HTML, res.Text)
		} else if k, err := bodies.Keep(res.HTML, res.Text); err != nil {
			return err
		} else {
			d.SetKept(k)
		}
		d.ReadingRunes = res.Runes
		if d.Summary == "" {
			d.Summary = res.Summary
		}
		if n := count.Add(1); done != nil && (n%64 == 0 || int(n) == len(docs)) {
			done(int(n))
		}
		return nil
	})
}

// Records converts the published documents for the search index. The hash
// covers everything the index stores, so an unchanged hash means nothing to
// reindex.
func Records(s *content.Site) []search.Record {
	var recs []search.Record
	for _, d := range s.Documents {
		if d.Kind == content.KindIssue {
			continue
		}
		r := search.Record{
			ID: d.URL, URL: d.URL, Title: d.Title, LoadBody: d.Text, Section: d.Section,
			Organ: d.Organ, Topic: d.Topic, Category: d.Category, Validity: d.Validity,
			DocNumber: d.DocNumber, IndexNumber: d.IndexNumber, Lang: d.Lang, Date: d.Date,
		}
		h := sha256.New()
		for _, f := range []string{d.Hash, r.URL, r.Validity, r.IndexNumber, d.Date.String()} {
			h.Write([]byte(f))
			h.Write([]byte{0})
		}
		r.Hash = hex.EncodeToString(h.Sum(nil))
		recs = append(recs, r)
	}
	return recs
}
