package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
)

// Builder builds one site again and again, doing only what an edit requires
// (gazette serve -watch). Between builds it keeps in memory:
//
//   - the parsed source files (content.Cache), so a load re-reads only the
//     files that changed;
//   - the rendered bodies, by file hash, so only changed documents are
//     rendered again (kept in a file, content.Bodies, not in memory);
//   - a fingerprint of every page: a hash of the data the page shows (the
//     documents on it, each by a stamp of its source and of what was
//     computed for it, plus the titles, links and pager of the page) and of
//     the templates and site.yaml. A page whose fingerprint is unchanged is
//     not executed, and its file in public/ is not touched.
//
// The first Build writes a complete site into a staging directory and swaps
// it in, as Run does. Later Builds change public/ in place: each changed
// file is written beside its old version and renamed over it (atomic for the
// file; a reader sees the old page or the new one), and untouched files
// keep their inode and time. Linking 25,000 unchanged files into a new
// directory tree takes seconds at 10,000 documents; replacing the three
// pages an edit touches takes milliseconds.
//
// Build does the pages, which is what an editor looks at, and meanwhile
// starts the search index of the new content (search.Build, incremental by
// record hash). Index then waits for it and swaps it in, and Feeds remakes
// the feeds whose items changed and writes the feed list and open data
// where their bytes changed.
// A Builder is not safe for concurrent use.
type Builder struct {
	opt      Options
	cache    *content.Cache
	renders  map[string]rendered // by Document.Hash
	bodies   *content.Bodies     // where renders keeps the bodies; made by the first renderNew. It only grows, by a body (tens of KB) for each edit
	outputs  map[string][32]byte // output path → fingerprint (pages) or content hash
	feeds    []string            // output paths of the feeds and open data
	feedKey  [32]byte            // of every document the feeds can show (see feedKey)
	feedKeys map[string][32]byte // by feed base: what it shows (see shownKey)
	site     *content.Site       // of the last good Build
	stamps   map[*content.Document][32]byte
	built    bool
	indexed  bool      // the index holds the last good Build
	pending  *indexing // the index of the last good Build, being made (Index swaps it in)
}

// SetNow sets the build time of the next Build: embargoes and expiry are
// judged against it.
func (b *Builder) SetNow(t time.Time) { b.opt.Now = t }

type rendered struct {
	body    content.Kept
	summary string
	runes   int
}

// Changes says what one Build, Index or Feeds did to public/ and index/.
type Changes struct {
	Documents, Pages   int      // in the site
	Feeds              int      // in the site, after Feeds
	Written, Removed   []string // output paths, sorted
	Rendered, Executed int      // documents rendered, page templates run
	Index              search.Stats
	Took               time.Duration
}

// NewBuilder returns a Builder for opt. opt.Index may be empty: then
// Index does nothing.
func NewBuilder(opt Options) *Builder {
	return &Builder{opt: opt, cache: content.NewCache(), renders: map[string]rendered{}, outputs: map[string][32]byte{}}
}

// Site is the site of the last good Build, or nil.
func (b *Builder) Site() *content.Site { return b.site }

