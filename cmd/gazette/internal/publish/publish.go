// Package publish is the last stage of the build: every file of the site
// goes out through one Writer, into a new generation of the site (see
// Store) that is swapped in only when everything was written, so a failed
// or killed build never leaves a half-written site behind.
//
// What a build makes is a list of Jobs: each makes one or more files from
// inputs its Key identifies. A file whose job has the same Key as in the
// previous generation is not made again: the Writer links it from there.
package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"gazette/cmd/gazette/internal/parallel"
)

// The modes of everything published, whatever the umask of the build: the
// web server (nginx, as www-data) and the search replicas may run as other
// users than the build, and must read every file of a generation.
const (
	fileMode fs.FileMode = 0o644
	dirMode  fs.FileMode = 0o755
)

// File is one generated output.
type File struct {
	Path string // site path without the leading slash: "gazette/2025/01/index.html"
	Data []byte // the bytes to write; nil when Src is set
	Src  string // or: a path in the content file system to copy (attachments)
	Link string // or: a file the build made and keeps outside the site (a cached issue PDF), hard-linked where it can be, else copied
}

// A Job makes files of the site. Key covers everything they are made
// from, so that equal keys mean equal files.
type Job struct {
	Paths []string // the files Make returns, in any order
	Key   [32]byte
	Make  func() ([]File, error)
}

// Writer puts files into a site directory, from any number of goroutines,
// so that a build never holds the whole site in memory. A Writer for a new
// generation (NewWriter) writes each file once and can Keep a file of the
// previous generation by linking it; a Writer in place (NewInPlaceWriter)
// replaces each file of a live site by renaming a new one over it, so a
// reader sees the old file or the new, never a part. A replacing Writer
// (NewReplacingWriter) does the same in a reused generation, whose files
// are links to those of other generations: a file is never written into,
// only replaced.
type Writer struct {
	dir     string
	prev    string // the previous generation's site, to Keep files from
	inPlace bool
	replace bool
	src     fs.FS
	dirs    sync.Map // directories made
	paths   sync.Map // files written: a second output for a path is an error
}

// NewWriter writes into dir (a generation's Public, from Begin), keeping
// files from prev (the previous generation's, "" for none) and copying
// File.Src entries from src.
func NewWriter(dir, prev string, src fs.FS) *Writer { return &Writer{dir: dir, prev: prev, src: src} }

// NewReplacingWriter writes into dir, a reused generation's Public (see
// Txn.Reused), keeping files from prev as NewWriter does. What the
// generation already has right the caller leaves alone (Have); the files
// it must no longer have, it Removes.
func NewReplacingWriter(dir, prev string, src fs.FS) *Writer {
	return &Writer{dir: dir, prev: prev, replace: true, src: src}
}

// NewInPlaceWriter replaces files of the live site in dir.
func NewInPlaceWriter(dir string, src fs.FS) *Writer {
	return &Writer{dir: dir, inPlace: true, src: src}
}

