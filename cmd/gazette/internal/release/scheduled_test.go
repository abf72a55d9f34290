package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/watch"
	"gazette/templates"
)

var (
	cst = time.FixedZone("CST", 8*3600)
	// due is when the scheduled documents below are released: their
	// dates say 2026-12-01T10:00:00, without an offset, which is the
	// site's zone (Asia/Shanghai).
	due = time.Date(2026, 12, 1, 10, 0, 0, 0, cst)
)

// scheduledFiles are added to the sample site: a new gazette issue with
// its PDF and one document (own 文號, 索引號, attachment and alias, in an
// existing organ and topic), a 政策解讀 of a published policy, all
// released at due; and an expiry at due for a published document.
var scheduledFiles = map[string]string{
	"gazette/2026/01/index.md":                  "---\ntitle: 長春市人民政府公報 2026年第1期\nyear: 2026\nissue: 1\nserial: 304\ndate: 2026-12-01T10:00:00\npdf: 2026-01-embargo-issue.pdf\n---\n本期導讀：禁發導讀EMBARGOLEAD。\n",
	"gazette/2026/01/2026-01-embargo-issue.pdf": "%PDF-1.4 EMBARGOPDF\n",
	"gazette/2026/01/2026-embargo-heating-rules.md": "---\ntitle: 長春市冬季供熱應急保障辦法禁發稿\ndate: 2026-12-01T10:00:00\nwritten: 2026-11-20\n" +
		"organ: 長春市人民政府辦公廳\ncategory: 市政府辦公廳文件\ntopic: 城鄉建設、環境保護\ndoc_number: 長府辦發〔2026〕41號\n" +
		"index_number: 11220100MB1979017X/2026-90000041\nattachments: [2026-embargo-annex.csv]\naliases: [/zwgk/2026/embargo-0041.html]\n---\n" +
		"第一條　EMBARGOBODY 為做好冬季供熱應急保障工作，制定本辦法。\n",
	"gazette/2026/01/2026-embargo-annex.csv": "單位,電話\nEMBARGOANNEX,12345\n",
	"news/2026/2026-embargo-hotline-interpretation.md": "---\ntitle: 熱線辦法實施一年回顧解讀禁發稿\ndate: 2026-12-01T10:00:00\norgan: 長春市人民政府辦公廳\n" +
		"category: 政策解讀\ntopic: 綜合政務\ninterprets: 長府辦發〔2025〕12號\nindex_number: 11220100MB1979017X/2026-90000042\n---\nEMBARGOINTERP 解讀正文。\n",
}

// secrets are what nothing in a generation may contain before due.
var secrets = []string{
	"長春市冬季供熱應急保障辦法禁發稿", "熱線辦法實施一年回顧解讀禁發稿", "長府辦發〔2026〕41號",
	"11220100MB1979017X/2026-90000041", "11220100MB1979017X-2026-90000041", "11220100MB1979017X/2026-90000042",
	"11220100MB1979017X-2026-90000042", "2026-embargo", "embargo-0041", "2026年第1期", "/gazette/2026/",
	"EMBARGOBODY", "EMBARGOANNEX", "EMBARGOPDF", "EMBARGOINTERP", "EMBARGOLEAD",
}

