package publish

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
// A build writes a new generation and then replaces the one symbolic link
// "current" with rename(2), which is atomic: readers see the old pair or the
// new pair, never a mix. The previous generation is kept until the next
// build, so a server still reading it is not pulled from under its feet.
// Store works when public/ and index/ sit in the same directory (the
// default); otherwise Begin falls back to swapping each on its own.
type Store struct {
	Public, Index string
}

// StoreDir is the folder, beside public/ and index/, holding generations.
const StoreDir = ".gazette"

// Txn is one build's new generation.
type Txn struct {
	Public, Index string // where the build writes: Index must not exist yet
	store         Store
	root, id      string
	split         bool // public and index in different folders: swap each
}

func (s Store) root() (string, bool) {
	pd, id := filepath.Dir(filepath.Clean(s.Public)), filepath.Dir(filepath.Clean(s.Index))
	if pd != id {
		return "", false
	}
	return filepath.Join(pd, StoreDir), true
}

// Begin starts a generation, removing what killed builds left behind.
func (s Store) Begin() (*Txn, error) {
	root, ok := s.root()
	if !ok {
		Clean(s.Public)
		Clean(s.Index)
		pub, err := Stage(s.Public)
		if err != nil {
			return nil, err
		}
		idx := filepath.Join(filepath.Dir(filepath.Clean(s.Index)), "."+filepath.Base(filepath.Clean(s.Index))+".new-"+filepath.Base(pub))
		return &Txn{Public: pub, Index: idx, store: s, split: true}, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	s.prune(root)
	b := make([]byte, 4)
	rand.Read(b)
	id := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b)
	t := &Txn{store: s, root: root, id: id,
		Public: filepath.Join(root, id, "public"), Index: filepath.Join(root, id, "index")}
	if err := os.MkdirAll(t.Public, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return t, nil
}

// prune removes every generation but the live one and the one before it.
// Generation names sort by time.
func (s Store) prune(root string) {
	current, _ := os.Readlink(filepath.Join(root, "current"))
	entries, _ := os.ReadDir(root)
	var gens []string
	for _, e := range entries {
		if e.IsDir() {
			gens = append(gens, e.Name())
		}
	}
	slices.Sort(gens)
	keep := map[string]bool{current: true}
	if i := slices.Index(gens, current); i > 0 {
		keep[gens[i-1]] = true
	}
	for _, g := range gens {
		if !keep[g] {
			os.RemoveAll(filepath.Join(root, g))
		}
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "current.") {
			os.Remove(filepath.Join(root, e.Name()))
		}
	}
}

// Commit makes the generation live in one atomic step.
func (t *Txn) Commit() error {
	if err := Sync(t.Public); err != nil {
		return err
	}
	if t.split {
		if err := Swap(t.Public, t.store.Public); err != nil {
			return err
		}
		return Swap(t.Index, t.store.Index)
	}
	tmp := filepath.Join(t.root, "current."+t.id)
	if err := os.Symlink(t.id, tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(t.root, "current")); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish: %w", err)
	}
	for _, p := range []struct{ path, name string }{{t.store.Public, "public"}, {t.store.Index, "index"}} {
		if err := link(p.path, filepath.Join(StoreDir, "current", p.name), t.root); err != nil {
			return err
		}
	}
	t.store.prune(t.root)
	return nil
}

// link makes path a symbolic link to target, once. A real directory left
// there by an older layout is moved into the store, then replaced.
func link(path, target, root string) error {
	if got, err := os.Readlink(path); err == nil && got == target {
		return nil
	}
	if info, err := os.Lstat(path); err == nil {
		if info.IsDir() {
			if err := os.Rename(path, filepath.Join(root, "old-"+filepath.Base(path)+"-"+fmt.Sprint(time.Now().UnixNano()))); err != nil {
				return fmt.Errorf("publish: moving the old %s aside: %w", path, err)
			}
		} else if err := os.Remove(path); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publish: %w", err)
	}
	tmp := path + ".link-" + fmt.Sprint(time.Now().UnixNano())
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return os.Rename(tmp, path)
}

// Abort removes the unfinished generation.
func (t *Txn) Abort() {
	if t.split {
		os.RemoveAll(t.Public)
		os.RemoveAll(t.Index)
		return
	}
	os.RemoveAll(filepath.Join(t.root, t.id))
}
