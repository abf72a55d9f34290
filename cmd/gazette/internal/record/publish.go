package record

import (
	"context"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"gazette/cmd/gazette/internal/accounts"
)

// Publish signs off an approved draft: a merge commit by who onto the
// published branch, whose trailers name who drafted it, who approved it and
// who signed it off, and the draft branch is deleted. The signer holds
// 簽發 and is none of its authors nor its approver; the merged tree passes
// gazette check's rules. It returns the merge.
func (r *Repo) Publish(ctx context.Context, who accounts.User, collection, slug string) (plumbing.Hash, error) {
	if err := validKey(collection, slug); err != nil {
		return plumbing.ZeroHash, err
	}
	if !who.Has(accounts.Signer) || who.Disabled {
		return plumbing.ZeroHash, refuse("signing off (簽發) needs the role 簽發: %s does not have it", who.Name)
	}
	r.write.Lock()
	defer r.write.Unlock()
	head, err := r.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	d, err := r.draftAt(collection, slug, head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	key := Key(collection, slug)
	switch {
	case d.Status != Ready || d.Approver == nil:
		return plumbing.ZeroHash, refuse("%s is not approved: a reviewer (審核) approves it first", key)
	case d.wrote(who.Email):
		return plumbing.ZeroHash, refuse("%s wrote part of %s and may not sign it off", who.Name, key)
	case strings.EqualFold(d.Approver.Email, who.Email):
		return plumbing.ZeroHash, refuse("%s approved %s and may not also sign it off: 簽發 is by a third person", who.Name, key)
	case len(d.Files) == 0:
		return plumbing.ZeroHash, refuse("%s changes nothing", key)
	}
	tree, err := r.merged(d, head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	headTree, err := r.treeOf(head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := r.checkChange(ctx, headTree, tree); err != nil {
		return plumbing.ZeroHash, err
	}
	title := r.entryTitle(d)
	var body strings.Builder
	for _, f := range d.Files {
		body.WriteString(f.Status + " " + f.Path + "\n")
	}
	ts := []trailer{{trailerEntry, key}}
	for _, a := range d.Authors {
		body.WriteString("\n起草 " + a.String())
		ts = append(ts, trailer{trailerDrafted, a.String()})
	}
	body.WriteString("\n審核 " + d.Approver.String() + "\n簽發 " + who.Ident())
	ts = append(ts, trailer{trailerApproved, d.Approver.String()}, trailer{trailerSigned, who.Ident()})
	subject := "簽發 " + key
	if title != "" {
		subject = "簽發：" + title
	}
	m, err := r.writeCommit(tree, []plumbing.Hash{head, d.Tip}, who.Display, who.Email, message(subject, body.String(), ts...))
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := r.setRef(r.publishedRef(), head, m); err != nil {
		return plumbing.ZeroHash, err
	}
	// The draft is in the published history now; its branch goes, as in
	// Decap's workflow. Failing that leaves a branch whose changes are all
	// published, which is harmless.
	_ = r.deleteRef(plumbing.NewBranchReferenceName(d.Branch), d.Tip)
	return m, nil
}

// merged is the published tree with the draft's changes: the files it
// changed since it began, in its version. A file also published
// differently since then is a conflict.
func (r *Repo) merged(d DraftInfo, head plumbing.Hash) (plumbing.Hash, error) {
	headTree, err := r.treeOf(head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	base, err := r.mergeBase(d.Tip, head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	baseTree, err := r.treeOf(base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	tipTree, err := r.treeOf(d.Tip)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var edits []edit
	for _, f := range d.Files {
		same, err := r.sameBlob(baseTree, headTree, f.Path)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if !same {
			if already, err := r.sameBlob(tipTree, headTree, f.Path); err != nil {
				return plumbing.ZeroHash, err
			} else if !already {
				return plumbing.ZeroHash, refuse("%s was changed on the published site since this draft began: the drafter opens it and saves it again, and it is reviewed again", f.Path)
			}
		}
		if f.Blob.IsZero() {
			edits = append(edits, edit{f.Path, nil})
		} else {
			edits = append(edits, edit{f.Path, &entry{f.Blob, filemode.Regular}})
		}
	}
	return r.applyEdits(headTree, edits)
}
