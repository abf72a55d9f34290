package record

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-git/go-billy/v5/helper/mount"
	"github.com/go-git/go-billy/v5/helper/polyfill"
	"github.com/go-git/go-billy/v5/memfs"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"gazette/cmd/gazette/internal/accounts"
)

// People finds an account by its login name.
type People interface {
	Lookup(name string) (accounts.User, bool)
}

// HookOptions are what the pre-receive hook is run with.
type HookOptions struct {
	Dir    string // the repository (git runs a hook in it)
	Branch string // the published branch
	People People
	Env    func(string) string // GAZETTE_USER or REMOTE_USER, GIT_QUARANTINE_PATH
	Stdin  io.Reader           // "<old> <new> <ref>" lines, from git
	Stderr io.Writer           // shown to the pusher, each line after "remote:"
}

// PreReceive is the repository's pre-receive hook: it reads the updates of
// a push and accepts them all (nil) or refuses them all, writing every
// reason to Stderr (see the package doc).
func PreReceive(ctx context.Context, opt HookOptions) error {
	r, err := Open(opt.Dir, opt.Branch, nil)
	if err != nil {
		return err
	}
	if q := opt.Env("GIT_QUARANTINE_PATH"); q != "" {
		// The pushed objects wait in quarantine until the hook accepts them.
		fs := polyfill.New(mount.New(memfs.New(), "objects", osfs.New(q)))
		incoming := filesystem.NewStorage(fs, cache.NewObjectLRUDefault())
		r.s = layered{r.s, incoming}
	}
	var updates []update
	sc := bufio.NewScanner(opt.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			return fmt.Errorf("pre-receive: unexpected line %q", sc.Text())
		}
		updates = append(updates, update{plumbing.NewHash(f[0]), plumbing.NewHash(f[1]), plumbing.ReferenceName(f[2])})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	pusher := opt.Env("GAZETTE_USER")
	if pusher == "" {
		pusher = opt.Env("REMOTE_USER")
	}
	reasons, err := r.receive(ctx, pusher, opt.People, updates)
	if err != nil {
		return err
	}
	if len(reasons) == 0 {
		return nil
	}
	fmt.Fprintln(opt.Stderr, "gazette: push refused:")
	for _, l := range reasons {
		fmt.Fprintln(opt.Stderr, l)
	}
	return ErrRefused
}

// ErrRefused is PreReceive's answer to a push it refuses.
var ErrRefused = errors.New("push refused")

type update struct {
	old, new plumbing.Hash
	ref      plumbing.ReferenceName
}

// receive lists every reason to refuse a push.
func (r *Repo) receive(ctx context.Context, pusher string, people People, updates []update) ([]string, error) {
	u, ok := people.Lookup(pusher)
	switch {
	case pusher == "":
		return []string{"the server does not say who is pushing (GAZETTE_USER or REMOTE_USER): see docs/newsroom.md"}, nil
	case !ok || u.Disabled:
		return []string{fmt.Sprintf("%q has no account in the newsroom, or it is disabled", pusher)}, nil
	case !canEdit(u):
		return []string{fmt.Sprintf("%s may not push: that needs the role 起草, 審核 or 簽發", pusher)}, nil
	}
	head, err := r.Head()
	if err != nil {
		return nil, err
	}
	known, err := r.knownCommits()
	if err != nil {
		return nil, err
	}
	var reasons []string
	for _, up := range updates {
		why, err := r.receiveOne(ctx, u, head, known, up)
		if err != nil {
			return nil, err
		}
		for _, w := range why {
			reasons = append(reasons, up.ref.Short()+": "+w)
		}
	}
	return reasons, nil
}

