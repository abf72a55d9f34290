package publish

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Store keeps public/ and index/ as one unit, so that they always come from
// the same build, even across a crash:
//
//	.gazette/<id>/public  .gazette/<id>/index    one generation per build
//	.gazette/current -> <id>                     the live generation
//	public -> .gazette/current/public            fixed links, made once
//	index  -> .gazette/current/index
//
// .gazette sits beside public/; index/ may be elsewhere, its link then points
// into the same store. A build writes a new generation and then replaces the
// one symbolic link "current" with rename(2), which is atomic: readers see
// the old pair or the new pair, never a mix. The generations before the
// live one (kept of them) stay, so a server still reading one is not pulled
// from under its feet. The one before those is the spare: instead of
// making every directory and link of a site again, the next build takes it
// over (Txn.Reused) and replaces only the files that differ, which for an
// edit are a few of tens of thousands.
//
// What the store owns, and so may replace or remove: in .gazette, the
// generation directories it named (and moved into trash/ to be removed),
// its "current" link, its lock file, the cache folder its builds keep and
// the record of a failed build (package build);
// and the links public and index once it has made them. Nothing else. A
// public or index path that holds anything but the store's own link (or
// nothing, or an empty directory) is refused with a NotOursError before any
// work is done, unless Adopt is set: then a directory found there that
// holds what a build writes at that path (a site's sitemap.xml and
// 404.html, a Bleve index's index_meta.json: an older gazette's output) is
// moved into .gazette/adopted/, where it is kept, never pruned, for its
// owner to take back; any other is still refused.
//
// A preview (drafts and embargoed documents, gazette build -drafts) is a
// store of its own, in .gazette-preview beside its public/: its
// generations, current link, lock and caches are never the live site's. A
// preview store refuses a public or index path that is a live store's link
// (the live site), and a live store one that is a preview's, so no command
// or flag can make a preview the live site, or swap one into it. Any store
// refuses an output path inside a store's generations (public/preview,
// followed through the public link, is inside the live one), where its
// files would be served as the live site's.
type Store struct {
	Public, Index string // Index may be empty: then no index link is made
	Adopt         bool
	Preview       bool // a drafts preview: kept in PreviewDir, never where a live site is
}

// StoreDir is the folder, beside public/, holding generations.
const StoreDir = ".gazette"

// PreviewDir is the folder, beside a preview's public/, holding its
// generations.
const PreviewDir = ".gazette-preview"

// AdoptedDir is where Adopt moves what it finds, inside StoreDir.
const AdoptedDir = "adopted"

// NotOursError says that an output path holds something the store did not
// make, and what to do about it.
type NotOursError struct {
	Path string // as given
	What string // "is a directory holding files", …
}

func (e *NotOursError) Error() string {
	return fmt.Sprintf("%s %s, which gazette did not make: gazette never removes or replaces what it did not make. "+
		"Move it away or choose another output path; if it is the output of an older gazette (a plain folder, "+
		"before %s/ existed), build once with -adopt to move it into %s",
		e.Path, e.What, StoreDir, filepath.Join(StoreDir, AdoptedDir))
}

// Locked is a Store that one build holds: no other build (in this process
// or another) writes generations or the store's caches until Unlock.
type Locked struct {
	store  Store
	root   string
	unlock func()
	swept  chan struct{} // closed when the trash is empty
}

// TrashDir, in StoreDir, holds retired generations until they are
// removed: retiring one is a rename, removing it is as many system calls as
// it has files and folders, done while the next build works.
const TrashDir = "trash"

// Txn is one build's new generation.
type Txn struct {
	Public, Index string // where the build writes: Index must not exist yet
	Dir           string // the generation: Public, Index and what else the build keeps with them
	lk            *Locked
	id            string
	live          bool // Commit made it current: Abort must not remove it
	// Reused: Public holds a retired generation's files, to be replaced by
	// a Writer from NewReplacingWriter, and Dir what else that build kept.
	Reused bool
}