func (w *Writer) target(p string) (string, error) {
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
func (w *Writer) mkdir(d string) error {
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

// Write writes one file. It refuses paths outside the site and a second
// file for the same path.
func (w *Writer) Write(f File) error {
	dst, err := w.target(f.Path)
	if err != nil {
		return err
	}
	if !w.inPlace && !w.replace {
		return writeOne(dst, f, w.src)
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

func tmpName(dst string) string {
	return filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp")
}

// Have records that the directory already holds p as it must be: a reused
// generation's file made from the same inputs.
func (w *Writer) Have(p string) error {
	if _, dup := w.paths.LoadOrStore(p, true); dup {
		return fmt.Errorf("publish: two outputs for /%s", p)
	}
	return nil
}

// ErrNotKept is Keep's error when the previous generation does not have
// the file: the caller makes it instead.
var ErrNotKept = errors.New("not in the previous generation")

// Keep puts the previous generation's file p into the new one unchanged:
// a hard link (a copy where the system has none). In place, the file is
// already there.
func (w *Writer) Keep(p string) error {
	if w.inPlace {
		if _, err := os.Lstat(filepath.Join(w.dir, filepath.FromSlash(p))); err != nil {
			return fmt.Errorf("keeping /%s: %w", p, ErrNotKept)
		}
		w.paths.Store(p, true)
		return nil
	}
	if w.prev == "" {
		return fmt.Errorf("keeping /%s: %w", p, ErrNotKept)
	}
	dst, err := w.target(p)
	if err != nil {
		return err
	}
	src := filepath.Join(w.prev, filepath.FromSlash(p))
	if w.replace {
		tmp := tmpName(dst)
		os.Remove(tmp) // left by a build killed here
		if err = os.Link(src, tmp); err == nil {
			if err = os.Rename(tmp, dst); err != nil {
				os.Remove(tmp)
				return failed(p, err)
			}
			return nil
		}
	} else {
		err = os.Link(src, dst)
	}
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

// Remove removes a file the site no longer has, in place or in a reused
// generation, and the directories that held nothing else. A new generation
// simply lacks it.
func (w *Writer) Remove(p string) error {
	if !w.inPlace && !w.replace {
		return nil
	}
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

// Write writes files into dir, copying File.Src entries from src.
func Write(dir string, files []File, src fs.FS) error {
	w := NewWriter(dir, "", src)
	return parallel.Do(context.Background(), len(files), func(i int) error { return w.Write(files[i]) })
}

func writeOne(dst string, f File, src fs.FS) error {
	if f.Link != "" {
		return linkOrCopy(f.Link, dst, f.Path)
	}
	if f.Src == "" {
		return copyFrom(bytes.NewReader(f.Data), dst, f.Path)
	}
	in, err := src.Open(f.Src)
	if err != nil {
		return fmt.Errorf("copying %s: %w", f.Src, err)
	}
	defer in.Close()
	return copyFrom(in, dst, f.Path)
}

func copyFile(src, dst, p string) error {
	in, err := os.Open(src)
	if err != nil {
		return failed(p, err)
	}
	defer in.Close()
	return copyFrom(in, dst, p)
}

func copyFrom(in io.Reader, dst, p string) error {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fileMode)
	if err != nil {
		return failed(p, err)
	}
	if err := out.Chmod(fileMode); err != nil {
		out.Close()
		return failed(p, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return failed(p, err)
	}
	if err := out.Close(); err != nil {
		return failed(p, err)
	}
	return nil
}

// failed says which output could not be written and why, without the long
// path of the generation being made: "writing /news/x/index.html: no space
// left on device". The cause stays wrapped, for errors.Is.
func failed(sitePath string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return fmt.Errorf("writing /%s: %w", sitePath, err)
}

// linkOrCopy hard-links from to dst, or copies it where a link cannot be
// made (another file system). A link shares the mode of what it links,
// which gets the published files' mode.
func linkOrCopy(from, dst, p string) error {
	if err := os.Link(from, dst); err != nil {
		return copyFile(from, dst, p)
	}
	if err := os.Chmod(dst, fileMode); err != nil {
		return failed(p, err)
	}
	return nil
}

// mkdir makes the folder d with the published folders' mode.
func mkdir(d string) error {
	if err := os.Mkdir(d, dirMode); err != nil {
		return err
	}
	return os.Chmod(d, dirMode)
}

// Readable gives dir and everything in it the modes of published files
// and folders, for a tree that another program writes with its own (the
// search index: Bleve makes its files 0600).
func Readable(dir string) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		want := fileMode
		switch {
		case e.IsDir():
			want = dirMode
		case !e.Type().IsRegular():
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm() != want {
			return os.Chmod(p, want)
		}
		return nil
	})
}

// Swap puts the staged directory in place of target in one atomic step where
// the system allows (Linux renameat2 RENAME_EXCHANGE), then removes the
// retired version. Readers see the old tree or the new one, never a mix.
// Both are the store's: the index of the live generation, replaced in place.
func Swap(staged, target string) error {
	target = filepath.Clean(target)
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staged, target)
	}
	if err := exchange(staged, target); err == nil {
		return os.RemoveAll(staged) // staged now holds the old tree
	}
	old := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".old-"+filepath.Base(staged))
	if err := os.Rename(target, old); err != nil {
		return fmt.Errorf("publish: retiring %s: %w", target, err)
	}
	if err := os.Rename(staged, target); err != nil {
		_ = os.Rename(old, target)
		return fmt.Errorf("publish: swapping in %s: %w", target, err)
	}
	return os.RemoveAll(old)
}
