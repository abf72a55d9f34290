package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/search"
)

// open reads the build caches, once per engine: the parsed content, the
// rendered bodies and the manifest of the live generation. What cannot be
// used is replaced by nothing, and e.notice says why. A complete build
// (Options.Full) starts from empty caches but leaves the files as they
// are: its save replaces them whole, so a build stopped before then
// leaves the last ones to the next.
func (e *Engine) open(lk *publish.Locked, live string) error {
	if e.opened {
		if live != e.liveDir {
			// Another process made the live generation since this
			// engine's last build: its manifest is the one to trust.
			e.live = nil
		}
		if e.live == nil && live != "" && !e.opt.Full {
			var why string
			if e.live, why = disk.ReadManifest(live); why != "" {
				e.notice = "build cache: " + why
			}
			e.liveDir = live
		}
		return nil
	}
	prog, err := programHash()
	if err != nil {
		return err
	}
	e.prog = prog
	dir := lk.CacheDir()
	e.cacheDir = dir
	var why []string
	if e.opt.Full {
		e.contents, e.unsaved = content.NewCache(), true
		if e.bodies, err = render.EmptyStore(dir, prog); err != nil {
			return err
		}
		e.opened = true
		return nil
	}
	c, err := content.ReadCache(filepath.Join(dir, "content"), prog)
	e.contents, e.unsaved = c, err != nil
	switch {
	case err == nil:
	case !errors.Is(err, fs.ErrNotExist):
		why = append(why, "the content cache: "+err.Error())
	case live != "":
		// A site built before has a cache: without it, nothing of the
		// live build can be trusted to be what its content makes.
		why = append(why, "the content cache is missing")
	}
	if e.bodies, err = render.OpenStore(dir, prog); err != nil {
		return err
	}
	if n := e.bodies.Notice(); n != "" {
		why = append(why, n)
	} else if e.bodies.Missing() && live != "" {
		why = append(why, "the rendered-body cache is missing")
	}
	if live != "" {
		var w string
		if e.live, w = disk.ReadManifest(live); w != "" {
			why = append(why, w)
		}
		e.liveDir = live
	}
	if len(why) > 0 {
		// What made the live generation cannot be trusted either.
		e.notice = "build cache: " + strings.Join(why, "; ")
		e.live = nil
		e.full = true
	}
	e.opened = true
	return nil
}

// save writes the caches for the next process, each replacing the last
// one whole.
func (e *Engine) save(s *content.Site) error {
	live := make(map[string]bool, len(s.Documents))
	for _, d := range s.Documents {
		live[e.links.key(d)] = true
	}
	if err := e.bodies.Save(live); err != nil {
		return err
	}
	if e.factsChanged {
		if err := saveLawCache(e.cacheDir, e.prog, e.facts, s); err != nil {
			return err
		}
		e.factsChanged = false
	}
	if s.Parsed > 0 || e.unsaved {
		if err := e.contents.Save(filepath.Join(e.cacheDir, "content"), e.prog); err != nil {
			return err
		}
		e.unsaved = false
	}
	return nil
}

// newManifest is the manifest of a generation made of jobs, with the
// index records recs and the server's files.
func newManifest(jobs []publish.Job, recs []search.Record, server serverFiles) *disk.Manifest {
	m := &disk.Manifest{Files: map[string][32]byte{}, Records: make(map[string]string, len(recs)), SiteFile: server.site, Schedule: server.schedule.Key()}
	for _, j := range jobs {
		for _, p := range j.Paths {
			m.Files[p] = j.Key
		}
	}
	for _, r := range recs {
		m.Records[r.ID] = r.Hash
	}
	return m
}

// An indexing is a search.Build running into dir in the background.
type indexing struct {
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
	st     search.Stats
	err    error
}

// startIndex starts building the index of recs into dir, from the index
// prev when there is one, then writes the server's files beside it.
// Cancel stops it; wait returns what it did.
func startIndex(ctx context.Context, prev, dir string, recs []search.Record, server serverFiles) *indexing {
	ctx, cancel := context.WithCancel(ctx)
	p := &indexing{dir: dir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if recs == nil { // a site without search: only the site file
			p.err = os.MkdirAll(dir, 0o755)
		} else {
			p.st, p.err = search.Build(ctx, prev, dir, recs)
		}
		if p.err != nil {
			p.err = fmt.Errorf("search index: %w", p.err)
		} else {
			p.err = server.write(dir)
		}
	}()
	return p
}

func (p *indexing) wait() (search.Stats, error) {
	<-p.done
	p.cancel()
	return p.st, p.err
}

// serverFiles are what the server reads beside the index: the site's
// configuration and the schedule (see serve).
type serverFiles struct {
	site     []byte
	schedule disk.Schedule
}

// write puts the files into an index directory (disk.WriteServerFiles).
// Replicas that may run as another user than the build read the whole
// directory, these files and Bleve's (which it makes 0600), so write
// leaves all of it readable, as publish does the site.
func (f serverFiles) write(dir string) error {
	if err := disk.WriteServerFiles(dir, f.site, f.schedule); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if err := publish.Readable(dir); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