// generationName matches the names Begin gives generations: prune removes
// nothing else.
var generationName = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{9}Z-[0-9a-f]{8}$`)

func (s Store) root() string {
	name := StoreDir
	if s.Preview {
		name = PreviewDir
	}
	return filepath.Join(filepath.Dir(filepath.Clean(s.Public)), name)
}

// lockWait is how long Lock waits for a build that holds the store before
// it refuses: long enough for one that has made its generation live to let
// go (it has only a few renames left), far shorter than a build. Someone
// who sees a page go live and builds at once is not turned away.
const lockWait = time.Second

// Lock takes the store for one build. It refuses output paths that hold
// what the store did not make, and a store another build still holds after
// lockWait.
func (s Store) Lock() (*Locked, error) {
	ls, err := s.links()
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if inStore(l.path) {
			return nil, fmt.Errorf("publish: %s is inside gazette's store (%s or %s, where the generations are): "+
				"an output there would be written into a live or kept generation. Choose a path outside it", l.path, StoreDir, PreviewDir)
		}
		if err := l.check(s.Adopt); err != nil {
			return nil, err
		}
	}
	root := s.root()
	if err := os.MkdirAll(root, dirMode); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := os.Chmod(root, dirMode); err != nil { // the way to every generation
		return nil, fmt.Errorf("publish: %w", err)
	}
	unlock, err := lock(filepath.Join(root, "lock"))
	if err != nil {
		return nil, err
	}
	l := &Locked{store: s, root: root, unlock: unlock, swept: make(chan struct{})}
	go l.sweep()
	return l, nil
}

// sweep removes the retired generations in the trash.
func (l *Locked) sweep() {
	defer close(l.swept)
	trash := filepath.Join(l.root, TrashDir)
	entries, _ := os.ReadDir(trash)
	for _, e := range entries {
		if generationName.MatchString(e.Name()) {
			os.RemoveAll(filepath.Join(trash, e.Name()))
		}
	}
}

// Unlock lets other builds use the store at once, then waits for the
// trash to be emptied. A build that starts meanwhile empties the same
// trash beside it, which is harmless: each removes what is still there,
// and what that build retires goes in under a new name.
func (l *Locked) Unlock() {
	l.unlock()
	<-l.swept
}

// Dir is the store's folder (StoreDir), for the few files of its own a
// build keeps beside the generations.
func (l *Locked) Dir() string { return l.root }

// CacheDir is the store's folder for what builds keep between them.
func (l *Locked) CacheDir() string { return filepath.Join(l.root, "cache") }

// Live is the directory of the live generation (holding public and index),
// or "" when there is none.
func (l *Locked) Live() string {
	id, err := os.Readlink(filepath.Join(l.root, "current"))
	if err != nil || !generationName.MatchString(id) {
		return ""
	}
	dir := filepath.Join(l.root, id)
	if info, err := os.Stat(filepath.Join(dir, "public")); err != nil || !info.IsDir() {
		return ""
	}
	return dir
}

// Begin starts a new generation: the spare one renamed, its index put in
// the trash (Reused), or else an empty one.
func (l *Locked) Begin() (*Txn, error) {
	spare := l.store.prune(l.root)
	id := newID()
	dir := filepath.Join(l.root, id)
	t := &Txn{lk: l, id: id, Dir: dir, Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	if spare != "" && os.Rename(filepath.Join(l.root, spare), dir) == nil {
		t.Reused = true
		if err := l.trash(t.Index); err != nil {
			t.Abort()
			return nil, err
		}
	}
	if err := mkdirAll(t.Public); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return t, nil
}

// mkdirAll makes a generation's folder p (its public) and what it lacks of
// its parents in the store, and gives p and the generation the published
// folders' mode: the web server and the replicas go through them.
func mkdirAll(p string) error {
	if err := os.MkdirAll(p, dirMode); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Dir(p), dirMode); err != nil {
		return err
	}
	return os.Chmod(p, dirMode)
}

// newID names a generation: names sort by time.
func newID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b)
}

// Empty puts what a reused generation holds into the trash, leaving an
// empty Public as for a new one.
func (t *Txn) Empty() error {
	if !t.Reused {
		return nil
	}
	if err := t.lk.trash(t.Dir); err != nil {
		return err
	}
	t.Reused = false
	if err := mkdirAll(t.Public); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// trash moves p, if it exists, into the trash, for the next Lock to remove.
func (l *Locked) trash(p string) error {
	dir := filepath.Join(l.root, TrashDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(p, filepath.Join(dir, newID())); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// kept is how many generations before the live one are kept: a server
// looks for a newer build only when a request comes, so one that has not
// seen the last swap, or the one before, still finds its files.
const kept = 2

// prune removes every generation but the live one, the kept before it and
// the spare before those, whose name it returns ("" for none). Generation
// names sort by time.
func (s Store) prune(root string) (spare string) {
	current, _ := os.Readlink(filepath.Join(root, "current"))
	entries, _ := os.ReadDir(root)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && generationName.MatchString(e.Name()) {
			gens = append(gens, e.Name())
		}
	}
	slices.Sort(gens)
	keep := map[string]bool{current: true}
	i := slices.Index(gens, current)
	for _, g := range gens[max(0, i-kept):max(0, i)] {
		keep[g] = true
	}
	if i-kept-1 >= 0 {
		spare = gens[i-kept-1]
		keep[spare] = true
	}
	trash := filepath.Join(root, TrashDir)
	for _, g := range gens {
		if !keep[g] {
			if os.MkdirAll(trash, 0o755) != nil || os.Rename(filepath.Join(root, g), filepath.Join(trash, g)) != nil {
				os.RemoveAll(filepath.Join(root, g))
			}
		}
	}
	// A link Commit made but did not rename into place (killed between).
	for _, e := range entries {
		if id, ok := strings.CutPrefix(e.Name(), "current."); ok && generationName.MatchString(id) && e.Type()&fs.ModeSymlink != 0 {
			os.Remove(filepath.Join(root, e.Name()))
		}
	}
	return spare
}

// Commit makes the generation live in one atomic step.
func (t *Txn) Commit() error {
	if err := syncFS(t.Public); err != nil {
		return err
	}
	ls, err := t.lk.store.links()
	if err != nil {
		return err
	}
	root := t.lk.root
	tmp := filepath.Join(root, "current."+t.id)
	if err := os.Symlink(t.id, tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(root, "current")); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish: %w", err)
	}
	t.live = true
	for _, l := range ls {
		if err := l.make(root, t.lk.store.Adopt); err != nil {
			return err
		}
	}
	t.lk.store.prune(root)
	return nil
}

// Abort removes the unfinished generation.
func (t *Txn) Abort() {
	if !t.live {
		os.RemoveAll(t.Dir)
	}
}
