package record

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/internal/testenv"
)

// gitPath finds git, or skips the test (fails it under CI=true).
func gitPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		testenv.Missing(t, "no git on this machine: .ci/run must install it", "no git: install it to run the record's tests")
	}
	return p
}

// git runs git in dir with a fixed identity and clock, and returns its
// output; it fails the test on an error.
func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitEnv(t, dir, nil, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitEnv(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(gitPath(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "GIT_AUTHOR_DATE=2026-03-02T09:00:00+08:00",
		"GIT_COMMITTER_DATE=2026-03-02T09:00:00+08:00")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

const siteYAML = "title: 測試辦公廳\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 長春市人民政府辦公廳, code: 11220100MB1979017X}\n"

// seed is a small site: one issue with one document.
func seed() map[string]string {
	return map[string]string{
		"site.yaml":                  siteYAML,
		"gazette/2026/01/index.md":   "---\ntitle: 公報 2026年第1期\nyear: 2026\nissue: 1\nserial: 1\ndate: 2026-01-20\n---\n本期導讀。\n",
		"gazette/2026/01/order-1.md": "---\ntitle: 長春市人民政府令\ndate: 2026-01-20\norgan: 長春市人民政府辦公廳\ndoc_number: 長府令〔2026〕1號\n---\n正文。\n",
	}
}

// doc is a valid gazette document.
func doc(title, number string) []byte {
	return []byte("---\ntitle: " + title + "\ndate: 2026-01-20\nwritten: 2026-01-10\norgan: 長春市人民政府辦公廳\ndoc_number: " + number + "\n---\n正文。\n")
}

// newRecord makes a bare repository holding files on branch main (made by
// git itself) and opens it. It returns the repository and its folder.
func newRecord(t *testing.T, files map[string]string) (*Repo, string) {
	t.Helper()
	root := t.TempDir()
	work := filepath.Join(root, "work")
	for p, data := range files {
		full := filepath.Join(work, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, work, "init", "-q", "-b", "main")
	runGit(t, work, "-c", "user.name=Seed", "-c", "user.email=seed@office.example", "add", "-A")
	runGit(t, work, "-c", "user.name=Seed", "-c", "user.email=seed@office.example", "commit", "-q", "-m", "the site")
	bare := filepath.Join(root, "content.git")
	runGit(t, root, "clone", "-q", "--bare", work, bare)
	r, err := Open(bare, "main", fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	return r, bare
}

func fixedClock() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

var (
	alice = accounts.User{Name: "alice", Display: "王小明", Email: "alice@office.example", Roles: []accounts.Role{accounts.Drafter}}
	bob   = accounts.User{Name: "bob", Display: "李審核", Email: "bob@office.example", Roles: []accounts.Role{accounts.Reviewer}}
	carol = accounts.User{Name: "carol", Display: "張簽發", Email: "carol@office.example", Roles: []accounts.Role{accounts.Signer}}
	dave  = accounts.User{Name: "dave", Display: "趙兼任", Email: "dave@office.example", Roles: []accounts.Role{accounts.Drafter, accounts.Reviewer}}
	erin  = accounts.User{Name: "erin", Display: "錢主任", Email: "erin@office.example", Roles: []accounts.Role{accounts.Reviewer, accounts.Signer}}
)

// people is the accounts of the tests, for the hook.
type people []accounts.User

func (ps people) Lookup(name string) (accounts.User, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return accounts.User{}, false
}

var everyone = people{alice, bob, carol, dave, erin}
