package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// links are the output paths the store manages and what each links to.
func (s Store) links() ([]link, error) {
	root, err := filepath.Abs(s.root())
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	ls := []link{{path: s.Public, target: filepath.Join(filepath.Base(root), "current", "public"), marks: siteMarks, preview: s.Preview}}
	if s.Index != "" {
		abs, err := filepath.Abs(s.Index)
		if err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
		target, err := filepath.Rel(filepath.Dir(abs), filepath.Join(root, "current", "index"))
		if err != nil {
			target = filepath.Join(root, "current", "index")
		}
		ls = append(ls, link{path: s.Index, target: target, marks: indexMarks, preview: s.Preview})
	}
	return ls, nil
}

// A link is an output path (public or index) and the store's link there.
type link struct {
	path, target string
	marks        []string // the files a build's output there holds: only such a folder is adopted
	preview      bool     // the link is to be a preview store's
}

// inStore reports whether the output path p lies inside a store's
// generations: its folder, followed through every link (public/preview is
// in the live generation's public/), holds a store folder's generation,
// current link, trash, adopted or cache folder. p itself is not followed:
// it is the store's own link.
func inStore(p string) bool {
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	dir, rest := filepath.Dir(abs), []string{filepath.Base(abs)}
	for {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			dir = r
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
		dir = filepath.Dir(dir)
	}
	parts := append(strings.Split(dir, string(filepath.Separator)), rest...)
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] != StoreDir && parts[i] != PreviewDir {
			continue
		}
		switch next := parts[i+1]; {
		case generationName.MatchString(next), next == "current", next == TrashDir, next == AdoptedDir, next == "cache":
			return true
		}
	}
	return false
}

// storeOf names the kind of store a link target leads into: StoreDir for a
// live site, PreviewDir for a preview, "" for neither.
func storeOf(target string) string {
	dir := filepath.Dir(filepath.Clean(target))
	if filepath.Base(dir) != "current" {
		return ""
	}
	switch b := filepath.Base(filepath.Dir(dir)); b {
	case StoreDir, PreviewDir:
		return b
	}
	return ""
}

// What a folder must hold for Adopt to take it for an older gazette's
// output: every build writes sitemap.xml and 404.html into the site, and
// Bleve writes index_meta.json into an index. A folder of sources
// (content/), or anyone else's, has not both of the first, nor the second.
var (
	siteMarks  = []string{"sitemap.xml", "404.html"}
	indexMarks = []string{"index_meta.json"}
)

// output reports why the folder at l.path is not what a build writes
// there, or nil when it is.
func (l link) output() error {
	for _, m := range l.marks {
		if info, err := os.Stat(filepath.Join(l.path, m)); err != nil || !info.Mode().IsRegular() {
			return fmt.Errorf("publish: %s is not the output of a gazette build (which holds %s; it has no %s), so -adopt leaves it where it is: "+
				"gazette never moves what it did not make. Choose another output path, or move it away yourself",
				l.path, strings.Join(l.marks, " and "), m)
		}
	}
	return nil
}

// check reports whether l.path may become the link: it is absent, already
// the link, an empty directory, or (with adopt) a directory to move aside.
func (l link) check(adopt bool) error {
	info, err := os.Lstat(l.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("publish: %w", err)
	case info.Mode()&fs.ModeSymlink != 0:
		got, err := os.Readlink(l.path)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		switch {
		case got == l.target:
			return nil
		case l.preview && storeOf(got) == StoreDir:
			return fmt.Errorf("publish: %s is the live site (a link into %s): a drafts preview is never written there. "+
				"Build the preview into folders of its own, beside the site or elsewhere: gazette build -drafts -public preview -index preview-index", l.path, StoreDir)
		case !l.preview && storeOf(got) == PreviewDir:
			return fmt.Errorf("publish: %s is a drafts preview (a link into %s), so the live site is not built there: "+
				"a preview never becomes the live site. Remove the link (rm %s) or choose another output path", l.path, PreviewDir, l.path)
		}
		return &NotOursError{Path: l.path, What: "is a symbolic link to " + got}
	case info.IsDir():
		f, err := os.Open(l.path)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		defer f.Close()
		if _, err := f.Readdirnames(1); errors.Is(err, io.EOF) {
			return nil
		}
		if adopt {
			return l.output()
		}
		return &NotOursError{Path: l.path, What: "is a directory holding files"}
	}
	return &NotOursError{Path: l.path, What: "is a file"}
}

// make puts the link in place: an empty directory there is removed (rmdir
// fails should a file have appeared since check), an adopted one moved into
// the store.
func (l link) make(root string, adopt bool) error {
	if err := l.check(adopt); err != nil {
		return err
	}
	info, err := os.Lstat(l.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("publish: %w", err)
	case info.Mode()&fs.ModeSymlink != 0:
		return nil // check found it is ours
	case info.IsDir():
		if err := os.Remove(l.path); err != nil {
			if !adopt {
				return fmt.Errorf("publish: %w", err)
			}
			if err := adoptDir(root, l.path); err != nil {
				return err
			}
		}
	}
	tmp := l.path + ".link-" + fmt.Sprint(time.Now().UnixNano())
	if err := os.Symlink(l.target, tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp, l.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// adoptDir moves a directory into root/adopted/, under a name that says
// what it was and when.
func adoptDir(root, p string) error {
	dir := filepath.Join(root, AdoptedDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	dst := filepath.Join(dir, filepath.Base(filepath.Clean(p))+"-"+time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := os.Rename(p, dst); err != nil {
		return fmt.Errorf("publish: adopting %s: %w", p, err)
	}
	return nil
}