// Build loads the content again — re-reading the files named in changed
// (paths under the content directory) even if their time looks unchanged —
// and brings public/'s pages up to date. On error (a content error is a
// content.ErrorList) public/ is as it was.
func (b *Builder) Build(ctx context.Context, changed ...string) (ch Changes, err error) {
	start := time.Now()
	b.cache.Forget(changed...)
	s, err := content.Load(ctx, b.opt.Content, content.Options{Now: b.opt.Now, Drafts: b.opt.Drafts, Root: b.opt.ContentRoot, Cache: b.cache})
	if err != nil {
		return ch, err
	}
	ch.Rendered, err = b.renderNew(ctx, s.Documents)
	if err != nil {
		return ch, err
	}
	// The index of the new content is made while the pages are: Index
	// waits for it and swaps it in, unless this Build fails.
	b.dropIndex()
	if b.built && b.opt.Index != "" {
		b.pending = b.startIndex(ctx, s)
		defer func() {
			if err != nil {
				b.dropIndex()
			}
		}()
	}
	tmpl, err := site.LoadTemplates(b.opt.Templates, s.Config.Location)
	if err != nil {
		return ch, err
	}
	pages, extras, err := site.PlanPages(s, tmpl)
	if err != nil {
		return ch, err
	}
	global, err := b.globalKey(s)
	if err != nil {
		return ch, err
	}
	stamps := docStamps(s.Documents)

	// Fingerprint every page; run the template of those that changed.
	prints := make([][32]byte, len(pages))
	parallel.For(len(pages), func(i int) { prints[i] = fingerprint(global, pages[i], stamps) })
	next := map[string][32]byte{}
	var todo []int
	for i, p := range pages {
		next[p.Path] = prints[i]
		if old, ok := b.outputs[p.Path]; !ok || old != prints[i] {
			todo = append(todo, i)
		}
	}
	ch.Documents, ch.Pages = len(s.Documents), len(pages)

	if !b.built {
		// The first build: everything, written as it is made into a new
		// generation with the index, and swapped in like Run.
		if ch.Written, ch.Index, err = b.buildAll(ctx, s, tmpl, pages, extras, next, global, stamps); err != nil {
			return ch, err
		}
		ch.Executed = len(pages)
	} else {
		files := make([]publish.File, len(todo))
		errs := make([]error, len(todo))
		parallel.For(len(todo), func(k int) {
			p := pages[todo[k]]
			data, err := tmpl.Execute(p.Template, p.Page)
			files[k], errs[k] = publish.File{Path: p.Path, Data: data}, err
		})
		if err := errors.Join(errs...); err != nil {
			return ch, err
		}
		ch.Executed = len(todo)
		for _, f := range extras {
			sum, err := b.fileSum(f)
			if err != nil {
				return ch, err
			}
			next[f.Path] = sum
			if old, ok := b.outputs[f.Path]; !ok || old != sum {
				files = append(files, f)
			}
		}
		for _, p := range b.feeds { // Feeds decides about these
			next[p] = b.outputs[p]
		}
		for p := range b.outputs {
			if _, ok := next[p]; !ok {
				ch.Removed = append(ch.Removed, p)
			}
		}
		if err := b.replace(files, ch.Removed); err != nil {
			return ch, err
		}
		for _, f := range files {
			ch.Written = append(ch.Written, f.Path)
		}
	}
	slices.Sort(ch.Written)
	slices.Sort(ch.Removed)
	b.outputs, b.site, b.stamps = next, s, stamps
	ch.Took = time.Since(start)
	b.indexed = !b.built
	b.built = true
	return ch, nil
}

// Index brings the search index up to date with the last Build, and swaps
// the new index in place of the live one.
func (b *Builder) Index(ctx context.Context) (Changes, error) {
	start := time.Now()
	var ch Changes
	s := b.site
	if s == nil {
		return ch, errors.New("build: Index before a good Build")
	}
	ch.Documents = len(s.Documents)
	if !b.indexed && b.opt.Index != "" {
		p := b.pending
		if p == nil {
			p = b.startIndex(ctx, s)
		}
		b.pending = nil
		var err error
		if ch.Index, err = b.finishIndex(p); err != nil {
			return ch, err
		}
		b.indexed = true
	}
	ch.Took = time.Since(start)
	return ch, nil
}

// Feeds brings the feeds and the open data up to date with the last Build:
// it makes only the feeds whose items changed (an edit touches the site
// feed, its section's, its issue's, its organ's and its topic's), and
// writes the feed list and the open data where their bytes changed.
func (b *Builder) Feeds(ctx context.Context) (Changes, error) {
	start := time.Now()
	var ch Changes
	s := b.site
	if s == nil {
		return ch, errors.New("build: Feeds before a good Build")
	}
	global, err := b.globalKey(s)
	if err != nil {
		return ch, err
	}
	if key := feedKey(global, s, b.stamps); key != b.feedKey {
		made, err := b.makeFeeds(ctx, s, global, b.stamps, false, nil)
		if err != nil {
			return ch, err
		}
		var write []publish.File
		for _, f := range made.files {
			if old, ok := b.outputs[f.Path]; made.feed[f.Path] || !ok || old != made.sums[f.Path] {
				write = append(write, f)
			}
		}
		paths := map[string]bool{}
		for _, p := range made.paths {
			paths[p] = true
		}
		for _, p := range b.feeds {
			if !paths[p] {
				ch.Removed = append(ch.Removed, p)
			}
		}
		if err := b.replace(write, ch.Removed); err != nil {
			return ch, err
		}
		for _, p := range ch.Removed {
			delete(b.outputs, p)
		}
		for _, p := range made.paths {
			b.outputs[p] = made.sums[p] // zero for a feed: its key is in feedKeys
		}
		for _, f := range write {
			ch.Written = append(ch.Written, f.Path)
		}
		b.feeds, b.feedKeys, b.feedKey = made.paths, made.keys, key
	}
	ch.Documents, ch.Feeds = len(s.Documents), len(b.feedKeys)
	ch.Took = time.Since(start)
	return ch, nil
}

