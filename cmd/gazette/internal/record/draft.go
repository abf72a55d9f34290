package record

import (
	"errors"
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Status is where a draft is in the workflow; the values are Decap CMS's.
type Status string

// The statuses.
const (
	Draft  Status = "draft"           // being written
	Review Status = "pending_review"  // submitted, waiting for a reviewer (審核)
	Ready  Status = "pending_publish" // approved, waiting for a signer (簽發)
)

// ParseStatus reads a status as Decap names it.
func ParseStatus(s string) (Status, error) {
	switch st := Status(s); st {
	case Draft, Review, Ready:
		return st, nil
	}
	return "", fmt.Errorf("unknown status %q", s)
}

// branchPrefix starts the name of every draft branch: cms/<collection>/<slug>,
// as Decap CMS's git workflow names them.
const branchPrefix = "cms/"

// Branch is the draft branch of an entry.
func Branch(collection, slug string) string { return branchPrefix + collection + "/" + slug }

// Key is an entry's key in Decap's terms: "<collection>/<slug>".
func Key(collection, slug string) string { return collection + "/" + slug }

// FileChange is one file a draft changes.
type FileChange struct {
	Path   string
	Status string // added, modified or deleted
	Binary bool
	Blob   plumbing.Hash // the draft's version; zero when deleted
}

// DraftInfo is what the record says of a draft.
type DraftInfo struct {
	Collection, Slug string
	Branch           string
	Tip              plumbing.Hash
	Status           Status
	Authors          []Person // everyone whose commits change its content, the first creator first
	Approver         *Person  // who approved the tip, when Status is Ready
	Files            []FileChange
	Updated          time.Time
}

// Person is someone named in the history.
type Person struct{ Name, Email string }

func (p Person) String() string { return p.Name + " <" + p.Email + ">" }

func parsePerson(s string) (Person, bool) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return Person{}, false
	}
	return Person{a.Name, a.Address}, true
}

// wrote reports whether email is one of the authors.
func (d DraftInfo) wrote(email string) bool {
	return slices.ContainsFunc(d.Authors, func(p Person) bool { return strings.EqualFold(p.Email, email) })
}

// Drafts lists every draft branch, by key.
func (r *Repo) Drafts() ([]string, error) {
	bs, err := r.branches(branchPrefix)
	if err != nil {
		return nil, err
	}
	var keys []string
	for b := range bs {
		keys = append(keys, strings.TrimPrefix(b, branchPrefix))
	}
	slices.Sort(keys)
	return keys, nil
}

// ErrNoDraft is returned for an entry that has no draft branch.
var ErrNoDraft = errors.New("no draft of that entry")

// Draft reads a draft.
func (r *Repo) Draft(collection, slug string) (DraftInfo, error) {
	head, err := r.Head()
	if err != nil {
		return DraftInfo{}, err
	}
	return r.draftAt(collection, slug, head)
}

func (r *Repo) draftAt(collection, slug string, head plumbing.Hash) (DraftInfo, error) {
	b := Branch(collection, slug)
	tip, err := r.ref(plumbing.NewBranchReferenceName(b))
	if err != nil {
		return DraftInfo{}, err
	}
	if tip.IsZero() {
		return DraftInfo{}, fmt.Errorf("%w: %s", ErrNoDraft, Key(collection, slug))
	}
	return r.describe(collection, slug, tip, head)
}

// describe reads a draft branch whose tip is tip against the published head.
func (r *Repo) describe(collection, slug string, tip, head plumbing.Hash) (DraftInfo, error) {
	d := DraftInfo{Collection: collection, Slug: slug, Branch: Branch(collection, slug), Tip: tip, Status: Draft}
	commits, err := r.branchCommits(tip, head)
	if err != nil {
		return d, err
	}
	tipCommit, err := r.commit(tip)
	if err != nil {
		return d, err
	}
	d.Updated = tipCommit.Committer.When
	// Status: the tip's, when the console wrote it; else the last one
	// written, an approval void (someone pushed a change after it).
	for i, c := range commits { // newest first
		st, err := ParseStatus(trailerValue(trailers(c.Message), trailerStatus))
		if err != nil {
			continue
		}
		d.Status = st
		if i > 0 && st == Ready {
			d.Status = Review
		}
		if i == 0 && st == Ready {
			if p, ok := parsePerson(trailerValue(trailers(c.Message), trailerApproved)); ok {
				d.Approver = &p
			} else {
				d.Status = Review
			}
		}
		break
	}
	for i := len(commits) - 1; i >= 0; i-- { // oldest first: the creator leads
		c := commits[i]
		changes, err := r.changesContent(c)
		if err != nil {
			return d, err
		}
		p := Person{c.Author.Name, c.Author.Email}
		if changes && !d.wrote(p.Email) {
			d.Authors = append(d.Authors, p)
		}
	}
	base, err := r.mergeBase(tip, head)
	if err != nil {
		return d, err
	}
	d.Files, err = r.branchFiles(base, tip)
	return d, err
}

