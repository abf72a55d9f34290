package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewEveryKind creates one document of every kind in a copy of the
// sample site, then checks the result clean and builds it.
func TestNewEveryKind(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	steps := []struct {
		args []string
		want string // the path printed
		has  []string
	}{
		{[]string{"new", "issue", "長春市人民政府公報 2026年第1期"}, "content/gazette/2026/01/index.md",
			[]string{"year: 2026\n", "issue: 1\n", "serial: 304\n", "date: 2026-11-26\n"}},
		{[]string{"new", "-issue", "2026/01", "gazette-doc", "關於做好供熱保障工作的通知"}, "content/gazette/2026/01/gazette-doc-20261126-1.md",
			[]string{`title: "關於做好供熱保障工作的通知"`, "organ: \"長春市人民政府辦公廳\"", "index_number: 11220100MB1979017X/2026-"}},
		{[]string{"new", "gazette-doc", "Second notice"}, "content/gazette/2026/01/second-notice.md", nil},
		{[]string{"new", "briefing", "一季度12345熱線運行情況"}, "content/briefings/2026/briefing-20261126-1.md", []string{"organ: "}},
		{[]string{"new", "briefing", "一季度12345熱線運行情況"}, "content/briefings/2026/briefing-20261126-2.md", nil},
		{[]string{"new", "news", "2026 Heating Season Starts"}, "content/news/2026/2026-heating-season-starts.md", []string{"index_number: "}},
		{[]string{"new", "page", "聯繫方式"}, "content/pages/page-20261126-1.md", nil},
		{[]string{"new", "issue", "第二期"}, "content/gazette/2026/02/index.md", []string{"serial: 305\n"}},
	}
	for _, s := range steps {
		if s.want == "content/gazette/2026/02/index.md" {
			// An extra edition (增刊) of the year is outside the numbering.
			os.MkdirAll("content/gazette/2026/z05", 0o755)
			os.WriteFile("content/gazette/2026/z05/index.md", []byte("---\ntitle: 增刊\nyear: 2026\nissue: 5\nextra: true\ndate: 2026-11-26\n---\n"), 0o644)
		}
		e, out, errb := testEnv()
		if code := runEnv(context.Background(), e, s.args); code != 0 {
			t.Fatalf("%v: exit %d: %s", s.args, code, errb)
		}
		if got := strings.TrimSpace(out.String()); got != s.want {
			t.Fatalf("%v printed %q, want %q", s.args, got, s.want)
		}
		data, err := os.ReadFile(s.want)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range s.has {
			if !strings.Contains(string(data), h) {
				t.Errorf("%s lacks %q:\n%s", s.want, h, data)
			}
		}
	}
	// It never overwrites.
	e, _, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"new", "-issue", "2026/01", "issue", "again"}); code != 1 || !strings.Contains(errb.String(), "exists") {
		t.Errorf("new over an existing issue: exit %d, %s", code, errb)
	}
	// Usage errors.
	for _, args := range [][]string{{"new"}, {"new", "memo", "x"}, {"new", "-issue", "26/1", "issue", "x"}} {
		e, _, _ := testEnv()
		if code := runEnv(context.Background(), e, args); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}

	e, out, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"check"}); code != 0 {
		t.Fatalf("check after new: exit %d\n%s%s", code, out, errb)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.Contains(l, ": warning: ") {
			t.Errorf("check after new: %s", l)
		}
	}
	e, out, errb = testEnv()
	if code := runEnv(context.Background(), e, []string{"build", "-templates", "none"}); code != 0 {
		t.Fatalf("build after new: exit %d\n%s%s", code, out, errb)
	}
	if _, err := os.Stat(filepath.Join("public", "gazette", "2026", "01", "gazette-doc-20261126-1", "index.html")); err != nil {
		t.Errorf("the new gazette document was not built: %v", err)
	}
	if !strings.HasPrefix(out.String(), "built ") || !strings.Contains(out.String(), " pages, ") {
		t.Errorf("summary line: %q", out)
	}
}

func TestHelpAndVersion(t *testing.T) {
	e, out, _ := testEnv()
	if code := runEnv(context.Background(), e, []string{"help", "new"}); code != 0 || !strings.Contains(out.String(), "usage: gazette new") ||
		!strings.Contains(out.String(), "examples:") || !strings.Contains(out.String(), "-issue") {
		t.Errorf("help new: exit %d\n%s", code, out)
	}
	e, _, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"check", "-h"}); code != 0 || !strings.Contains(errb.String(), "-format") {
		t.Errorf("check -h: exit %d\n%s", code, errb)
	}
	e, out, _ = testEnv()
	if code := runEnv(context.Background(), e, []string{"version"}); code != 0 || !strings.HasPrefix(out.String(), "gazette ") {
		t.Errorf("version: %d %q", code, out)
	}
	e, _, _ = testEnv()
	if code := runEnv(context.Background(), e, []string{"help", "nope"}); code != 2 {
		t.Errorf("help nope: %d", code)
	}
	e, _, _ = testEnv()
	if code := runEnv(context.Background(), e, nil); code != 2 {
		t.Errorf("no command: %d", code)
	}
}

// TestEditorsWorkflow runs the editor's workflow of docs/editing.md, as
// written, on a copy of the sample site, at its date (testNow): every gazette
// command in it succeeds, and the file it tells the editor to open is
// the one new made. serve -watch is left out (it runs until stopped).
func TestEditorsWorkflow(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "docs", "editing.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Editor's workflow\n")
	_, block, ok2 := strings.Cut(section, "```sh\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/editing.md has no sh block under ## Editor's workflow")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	ran := 0
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		line, _, _ = strings.Cut(line, "#")
		args := shellWords(t, line)
		switch {
		case len(args) == 2 && args[0] == "$EDITOR":
			if _, err := os.Stat(args[1]); err != nil {
				t.Errorf("docs/editing.md has the editor open %s, which new did not make: %v", args[1], err)
			}
			continue
		case len(args) == 0 || args[0] != "gazette":
			t.Fatalf("not a gazette command: %q", line)
		case len(args) > 1 && args[1] == "serve":
			continue
		}
		ran++
		e, out, errb := testEnv()
		if code := runEnv(context.Background(), e, args[1:]); code != 0 {
			t.Errorf("%s: exit %d\n%s%s", strings.TrimSpace(line), code, out, errb)
		}
	}
	if ran < 4 {
		t.Errorf("ran %d commands of the workflow, want new, check and build at least", ran)
	}
}

// shellWords splits a command line as sh would for docs/editing.md's commands:
// words separated by spaces, double quotes grouping.
func shellWords(t *testing.T, line string) []string {
	var words []string
	var w strings.Builder
	in, quoted := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				words = append(words, w.String())
				w.Reset()
			}
			in = false
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote: %q", line)
	}
	if in {
		words = append(words, w.String())
	}
	return words
}
