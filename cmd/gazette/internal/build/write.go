package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
)

// publish is the last stage: it writes the plan into a new generation and
// makes it live (Build), or changes the live one in place (Update); or,
// when every key and record is the live generation's, writes nothing.
func (e *Engine) publish(ctx context.Context, b *pass, p *Plan) error {
	next := p.manifest()
	prev := e.live
	if b.live == "" || prev == nil || e.full || e.opt.Full {
		prev = &disk.Manifest{}
	}
	e.full = false
	if b.live != "" && prev.Same(next) && e.indexed(b.live) {
		b.sum.Unchanged = true
		e.site = p.Site
		return e.save(p.Site)
	}
	dir := b.live
	var err error
	if b.inPlace && b.live != "" {
		err = e.update(ctx, b, p, prev, next)
		if err == nil {
			err = e.save(p.Site)
		}
	} else {
		var txn *publish.Txn
		if txn, err = e.generation(ctx, b, p, prev, next); err == nil {
			err = e.commit(ctx, txn, p.Site)
			dir = txn.Dir
		}
	}
	if err != nil {
		return err
	}
	e.live, e.liveDir, e.site = next, dir, p.Site
	return nil
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
	_, err := os.Stat(filepath.Join(live, "index", disk.SiteFile))
	return err == nil
}

// generation writes a new generation, for commit to make live: the files
// whose job changed are made, the others linked from the live one, the
// index brought up to date from the live one's. On error nothing of it is
// left.
func (e *Engine) generation(ctx context.Context, b *pass, p *Plan, prev, next *disk.Manifest) (_ *publish.Txn, err error) {
	txn, err := b.lk.Begin()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			txn.Abort()
		}
	}()
	prevPublic, prevIndex := "", ""
	if b.live != "" {
		prevPublic, prevIndex = filepath.Join(b.live, "public"), filepath.Join(b.live, "index")
	}
	// A reused generation is trusted as far as its manifest says, which
	// goes first, so that a build killed while changing it leaves one that
	// is not reused again; and not at all in a complete build (prev is
	// empty), which trusts nothing a build left.
	var have *disk.Manifest
	if txn.Reused {
		have, _ = disk.ReadManifest(txn.Dir)
		if err := disk.RemoveManifest(txn.Dir); err != nil {
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
	ix := startIndex(ctx, prevIndex, txn.Index, p.Records, p.server())
	defer ix.cancel()
	w := publish.NewWriter(txn.Public, prevPublic, e.opt.Content)
	if have != nil {
		w = publish.NewReplacingWriter(txn.Public, prevPublic, e.opt.Content)
	}
	werr := e.write(ctx, w, have, prev, p.Jobs, b.sum)
	if werr == nil && have != nil {
		werr = removeStale(w, have, next)
	}
	if werr != nil {
		ix.cancel() // the build has failed: do not finish the index
	}
	st, ierr := ix.wait()
	b.sum.Index = st
	if werr != nil {
		return nil, werr
	}
	if ierr != nil {
		return nil, ierr
	}
	if err := next.Write(txn.Dir); err != nil {
		return nil, err
	}
	return txn, nil
}

// update changes the live generation in place. Its manifest is removed
// first and written again last, so that a build interrupted in between is
// followed by a complete one, never one that trusts files it did not make.
func (e *Engine) update(ctx context.Context, b *pass, p *Plan, prev, next *disk.Manifest) error {
	live, server := b.live, p.server()
	e.live = nil
	if err := disk.RemoveManifest(live); err != nil {
		return err
	}
	var ix *indexing
	index := filepath.Join(live, "index")
	if e.opt.Index != "" && !prev.SameIndex(next) {
		ix = startIndex(ctx, index, filepath.Join(live, ".index.new-"+fmt.Sprint(time.Now().UnixNano())), p.Records, server)
		defer ix.cancel()
	}
	w := publish.NewInPlaceWriter(filepath.Join(live, "public"), e.opt.Content)
	if err := e.write(ctx, w, nil, prev, p.Jobs, b.sum); err != nil {
		return err
	}
	for p := range prev.Files {
		if _, ok := next.Files[p]; !ok {
			if err := w.Remove(p); err != nil {
				return err
			}
			b.sum.Removed++
		}
	}
	if b.written != nil {
		b.written()
	}
	if ix != nil {
		st, err := ix.wait()
		b.sum.Index = st
		if err != nil {
			os.RemoveAll(ix.dir)
			return err
		}
		if err := publish.Swap(ix.dir, index); err != nil {
			return err
		}
	} else if !prev.SameIndex(next) || !bytes.Equal(prev.Schedule, next.Schedule) {
		if err := server.write(index); err != nil {
			return err
		}
	}
	return next.Write(live)
}

// removeStale removes from a reused generation the files the new one does
// not have.
func removeStale(w publish.Writer, have, next *disk.Manifest) error {
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
func (e *Engine) write(ctx context.Context, w publish.Writer, have, prev *disk.Manifest, jobs []publish.Job, sum *Summary) error {
	var made, done atomic.Int64
	var writtenPaths []string
	var mu sync.Mutex
	e.progress("write", 0, len(jobs))
	err := parallel.Do(ctx, len(jobs), func(i int) error {
		j := jobs[i]
		if have != nil && have.Holds(j.Paths, j.Key) {
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