// madeFeeds is what makeFeeds made.
type madeFeeds struct {
	files []publish.File      // when makeFeeds had no emit
	paths []string            // every feed and open-data file of the site
	feed  map[string]bool     // which of paths are feeds
	keys  map[string][32]byte // by feed base: what the feed shows (shownKey)
	sums  map[string][32]byte // by path: the hash of each file made that is not a feed
}

// makeFeeds makes the feeds whose items changed since the last Build's
// (every feed when all is set), the feed list and the open data, and gives
// each file to emit as it is made (from several goroutines), or keeps them
// in files when emit is nil.
func (b *Builder) makeFeeds(ctx context.Context, s *content.Site, global [32]byte, stamps map[*content.Document][32]byte, all bool, emit func(publish.File) error) (madeFeeds, error) {
	m := madeFeeds{feed: map[string]bool{}, keys: map[string][32]byte{}, sums: map[string][32]byte{}}
	var mu sync.Mutex
	err := feeds.StreamSome(ctx, s, func(f feeds.Shown) bool {
		k := shownKey(global, f, stamps)
		m.keys[f.Base] = k
		for _, p := range feeds.Paths(f.Base) {
			m.paths = append(m.paths, p)
			m.feed[p] = true
		}
		old, ok := b.feedKeys[f.Base]
		return all || !ok || old != k
	}, func(f publish.File) error {
		if !m.feed[f.Path] { // the feed list or open data
			sum := sha256.Sum256(f.Data)
			mu.Lock()
			m.paths = append(m.paths, f.Path)
			m.sums[f.Path] = sum
			mu.Unlock()
		}
		if emit != nil {
			return emit(f)
		}
		mu.Lock()
		m.files = append(m.files, f)
		mu.Unlock()
		return nil
	})
	slices.SortFunc(m.files, func(x, y publish.File) int { return strings.Compare(x.Path, y.Path) })
	return m, err
}

// shownKey covers everything one feed's files are made from: the site
// configuration and templates (global), the feed's own words and time, and
// the stamp of each item.
func shownKey(global [32]byte, f feeds.Shown, stamps map[*content.Document][32]byte) [32]byte {
	h := sha256.New()
	h.Write(global[:])
	for _, s := range []string{f.Base, f.Title, f.Desc, f.Updated.String()} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, d := range f.Docs {
		st := stamps[d]
		h.Write(st[:])
	}
	return [32]byte(h.Sum(nil))
}

// An indexing is a search.Build running into dir in the background.
type indexing struct {
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
	st     search.Stats
	err    error
}

// indexInto starts building the index of s into dir, from the index at
// live when there is one (live may be the symbolic link index/: the
// snapshot must copy what it points to), then writes the site file beside
// it for the server. Cancel stops it; wait returns what it did.
func indexInto(ctx context.Context, live, dir string, s *content.Site) *indexing {
	ctx, cancel := context.WithCancel(ctx)
	p := &indexing{dir: dir, cancel: cancel, done: make(chan struct{})}
	prev, err := filepath.EvalSymlinks(live)
	if err != nil {
		prev = ""
	}
	go func() {
		defer close(p.done)
		if p.st, p.err = search.Build(ctx, prev, dir, Records(s)); p.err != nil {
			p.err = fmt.Errorf("search index: %w", p.err)
		} else {
			p.err = writeSiteFile(dir, s)
		}
	}()
	return p
}

func (p *indexing) wait() (search.Stats, error) {
	<-p.done
	p.cancel()
	return p.st, p.err
}

// startIndex starts building the index of s from the live one, beside it
// (inside the live generation, see publish.Store).
func (b *Builder) startIndex(ctx context.Context, s *content.Site) *indexing {
	target, err := filepath.EvalSymlinks(b.opt.Index)
	if err != nil {
		p := &indexing{cancel: func() {}, done: make(chan struct{}), err: fmt.Errorf("search index: %w", err)}
		close(p.done)
		return p
	}
	return indexInto(ctx, target, filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".new-"+fmt.Sprint(time.Now().UnixNano())), s)
}

// finishIndex waits for p and swaps its index in place of the live one.
func (b *Builder) finishIndex(p *indexing) (search.Stats, error) {
	st, err := p.wait()
	if p.dir != "" {
		defer os.RemoveAll(p.dir)
	}
	if err != nil {
		return st, err
	}
	target, err := filepath.EvalSymlinks(b.opt.Index)
	if err != nil {
		return st, fmt.Errorf("search index: %w", err)
	}
	return st, publish.Swap(p.dir, target)
}

