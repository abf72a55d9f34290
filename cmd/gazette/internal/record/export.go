package record

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// HeadTree is the tree of the published branch.
func (r *Repo) HeadTree() (plumbing.Hash, error) {
	head, err := r.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return r.treeOf(head)
}

// DraftTree is the tree a draft would publish: the published tree with the
// draft's changes (what a sign-off merges now).
func (r *Repo) DraftTree(collection, slug string) (plumbing.Hash, error) {
	head, err := r.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	d, err := r.draftAt(collection, slug, head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return r.merged(d, head)
}

// TreeFS is a tree as a file system.
func (r *Repo) TreeFS(tree plumbing.Hash) fs.FS { return treeFS{r, tree} }

// Changed lists the files that differ between two trees.
func (r *Repo) Changed(from, to plumbing.Hash) ([]string, error) { return r.changedPaths(from, to) }

// File reads a file of a commit; ok is false when it has none.
func (r *Repo) File(commit plumbing.Hash, p string) (data []byte, ok bool, err error) {
	tree, err := r.treeOf(commit)
	if err != nil {
		return nil, false, err
	}
	return r.readFile(tree, p)
}

// List lists the files under folder in a commit with the extension ext
// ("md", or "" for any), at most depth folders deep (1: the folder's own).
func (r *Repo) List(commit plumbing.Hash, folder, ext string, depth int) ([]string, error) {
	tree, err := r.treeOf(commit)
	if err != nil {
		return nil, err
	}
	t, err := r.tree(tree)
	if err != nil {
		return nil, err
	}
	folder = strings.Trim(folder, "/")
	if folder != "" && folder != "." {
		r.obj.Lock()
		t, err = t.Tree(folder)
		r.obj.Unlock()
		if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	} else {
		folder = ""
	}
	var out []string
	var walk func(t *object.Tree, dir string, depth int) error
	walk = func(t *object.Tree, dir string, depth int) error {
		for _, e := range t.Entries {
			p := path.Join(dir, e.Name)
			if e.Mode.IsFile() {
				if ext == "" || strings.HasSuffix(e.Name, "."+ext) {
					out = append(out, p)
				}
				continue
			}
			if depth > 1 && e.Mode == 0o40000 {
				sub, err := r.tree(e.Hash)
				if err != nil {
					return err
				}
				if err := walk(sub, p, depth-1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(t, folder, depth); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

// Export makes the folder dir hold tree to, given that it holds tree from
// (zero: dir holds nothing yet): only the files that differ are written,
// each by a rename, and files of from that to has not are removed. It is
// for the console's own copies (the previews' content), never the checkout.
func (r *Repo) Export(ctx context.Context, dir string, from, to plumbing.Hash) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	var paths []string
	if from.IsZero() {
		err = fs.WalkDir(treeFS{r, to}, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				paths = append(paths, p)
			}
			return err
		})
	} else {
		paths, err = r.changedPaths(from, to)
	}
	if err != nil {
		return err
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		e, ok, err := r.lookup(to, p)
		if err != nil {
			return err
		}
		if !ok {
			if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		data, err := r.blob(e.hash)
		if err != nil {
			return err
		}
		if err := root.MkdirAll(path.Dir(p), 0o755); err != nil {
			return err
		}
		tmp := path.Join(path.Dir(p), ".gazette-"+path.Base(p))
		if err := root.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		if err := root.Rename(tmp, p); err != nil {
			return err
		}
	}
	return nil
}
