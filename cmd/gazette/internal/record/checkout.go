package record

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// Checkout brings dir — a clone of the repository (its remote origin) on
// the published branch, the content/ folder the build reads — up to the
// published branch, and returns the files it changed. It fetches from the
// repository, then writes only the files that differ between the
// checkout's commit and the published head, each by a rename, and records
// them in the checkout's index and branch, so `git status` there stays
// clean. A file to change that differs on disk from the checkout's commit
// (someone edited it by hand) stops it before anything is written, naming
// the files: nothing the newsroom did not write is overwritten. Every path
// stays inside dir (os.Root).
func (r *Repo) Checkout(ctx context.Context, dir string) ([]string, error) {
	head, err := r.Head()
	if err != nil {
		return nil, err
	}
	cr, err := git.PlainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("the checkout %s: %w", dir, err)
	}
	spec := config.RefSpec(fmt.Sprintf("+refs/heads/%s:refs/remotes/origin/%s", r.published, r.published))
	err = cr.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", RefSpecs: []config.RefSpec{spec}})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil, fmt.Errorf("the checkout %s: fetching from its origin: %w", dir, err)
	}
	co := newRepo(filepath.Join(dir, ".git"), r.published, cr.Storer, r.now)
	cur, err := co.ref(co.publishedRef())
	if err != nil {
		return nil, err
	}
	if cur == head {
		return nil, nil
	}
	if h, err := cr.Head(); err != nil || h.Name() != co.publishedRef() {
		return nil, fmt.Errorf("the checkout %s is not on the branch %s", dir, r.published)
	}
	if ok, err := co.descends(head, cur); err != nil || !ok {
		return nil, fmt.Errorf("the checkout %s has commits the repository has not (%s): it is written only by the newsroom; push them as a draft", dir, cur)
	}
	oldTree, err := co.treeOf(cur)
	if err != nil {
		return nil, err
	}
	newTree, err := co.treeOf(head)
	if err != nil {
		return nil, err
	}
	changed, err := co.changedPaths(oldTree, newTree)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	if err := co.untouched(root, oldTree, changed); err != nil {
		return nil, err
	}
	if err := co.writeFiles(root, newTree, changed); err != nil {
		return nil, err
	}
	if err := co.setRef(co.publishedRef(), cur, head); err != nil {
		return nil, err
	}
	return changed, nil
}

// untouched checks that each file is on disk as the tree has it (or absent
// where the tree has none).
func (co *Repo) untouched(root *os.Root, tree plumbing.Hash, paths []string) error {
	var edited []string
	for _, p := range paths {
		e, ok, err := co.lookup(tree, p)
		if err != nil {
			return err
		}
		data, err := root.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if ok {
				edited = append(edited, p+" (removed)")
			}
		case err != nil:
			return err
		case !ok || plumbing.ComputeHash(plumbing.BlobObject, data) != e.hash:
			edited = append(edited, p)
		}
	}
	if len(edited) > 0 {
		return fmt.Errorf("the checkout has changes made by hand, which the newsroom will not overwrite: %s (commit them as a draft, or git checkout -- them)", strings.Join(edited, ", "))
	}
	return nil
}

// writeFiles makes the files of paths as tree has them, and the index
// with them.
func (co *Repo) writeFiles(root *os.Root, tree plumbing.Hash, paths []string) error {
	idx, err := co.s.Index()
	if err != nil {
		return err
	}
	for _, p := range paths {
		e, ok, err := co.lookup(tree, p)
		if err != nil {
			return err
		}
		if !ok {
			if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				if root.Remove(d) != nil { // not empty
					break
				}
			}
			_, _ = idx.Remove(p)
			continue
		}
		data, err := co.blob(e.hash)
		if err != nil {
			return err
		}
		if err := root.MkdirAll(path.Dir(p), 0o755); err != nil {
			return err
		}
		tmp := path.Join(path.Dir(p), ".gazette-"+path.Base(p))
		perm := fs.FileMode(0o644)
		if e.mode == filemode.Executable {
			perm = 0o755
		}
		if err := root.WriteFile(tmp, data, perm); err != nil {
			return err
		}
		if err := root.Rename(tmp, p); err != nil {
			root.Remove(tmp)
			return err
		}
		info, err := root.Stat(p)
		if err != nil {
			return err
		}
		ie, err := idx.Entry(p)
		if err != nil {
			ie = idx.Add(p)
		}
		fillEntry(ie, e, info)
	}
	idx.Cache = nil // the cached trees of the old index describe the old files
	return co.s.SetIndex(idx)
}

// fillEntry records a written file in an index entry, with the stat data
// git compares to know it unchanged.
func fillEntry(ie *index.Entry, e entry, info fs.FileInfo) {
	ie.Hash, ie.Mode, ie.Size, ie.ModifiedAt = e.hash, e.mode, uint32(info.Size()), info.ModTime()
	ie.CreatedAt = info.ModTime()
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		ie.Dev, ie.Inode, ie.UID, ie.GID = uint32(st.Dev), uint32(st.Ino), st.Uid, st.Gid
		ie.CreatedAt = timespec(st.Ctim)
	}
}

func timespec(ts syscall.Timespec) time.Time { return time.Unix(ts.Sec, ts.Nsec) }
