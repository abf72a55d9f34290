package record

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage"
)

// Repo is the content repository: the record. Its methods are safe for
// concurrent use; changes are made one at a time.
type Repo struct {
	gitDir    string // where refs live: the repository itself when bare, else its .git
	published string // the published branch's short name
	now       func() time.Time

	write sync.Mutex // one change at a time: read the refs, write objects, move a ref
	obj   sync.Mutex // go-git's object reads are not safe for concurrent use
	s     storage.Storer
	anc   ancestry
	chk   checker
}

// Open opens the repository at dir (bare, or a working tree with .git) whose
// published branch is branch. now is the clock of the commits it writes.
func Open(dir, branch string, now func() time.Time) (*Repo, error) {
	r, err := git.PlainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("opening the content repository %s: %w", dir, err)
	}
	gitDir := dir
	if info, err := os.Stat(filepath.Join(dir, ".git")); err == nil && info.IsDir() {
		gitDir = filepath.Join(dir, ".git")
	}
	if now == nil {
		now = time.Now
	}
	return newRepo(gitDir, branch, r.Storer, now), nil
}

func newRepo(gitDir, branch string, s storage.Storer, now func() time.Time) *Repo {
	return &Repo{gitDir: gitDir, published: branch, now: now, s: s}
}

// Published is the published branch's name.
func (r *Repo) Published() string { return r.published }

func (r *Repo) publishedRef() plumbing.ReferenceName {
	return plumbing.NewBranchReferenceName(r.published)
}

// ref is the commit a reference points at; zero when there is none.
func (r *Repo) ref(name plumbing.ReferenceName) (plumbing.Hash, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	ref, err := storer.ResolveReference(r.s, name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return ref.Hash(), nil
}

// Head is the commit of the published branch.
func (r *Repo) Head() (plumbing.Hash, error) {
	h, err := r.ref(r.publishedRef())
	if err == nil && h.IsZero() {
		err = fmt.Errorf("the content repository has no branch %s", r.published)
	}
	return h, err
}

// branches lists the branches under prefix (e.g. "cms/"), by short name.
func (r *Repo) branches(prefix string) (map[string]plumbing.Hash, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	it, err := r.s.IterReferences()
	if err != nil {
		return nil, err
	}
	out := map[string]plumbing.Hash{}
	err = it.ForEach(func(ref *plumbing.Reference) error {
		if ref.Name().IsBranch() && ref.Type() == plumbing.HashReference && strings.HasPrefix(ref.Name().Short(), prefix) {
			out[ref.Name().Short()] = ref.Hash()
		}
		return nil
	})
	return out, err
}

func (r *Repo) commit(h plumbing.Hash) (*object.Commit, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	return object.GetCommit(r.s, h)
}

func (r *Repo) tree(h plumbing.Hash) (*object.Tree, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	return object.GetTree(r.s, h)
}

// treeOf is the tree of a commit.
func (r *Repo) treeOf(commit plumbing.Hash) (plumbing.Hash, error) {
	c, err := r.commit(commit)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return c.TreeHash, nil
}

// mergeBase is the best common ancestor of two commits.
func (r *Repo) mergeBase(a, b plumbing.Hash) (plumbing.Hash, error) {
	ca, err := r.commit(a)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	cb, err := r.commit(b)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	r.obj.Lock()
	defer r.obj.Unlock()
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, errors.New("the draft shares no history with the published branch")
	}
	return bases[0].Hash, nil
}

// entry is a file of a tree: its blob and mode.
type entry struct {
	hash plumbing.Hash
	mode filemode.FileMode
}

// lookup finds a file in a tree; ok is false when there is none.
func (r *Repo) lookup(tree plumbing.Hash, p string) (entry, bool, error) {
	t, err := r.tree(tree)
	if err != nil {
		return entry{}, false, err
	}
	r.obj.Lock()
	defer r.obj.Unlock()
	e, err := t.FindEntry(p)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return entry{}, false, nil
	}
	if err != nil {
		return entry{}, false, err
	}
	if e.Mode == filemode.Dir || e.Mode == filemode.Submodule {
		return entry{}, false, nil
	}
	return entry{e.Hash, e.Mode}, true, nil
}

