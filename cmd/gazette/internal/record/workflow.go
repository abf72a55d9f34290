package record

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/content"
)

// Refusal is an action the gate does not allow: not this person, or not
// now. Its reason is for the person who tried.
type Refusal struct{ Reason string }

func (e *Refusal) Error() string { return e.Reason }

func refuse(format string, args ...any) error { return &Refusal{fmt.Sprintf(format, args...)} }

// Change is a file of the content written (Data) or removed (Delete).
type Change struct {
	Path   string
	Data   []byte
	Delete bool
}

// maxPath bounds a path's length, in bytes.
const maxPath = 400

// ValidPath reports whether p may be written by a change: a clean relative
// path inside one of the sections of the content (gazette/, briefings/, …),
// with no part hidden (".git", ".gazette") or leading elsewhere ("..").
func ValidPath(p string) error {
	if len(p) > maxPath || !fs.ValidPath(p) || p == "." || strings.ContainsAny(p, "\\\x00") {
		return refuse("%q is not a path inside the content", p)
	}
	parts := strings.Split(p, "/")
	if !slices.Contains(content.Sections, parts[0]) || len(parts) < 2 {
		return refuse("%q is outside the content's sections (%s)", p, strings.Join(content.Sections, ", "))
	}
	for _, part := range parts {
		if strings.HasPrefix(part, ".") || strings.HasSuffix(part, ".lock") {
			return refuse("%q: no part of a path may start with a dot", p)
		}
	}
	return nil
}