func (r *Repo) receiveOne(ctx context.Context, u accounts.User, head plumbing.Hash, known map[plumbing.Hash]bool, up update) ([]string, error) {
	switch {
	case up.ref == r.publishedRef():
		return []string{"the published branch changes only by a sign-off (簽發) in the console: push a draft branch, " + branchPrefix + "<collection>/<slug>, and have it reviewed"}, nil
	case !up.ref.IsBranch():
		return []string{"only branches may be pushed here"}, nil
	case up.new.IsZero():
		return r.mayDelete(u, head, up)
	}
	var why []string
	commits, err := r.newCommits(up.new, known)
	if err != nil {
		return nil, err
	}
	for _, c := range commits {
		short := c.Hash.String()[:10]
		if !strings.EqualFold(c.Author.Email, u.Email) || !strings.EqualFold(c.Committer.Email, u.Email) {
			why = append(why, fmt.Sprintf("commit %s is by %s <%s>, but %s is pushing as <%s>: push only commits you made (git commit --amend --reset-author)",
				short, c.Author.Name, c.Author.Email, u.Name, u.Email))
		}
		for _, t := range trailers(c.Message) {
			if reserved(t.key) {
				why = append(why, fmt.Sprintf("commit %s carries %s:, which only the console writes", short, t.key))
			}
		}
	}
	findings, err := r.checkPush(ctx, head, up.new)
	if err != nil {
		return nil, err
	}
	return append(why, findings...), nil
}

// checkPush checks a pushed tip's tree against the tree it began from (its
// merge base with the published branch).
func (r *Repo) checkPush(ctx context.Context, head, tip plumbing.Hash) ([]string, error) {
	base, err := r.mergeBase(tip, head)
	if err != nil {
		return []string{err.Error()}, nil
	}
	baseTree, err := r.treeOf(base)
	if err != nil {
		return nil, err
	}
	tree, err := r.treeOf(tip)
	if err != nil {
		return nil, err
	}
	err = r.checkChange(ctx, baseTree, tree)
	var ce *CheckError
	if errors.As(err, &ce) {
		return strings.Split(ce.Error(), "\n"), nil
	}
	return nil, err
}

// mayDelete: a draft branch is deleted by its only author, or a reviewer.
func (r *Repo) mayDelete(u accounts.User, head plumbing.Hash, up update) ([]string, error) {
	if u.Has(accounts.Reviewer) {
		return nil, nil
	}
	commits, err := r.branchCommits(up.old, head)
	if err != nil {
		return nil, err
	}
	for _, c := range commits {
		if !strings.EqualFold(c.Author.Email, u.Email) {
			return []string{"only its author alone, or a reviewer (審核), may delete this branch"}, nil
		}
	}
	return nil, nil
}

// knownCommits are the commits reachable from any branch now.
func (r *Repo) knownCommits() (map[plumbing.Hash]bool, error) {
	bs, err := r.branches("")
	if err != nil {
		return nil, err
	}
	known := map[plumbing.Hash]bool{}
	for _, tip := range bs {
		stack := []plumbing.Hash{tip}
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if known[h] {
				continue
			}
			known[h] = true
			c, err := r.commit(h)
			if err != nil {
				return nil, err
			}
			stack = append(stack, c.ParentHashes...)
		}
	}
	return known, nil
}

// newCommits are the commits of tip that no branch has yet.
func (r *Repo) newCommits(tip plumbing.Hash, known map[plumbing.Hash]bool) ([]*object.Commit, error) {
	var out []*object.Commit
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{tip}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if known[h] || seen[h] {
			continue
		}
		seen[h] = true
		c, err := r.commit(h)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		stack = append(stack, c.ParentHashes...)
		if len(out) > maxBranchCommits {
			return nil, fmt.Errorf("a push of more than %d new commits", maxBranchCommits)
		}
	}
	return out, nil
}

// layered reads objects from the push's quarantine first, then from the
// repository; everything else is the repository's.
type layered struct {
	storage.Storer
	incoming storer.EncodedObjectStorer
}

func (l layered) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if o, err := l.incoming.EncodedObject(t, h); err == nil {
		return o, nil
	}
	return l.Storer.EncodedObject(t, h)
}

func (l layered) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	if n, err := l.incoming.EncodedObjectSize(h); err == nil {
		return n, nil
	}
	return l.Storer.EncodedObjectSize(h)
}

func (l layered) HasEncodedObject(h plumbing.Hash) error {
	if l.incoming.HasEncodedObject(h) == nil {
		return nil
	}
	return l.Storer.HasEncodedObject(h)
}