// dropIndex stops and removes an index that will not be swapped in.
func (b *Builder) dropIndex() {
	if p := b.pending; p != nil {
		b.pending = nil
		p.cancel()
		p.wait()
		if p.dir != "" {
			os.RemoveAll(p.dir)
		}
	}
}

func writeSiteFile(dir string, s *content.Site) error {
	cfg, err := json.Marshal(s.Config)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, SiteFile), cfg, 0o644)
}

// buildAll writes every page, extra, feed and open-data file into a new
// generation as each is made, with the index beside them, and makes it live
// as Run does. It records in next the fingerprint or hash of each file, and
// returns the paths written.
func (b *Builder) buildAll(ctx context.Context, s *content.Site, tmpl *site.Templates, pages []site.Planned, extras []publish.File,
	next map[string][32]byte, global [32]byte, stamps map[*content.Document][32]byte) ([]string, search.Stats, error) {
	var st search.Stats
	txn, err := publish.Store{Public: b.opt.Public, Index: b.opt.Index, Adopt: b.opt.Adopt}.Begin()
	if err != nil {
		return nil, st, err
	}
	committed := false
	defer func() {
		if !committed {
			txn.Abort()
		}
	}()
	var ix *indexing
	if b.opt.Index != "" {
		ix = indexInto(ctx, b.opt.Index, txn.Index, s)
		defer ix.cancel()
	} else if err := os.MkdirAll(txn.Index, 0o755); err != nil {
		return nil, st, err
	} else if err := writeSiteFile(txn.Index, s); err != nil {
		return nil, st, err
	}

	w := publish.NewWriter(txn.Public, b.opt.Content)
	var (
		mu      sync.Mutex
		written []string
	)
	write := func(f publish.File) error {
		mu.Lock()
		written = append(written, f.Path)
		mu.Unlock()
		return w.Write(f)
	}
	errs := make([]error, len(pages))
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		data, err := tmpl.Execute(p.Template, p.Page)
		if err == nil {
			err = write(publish.File{Path: p.Path, Data: data})
		}
		errs[i] = err
	})
	err = errors.Join(errs...)
	for _, f := range extras {
		if err != nil {
			break
		}
		var sum [32]byte
		if sum, err = b.fileSum(f); err == nil {
			next[f.Path] = sum
			err = write(f)
		}
	}
	var made madeFeeds
	if err == nil {
		made, err = b.makeFeeds(ctx, s, global, stamps, true, write)
	}
	if ix != nil {
		if err != nil {
			ix.cancel() // the build has failed: do not finish the index
		}
		var iErr error
		if st, iErr = ix.wait(); err == nil {
			err = iErr
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = txn.Commit()
	}
	if err != nil {
		return nil, st, err
	}
	committed = true
	for p, sum := range made.sums {
		next[p] = sum
	}
	for _, p := range made.paths {
		if _, ok := next[p]; !ok {
			next[p] = [32]byte{} // a feed: its key is in feedKeys
		}
	}
	b.feeds, b.feedKeys, b.feedKey = made.paths, made.keys, feedKey(global, s, stamps)
	slices.Sort(written)
	return written, st, nil
}

// replace writes files into public/ in place, each beside its old version
// then renamed over it, and removes the outputs that are gone.
func (b *Builder) replace(files []publish.File, removed []string) error {
	root, err := filepath.EvalSymlinks(b.opt.Public)
	if err != nil {
		return err
	}
	// The live site no longer matches the inputs its build stamped: the
	// next gazette build must not take it for up to date.
	if b.opt.Index != "" {
		if err := os.Remove(filepath.Join(b.opt.Index, StampFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		f := files[i]
		if !fs.ValidPath(f.Path) {
			errs[i] = fmt.Errorf("publish: refusing to write outside the site: %q", f.Path)
			return
		}
		dst := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			errs[i] = err
			return
		}
		tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp")
		data := f.Data
		if f.Src != "" {
			var err error
			if data, err = fs.ReadFile(b.opt.Content, f.Src); err != nil {
				errs[i] = fmt.Errorf("publish: copying %s: %w", f.Src, err)
				return
			}
		}
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			errs[i] = err
			return
		}
		errs[i] = os.Rename(tmp, dst)
	})
	for _, p := range removed {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// renderNew renders the documents whose source has not been rendered before.
func (b *Builder) renderNew(ctx context.Context, docs []*content.Document) (int, error) {
	if b.bodies == nil {
		dir := filepath.Dir(filepath.Clean(b.opt.Public))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, err
		}
		bodies, err := content.NewBodies(dir)
		if err != nil {
			return 0, err
		}
		b.bodies = bodies
	}
	var todo []*content.Document
	for _, d := range docs {
		if r, ok := b.renders[d.Hash]; ok {
			apply(d, r)
		} else {
			todo = append(todo, d)
		}
	}
	if err := renderAll(ctx, todo, nil, b.bodies, nil); err != nil {
		return 0, err
	}
	seen := make(map[string]bool, len(docs))
	for _, d := range docs {
		seen[d.Hash] = true
	}
	for h := range b.renders {
		if !seen[h] {
			delete(b.renders, h)
		}
	}
	for _, d := range todo {
		b.renders[d.Hash] = rendered{body: d.Kept(), summary: d.Summary, runes: d.ReadingRunes}
	}
	return len(todo), nil
}

