package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Create makes the record: a bare repository at dir whose branch holds the
// files of from (a content folder, hidden files aside) as one commit, and a
// checkout of it at checkout (the content/ the build then reads), with the
// repository as its origin. It refuses a dir or checkout that exists.
func Create(dir, checkout, branch string, from fs.FS, now time.Time) error {
	for _, p := range []string{dir, checkout} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s exists: the record is made only where there is nothing", p)
		}
	}
	gr, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{Bare: true,
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(branch)}})
	if err != nil {
		return err
	}
	r := newRepo(dir, branch, gr.Storer, func() time.Time { return now })
	var edits []edit
	err = fs.WalkDir(from, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(from, p)
		if err != nil {
			return err
		}
		h, err := r.writeBlob(data)
		if err != nil {
			return err
		}
		edits = append(edits, edit{path.Clean(p), &entry{h, filemode.Regular}})
		return nil
	})
	if err != nil {
		return err
	}
	tree, err := r.applyEdits(plumbing.ZeroHash, edits)
	if err != nil {
		return err
	}
	c, err := r.writeCommit(tree, nil, "gazette", "gazette@localhost", message("The content, as it was when the newsroom began", ""))
	if err != nil {
		return err
	}
	if err := r.setRef(r.publishedRef(), plumbing.ZeroHash, c); err != nil {
		return err
	}
	_, err = git.PlainClone(checkout, false, &git.CloneOptions{URL: dir, ReferenceName: r.publishedRef(), SingleBranch: true})
	return err
}
