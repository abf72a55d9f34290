package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// A Writer puts files into a site directory, from any number of
// goroutines, so that a build never holds the whole site in memory. It
// refuses paths outside the site and a second output for the same path.
// There are three, one for each way a build writes:
//
//   - NewWriter, into a new generation: each file is written once, and a
//     file of the previous generation can be kept by linking it;
//   - NewReplacingWriter, into a reused generation, whose files are links
//     to those of other generations: a file is never written into, only
//     replaced by a rename;
//   - NewInPlaceWriter, into the live site: each file is replaced by
//     renaming a new one over it, so a reader sees the old file or the new,
//     never a part.
type Writer interface {
	// Write writes one file.
	Write(File) error
	// Keep puts the previous generation's file p into the site unchanged;
	// the error is ErrNotKept when there is no such file to keep (the
	// caller makes it instead).
	Keep(p string) error
	// Have records that the directory already holds p as it must be: a
	// reused generation's file made from the same inputs.
	Have(p string) error
	// Remove removes a file the site no longer has, and the directories
	// that held nothing else.
	Remove(p string) error
}

// ErrNotKept is Keep's error when the previous generation does not have
// the file: the caller makes it instead.
var ErrNotKept = errors.New("not in the previous generation")

// NewWriter writes into dir (a generation's Public, from Begin), keeping
// files from prev (the previous generation's, "" for none) and copying
// File.Src entries from src.
func NewWriter(dir, prev string, src fs.FS) Writer {
	return &newWriter{sink{dir: dir, src: src}, prev}
}

// NewReplacingWriter writes into dir, a reused generation's Public (see
// Txn.Reused), keeping files from prev as NewWriter does. What the
// generation already has right the caller leaves alone (Have); the files
// it must no longer have, it Removes.
func NewReplacingWriter(dir, prev string, src fs.FS) Writer {
	return &replacingWriter{sink{dir: dir, src: src}, prev}
}

// NewInPlaceWriter replaces files of the live site in dir.
func NewInPlaceWriter(dir string, src fs.FS) Writer {
	return &inPlaceWriter{sink{dir: dir, src: src}}
}

// A sink is what the three writers share: the directory, the paths
// written and the directories made.
type sink struct {
	dir   string
	src   fs.FS
	dirs  sync.Map // directories made
	paths sync.Map // files written: a second output for a path is an error
}

func (w *sink) target(p string) (string, error) {
	if !fs.ValidPath(p) || p == "." || strings.Contains(p, "\\") {
		return "", fmt.Errorf("publish: refusing to write outside the site: %q", p)
	}
	if _, dup := w.paths.LoadOrStore(p, true); dup {
		return "", fmt.Errorf("publish: two outputs for /%s", p)
	}
	dst := filepath.Join(w.dir, filepath.FromSlash(p))
	if err := w.mkdir(filepath.Dir(dst)); err != nil {
		return "", failed(p, err)
	}
	return dst, nil
}

// mkdir makes d and what it lacks of its parents, once per Writer: a
// site has a directory per page, and a stat before each would double the
// system calls of a build.
func (w *sink) mkdir(d string) error {
	if d == w.dir {
		return nil
	}
	if _, made := w.dirs.Load(d); made {
		return nil
	}
	err := mkdir(d)
	if errors.Is(err, fs.ErrNotExist) {
		if err = w.mkdir(filepath.Dir(d)); err == nil {
			err = mkdir(d)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	w.dirs.Store(d, true)
	return nil
}

func (w *sink) Have(p string) error {
	if _, dup := w.paths.LoadOrStore(p, true); dup {
		return fmt.Errorf("publish: two outputs for /%s", p)
	}
	return nil
}

// replace writes f over its file by a rename.
func (w *sink) replace(f File) error {
	dst, err := w.target(f.Path)
	if err != nil {
		return err
	}
	tmp := tmpName(dst)
	if err := writeOne(tmp, f, w.src); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return failed(f.Path, err)
	}
	return nil
}

func (w *sink) Remove(p string) error {
	if !fs.ValidPath(p) || p == "." {
		return fmt.Errorf("publish: refusing to remove outside the site: %q", p)
	}
	dst := filepath.Join(w.dir, filepath.FromSlash(p))
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing /%s: %w", p, err)
	}
	for d := filepath.Dir(dst); d != w.dir && strings.HasPrefix(d, w.dir); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break // it holds something else
		}
	}
	return nil
}

func tmpName(dst string) string {
	return filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp")
}

// newWriter writes into a new generation.
type newWriter struct {
	sink
	prev string // the previous generation's site, to Keep files from
}

func (w *newWriter) Write(f File) error {
	dst, err := w.target(f.Path)
	if err != nil {
		return err
	}
	return writeOne(dst, f, w.src)
}

// Keep links the previous generation's file (a copy where the system has
// no link).
func (w *newWriter) Keep(p string) error {
	if w.prev == "" {
		return fmt.Errorf("keeping /%s: %w", p, ErrNotKept)
	}
	dst, err := w.target(p)
	if err != nil {
		return err
	}
	src := filepath.Join(w.prev, filepath.FromSlash(p))
	return w.linked(p, src, dst, os.Link(src, dst))
}

// Remove does nothing: a new generation simply lacks the file.
func (w *newWriter) Remove(string) error { return nil }

// linked finishes a Keep whose link from src to dst ended with err.
func (w *sink) linked(p, src, dst string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		w.paths.Delete(p) // Write may make it instead
		return fmt.Errorf("keeping /%s: %w", p, ErrNotKept)
	case errors.Is(err, syscall.EXDEV), errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EMLINK):
		return copyFile(src, dst, p)
	}
	return failed(p, err)
}

// replacingWriter writes into a reused generation.
type replacingWriter struct {
	sink
	prev string
}

func (w *replacingWriter) Write(f File) error { return w.replace(f) }

// Keep links the previous generation's file beside its place, then renames
// the link over it.
func (w *replacingWriter) Keep(p string) error {
	if w.prev == "" {
		return fmt.Errorf("keeping /%s: %w", p, ErrNotKept)
	}
	dst, err := w.target(p)
	if err != nil {
		return err
	}
	src := filepath.Join(w.prev, filepath.FromSlash(p))
	tmp := tmpName(dst)
	os.Remove(tmp) // left by a build killed here
	if err = os.Link(src, tmp); err == nil {
		if err = os.Rename(tmp, dst); err != nil {
			os.Remove(tmp)
			return failed(p, err)
		}
		return nil
	}
	return w.linked(p, src, dst, err)
}

// inPlaceWriter writes into the live site.
type inPlaceWriter struct{ sink }

func (w *inPlaceWriter) Write(f File) error { return w.replace(f) }

// Keep finds the file where it is: in place, there is nothing to link.
func (w *inPlaceWriter) Keep(p string) error {
	if _, err := os.Lstat(filepath.Join(w.dir, filepath.FromSlash(p))); err != nil {
		return fmt.Errorf("keeping /%s: %w", p, ErrNotKept)
	}
	w.paths.Store(p, true)
	return nil
}
