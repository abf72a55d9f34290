package release

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/templates"
)

// TestTimerAtBothSides: the publisher reads "date: 2025-03-01" as midnight
// in the site's zone. Built at 23:59 the evening before, it plans the next
// build for one minute later, not eight hours; at 23:59:59, one second;
// at midnight it publishes, and then waits the regular period.
func TestTimerAtBothSides(t *testing.T) {
	src := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml":              "title: 測試\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
		"news/2025/old.md":       "---\ntitle: 舊聞\ndate: 2025-01-01\n---\n舊。\n",
		"news/2025/march-one.md": "---\ntitle: 三月一日發布\ndate: 2025-03-01\n---\n正文。\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	var log bytes.Buffer
	clock := time.Date(2025, 2, 28, 23, 59, 0, 0, cst)
	changed := 0
	opt := publisher(t, options(src, out))
	opt.Clock, opt.Every, opt.Out, opt.Changed = func() time.Time { return clock }, time.Hour, &log, func() { changed++ }
	p := New(opt)
	page := filepath.Join(out, "public", "news", "2025", "march-one", "index.html")
	ctx := context.Background()

	for _, c := range []struct {
		now       time.Time
		next      time.Duration
		published bool
	}{
		{time.Date(2025, 2, 28, 23, 59, 0, 0, cst), time.Minute, false},
		{time.Date(2025, 2, 28, 23, 59, 59, 0, cst), time.Second, false},
		{time.Date(2025, 3, 1, 0, 0, 0, 0, cst), time.Hour, true},
		{time.Date(2025, 3, 1, 0, 1, 0, 0, cst), time.Hour, true},
	} {
		clock = c.now
		if err := p.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if p.Next() != c.next {
			t.Errorf("at %v: next build in %v, want %v", c.now, p.Next(), c.next)
		}
		if _, err := os.Stat(page); (err == nil) != c.published {
			t.Errorf("at %v: page published %v, want %v", c.now, err == nil, c.published)
		}
	}
	// The first build, and the one at midnight, changed the site; the
	// others stopped after loading.
	if changed != 2 || strings.Count(log.String(), "scheduled build at ") != 2 {
		t.Errorf("%d builds changed the site, want 2; log:\n%s", changed, log.String())
	}

	// An editor's mistake: the build fails, the site stays, and the
	// publisher tries again after the regular period.
	if err := os.WriteFile(filepath.Join(src, "news", "2025", "bad.md"), []byte("---\ntitle: 壞\ndate: 2025-13-01\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Minute)
	if err := p.Step(ctx); err == nil {
		t.Fatal("a content error did not fail the build")
	}
	if _, err := os.Stat(page); err != nil || p.Next() != time.Hour || !strings.Contains(log.String(), "content/news/2025/bad.md:3") {
		t.Errorf("after a failed build: page %v, next %v, log:\n%s", err, p.Next(), log.String())
	}
}

// TestRun: Run waits for the instant Step planned, then builds, until its
// context ends.
func TestRun(t *testing.T) {
	src := t.TempDir()
	// Far enough ahead that the first build, slow under the race detector
	// on a busy machine, is done before it.
	due := time.Now().Add(3 * time.Second).Truncate(time.Second).Add(time.Second)
	for name, data := range map[string]string{
		"site.yaml":      "title: 測試\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
		"news/2025/a.md": "---\ntitle: 甲\ndate: 2025-01-01\n---\n甲。\n",
		"news/2025/b.md": "---\ntitle: 乙\ndate: " + due.Format(time.RFC3339) + "\n---\n乙。\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	opt := options(src, out)
	opt.Templates = templates.FS
	popt := publisher(t, opt)
	popt.Every = time.Hour
	p := New(popt)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := p.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if p.Next() > 5*time.Second || p.Next() <= 0 {
		t.Fatalf("next build in %v, want at %v", p.Next(), due)
	}
	done := make(chan error, 1) // a test that fails early leaves no goroutine behind
	go func() { done <- p.Run(ctx) }()
	page := filepath.Join(out, "public", "news", "2025", "b", "index.html")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(page); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not published 10 s after its instant %v", due)
		}
	}
	if late := time.Since(due); late > 5*time.Second {
		t.Errorf("published %v after its instant", late)
	}

	// Someone builds by hand, adding a document due in seven seconds: the
	// publisher, which planned its next build an hour away, reads the new
	// schedule at its next look and publishes it on time.
	due = time.Now().Add(recheckEvery + 2*time.Second).Truncate(time.Second)
	if err := os.WriteFile(filepath.Join(src, "news", "2025", "c.md"), []byte("---\ntitle: 丙\ndate: "+due.Format(time.RFC3339)+"\n---\n丙。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opt.Now = time.Now()
	if _, err := build.Run(ctx, opt); err != nil {
		t.Fatal(err)
	}
	page = filepath.Join(out, "public", "news", "2025", "c", "index.html")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(page); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a document scheduled by another build is not published 20 s after its instant %v", due)
		}
	}
	if late := time.Since(due); late > 2*time.Second {
		t.Errorf("published %v after its instant", late)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