// keyPart is what a collection's name or a slug may be: it becomes part of
// a branch name, so git's rules for those hold, and no path tricks.
var keyPart = regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_.-]{0,99}$`)

// validKey checks a collection's name and a slug. A slug may have a few
// parts ("2026/news-20260120"), as Decap makes for an entry whose path has
// folders.
func validKey(collection, slug string) error {
	parts := strings.Split(slug, "/")
	ok := keyPart.MatchString(collection) && len(parts) <= 4
	for _, p := range parts {
		ok = ok && keyPart.MatchString(p) && !strings.Contains(p, "..") && !strings.HasSuffix(p, ".lock")
	}
	if !ok || strings.Contains(collection, "..") {
		return refuse("%q is not an entry's collection and slug", Key(collection, slug))
	}
	return nil
}

func canEdit(u accounts.User) bool {
	return u.Has(accounts.Drafter) || u.Has(accounts.Reviewer) || u.Has(accounts.Signer)
}

// Save writes changes to the draft of an entry, as a commit by who on its
// branch, which it creates from the published branch for a new draft. The
// tree with the change passes gazette check's rules or nothing is written
// (a *CheckError). A draft that was approved goes back to review: the
// approval was of other text.
func (r *Repo) Save(ctx context.Context, who accounts.User, collection, slug string, changes []Change, msg string) (DraftInfo, error) {
	if err := validKey(collection, slug); err != nil {
		return DraftInfo{}, err
	}
	if !canEdit(who) || who.Disabled {
		return DraftInfo{}, refuse("%s may not write drafts: that needs the role 起草, 審核 or 簽發", who.Name)
	}
	if len(changes) == 0 {
		return DraftInfo{}, refuse("nothing to save")
	}
	for _, c := range changes {
		if err := ValidPath(c.Path); err != nil {
			return DraftInfo{}, err
		}
	}
	r.write.Lock()
	defer r.write.Unlock()
	head, err := r.Head()
	if err != nil {
		return DraftInfo{}, err
	}
	headTree, err := r.treeOf(head)
	if err != nil {
		return DraftInfo{}, err
	}
	ref := plumbing.NewBranchReferenceName(Branch(collection, slug))
	tip, err := r.ref(ref)
	if err != nil {
		return DraftInfo{}, err
	}
	start, parents, status := headTree, []plumbing.Hash{head}, Draft
	if !tip.IsZero() {
		d, err := r.describe(collection, slug, tip, head)
		if err != nil {
			return DraftInfo{}, err
		}
		if !who.Has(accounts.Reviewer) && !who.Has(accounts.Signer) && !d.wrote(who.Email) {
			return DraftInfo{}, refuse("%s is %s's draft: only its authors, a reviewer (審核) or a signer (簽發) may change it", Key(collection, slug), names(d.Authors))
		}
		if start, err = r.rebased(d, head, headTree, changes); err != nil {
			return DraftInfo{}, err
		}
		parents, status = []plumbing.Hash{tip}, d.Status
		if base, err := r.mergeBase(tip, head); err != nil {
			return DraftInfo{}, err
		} else if base != head {
			parents = append(parents, head) // the draft takes in what was published since it began
		}
		if status == Ready {
			status = Review
		}
	}
	tree, err := r.writeChanges(start, changes)
	if err != nil {
		return DraftInfo{}, err
	}
	if err := r.checkChange(ctx, headTree, tree); err != nil {
		return DraftInfo{}, err
	}
	if msg == "" {
		msg = "更新 " + Key(collection, slug)
	}
	c, err := r.writeCommit(tree, parents, who.Display, who.Email, message(msg, "",
		trailer{trailerEntry, Key(collection, slug)}, trailer{trailerStatus, string(status)}))
	if err != nil {
		return DraftInfo{}, err
	}
	if err := r.setRef(ref, tip, c); err != nil {
		return DraftInfo{}, err
	}
	return r.describe(collection, slug, c, head)
}

// writeChanges writes changes onto the tree start.
func (r *Repo) writeChanges(start plumbing.Hash, changes []Change) (plumbing.Hash, error) {
	var edits []edit
	for _, c := range changes {
		if c.Delete {
			edits = append(edits, edit{c.Path, nil})
			continue
		}
		h, err := r.writeBlob(c.Data)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		edits = append(edits, edit{c.Path, &entry{h, filemode.Regular}})
	}
	tree, err := r.applyEdits(start, edits)
	if err != nil {
		return plumbing.ZeroHash, refuse("cannot write the change: %v", err)
	}
	return tree, nil
}

// rebased is the published tree with the draft's earlier changes on it
// (those the new changes do not replace), as Decap's git workflow rebases
// a draft on every save. A file the draft changed that was also published
// differently since is a conflict.
func (r *Repo) rebased(d DraftInfo, head, headTree plumbing.Hash, changes []Change) (plumbing.Hash, error) {
	base, err := r.mergeBase(d.Tip, head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if base == head {
		return r.treeOf(d.Tip)
	}
	baseTree, err := r.treeOf(base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var edits []edit
	for _, f := range d.Files {
		if slices.ContainsFunc(changes, func(c Change) bool { return c.Path == f.Path }) {
			continue
		}
		if same, err := r.sameBlob(baseTree, headTree, f.Path); err != nil {
			return plumbing.ZeroHash, err
		} else if !same {
			return plumbing.ZeroHash, refuse("%s was changed on the published site since this draft began: open the draft again and redo its change to it", f.Path)
		}
		if f.Blob.IsZero() {
			edits = append(edits, edit{f.Path, nil})
		} else {
			edits = append(edits, edit{f.Path, &entry{f.Blob, filemode.Regular}})
		}
	}
	return r.applyEdits(headTree, edits)
}

// checkChange runs the checks on tree against the published tree.
func (r *Repo) checkChange(ctx context.Context, headTree, tree plumbing.Hash) error {
	changed, err := r.changedPaths(headTree, tree)
	if err != nil {
		return err
	}
	ds, err := r.check(ctx, headTree, tree, changed)
	if err != nil {
		return err
	}
	if hasErrors(ds) {
		return &CheckError{Findings: ds}
	}
	return nil
}

// SetStatus moves a draft in the workflow, as a commit by who that changes
// no file: to review (submit: its authors, a reviewer or a signer), back to
// draft (withdraw: its authors; return: a reviewer), or to ready (approve:
// a reviewer who wrote none of it).
func (r *Repo) SetStatus(ctx context.Context, who accounts.User, collection, slug string, to Status) (DraftInfo, error) {
	if err := validKey(collection, slug); err != nil {
		return DraftInfo{}, err
	}
	r.write.Lock()
	defer r.write.Unlock()
	d, err := r.Draft(collection, slug)
	if err != nil {
		return DraftInfo{}, err
	}
	if d.Status == to {
		return d, nil
	}
	author := d.wrote(who.Email)
	reviewer := who.Has(accounts.Reviewer) && !who.Disabled
	var subject string
	ts := []trailer{{trailerEntry, Key(collection, slug)}, {trailerStatus, string(to)}}
	switch to {
	case Review:
		if !author && !reviewer && !who.Has(accounts.Signer) {
			return d, refuse("only an author of %s, a reviewer or a signer may submit it for review", Key(collection, slug))
		}
		subject = "提交審核 " + Key(collection, slug)
	case Draft:
		if !author && !reviewer {
			return d, refuse("only an author of %s, or a reviewer (審核), may send it back to draft", Key(collection, slug))
		}
		subject = "退回修改 " + Key(collection, slug)
	case Ready:
		switch {
		case !reviewer:
			return d, refuse("approving needs the role 審核: %s does not have it", who.Name)
		case author:
			return d, refuse("%s wrote part of %s and may not approve it: 審核 is by someone other than its authors", who.Name, Key(collection, slug))
		}
		subject = "審核通過 " + Key(collection, slug)
		ts = append(ts, trailer{trailerApproved, who.Ident()})
	default:
		return d, refuse("unknown status %q", to)
	}
	tree, err := r.treeOf(d.Tip)
	if err != nil {
		return d, err
	}
	c, err := r.writeCommit(tree, []plumbing.Hash{d.Tip}, who.Display, who.Email, message(subject, "", ts...))
	if err != nil {
		return d, err
	}
	if err := r.setRef(plumbing.NewBranchReferenceName(d.Branch), d.Tip, c); err != nil {
		return d, err
	}
	return r.Draft(collection, slug)
}

// Delete removes a draft: by its only author, or by a reviewer.
func (r *Repo) Delete(ctx context.Context, who accounts.User, collection, slug string) error {
	if err := validKey(collection, slug); err != nil {
		return err
	}
	r.write.Lock()
	defer r.write.Unlock()
	d, err := r.Draft(collection, slug)
	if err != nil {
		return err
	}
	sole := len(d.Authors) == 0 || len(d.Authors) == 1 && d.wrote(who.Email)
	if !(sole && canEdit(who)) && !(who.Has(accounts.Reviewer) && !who.Disabled) {
		return refuse("only the author of %s alone, or a reviewer (審核), may delete it", Key(collection, slug))
	}
	return r.deleteRef(plumbing.NewBranchReferenceName(d.Branch), d.Tip)
}

func names(ps []Person) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return strings.Join(out, ", ")
}

// entryTitle is the title in the front matter of the draft's first
// Markdown file, for the record's messages; "" when there is none.
func (r *Repo) entryTitle(d DraftInfo) string {
	for _, f := range d.Files {
		if !strings.HasSuffix(f.Path, ".md") || f.Blob.IsZero() {
			continue
		}
		data, err := r.blob(f.Blob)
		if err != nil {
			return ""
		}
		for _, l := range strings.Split(string(data), "\n")[1:] {
			if l == "---" {
				break
			}
			if v, ok := strings.CutPrefix(l, "title:"); ok {
				return strings.Trim(strings.TrimSpace(v), `"'`)
			}
		}
		return path.Base(f.Path)
	}
	return ""
}