func apply(d *content.Document, r rendered) {
	d.SetKept(r.body)
	d.ReadingRunes = r.runes
	if d.Summary == "" {
		d.Summary = r.summary
	}
}

// globalKey covers what every page depends on: site.yaml and the templates.
func (b *Builder) globalKey(s *content.Site) ([32]byte, error) {
	h := sha256.New()
	cfg, err := json.Marshal(s.Config)
	if err != nil {
		return [32]byte{}, err
	}
	h.Write(cfg)
	fmt.Fprint(h, s.Config.Location, b.opt.Drafts)
	for _, name := range templateFiles {
		data, err := fs.ReadFile(b.opt.Templates, name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return [32]byte{}, err
		}
		h.Write([]byte(name))
		h.Write(data)
		h.Write([]byte{0})
	}
	return [32]byte(h.Sum(nil)), nil
}

// templateFiles are the files of a template set (site.LoadTemplates).
var templateFiles = []string{"base.html", "home.html", "list.html", "issue.html", "document.html", "page.html",
	"index.html", "feeds.html", "404.html", "redirect.html", "search.html", "style.css"}

// fileSum identifies a non-page output: the hash of its bytes, or for a
// copied file the size and time of its source.
func (b *Builder) fileSum(f publish.File) ([32]byte, error) {
	if f.Src == "" {
		return sha256.Sum256(f.Data), nil
	}
	info, err := fs.Stat(b.opt.Content, f.Src)
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d", f.Src, info.Size(), info.ModTime().UnixNano())), nil
}

// feedKey covers everything the feeds and open data show: every published
// document's stamp, in path order.
func feedKey(global [32]byte, s *content.Site, stamps map[*content.Document][32]byte) [32]byte {
	h := sha256.New()
	h.Write(global[:])
	for _, d := range s.Documents {
		st := stamps[d]
		h.Write(st[:])
	}
	return [32]byte(h.Sum(nil))
}

// docStamps identifies what a page can show of each document: its source
// (the file hash covers front matter and body), what the load computed for
// it (URL, 索引號, validity, attachment sizes) and the same of every document
// it links to (its issue, relations both ways, its issue's contents).
func docStamps(docs []*content.Document) map[*content.Document][32]byte {
	own := make(map[*content.Document][]byte, len(docs))
	for _, d := range docs {
		var buf bytes.Buffer
		buf.WriteString(d.Hash)
		for _, s := range []string{d.URL, d.IndexNumber, d.Validity, d.Summary} {
			buf.WriteByte(0)
			buf.WriteString(s)
		}
		for _, a := range d.Attachments {
			buf.WriteString(a.URL)
			buf.Write(binary.AppendVarint(nil, a.Size))
		}
		if d.PDF != nil {
			buf.Write(binary.AppendVarint(nil, d.PDF.Size))
		}
		own[d] = buf.Bytes()
	}
	out := make(map[*content.Document][32]byte, len(docs))
	var mu sync.Mutex
	parallel.For(len(docs), func(i int) {
		d := docs[i]
		h := sha256.New()
		h.Write(own[d])
		link := func(ts ...*content.Document) {
			for _, t := range ts {
				h.Write([]byte{1})
				if t != nil {
					h.Write(own[t])
				}
			}
		}
		link(d.Issue, d.SupersededByDoc, d.InterpretsDoc)
		link(d.Documents...)
		link(d.RepealedBy...)
		link(d.AmendedBy...)
		link(d.Supersedes...)
		link(d.RepealsDocs...)
		link(d.AmendsDocs...)
		link(d.Interpretations...)
		sum := [32]byte(h.Sum(nil))
		mu.Lock()
		out[d] = sum
		mu.Unlock()
	})
	return out
}
