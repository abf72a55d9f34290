// Package record is the newsroom's record and its gate: the content is a git
// repository, every change is a commit, and nothing reaches the published
// branch without an approval by someone other than its authors and a
// sign-off by a 簽發.
//
// # Branches
//
// The published branch (main, or as configured) is the site: a checkout of
// it is the content/ folder the build reads (see Checkout). A draft lives on
// its own branch, cms/<collection>/<slug>, as in Decap CMS's git workflow;
// the console writes it, and a git user may push one. A draft's changes are
// the files that differ between the tree it began from (its merge base with
// the published branch) and its tip; each save takes in what was published
// meanwhile, so a draft is always the published tree plus its own change.
//
// # The workflow, in the history
//
// Every commit the console writes on a draft carries trailers:
//
//	Gazette-Entry: <collection>/<slug>
//	Gazette-Status: draft | pending_review | pending_publish
//	Approved-by: 李審核 <bob@office.example>          (on an approval)
//
// A draft's status is its tip's; a commit pushed on top of an approval
// voids it (the status reads pending_review), as does a save: an approval
// is of the text approved. Its authors are the authors of the commits of
// the branch that change files. Who may do what (Save, SetStatus, Delete,
// Publish say it too):
//
//	save       起草 on their own drafts; 審核 and 簽發 on any
//	submit     an author, 審核 or 簽發 (draft → pending_review)
//	return     an author (withdraw) or 審核 (→ draft)
//	approve    審核 who wrote none of it (→ pending_publish)
//	sign off   簽發 who wrote none of it and did not approve it, on an
//	           approved tip: Publish merges it into the published branch
//
// The sign-off is a merge commit by the signer whose message names the
// three roles and whose trailers are the audit trail:
//
//	簽發：關於做好供熱保障工作的通知
//
//	added gazette/2026/01/heating.md
//
//	起草 王小明 <alice@office.example>
//	審核 李審核 <bob@office.example>
//	簽發 張簽發 <carol@office.example>
//
//	Gazette-Entry: gazette-2026-01/heating
//	Drafted-by: 王小明 <alice@office.example>
//	Approved-by: 李審核 <bob@office.example>
//	Signed-off-by: 張簽發 <carol@office.example>
//
// so `git log --first-parent main` lists every publication with its people.
//
// # Checks
//
// Every save, every sign-off and every pushed branch is checked with the
// rules of gazette check (package lint) on the tree with the change. The
// findings at the changed files, and any error elsewhere that the published
// tree does not have, are the change's; an error among them refuses it,
// with every finding as "content/path:line:col: severity: message". Errors
// already on the published branch do not block an unrelated change. The
// parsed files of the last tree checked are kept, so a check reads only
// what differs.
//
// # Pushes: the hook, and the threat model
//
// PreReceive is the server-side hook (pre-receive) of the repository. It is
// told who pushes by the transport, never by the pusher's commits: the
// GAZETTE_USER variable that the ssh forced command of the person's key
// sets (authorized_keys: command="env GAZETTE_USER=alice git-shell -c
// \"$SSH_ORIGINAL_COMMAND\""), or REMOTE_USER set by the web server in front
// of git-http-backend after it authenticated the person. It refuses:
//
//   - a push by no known, enabled account with a role that writes (起草,
//     審核, 簽發);
//   - any change to the published branch, whoever pushes: it moves only by a
//     sign-off in the console, which writes to the repository itself (it
//     runs on the same machine, as the user that owns the repository) and
//     never pushes. A signer signs off in the console too, so the trailers
//     of a merge on the published branch are only ever the console's;
//   - a new commit whose author or committer is not the pusher (by the
//     account's email), so that the authors of a draft — whom its approver
//     must not be — are who the transport says they are;
//   - a new commit that carries a trailer only the console writes
//     (Gazette-*, Approved-by, Drafted-by), so that no one can claim an
//     approval or a status by typing it;
//   - a branch or tag outside refs/heads/, and deleting a draft that is not
//     the pusher's alone (a reviewer may);
//   - a pushed branch whose tree fails the checks, with the findings in
//     the push's output.
//
// What it does not stop: someone who can write the repository's files
// directly (the server's administrator, or the console's own account) can
// change anything, as with any git server. Against that the published
// history is the evidence: each publication is a merge whose trailers name
// its people, and a commit on the first-parent line that is not such a merge
// was not made by the console.
package record