// blob reads a blob whole.
func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	b, err := object.GetBlob(r.s, h)
	if err != nil {
		return nil, err
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// readFile reads a file of a tree.
func (r *Repo) readFile(tree plumbing.Hash, p string) ([]byte, bool, error) {
	e, ok, err := r.lookup(tree, p)
	if !ok || err != nil {
		return nil, ok, err
	}
	data, err := r.blob(e.hash)
	return data, err == nil, err
}

func (r *Repo) writeBlob(data []byte) (plumbing.Hash, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	o := r.s.NewEncodedObject()
	o.SetType(plumbing.BlobObject)
	w, err := o.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.s.SetEncodedObject(o)
}

// edit is a change to one path of a tree: a new blob, or removal (nil).
type edit struct {
	path string
	to   *entry
}

// applyEdits writes the tree that is base with the edits made, and the
// subtrees it needs; base may be zero (the empty tree).
func (r *Repo) applyEdits(base plumbing.Hash, edits []edit) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	if !base.IsZero() {
		t, err := r.tree(base)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = slices.Clone(t.Entries)
	}
	here := map[string]*entry{}  // edits of names in this tree
	below := map[string][]edit{} // edits inside a subtree, by its name
	for _, e := range edits {
		name, rest, deeper := strings.Cut(e.path, "/")
		if deeper {
			below[name] = append(below[name], edit{rest, e.to})
		} else {
			here[name] = e.to
		}
	}
	find := func(name string) int {
		return slices.IndexFunc(entries, func(te object.TreeEntry) bool { return te.Name == name })
	}
	for name, to := range here {
		i := find(name)
		switch {
		case to == nil && i >= 0 && entries[i].Mode != filemode.Dir:
			entries = slices.Delete(entries, i, i+1)
		case to == nil:
		case i >= 0 && entries[i].Mode == filemode.Dir:
			return plumbing.ZeroHash, fmt.Errorf("%s is a folder", name)
		case i >= 0:
			entries[i].Hash, entries[i].Mode = to.hash, to.mode
		default:
			entries = append(entries, object.TreeEntry{Name: name, Mode: to.mode, Hash: to.hash})
		}
	}
	for name, sub := range below {
		i := find(name)
		var subBase plumbing.Hash
		if i >= 0 {
			if entries[i].Mode != filemode.Dir {
				return plumbing.ZeroHash, fmt.Errorf("%s is a file, not a folder", name)
			}
			subBase = entries[i].Hash
		}
		h, err := r.applyEdits(subBase, sub)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("%s/%w", name, err)
		}
		switch {
		case h.IsZero() && i >= 0: // emptied: git keeps no empty folders
			entries = slices.Delete(entries, i, i+1)
		case h.IsZero():
		case i >= 0:
			entries[i].Hash = h
		default:
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
	}
	if len(entries) == 0 {
		return plumbing.ZeroHash, nil
	}
	slices.SortFunc(entries, func(a, b object.TreeEntry) int { return strings.Compare(sortName(a), sortName(b)) })
	r.obj.Lock()
	defer r.obj.Unlock()
	o := r.s.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(o); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.s.SetEncodedObject(o)
}

// sortName is git's order of tree entries: a folder sorts as if its name
// ended in "/".
func sortName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// emptyTree writes git's empty tree (a commit that empties the content has
// one).
func (r *Repo) emptyTree() (plumbing.Hash, error) {
	r.obj.Lock()
	defer r.obj.Unlock()
	o := r.s.NewEncodedObject()
	if err := (&object.Tree{}).Encode(o); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.s.SetEncodedObject(o)
}

