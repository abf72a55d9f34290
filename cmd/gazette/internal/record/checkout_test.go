package record

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func publishDoc(t *testing.T, r *Repo, slug, p string, data []byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := r.Save(ctx, alice, "c", slug, []Change{{Path: p, Data: data}}, "保存"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.SetStatus(ctx, bob, "c", slug, Ready); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Publish(ctx, carol, "c", slug); err != nil {
		t.Fatal(err)
	}
}

// A sign-off reaches the checkout the build reads: only the changed files
// are written, git there sees a clean tree at the merge, and a file edited
// by hand is never overwritten.
func TestCheckout(t *testing.T) {
	ctx := context.Background()
	r, bare := newRecord(t, seed())
	dir := filepath.Join(t.TempDir(), "content")
	runGit(t, filepath.Dir(dir), "clone", "-q", bare, dir)
	order := filepath.Join(dir, "gazette", "2026", "01", "order-1.md")
	before, _ := os.Stat(order)

	publishDoc(t, r, "heating", heating, doc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號"))
	changed, err := r.Checkout(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{heating}) {
		t.Errorf("changed %q", changed)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(heating))); !strings.Contains(string(data), "關於做好供熱保障工作的通知") {
		t.Errorf("the checkout's file:\n%s", data)
	}
	if after, _ := os.Stat(order); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a file the sign-off did not change was written")
	}
	if st := runGit(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status in the checkout:\n%s", st)
	}
	if head, want := runGit(t, dir, "rev-parse", "HEAD"), runGit(t, bare, "rev-parse", "main"); head != want {
		t.Errorf("the checkout is at %s, main at %s", head, want)
	}
	if changed, err := r.Checkout(ctx, dir); err != nil || len(changed) != 0 {
		t.Errorf("a second checkout: %q, %v", changed, err)
	}

	// Someone edits the checkout by hand; the next sign-off of that file
	// stops, and the edit stays.
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(heating)), []byte("edited by hand\n"), 0o644)
	publishDoc(t, r, "heating2", heating, doc("關於做好供熱保障工作的補充通知", "長府辦發〔2026〕2號"))
	if _, err := r.Checkout(ctx, dir); err == nil || !strings.Contains(err.Error(), heating) {
		t.Errorf("a checkout over a hand edit: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(heating))); string(data) != "edited by hand\n" {
		t.Errorf("the hand edit was overwritten:\n%s", data)
	}
	// Put back, the checkout goes through; a removal removes the file.
	runGit(t, dir, "checkout", "--", heating)
	if _, err := r.Checkout(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Save(ctx, alice, "c", "remove", []Change{{Path: heating, Delete: true}}, "刪除"); err != nil {
		t.Fatal(err)
	}
	r.SetStatus(ctx, bob, "c", "remove", Ready)
	if _, err := r.Publish(ctx, carol, "c", "remove"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Checkout(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(heating))); !os.IsNotExist(err) {
		t.Errorf("the removed file: %v", err)
	}
	if st := runGit(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status after the removal:\n%s", st)
	}
}

// Create makes the record from a content folder, and a checkout that git
// sees clean and that Checkout then follows.
func TestCreate(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	for p, data := range seed() {
		full := filepath.Join(src, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(data), 0o644)
	}
	os.MkdirAll(filepath.Join(src, ".gazette"), 0o755)
	os.WriteFile(filepath.Join(src, ".gazette", "junk"), []byte("x"), 0o644)
	bare, dir := filepath.Join(root, "content.git"), filepath.Join(root, "content")
	if err := Create(bare, dir, "main", os.DirFS(src), fixedClock()); err != nil {
		t.Fatal(err)
	}
	if err := Create(bare, filepath.Join(root, "other"), "main", os.DirFS(src), fixedClock()); err == nil {
		t.Error("Create over an existing repository")
	}
	if got := runGit(t, bare, "ls-tree", "-r", "--name-only", "main"); got != "gazette/2026/01/index.md\ngazette/2026/01/order-1.md\nsite.yaml\n" {
		t.Errorf("the record holds:\n%s", got)
	}
	if st := runGit(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("the checkout: %s", st)
	}
	runGit(t, bare, "fsck", "--strict")
	r, err := Open(bare, "main", fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	publishDoc(t, r, "heating", heating, doc("通知", "長府辦發〔2026〕2號"))
	if _, err := r.Checkout(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(heating))); err != nil {
		t.Error(err)
	}
}
