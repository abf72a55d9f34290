package content

import (
	"io/fs"
	"sync"
	"time"
)

// Cache keeps the parsed form of every file between loads, so that loading
// a tree again after an edit re-reads and re-parses only the files that
// changed (by size and modification time, or named to Forget). It exists for
// `gazette serve -watch`, where a 10,000-document tree must reload in a few
// milliseconds, not seconds. A nil *Cache caches nothing. It is safe for
// concurrent use, though loads with one Cache are expected to take turns.
type Cache struct {
	mu    sync.Mutex
	key   string // site.yaml and Root: parsing depends on both
	files map[string]cachedFile
}

type cachedFile struct {
	size int64
	mod  time.Time
	doc  *Document // as parsed, before linking; never handed out itself
	errs ErrorList
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cachedFile{}} }

// Forget drops the named files (paths under content/), so the next load
// reads them again even if their size and time look unchanged: file times
// are coarse, and an editor can save twice within one tick.
func (c *Cache) Forget(paths ...string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range paths {
		delete(c.files, p)
	}
}

// reset empties the cache when what every parse depends on changed.
func (c *Cache) reset(key string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != key {
		c.key, c.files = key, map[string]cachedFile{}
	}
}

// prune forgets files that are gone.
func (c *Cache) prune(keep []string) {
	if c == nil {
		return
	}
	set := make(map[string]bool, len(keep))
	for _, p := range keep {
		set[p] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.files {
		if !set[p] {
			delete(c.files, p)
		}
	}
}

// read is readDocument through the cache. Linking and publishing write into
// a Document, so each load gets its own shallow copy of the parsed one; the
// slices parsing made are only read after parsing.
func (c *Cache) read(fsys fs.FS, p, shown string, cfg Config) (*Document, ErrorList) {
	if c == nil {
		return readDocument(fsys, p, shown, cfg)
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return readDocument(fsys, p, shown, cfg)
	}
	c.mu.Lock()
	f, ok := c.files[p]
	c.mu.Unlock()
	if !ok || f.size != info.Size() || !f.mod.Equal(info.ModTime()) {
		doc, errs := readDocument(fsys, p, shown, cfg)
		f = cachedFile{size: info.Size(), mod: info.ModTime(), doc: doc, errs: errs}
		c.mu.Lock()
		c.files[p] = f
		c.mu.Unlock()
	}
	if f.doc == nil {
		return nil, f.errs
	}
	d := *f.doc
	return &d, f.errs
}
