package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gazette/cmd/internal/testenv"
)

func userCmd(t *testing.T, users, stdin string, args ...string) (int, string, string) {
	t.Helper()
	e, out, errb := testEnv()
	e.stdin = strings.NewReader(stdin)
	code := runEnv(context.Background(), e, append([]string{"user", args[0], "-users", users}, args[1:]...))
	return code, out.String(), errb.String()
}

func TestUserCommand(t *testing.T) {
	users := filepath.Join(t.TempDir(), "users.json")
	if code, _, errs := userCmd(t, users, "short\n", "add", "-role", "起草", "-display", "王小明", "-email", "alice@office.example", "alice"); code != 1 || !strings.Contains(errs, "at least 10 characters") {
		t.Errorf("a short password: %d %s", code, errs)
	}
	if code, _, errs := userCmd(t, users, "correct horse battery\n", "add", "-role", "起草,审核", "-display", "王小明", "-email", "alice@office.example", "alice"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	if code, _, errs := userCmd(t, users, "x\n", "add", "-role", "編輯", "-display", "李", "-email", "b@office.example", "bob"); code != 1 || !strings.Contains(errs, `unknown role "編輯"`) {
		t.Errorf("an unknown role: %d %s", code, errs)
	}
	if code, _, _ := userCmd(t, users, "another long password\n", "passwd", "alice"); code != 0 {
		t.Error("passwd")
	}
	if code, _, _ := userCmd(t, users, "", "disable", "alice"); code != 0 {
		t.Error("disable")
	}
	code, out, _ := userCmd(t, users, "", "list")
	if code != 0 || !strings.Contains(out, "alice") || !strings.Contains(out, "起草,審核") || !strings.Contains(out, "disabled") || strings.Contains(out, "argon2") {
		t.Errorf("list: %d\n%s", code, out)
	}
	data, _ := os.ReadFile(users)
	if strings.Contains(string(data), "another long password") || !strings.Contains(string(data), "$argon2id$") {
		t.Errorf("the file:\n%s", data)
	}
}

// console init makes the record from content/ with the hook that runs
// gazette hook; a git user's push goes through it.
func TestConsoleInitAndHook(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		testenv.Missing(t, "no git", "no git")
	}
	dir := t.TempDir()
	users := filepath.Join(dir, "users.json")
	e, out, errb := testEnv()
	code := runEnv(context.Background(), e, []string{"console", "init", "-from", sampleContent, "-repo", filepath.Join(dir, "content.git"),
		"-checkout", filepath.Join(dir, "content"), "-users", users})
	if code != 0 {
		t.Fatalf("console init: %d %s %s", code, out, errb)
	}
	if code, _, errs := userCmd(t, users, "correct horse battery\n", "add", "-role", "起草", "-display", "王小明", "-email", "alice@office.example", "alice"); code != 0 {
		t.Fatal(errs)
	}
	git := func(env []string, args ...string) (string, error) {
		cmd := exec.Command(gitBin, args...)
		cmd.Dir = filepath.Join(dir, "work")
		cmd.Env = append(append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "GIT_AUTHOR_NAME=王小明", "GIT_AUTHOR_EMAIL=alice@office.example",
			"GIT_COMMITTER_NAME=王小明", "GIT_COMMITTER_EMAIL=alice@office.example"), env...)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := exec.Command(gitBin, "clone", "-q", filepath.Join(dir, "content.git"), filepath.Join(dir, "work")).CombinedOutput(); err != nil {
		t.Fatal(err, string(out))
	}
	doc := filepath.Join(dir, "work", "news", "2026", "hook-test.md")
	os.WriteFile(doc, []byte("---\ntitle: 測試\ndate: 2026-13-01\n---\n正文。\n"), 0o644)
	git(nil, "checkout", "-q", "-b", "cms/news/2026/hook-test")
	git(nil, "add", "-A")
	git(nil, "commit", "-q", "-m", "測試")
	// The hook is this test binary, acting as gazette (GAZETTE_TEST_MAIN).
	pushEnv := []string{"GAZETTE_TEST_MAIN=1", "GAZETTE_USER=alice"}
	res, err := git(pushEnv, "push", "origin", "cms/news/2026/hook-test")
	if err == nil || !strings.Contains(res, "content/news/2026/hook-test.md:3:7: error: date") {
		t.Errorf("a broken draft pushed (err %v):\n%s", err, res)
	}
	git(nil, "checkout", "-q", "main")
	git(nil, "merge", "-q", "cms/news/2026/hook-test")
	res, err = git(pushEnv, "push", "origin", "main")
	if err == nil || !strings.Contains(res, "the published branch changes only by a sign-off") {
		t.Errorf("a drafter pushed to main (err %v):\n%s", err, res)
	}
}