// scheduledSite copies the sample site with scheduledFiles into a new
// content directory.
func scheduledSite(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "..", "..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	for name, data := range scheduledFiles {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	heating := filepath.Join(src, "gazette", "2025", "01", "2025-office-doc-2-heating-supply.md")
	b, err := os.ReadFile(heating)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("\ndate: 2025-01-20\n"), []byte("\ndate: 2025-01-20\nexpires: 2026-12-01T10:00:00\n"), 1)
	if err := os.WriteFile(heating, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

// publisher is the Options of a Publisher that builds with opt, through
// one engine as gazette serve -publish does.
func publisher(t *testing.T, opt build.Options) Options {
	eng := build.New(opt)
	t.Cleanup(func() { eng.Close() })
	return Options{Index: opt.Index, Build: func(ctx context.Context, now time.Time) (Outcome, error) {
		eng.SetNow(now)
		sum, err := eng.Build(ctx)
		return Outcome{Summary: sum.String(), Unchanged: sum.Unchanged}, err
	}}
}

func options(src, out string) build.Options {
	return build.Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index")}
}

// TestScheduledEqualsManual builds the site at one second before due, by
// each path that publishes on a clock — the CLI's build, the publisher of
// serve -publish, and the watcher of serve -watch (which updates public/ in
// place) — checks that nothing of the scheduled documents is anywhere in
// the generation, then builds again at due by the same path and compares
// the result with a fresh build at due: every file of public/, the
// server's files in index/, and what the index finds.
func TestScheduledEqualsManual(t *testing.T) {
	src := scheduledSite(t)
	ctx := context.Background()
	paths := []struct {
		name string
		make func(out string, clock *time.Time) func() error
	}{
		{"build", func(out string, clock *time.Time) func() error {
			return func() error {
				opt := options(src, out)
				opt.Now = *clock
				_, err := build.Run(ctx, opt)
				return err
			}
		}},
		{"publisher", func(out string, clock *time.Time) func() error {
			opt := publisher(t, options(src, out))
			opt.Clock = func() time.Time { return *clock }
			p := New(opt)
			return func() error { return p.Step(ctx) }
		}},
		{"watcher", func(out string, clock *time.Time) func() error {
			w := watch.New(watch.Options{Build: options(src, out), ContentDir: src, Clock: func() time.Time { return *clock }})
			t.Cleanup(func() { w.Close() })
			return func() error { return w.Build(ctx) }
		}},
	}
	fresh := t.TempDir()
	opt := options(src, fresh)
	opt.Now = due
	if _, err := build.Run(ctx, opt); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			out := t.TempDir()
			clock := due.Add(-time.Second)
			step := p.make(out, &clock)
			if err := step(); err != nil {
				t.Fatal(err)
			}
			assertNowhere(t, generation(t, out), secrets)
			assertNotFound(t, filepath.Join(out, "index"), "EMBARGOBODY", "長府辦發〔2026〕41號", "禁發稿")

			clock = due
			if err := step(); err != nil {
				t.Fatal(err)
			}
			assertSame(t, out, fresh)
		})
	}
}

// generation is the directory of the live generation under out.
func generation(t *testing.T, out string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(filepath.Join(out, "public"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(p)
}

// assertNowhere fails for every file under dir whose name or bytes hold
// one of ss. It counts the files, so an empty directory cannot pass.
func assertNowhere(t *testing.T, dir string, ss []string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		for _, s := range ss {
			if strings.Contains(p, s) || bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q before its time", p, s)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d files in the generation %s", files, dir)
	}
}

func assertNotFound(t *testing.T, index string, qs ...string) {
	t.Helper()
	ix, err := search.Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range qs {
		res, err := ix.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 0 {
			t.Errorf("search %q finds %d before its time", q, res.Total)
		}
	}
}

// assertSame compares the site under got with the one under want.
func assertSame(t *testing.T, got, want string) {
	t.Helper()
	g, w := tree(t, filepath.Join(got, "public")), tree(t, filepath.Join(want, "public"))
	if len(w) < 100 {
		t.Fatalf("only %d files in the fresh build", len(w))
	}
	var diff []string
	for p, h := range w {
		if g[p] != h {
			diff = append(diff, p)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			diff = append(diff, p+" (not in a fresh build)")
		}
	}
	slices.Sort(diff)
	if len(diff) > 0 {
		t.Errorf("public/ differs from a fresh build at due in %d files: %q", len(diff), diff)
	}
	for _, f := range []string{disk.SiteFile, disk.ScheduleFile} {
		a, err1 := os.ReadFile(filepath.Join(got, "index", f))
		b, err2 := os.ReadFile(filepath.Join(want, "index", f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("index/%s differs from a fresh build's (%v, %v):\n%s\nwant:\n%s", f, err1, err2, a, b)
		}
	}
	if a, b := records(t, filepath.Join(got, "index")), records(t, filepath.Join(want, "index")); a != b {
		t.Errorf("the index differs from a fresh build's:\n%s\nwant:\n%s", a, b)
	}
	// What was scheduled is everywhere now.
	for _, p := range []string{"gazette/2026/01/2026-embargo-heating-rules/index.html", "gazette/2026/01/2026-embargo-heating-rules/2026-embargo-annex.csv",
		"gazette/2026/01/2026-01-embargo-issue.pdf", "zwgk/2026/embargo-0041.html", "d/11220100MB1979017X-2026-90000041/index.html"} {
		if _, ok := g[p]; !ok {
			t.Errorf("%s missing at due", p)
		}
	}
}

// tree hashes every file under dir (through the link that public/ is).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// records lists what the index holds: every document, newest first, with
// what a search shows of it.
func records(t *testing.T, index string) string {
	t.Helper()
	ix, err := search.Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var b strings.Builder
	for page := 1; ; page++ {
		res, err := ix.Search(context.Background(), search.Query{Page: page, Size: search.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			fmt.Fprintf(&b, "%s %s %s %s %s %s\n", h.URL, h.Title, h.Validity, h.DocNumber, h.IndexNumber, h.Date.Format(time.RFC3339))
		}
		if page*search.MaxSize >= res.Total {
			fmt.Fprintf(&b, "total %d\n", res.Total)
			return b.String()
		}
	}
}
