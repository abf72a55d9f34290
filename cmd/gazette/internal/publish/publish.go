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
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