// writeCommit writes a commit by who (name and email) at the repository's
// clock.
func (r *Repo) writeCommit(tree plumbing.Hash, parents []plumbing.Hash, name, email, message string) (plumbing.Hash, error) {
	if tree.IsZero() {
		var err error
		if tree, err = r.emptyTree(); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	sig := object.Signature{Name: name, Email: email, When: r.now()}
	c := &object.Commit{Author: sig, Committer: sig, Message: message, TreeHash: tree, ParentHashes: parents}
	r.obj.Lock()
	defer r.obj.Unlock()
	o := r.s.NewEncodedObject()
	if err := c.Encode(o); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.s.SetEncodedObject(o)
}

// ErrMoved is returned when a branch moved while a change to it was made:
// someone else changed it at the same moment. Reload and try again.
var ErrMoved = errors.New("the branch was changed by someone else at the same moment: reload and try again")

// setRef moves a branch from old (zero: it must not exist) to to, as git
// does: under refs/heads/<name>.lock, created exclusively, then renamed
// over the ref. So a push that git receive-pack is applying to the same
// branch and this change cannot both win.
func (r *Repo) setRef(name plumbing.ReferenceName, old, to plumbing.Hash) error {
	file := filepath.Join(r.gitDir, filepath.FromSlash(name.String()))
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return err
	}
	lock := file + ".lock"
	f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return ErrMoved
		}
		return err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(lock)
		}
	}()
	cur, err := r.ref(name)
	if err != nil {
		return err
	}
	if cur != old {
		return ErrMoved
	}
	if _, err := f.WriteString(to.String() + "\n"); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(lock, file); err != nil {
		return err
	}
	done = true
	return nil
}

// deleteRef removes a branch that points at old.
func (r *Repo) deleteRef(name plumbing.ReferenceName, old plumbing.Hash) error {
	cur, err := r.ref(name)
	if err != nil {
		return err
	}
	if cur != old {
		return ErrMoved
	}
	r.obj.Lock()
	defer r.obj.Unlock()
	if err := r.s.RemoveReference(name); err != nil {
		return err
	}
	// Remove the folders left empty under refs/heads/cms/, as git does.
	for dir := path.Dir(name.String()); strings.Count(dir, "/") > 2; dir = path.Dir(dir) {
		if os.Remove(filepath.Join(r.gitDir, filepath.FromSlash(dir))) != nil {
			break
		}
	}
	return nil
}

// changedPaths lists the files that differ between two trees (either may
// be zero), sorted. A folder whose tree is the same on both sides is not
// read: an edit costs the folders on its path, not the archive.
func (r *Repo) changedPaths(a, b plumbing.Hash) ([]string, error) {
	var out []string
	err := r.diffTrees(a, b, "", &out)
	slices.Sort(out)
	return out, err
}

func (r *Repo) diffTrees(a, b plumbing.Hash, dir string, out *[]string) error {
	if a == b {
		return nil
	}
	entries := func(h plumbing.Hash) (map[string]object.TreeEntry, error) {
		m := map[string]object.TreeEntry{}
		if h.IsZero() {
			return m, nil
		}
		t, err := r.tree(h)
		if err != nil {
			return nil, err
		}
		for _, e := range t.Entries {
			m[e.Name] = e
		}
		return m, nil
	}
	ea, err := entries(a)
	if err != nil {
		return err
	}
	eb, err := entries(b)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for n := range ea {
		names[n] = true
	}
	for n := range eb {
		names[n] = true
	}
	for n := range names {
		x, inA := ea[n]
		y, inB := eb[n]
		if inA && inB && x.Hash == y.Hash && x.Mode == y.Mode {
			continue
		}
		p := path.Join(dir, n)
		var subA, subB plumbing.Hash
		if inA && x.Mode == filemode.Dir {
			subA = x.Hash
		} else if inA {
			*out = append(*out, p)
		}
		if inB && y.Mode == filemode.Dir {
			subB = y.Hash
		} else if inB && !(inA && x.Mode != filemode.Dir) {
			*out = append(*out, p)
		}
		if !subA.IsZero() || !subB.IsZero() {
			if err := r.diffTrees(subA, subB, p, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameBlob reports whether a path is the same file in two trees.
func (r *Repo) sameBlob(a, b plumbing.Hash, p string) (bool, error) {
	ea, oka, err := r.lookup(a, p)
	if err != nil {
		return false, err
	}
	eb, okb, err := r.lookup(b, p)
	if err != nil {
		return false, err
	}
	return oka == okb && ea == eb, nil
}

// isText reports whether data looks like text (for Decap's "binary").
func isText(data []byte) bool { return !bytes.ContainsRune(data[:min(len(data), 8000)], 0) }
