package content

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// linkedSite is a content folder, in a temporary directory, whose tree
// holds real symbolic links of every kind, and a folder beside it outside
// content/. It returns the content folder.
func linkedSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, outside := filepath.Join(dir, "content"), filepath.Join(dir, "outside")
	files := map[string]string{
		"content/site.yaml":                siteYAML,
		"content/gazette/2025/01/index.md": "---\ntitle: 公報\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-20\n---\n",
		"content/gazette/2025/01/a.md":     "---\ntitle: 甲\ndate: 2025-01-20\norgan: 辦公廳\nattachments: [passwd.csv]\n---\n甲\n",
		"content/pages/contact.md":         "---\ntitle: 聯繫我們\n---\n電話\n",
		"outside/secret.md":                "---\ntitle: 外來文件OUTSIDE\ndate: 2025-01-02\n---\n不應發布的正文OUTSIDE\n",
		"outside/passwd":                   "root:x:0:0:root:/root:/bin/bash\n",
		"outside/folder/b.md":              "---\ntitle: 外來目錄OUTSIDE\ndate: 2025-01-02\n---\n正文\n",
	}
	for p, data := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"gazette/2025/01/passwd.csv": filepath.Join(outside, "passwd"),  // an attachment: absolute, outside
		"news/2025/secret.md":        "../../../outside/secret.md",      // a document: relative, outside
		"briefings/2025":             filepath.Join(outside, "folder"),  // a folder, outside
		"pages/about.md":             "contact.md",                      // a document, inside
		"news/2024":                  "../gazette/2025/01",              // a folder, inside
		"gazette/2025/01/gone.csv":   "../../../../outside/nothing.csv", // dangling
	} {
		p := filepath.Join(src, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// TestSymbolicLinks: a symbolic link under content/ is refused at its own
// path, whether it leaves content/ (an attachment linked to a system file,
// a document or a folder from elsewhere) or not, read through os.Root as
// gazette reads content or through os.DirFS; nothing it points to is
// loaded. The message says where it points and why.
func TestSymbolicLinks(t *testing.T) {
	src := linkedSite(t)
	root, err := os.OpenRoot(src)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for name, fsys := range map[string]fs.FS{"os.Root": root.FS(), "os.DirFS": os.DirFS(src)} {
		t.Run(name, func(t *testing.T) {
			for _, partial := range []bool{false, true} {
				s, err := Load(context.Background(), fsys, Options{Now: now, Root: "content", Partial: partial})
				var list ErrorList
				if !errors.As(err, &list) {
					t.Fatalf("Load: %v, want an ErrorList", err)
				}
				byPath := map[string]string{}
				for _, e := range list {
					byPath[e.Path] += e.Msg
				}
				want := map[string]string{
					"content/gazette/2025/01/passwd.csv": "outside content/",
					"content/news/2025/secret.md":        "outside content/",
					"content/briefings/2025":             "outside content/",
					"content/gazette/2025/01/gone.csv":   "outside content/",
					"content/pages/about.md":             "a symbolic link to contact.md",
					"content/news/2024":                  "a symbolic link to ../gazette/2025/01",
				}
				for p, w := range want {
					if msg := byPath[p]; !strings.Contains(msg, w) || !strings.Contains(msg, "symbolic link") {
						t.Errorf("%s: %q, want an error saying %q", p, msg, w)
					}
				}
				if s == nil {
					continue
				}
				for _, d := range s.All {
					if strings.Contains(d.Title, "OUTSIDE") || slices.ContainsFunc(d.Attachments, func(a Attachment) bool { return a.Name == "passwd.csv" }) {
						t.Errorf("%s: loaded from outside content/ (%q)", d.Path, d.Title)
					}
				}
			}
		})
	}
}

// TestWatchedLoadSeesLinks: a link made while a watcher trusts its list of
// changes is refused as in a full load, named as a file or inside a folder.
func TestWatchedLoadSeesLinks(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	for p, data := range map[string]string{
		"site.yaml":         siteYAML,
		"news/2025/a.md":    "---\ntitle: 甲\ndate: 2025-01-02\n---\n甲\n",
		"../outside/x.md":   "---\ntitle: 外來OUTSIDE\ndate: 2025-01-02\n---\n正文\n",
		"../outside/d/y.md": "---\ntitle: 外來目錄OUTSIDE\ndate: 2025-01-02\n---\n正文\n",
		"../outside/d/z.md": "---\ntitle: 外來目錄OUTSIDE\ndate: 2025-01-02\n---\n正文\n",
	} {
		p = filepath.Join(src, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(src)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	c := NewCache()
	load := func(changed ...string) error {
		_, err := Load(context.Background(), root.FS(), Options{Now: now, Cache: c, Watched: true, Changed: changed})
		return err
	}
	if err := load(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ link, target, changed string }{
		{"news/2025/x.md", filepath.Join(dir, "outside", "x.md"), "news/2025/x.md"},
		{"news/2024/d", filepath.Join(dir, "outside", "d"), "news/2024"},
	} {
		p := filepath.Join(src, filepath.FromSlash(tc.link))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(tc.target, p); err != nil {
			t.Fatal(err)
		}
		err := load(tc.changed)
		if err == nil || !strings.Contains(err.Error(), "content/"+tc.link+": a symbolic link") {
			t.Errorf("a watched load after %s was linked: %v, want the link refused", tc.link, err)
		}
		os.Remove(p)
		if err := load(tc.changed); err != nil {
			t.Errorf("after the link %s went: %v", tc.link, err)
		}
	}
}
