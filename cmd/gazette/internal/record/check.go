package record

import (
	"context"
	"path"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/lint"
)

// checkRoot is how the checks name files: as gazette check does, under the
// content folder that a checkout of the repository is.
const checkRoot = "content"

// CheckError is a change the checks of gazette check refuse: its findings,
// each "content/path:line:col: severity: message".
type CheckError struct{ Findings []lint.Diagnostic }

func (e *CheckError) Error() string {
	var b strings.Builder
	for i, d := range e.Findings {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// checker keeps the parsed files of the last tree it checked, so that a
// check of a tree that differs in a few files reads only those.
type checker struct {
	mu       sync.Mutex
	cache    *content.Cache
	last     plumbing.Hash // the tree the cache holds
	base     plumbing.Hash // the tree baseErrs are of
	baseErrs map[string]bool
}

// check runs the rules of gazette check on tree, which is base with the
// files changed changed. It returns what concerns the change: every finding
// at a changed file, and the errors elsewhere that base does not have (a
// document whose 文號 another one now uses, a reference to a file the change
// removed). Errors that were in base already are not the change's doing
// and do not stop it.
func (r *Repo) check(ctx context.Context, base, tree plumbing.Hash, changed []string) ([]lint.Diagnostic, error) {
	c := &r.chk
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cache == nil {
		c.cache = content.NewCache()
	}
	if c.base != base || c.baseErrs == nil {
		ds, err := r.lint(ctx, base, []string{})
		if err != nil {
			return nil, err
		}
		c.base, c.baseErrs = base, map[string]bool{}
		for _, d := range ds {
			if d.Severity == lint.Error {
				c.baseErrs[d.Path+"\x00"+d.Message] = true
			}
		}
	}
	ds, err := r.lint(ctx, tree, changed)
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, p := range changed {
		mine[path.Join(checkRoot, p)] = true
	}
	var out []lint.Diagnostic
	for _, d := range ds {
		if mine[d.Path] || d.Severity == lint.Error && !c.baseErrs[d.Path+"\x00"+d.Message] {
			out = append(out, d)
		}
	}
	return out, nil
}

// Warm reads the published tree into the checks' cache, so that the first
// save after a start is as quick as the others.
func (r *Repo) Warm(ctx context.Context) error {
	tree, err := r.HeadTree()
	if err != nil {
		return err
	}
	_, err = r.check(ctx, tree, tree, nil)
	return err
}

// lint checks a tree through the cache, with findings at only (load errors
// wherever they are).
func (r *Repo) lint(ctx context.Context, tree plumbing.Hash, only []string) ([]lint.Diagnostic, error) {
	c := &r.chk
	var changed []string
	if !c.last.IsZero() {
		var err error
		if changed, err = r.changedPaths(c.last, tree); err != nil {
			return nil, err
		}
	}
	opt := lint.Options{Now: r.now(), Root: checkRoot, Cache: c.cache, Changed: changed, Only: only}
	if c.last.IsZero() {
		opt.Changed = nil // the first load reads the whole tree
	}
	ds, err := lint.Check(ctx, treeFS{r, tree}, opt)
	if err != nil {
		c.last = plumbing.ZeroHash
		c.cache = content.NewCache() // it may hold part of a load
		return nil, err
	}
	c.last = tree
	return ds, nil
}

// hasErrors reports whether findings hold an error.
func hasErrors(ds []lint.Diagnostic) bool { return lint.HasErrors(ds) }
