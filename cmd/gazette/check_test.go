package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"gazette/cmd/gazette/internal/lint"
)

var testNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// testEnv runs commands with a fixed clock, no terminal and no CI.
func testEnv() (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{stdout: &out, stderr: &errb, now: func() time.Time { return testNow },
		getenv: func(string) string { return "" }, terminal: func(io.Writer) bool { return false }}, &out, &errb
}

// writeTree writes the files of archives, later ones overriding earlier, into
// a new directory, makes it the working directory and returns the "want"
// section of the last.
func writeTree(t *testing.T, archives ...*txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	want := ""
	for _, a := range archives {
		for _, f := range a.Files {
			if f.Name == "want" {
				want = string(f.Data)
				continue
			}
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Chdir(dir)
	return want
}

// TestCheck runs gazette check over the base site plus one mistake per
// case and compares every message: file, line, column, severity and text.
func TestCheck(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "check", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "check", "*.txtar"))
	abs := make([]string, len(cases))
	for i, c := range cases {
		abs[i], _ = filepath.Abs(c)
	}
	t.Run("base is clean", func(t *testing.T) {
		writeTree(t, base)
		e, out, errb := testEnv()
		if code := runEnv(context.Background(), e, []string{"check"}); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, out, errb)
		}
		if out.Len() != 0 {
			t.Errorf("output for a clean site:\n%s", out)
		}
	})
	for _, c := range abs {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		if name == "base" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(c)
			if err != nil {
				t.Fatal(err)
			}
			want := writeTree(t, base, a)
			e, out, errb := testEnv()
			code := runEnv(context.Background(), e, []string{"check"})
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if l != "" && !strings.Contains(l, " error(s), ") {
					got = append(got, l)
				}
			}
			if g, w := strings.Join(got, "\n"), strings.TrimSpace(want); g != w {
				t.Errorf("messages:\n%s\nwant:\n%s\nstderr: %s", g, w, errb)
			}
			wantCode := 0
			if strings.Contains(want, ": error: ") {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d", code, wantCode)
			}

			// The same findings as JSON.
			e, out, _ = testEnv()
			if jc := runEnv(context.Background(), e, []string{"check", "-format", "json"}); jc != code {
				t.Errorf("json: exit %d, want %d", jc, code)
			}
			var ds []lint.Diagnostic
			if err := json.Unmarshal(out.Bytes(), &ds); err != nil {
				t.Fatalf("json: %v\n%s", err, out)
			}
			if len(ds) != len(got) {
				t.Fatalf("json has %d diagnostics, text %d", len(ds), len(got))
			}
			for i, d := range ds {
				if d.String() != got[i] || d.Path == "" || d.Severity == "" || d.Message == "" {
					t.Errorf("json %d: %+v, text %q", i, d, got[i])
				}
			}
		})
	}
}

func TestCheckUsage(t *testing.T) {
	for _, args := range [][]string{{"check", "-format", "xml"}, {"check", "extra"}, {"check", "-nope"}} {
		e, _, _ := testEnv()
		if code := runEnv(context.Background(), e, args); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestSymbolicLinksRefused: links under content/ — an attachment linked to
// a file of the system, a document from outside, a linked folder — are
// each reported by gazette check at its own path, and gazette build
// refuses to publish the site.
func TestSymbolicLinksRefused(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "check", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, base)
	outside := t.TempDir()
	for p, data := range map[string]string{
		"passwd":      "root:x:0:0:LEAKED:/root:/bin/bash\n",
		"secret.md":   "---\ntitle: 外來文件LEAKED\ndate: 2025-01-02\n---\n正文LEAKED\n",
		"folder/b.md": "---\ntitle: 外來目錄LEAKED\ndate: 2025-01-02\n---\n正文\n",
	} {
		writeFile(t, filepath.Join(outside, filepath.FromSlash(p)), data)
	}
	links := map[string]string{
		"content/gazette/2025/01/passwd.csv": filepath.Join(outside, "passwd"),
		"content/news/2025/secret.md":        filepath.Join(outside, "secret.md"),
		"content/briefings/2025":             filepath.Join(outside, "folder"),
	}
	for link, target := range links {
		os.MkdirAll(filepath.Dir(link), 0o755)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	heating := filepath.Join("content", "gazette", "2025", "01", "heating.md")
	b, _ := os.ReadFile(heating)
	os.WriteFile(heating, bytes.Replace(b, []byte("organ:"), []byte("attachments: [passwd.csv]\norgan:"), 1), 0o644)

	e, out, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"check"}); code != 1 {
		t.Errorf("check: exit %d, want 1\n%s%s", code, out, errb)
	}
	for link, target := range links {
		if want := link + ": error: a symbolic link to " + target + ", outside content/"; !strings.Contains(out.String(), want) {
			t.Errorf("check does not report %s:\n%s", want, out)
		}
	}
	e, out, errb = testEnv()
	if code := runEnv(context.Background(), e, []string{"build"}); code != 1 {
		t.Errorf("build: exit %d, want 1\n%s%s", code, out, errb)
	}
	if _, err := os.Lstat("public"); err == nil {
		t.Error("build made public/ from a site with links leaving content/")
	}
}
