// Package publish is the last stage of the build: it writes the generated
// files into a fresh directory beside the target and swaps it in only when
// everything was written, so a failed or killed build never leaves a
// half-written site behind.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gazette/cmd/gazette/internal/parallel"
)

// File is one generated output.
type File struct {
	Path string // site path without the leading slash: "gazette/2025/01/index.html"
	Data []byte // the bytes to write; nil when Src is set
	Src  string // or: a path in the content file system to copy (attachments)
}

// Writer writes files into a directory as they come, from any number of
// goroutines, so that a build never holds the whole site in memory.
type Writer struct {
	dir   string
	src   fs.FS
	dirs  sync.Map // directories made
	paths sync.Map // files written: a second output for a path is an error
}

// NewWriter writes into dir (a generation's Public, from Begin), copying
// File.Src entries from src.
func NewWriter(dir string, src fs.FS) *Writer { return &Writer{dir: dir, src: src} }

// Write writes one file. It refuses paths outside the site and a second
// file for the same path.
func (w *Writer) Write(f File) error {
	if !fs.ValidPath(f.Path) || f.Path == "." || strings.Contains(f.Path, "\\") {
		return fmt.Errorf("publish: refusing to write outside the site: %q", f.Path)
	}
	if _, dup := w.paths.LoadOrStore(f.Path, true); dup {
		return fmt.Errorf("publish: two outputs for /%s", f.Path)
	}
	dst := filepath.Join(w.dir, filepath.FromSlash(f.Path))
	if d := filepath.Dir(dst); d != w.dir {
		if _, made := w.dirs.Load(d); !made {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return failed(f.Path, err)
			}
			w.dirs.Store(d, true)
		}
	}
	return writeOne(dst, f, w.src)
}

// Write writes files into dir, copying File.Src entries from src.
func Write(dir string, files []File, src fs.FS) error {
	w := NewWriter(dir, src)
	return parallel.Do(context.Background(), len(files), func(i int) error { return w.Write(files[i]) })
}

func writeOne(dst string, f File, src fs.FS) error {
	if f.Src == "" {
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			return failed(f.Path, err)
		}
		return nil
	}
	in, err := src.Open(f.Src)
	if err != nil {
		return fmt.Errorf("copying %s: %w", f.Src, err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return failed(f.Path, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return failed(f.Path, err)
	}
	if err := out.Close(); err != nil {
		return failed(f.Path, err)
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
	return fmt.Errorf("writing /%s: %w", sitePath, err)
}

// Swap puts the staged directory in place of target in one atomic step where
// the system allows (Linux renameat2 RENAME_EXCHANGE), then removes the
// retired version. Readers see the old tree or the new one, never a mix.
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