// changesContent reports whether a commit changes files (a status change
// is an empty commit).
func (r *Repo) changesContent(c *object.Commit) (bool, error) {
	if len(c.ParentHashes) == 0 {
		return true, nil
	}
	p, err := r.commit(c.ParentHashes[0])
	if err != nil {
		return false, err
	}
	return p.TreeHash != c.TreeHash, nil
}

// branchFiles lists the files a draft changes: between the tree it started
// from (the merge base with the published branch) and its tip.
func (r *Repo) branchFiles(base, tip plumbing.Hash) ([]FileChange, error) {
	bt, err := r.treeOf(base)
	if err != nil {
		return nil, err
	}
	tt, err := r.treeOf(tip)
	if err != nil {
		return nil, err
	}
	paths, err := r.changedPaths(bt, tt)
	if err != nil {
		return nil, err
	}
	var out []FileChange
	for _, p := range paths {
		was, had, err := r.lookup(bt, p)
		if err != nil {
			return nil, err
		}
		now, has, err := r.lookup(tt, p)
		if err != nil {
			return nil, err
		}
		fc := FileChange{Path: p, Status: "modified"}
		switch {
		case !had:
			fc.Status = "added"
		case !has:
			fc.Status = "deleted"
		}
		h := now.hash
		if !has {
			h = was.hash
		} else {
			fc.Blob = now.hash
		}
		data, err := r.blob(h)
		if err != nil {
			return nil, err
		}
		fc.Binary = !isText(data) || strings.HasSuffix(p, ".svg")
		out = append(out, fc)
	}
	return out, nil
}

// branchCommits are the commits of a branch that the published branch does
// not have, newest first along the first parents (then the rest).
func (r *Repo) branchCommits(tip, head plumbing.Hash) ([]*object.Commit, error) {
	onPublished, err := r.ancestors(head)
	if err != nil {
		return nil, err
	}
	var out []*object.Commit
	seen := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{tip}
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		if seen[h] || onPublished[h] {
			continue
		}
		seen[h] = true
		c, err := r.commit(h)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		// First parents first: the branch's own line comes before what a
		// merge brought in.
		queue = append(queue, c.ParentHashes...)
		if len(seen) > maxBranchCommits {
			return nil, fmt.Errorf("a draft of more than %d commits: is it based on the published branch?", maxBranchCommits)
		}
	}
	return out, nil
}

// maxBranchCommits bounds the walk of one draft's history.
const maxBranchCommits = 5000

// ancestry caches the set of commits reachable from the published head,
// which every draft is measured against; it grows with the head.
type ancestry struct {
	mu   sync.Mutex
	head plumbing.Hash
	set  map[plumbing.Hash]bool
}

// ancestors is every commit reachable from head (head included).
func (r *Repo) ancestors(head plumbing.Hash) (map[plumbing.Hash]bool, error) {
	r.anc.mu.Lock()
	defer r.anc.mu.Unlock()
	if r.anc.head == head && r.anc.set != nil {
		return r.anc.set, nil
	}
	set := map[plumbing.Hash]bool{}
	if r.anc.set != nil {
		isOld := r.anc.set
		// The head usually moved forward: start from the old set.
		ok, err := r.descends(head, r.anc.head)
		if err != nil {
			return nil, err
		}
		if ok {
			set = maps.Clone(isOld)
		}
	}
	stack := []plumbing.Hash{head}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if set[h] {
			continue
		}
		set[h] = true
		c, err := r.commit(h)
		if err != nil {
			return nil, err
		}
		stack = append(stack, c.ParentHashes...)
	}
	r.anc.head, r.anc.set = head, set
	return set, nil
}

// descends reports whether old is an ancestor of (or is) head.
func (r *Repo) descends(head, old plumbing.Hash) (bool, error) {
	if head == old {
		return true, nil
	}
	ch, err := r.commit(head)
	if err != nil {
		return false, err
	}
	co, err := r.commit(old)
	if err != nil {
		return false, err
	}
	r.obj.Lock()
	defer r.obj.Unlock()
	return co.IsAncestor(ch)
}
