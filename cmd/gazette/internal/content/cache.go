package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"gazette/cmd/gazette/internal/disk"
)

// Cache keeps the parsed form of every file between loads, so that loading
// a tree again after an edit re-reads and re-parses only the files that
// changed: by size and modification time, or, for a caller that watches the
// tree (Options.Watched), only the paths it names. It lives in memory for
// gazette serve -watch, and on disk between gazette builds (Save,
// ReadCache). A nil *Cache caches nothing. It is safe for concurrent use,
// though loads with one Cache are expected to take turns.
type Cache struct {
	mu     sync.Mutex
	key    string // site.yaml and Root: parsing depends on both
	files  map[string]cachedFile
	listed bool // files holds every Markdown file of the tree at the last load
}

type cachedFile struct {
	size int64
	mod  time.Time
	doc  *Document // as parsed, before linking, without its body; never handed out itself
	errs ErrorList
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cachedFile{}} }

// Len is the number of files the cache holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.files)
}

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
		c.key, c.files, c.listed = key, map[string]cachedFile{}, false
	}
}

// paths returns the Markdown files of the tree without walking it: the
// cached listing, with each changed path (a file or a folder) looked at
// again. ok is false when the cache has no complete listing to start from.
func (c *Cache) paths(fsys fs.FS, changed []string) (mdPaths []string, ok bool, err error) {
	if c == nil {
		return nil, false, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.listed {
		return nil, false, nil
	}
	for _, p := range changed {
		p = path.Clean(p)
		for q := range c.files {
			if q == p || strings.HasPrefix(q, p+"/") || p == "." {
				delete(c.files, q)
			}
		}
		info, err := fs.Lstat(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, false, err
		case info.Mode()&fs.ModeSymlink != 0 && !strings.HasPrefix(path.Base(p), "."):
			return nil, false, nil // the walk of the whole tree reports it
		case info.IsDir():
			linked := false
			err := fs.WalkDir(fsys, p, func(q string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() && q != "." && q != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				if d.Type()&fs.ModeSymlink != 0 && !strings.HasPrefix(d.Name(), ".") {
					linked = true
					return fs.SkipAll
				}
				if isSource(q, d) {
					c.files[q] = cachedFile{} // to read
				}
				return nil
			})
			if err != nil || linked {
				return nil, false, err
			}
		case isSource(p, fs.FileInfoToDirEntry(info)):
			c.files[p] = cachedFile{}
		}
	}
	for p := range c.files {
		mdPaths = append(mdPaths, p)
	}
	return mdPaths, true, nil
}

// isSource reports whether an entry of the tree is a document's source.
func isSource(p string, d fs.DirEntry) bool {
	return !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasPrefix(d.Name(), ".") && !hiddenDir(p)
}

func hiddenDir(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		if strings.HasPrefix(seg, ".") && seg != "." {
			return true
		}
	}
	return false
}

// prune forgets files that are gone, and records that the cache now holds
// the whole tree.
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
	c.listed = true
}

// read is readDocument through the cache. Linking and publishing write into
// a Document, so each load gets its own shallow copy of the parsed one; the
// slices parsing made are only read after parsing. With trust, a file the
// cache holds is not looked at (its caller watches the tree).
func (c *Cache) read(fsys fs.FS, p, shown string, cfg Config, trust bool) (doc *Document, errs ErrorList, parsed bool) {
	if c == nil {
		doc, errs = readDocument(fsys, p, shown, cfg)
		return doc, errs, true
	}
	c.mu.Lock()
	f, ok := c.files[p]
	c.mu.Unlock()
	if !ok || f.doc == nil && f.errs == nil || !trust {
		info, err := fs.Stat(fsys, p)
		if err != nil {
			doc, errs = readDocument(fsys, p, shown, cfg)
			return doc, errs, true
		}
		if !ok || f.size != info.Size() || !f.mod.Equal(info.ModTime()) || f.doc == nil && f.errs == nil {
			parsed = true
			doc, errs := readDocument(fsys, p, shown, cfg)
			if doc != nil {
				doc.Body = nil // read again when rendered: the cache must not hold the archive
			}
			f = cachedFile{size: info.Size(), mod: info.ModTime(), doc: doc, errs: errs}
			c.mu.Lock()
			c.files[p] = f
			c.mu.Unlock()
		}
	}
	if f.doc == nil {
		return nil, f.errs, parsed
	}
	d := *f.doc
	return &d, f.errs, parsed
}

// The file Save writes: a checked file (disk.WriteGob) of savedCache.
const cacheMagic = "gazette-content-cache/1\n"

type savedCache struct {
	Key     string // the caller's (the program), then Cache.key
	Content string
	Files   map[string]savedFile
}

type savedFile struct {
	Size            int64
	Mod             time.Time
	Doc             *Document
	Errs            ErrorList
	AttachmentNames []string
	ImageNames      []string
	PDFName         string
	Lines           map[string]int
}

// Save writes the cache to a file, for the next process; key identifies
// what made it (the program), so that another version never reads it.
func (c *Cache) Save(file, key string) error {
	c.mu.Lock()
	sc := savedCache{Key: key, Content: c.key, Files: make(map[string]savedFile, len(c.files))}
	if c.listed {
		for p, f := range c.files {
			sf := savedFile{Size: f.size, Mod: f.mod, Doc: f.doc, Errs: f.errs}
			if f.doc != nil {
				sf.AttachmentNames, sf.ImageNames, sf.PDFName, sf.Lines = f.doc.attachmentNames, f.doc.imageNames, f.doc.pdfName, f.doc.lines
			}
			sc.Files[p] = sf
		}
	}
	c.mu.Unlock()
	if err := disk.WriteGob(file, cacheMagic, sc); err != nil {
		return fmt.Errorf("content cache: %w", err)
	}
	return nil
}

// ReadCache reads a cache that Save wrote with the same key. It returns an
// empty cache, and an error saying why, when the file is missing, damaged
// or another program's.
func ReadCache(file, key string) (*Cache, error) {
	var sc savedCache
	err := disk.ReadGob(file, cacheMagic, &sc)
	switch {
	case errors.Is(err, disk.ErrNotOne):
		return NewCache(), errors.New("it is not a content cache")
	case err != nil: // missing (fs.ErrNotExist), unreadable or damaged
		return NewCache(), err
	}
	if sc.Key != key {
		return NewCache(), errors.New("it was made by another version of gazette")
	}
	c := &Cache{key: sc.Content, files: make(map[string]cachedFile, len(sc.Files)), listed: len(sc.Files) > 0}
	for p, sf := range sc.Files {
		if sf.Doc != nil {
			sf.Doc.attachmentNames, sf.Doc.imageNames, sf.Doc.pdfName, sf.Doc.lines = sf.AttachmentNames, sf.ImageNames, sf.PDFName, sf.Lines
		}
		c.files[p] = cachedFile{size: sf.Size, mod: sf.Mod, doc: sf.Doc, errs: sf.Errs}
	}
	return c, nil
}
