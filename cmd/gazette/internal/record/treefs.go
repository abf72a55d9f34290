package record

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// FS is the tree of a commit as a file system, for the loader and the
// checks: nothing is written to disk to check a draft.
func (r *Repo) FS(commit plumbing.Hash) (fs.FS, error) {
	tree, err := r.treeOf(commit)
	if err != nil {
		return nil, err
	}
	return treeFS{r, tree}, nil
}

// treeFS is a git tree as an fs.FS. A file's modification time is made from
// its blob's hash, so that a changed file never looks unchanged to a cache
// that goes by size and time.
type treeFS struct {
	r    *Repo
	root plumbing.Hash
}

var (
	_ fs.ReadDirFS  = treeFS{}
	_ fs.ReadFileFS = treeFS{}
	_ fs.StatFS     = treeFS{}
)

// node finds name: a file's entry, or a folder's tree.
func (t treeFS) node(op, name string) (*object.Tree, object.TreeEntry, error) {
	if !fs.ValidPath(name) {
		return nil, object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	root, err := t.r.tree(t.root)
	if err != nil {
		return nil, object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	if name == "." {
		return root, object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: t.root}, nil
	}
	t.r.obj.Lock()
	e, err := root.FindEntry(name)
	t.r.obj.Unlock()
	if err != nil {
		return nil, object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	if e.Mode != filemode.Dir {
		if e.Mode == filemode.Submodule || e.Mode == filemode.Symlink {
			return nil, object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		return nil, *e, nil
	}
	sub, err := t.r.tree(e.Hash)
	if err != nil {
		return nil, object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return sub, *e, nil
}

func (t treeFS) Open(name string) (fs.File, error) {
	tree, e, err := t.node("open", name)
	if err != nil {
		return nil, err
	}
	if tree != nil {
		return &dirFile{t: t, tree: tree, info: t.info(path.Base(name), e, 0)}, nil
	}
	data, err := t.r.blob(e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &blobFile{Reader: bytes.NewReader(data), info: t.info(path.Base(name), e, int64(len(data)))}, nil
}

func (t treeFS) ReadFile(name string) ([]byte, error) {
	tree, e, err := t.node("read", name)
	if err != nil {
		return nil, err
	}
	if tree != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return t.r.blob(e.Hash)
}

func (t treeFS) Stat(name string) (fs.FileInfo, error) {
	tree, e, err := t.node("stat", name)
	if err != nil {
		return nil, err
	}
	if tree != nil {
		return t.info(path.Base(name), e, 0), nil
	}
	t.r.obj.Lock()
	size, err := t.r.s.EncodedObjectSize(e.Hash)
	t.r.obj.Unlock()
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return t.info(path.Base(name), e, size), nil
}

func (t treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	tree, _, err := t.node("readdir", name)
	if err != nil {
		return nil, err
	}
	if tree == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return t.entries(tree), nil
}

// entries lists a tree in fs order (by name). A file's size is not known
// without reading its object, so Info reads it then.
func (t treeFS) entries(tree *object.Tree) []fs.DirEntry {
	var out []fs.DirEntry
	for _, e := range tree.Entries {
		if e.Mode == filemode.Submodule || e.Mode == filemode.Symlink {
			continue
		}
		out = append(out, dirEntry{t, e})
	}
	// git sorts a folder as if its name ended in "/"; fs.ReadDir sorts by name.
	slicesSortEntries(out)
	return out
}

func (t treeFS) info(name string, e object.TreeEntry, size int64) fileInfo {
	fi := fileInfo{name: name, size: size, mode: 0o444}
	if e.Mode == filemode.Dir {
		fi.mode = fs.ModeDir | 0o555
		return fi
	}
	fi.mod = time.Unix(0, int64(binary.BigEndian.Uint64(e.Hash[:8])>>2))
	return fi
}

type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
	mod  time.Time
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) Mode() fs.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return f.mod }
func (f fileInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }

type dirEntry struct {
	t treeFS
	e object.TreeEntry
}

func (d dirEntry) Name() string { return d.e.Name }
func (d dirEntry) IsDir() bool  { return d.e.Mode == filemode.Dir }
func (d dirEntry) Type() fs.FileMode {
	if d.IsDir() {
		return fs.ModeDir
	}
	return 0
}

func (d dirEntry) Info() (fs.FileInfo, error) {
	if d.IsDir() {
		return d.t.info(d.e.Name, d.e, 0), nil
	}
	d.t.r.obj.Lock()
	size, err := d.t.r.s.EncodedObjectSize(d.e.Hash)
	d.t.r.obj.Unlock()
	if err != nil {
		return nil, err
	}
	return d.t.info(d.e.Name, d.e, size), nil
}

type blobFile struct {
	*bytes.Reader
	info fileInfo
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *blobFile) Close() error               { return nil }

type dirFile struct {
	t    treeFS
	tree *object.Tree
	info fileInfo
	left []fs.DirEntry
	read bool
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		d.left, d.read = d.t.entries(d.tree), true
	}
	if n <= 0 {
		out := d.left
		d.left = nil
		return out, nil
	}
	if len(d.left) == 0 {
		return nil, io.EOF
	}
	k := min(n, len(d.left))
	out := d.left[:k]
	d.left = d.left[k:]
	return out, nil
}

func slicesSortEntries(es []fs.DirEntry) {
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
}
