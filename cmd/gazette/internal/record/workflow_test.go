package record

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/accounts"
)

const heating = "gazette/2026/01/heating.md"

func mustRefuse(t *testing.T, what string, err error) {
	t.Helper()
	var r *Refusal
	if !errors.As(err, &r) {
		t.Fatalf("%s: %v, want a refusal", what, err)
	}
	t.Logf("%s: refused: %s", what, r.Reason)
}

// A draft goes from 起草 to 審核 to 簽發, each step by the one allowed to
// take it, and the sign-off's merge names the three people; git itself
// reads the history the console wrote.
func TestWorkflow(t *testing.T) {
	ctx := context.Background()
	r, bare := newRecord(t, seed())
	const coll, slug = "gazette-2026-01", "heating"

	d, err := r.Save(ctx, alice, coll, slug, []Change{{Path: heating, Data: doc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號")}}, "Create “heating”")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != Draft || len(d.Authors) != 1 || d.Authors[0].Email != alice.Email || len(d.Files) != 1 || d.Files[0].Status != "added" {
		t.Fatalf("after the first save: %+v", d)
	}
	if got := runGit(t, bare, "rev-parse", "main"); got == runGit(t, bare, "rev-parse", "cms/gazette-2026-01/heating") {
		t.Fatal("the draft is on the published branch")
	}

	mustRefuse(t, "a drafter approves", firstErr(r.SetStatus(ctx, alice, coll, slug, Ready)))
	mustRefuse(t, "a reviewer signs off", firstErr(r.Publish(ctx, bob, coll, slug)))
	mustRefuse(t, "a signer signs off a draft not approved", firstErr(r.Publish(ctx, carol, coll, slug)))
	if d, err = r.SetStatus(ctx, alice, coll, slug, Review); err != nil || d.Status != Review {
		t.Fatalf("submit: %+v, %v", d, err)
	}

	// dave (起草 and 審核) edits it, so may not approve it.
	if d, err = r.Save(ctx, dave, coll, slug, []Change{{Path: heating, Data: doc("關於做好供熱保障工作的緊急通知", "長府辦發〔2026〕2號")}}, "Update “heating”"); err != nil {
		t.Fatal(err)
	}
	if len(d.Authors) != 2 || d.Status != Review {
		t.Fatalf("after dave's edit: %+v", d)
	}
	mustRefuse(t, "an author who is a reviewer approves", firstErr(r.SetStatus(ctx, dave, coll, slug, Ready)))
	if d, err = r.SetStatus(ctx, bob, coll, slug, Ready); err != nil || d.Status != Ready || d.Approver == nil || d.Approver.Email != bob.Email {
		t.Fatalf("approve: %+v, %v", d, err)
	}

	// A save after the approval voids it.
	if d, err = r.Save(ctx, alice, coll, slug, []Change{{Path: heating, Data: doc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號")}}, "Update “heating”"); err != nil || d.Status != Review || d.Approver != nil {
		t.Fatalf("a save after the approval: %+v, %v", d, err)
	}
	mustRefuse(t, "signing off after the approval was voided", firstErr(r.Publish(ctx, carol, coll, slug)))
	if _, err = r.SetStatus(ctx, bob, coll, slug, Ready); err != nil {
		t.Fatal(err)
	}
	m, err := r.Publish(ctx, carol, coll, slug)
	if err != nil {
		t.Fatal(err)
	}

	if got := strings.TrimSpace(runGit(t, bare, "rev-parse", "main")); got != m.String() {
		t.Errorf("main is %s, want the merge %s", got, m)
	}
	if out, _ := gitEnv(t, bare, nil, "rev-parse", "--verify", "-q", "cms/gazette-2026-01/heating"); strings.TrimSpace(out) != "" {
		t.Errorf("the draft branch is still there: %s", out)
	}
	if got := runGit(t, bare, "show", "main:"+heating); got != string(doc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號")) {
		t.Errorf("published file:\n%s", got)
	}
	log := runGit(t, bare, "log", "--first-parent", "-1", "--format=%an <%ae>%n%B", "main")
	for _, want := range []string{"張簽發 <carol@office.example>\n簽發：關於做好供熱保障工作的通知",
		"起草 王小明 <alice@office.example>", "起草 趙兼任 <dave@office.example>", "審核 李審核 <bob@office.example>", "簽發 張簽發 <carol@office.example>"} {
		if !strings.Contains(log, want) {
			t.Errorf("the merge's message lacks %q:\n%s", want, log)
		}
	}
	trailersOut := runGit(t, bare, "-c", "trailer.separators=:", "log", "-1", "--format=%(trailers:only,unfold)", "main")
	want := "Gazette-Entry: gazette-2026-01/heating\nDrafted-by: 王小明 <alice@office.example>\nDrafted-by: 趙兼任 <dave@office.example>\nApproved-by: 李審核 <bob@office.example>\nSigned-off-by: 張簽發 <carol@office.example>\n"
	if strings.TrimSpace(trailersOut) != strings.TrimSpace(want) {
		t.Errorf("git reads the trailers as:\n%s\nwant:\n%s", trailersOut, want)
	}
	runGit(t, bare, "fsck", "--strict")
}

func firstErr[T any](_ T, err error) error { return err }

// A save that breaks gazette check's rules is refused with the findings,
// and nothing is written.
func TestSaveChecked(t *testing.T) {
	ctx := context.Background()
	r, bare := newRecord(t, seed())
	bad := []byte("---\ntitle: 通知\ndate: 2026-13-40\norgan: 長春市人民政府辦公廳\ndoc_number: 長府令〔2026〕1號\n---\n見[別處](/no/such/page/)。\n")
	_, err := r.Save(ctx, alice, "gazette-2026-01", "bad", []Change{{Path: "gazette/2026/01/bad.md", Data: bad}}, "Create")
	var ce *CheckError
	if !errors.As(err, &ce) {
		t.Fatalf("a bad document saved: %v", err)
	}
	msg := ce.Error()
	for _, want := range []string{"content/gazette/2026/01/bad.md:3:7: error: date", "content/gazette/2026/01/bad.md:5: error: duplicate 文號", "content/gazette/2026/01/bad.md:7:7: error: link to /no/such/page/", "content/gazette/2026/01/order-1.md"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the findings lack %q:\n%s", want, msg)
		}
	}
	if out, _ := gitEnv(t, bare, nil, "branch", "--list", "cms/*"); strings.TrimSpace(out) != "" {
		t.Errorf("a refused save left a branch: %s", out)
	}
}

// The gate's refusals that are not about the text.
func TestGateRefusals(t *testing.T) {
	ctx := context.Background()
	r, _ := newRecord(t, seed())
	for _, p := range []string{"../outside.md", "/etc/passwd", ".git/config", "gazette/../../x.md", "site.yaml", "gazette/.hidden/x.md", "templates/base.html", "gazette\\2026\\x.md"} {
		mustRefuse(t, "a path "+p, firstErr(r.Save(ctx, alice, "c", "s", []Change{{Path: p, Data: []byte("x")}}, "")))
	}
	for _, k := range [][2]string{{"..", "x"}, {"c", "a//b"}, {"c", "a/../b"}, {"c", "x.lock"}, {"c", "-x"}, {"c", ""}} {
		mustRefuse(t, "an entry "+k[0]+"/"+k[1], firstErr(r.Save(ctx, alice, k[0], k[1], []Change{{Path: heating, Data: doc("通知", "長府辦發〔2026〕2號")}}, "")))
	}
	viewer := alice
	viewer.Roles = nil
	mustRefuse(t, "no role", firstErr(r.Save(ctx, viewer, "c", "s", []Change{{Path: heating, Data: doc("通知", "長府辦發〔2026〕2號")}}, "")))
	if _, err := r.Save(ctx, alice, "c", "s", []Change{{Path: heating, Data: doc("通知", "長府辦發〔2026〕2號")}}, ""); err != nil {
		t.Fatal(err)
	}
	other := dave
	other.Roles = []accounts.Role{accounts.Drafter}
	mustRefuse(t, "another drafter edits", firstErr(r.Save(ctx, other, "c", "s", []Change{{Path: heating, Data: doc("通知二", "長府辦發〔2026〕2號")}}, "")))
	mustRefuse(t, "another drafter deletes", r.Delete(ctx, other, "c", "s"))
	// erin (審核 and 簽發) approves, and may then not sign it off.
	if _, err := r.SetStatus(ctx, erin, "c", "s", Ready); err != nil {
		t.Fatal(err)
	}
	mustRefuse(t, "the approver signs off", firstErr(r.Publish(ctx, erin, "c", "s")))
	if err := r.Delete(ctx, alice, "c", "s"); err != nil {
		t.Errorf("the author deletes her draft: %v", err)
	}
	if keys, _ := r.Drafts(); len(keys) != 0 {
		t.Errorf("drafts after the delete: %q", keys)
	}
}

// Two drafts of one file: the second to be signed off conflicts, and says
// so; a draft that began before another was published takes it in.
func TestConflictAndRebase(t *testing.T) {
	ctx := context.Background()
	r, bare := newRecord(t, seed())
	approve := func(coll, slug string) {
		t.Helper()
		if _, err := r.SetStatus(ctx, bob, coll, slug, Ready); err != nil {
			t.Fatal(err)
		}
	}
	order := "gazette/2026/01/order-1.md"
	for _, s := range []string{"a", "b"} {
		if _, err := r.Save(ctx, alice, "c", s, []Change{{Path: order, Data: doc("長春市人民政府令 "+s, "長府令〔2026〕1號")}}, ""); err != nil {
			t.Fatal(err)
		}
		approve("c", s)
	}
	if _, err := r.Save(ctx, alice, "c", "other", []Change{{Path: heating, Data: doc("通知", "長府辦發〔2026〕2號")}}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Publish(ctx, carol, "c", "a"); err != nil {
		t.Fatal(err)
	}
	mustRefuse(t, "the second draft of one file", firstErr(r.Publish(ctx, carol, "c", "b")))

	// "other" began before "a" was published: a save takes "a" in, and its
	// change stays its own.
	d, err := r.Save(ctx, alice, "c", "other", []Change{{Path: heating, Data: doc("通知二", "長府辦發〔2026〕2號")}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Files) != 1 || d.Files[0].Path != heating {
		t.Errorf("the draft's files after taking in a publication: %+v", d.Files)
	}
	if got := runGit(t, bare, "show", "cms/c/other:"+order); !strings.Contains(got, "長春市人民政府令 a") {
		t.Errorf("the draft does not have what was published since it began:\n%s", got)
	}
	parents := strings.Fields(runGit(t, bare, "log", "-1", "--format=%P", "cms/c/other"))
	if len(parents) != 2 || !slices.Contains(parents, strings.TrimSpace(runGit(t, bare, "rev-parse", "main"))) {
		t.Errorf("the save's parents: %q, want the draft and main", parents)
	}
}
