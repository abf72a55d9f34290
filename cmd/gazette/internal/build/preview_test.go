package build

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gazette/templates"
)

// TestPreviewNeverLive: a drafts preview (Options.Drafts) built beside the
// live site, with outputs of its own, keeps its own state and never
// changes the live site; one aimed at the live site's public/ or index/
// is refused before anything is written; and the live site's next build
// is as if no preview had been made.
func TestPreviewNeverLive(t *testing.T) {
	out := t.TempDir()
	opt := func(public, index string, drafts bool) Options {
		o := Options{Content: os.DirFS(sampleDir), ContentRoot: "content", Templates: templates.FS, Now: sampleTime, Drafts: drafts,
			Public: filepath.Join(out, public)}
		if index != "" {
			o.Index = filepath.Join(out, index)
		}
		return o
	}
	live := opt("public", "index", false)
	if _, err := Run(context.Background(), live); err != nil {
		t.Fatal(err)
	}
	current := func() string {
		t.Helper()
		g, err := os.Readlink(filepath.Join(out, ".gazette", "current"))
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	gen, site := current(), hashTree(t, real(t, live.Public))
	unchanged := func(after string) {
		t.Helper()
		if g := current(); g != gen {
			t.Errorf("after %s, the live generation is %s, not %s", after, g, gen)
		}
		if !maps.Equal(hashTree(t, real(t, live.Public)), site) {
			t.Errorf("after %s, the live public/ changed", after)
		}
		assertAbsent(t, real(t, live.Public), embargoed, draft)
		assertAbsent(t, real(t, live.Index), embargoed, draft)
	}

	preview := opt("preview", "preview-index", true)
	if _, err := Run(context.Background(), preview); err != nil {
		t.Fatalf("a preview beside the live site: %v", err)
	}
	unchanged("a preview with outputs of its own")
	home, err := os.ReadFile(filepath.Join(out, "preview", "news", "index.html"))
	if err != nil || !bytes.Contains(home, []byte(embargoed)) {
		t.Errorf("the preview does not show the embargoed document (%v)", err)
	}

	// An engine that updates in place (serve -watch -drafts) too.
	e := New(preview)
	if _, err := e.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Update(context.Background(), []string{""}, nil); err != nil {
		t.Fatal(err)
	}
	e.Close()
	unchanged("a watched preview")

	for _, o := range []Options{opt("public", "index", true), opt("public", "", true), opt("preview2", "index", true),
		opt("public/preview", "public/preview-index", true), opt("preview3", "index/preview-index", true),
		opt(".gazette/current/public/preview", "preview-index", true)} {
		before := dirNames(t, out)
		for _, run := range []func() error{
			func() error { _, err := Run(context.Background(), o); return err },
			func() error {
				e := New(o)
				defer e.Close()
				_, err := e.Update(context.Background(), []string{""}, nil)
				return err
			},
		} {
			err := run()
			if err == nil || !strings.Contains(err.Error(), "live site") && !strings.Contains(err.Error(), "inside gazette's store") {
				t.Errorf("drafts into %s and %s: %v, want a refusal naming the live site", o.Public, o.Index, err)
			}
		}
		unchanged("drafts aimed at " + o.Public + " and " + o.Index)
		if after := dirNames(t, out); after != before {
			t.Errorf("a refused preview left %s beside the site, which had %s", after, before)
		}
	}

	if _, err := Run(context.Background(), live); err != nil {
		t.Fatal(err)
	}
	assertAbsent(t, real(t, live.Public), embargoed, draft)
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// TestWithdrawnLeavesNoBytes: once a published document is withdrawn — made
// a draft, put back under embargo, or deleted — the next build's index
// holds no byte of its text, in any file: not only does search no longer
// find it, the segments that held it are rewritten without it.
func TestWithdrawnLeavesNoBytes(t *testing.T) {
	const doc = "---\ntitle: 撤回文件WITHDRAWNTITLE\ndate: 2025-01-20\norgan: 測試市政府\ndoc_number: 測府發〔2025〕77號\n%s---\n撤回正文WITHDRAWNBODY，第一段。\n\n第二段WITHDRAWNBODY。\n"
	secrets := []string{"WITHDRAWNTITLE", "WITHDRAWNBODY", "撤回正文", "測府發〔2025〕77號"}
	for name, withdraw := range map[string]func(p string) error{
		"draft": func(p string) error {
			return os.WriteFile(p, []byte(fmtDoc(doc, "draft: true\n", "2025-01-20")), 0o644)
		},
		"embargo": func(p string) error { return os.WriteFile(p, []byte(fmtDoc(doc, "", "2031-01-01")), 0o644) },
		"delete":  os.Remove,
		"delete beside an edit": func(p string) error {
			os.WriteFile(filepath.Join(filepath.Dir(p), "a.md"), []byte("---\ntitle: 甲文件改\ndate: 2025-01-20\norgan: 測試市政府\n---\n甲改\n"), 0o644)
			return os.Remove(p)
		},
	} {
		t.Run(name, func(t *testing.T) {
			src := t.TempDir()
			files := map[string]string{
				"site.yaml":                "title: 測試\nbase_url: https://gazette.example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
				"gazette/2025/01/index.md": "---\ntitle: 公報2025年第1期\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-20\n---\n",
				"gazette/2025/01/a.md":     "---\ntitle: 甲文件\ndate: 2025-01-20\norgan: 測試市政府\n---\n甲\n",
				"gazette/2025/01/w.md":     fmtDoc(doc, "", "2025-01-20"),
			}
			for p, data := range files {
				p = filepath.Join(src, filepath.FromSlash(p))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
				Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
			if _, err := Run(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			if !containsAny(t, real(t, opt.Index), secrets[:1]) {
				t.Fatal("the published document's title is not in the index's files: this test cannot see a trace")
			}
			if err := withdraw(filepath.Join(src, "gazette", "2025", "01", "w.md")); err != nil {
				t.Fatal(err)
			}
			sum, err := Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Index.Removed != 1 {
				t.Fatalf("index: %s; want the document removed", sum.Index)
			}
			assertAbsent(t, real(t, opt.Index), secrets...)
		})
	}
}

// fmtDoc fills the withdrawn document's template: extra front matter, date.
func fmtDoc(doc, extra, date string) string {
	return strings.Replace(strings.Replace(doc, "%s", extra, 1), "2025-01-20", date, 1)
}

// containsAny reports whether a file under dir holds one of ss.
func containsAny(t *testing.T, dir string, ss []string) bool {
	t.Helper()
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, s := range ss {
			found = found || bytes.Contains(b, []byte(s))
		}
		return nil
	})
	return found
}
