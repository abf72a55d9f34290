package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"gazette/cmd/internal/golden"
	"gazette/templates"
)

// TestBothScripts builds a Traditional site that has a Simplified document
// and compares the main part of both documents' pages, at / and in the
// Simplified copy, with golden files a person has read: the characters that
// are one in Simplified and several in Traditional (干/幹/乾, 后/後, 发/發/髮,
// 台/臺, 范/範, 制/製, 系/係/繫) converted as the phrase means, and the 文號,
// 索引號, attachment name, code and -{literal}- text as written in both.
func TestBothScripts(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "scripts", "site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	out := t.TempDir()
	if _, err := Run(context.Background(), Options{Content: fsys, ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"gazette/2025/01/cadres/index.html", "zh-hans/gazette/2025/01/cadres/index.html",
		"news/2025/mainland/index.html", "zh-hans/news/2025/mainland/index.html",
	} {
		b, err := os.ReadFile(filepath.Join(out, "public", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		_, main, _ := bytes.Cut(b, []byte(`<main id="main"`))
		main, _, _ = bytes.Cut(main, []byte(`</main>`))
		golden.Check(t, filepath.Join("testdata", "scripts", strings.ReplaceAll(strings.TrimSuffix(p, "/index.html"), "/", "_")+".html"), main)
	}
}
