package record

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The test binary is the hook of the repositories the tests push to: git
// runs it as pre-receive with hookEnv set.
const hookEnv = "GAZETTE_RECORD_TEST_HOOK"

func TestMain(m *testing.M) {
	if os.Getenv(hookEnv) != "" {
		err := PreReceive(context.Background(), HookOptions{Dir: ".", Branch: "main", People: everyone,
			Env: os.Getenv, Stdin: os.Stdin, Stderr: os.Stderr})
		if err != nil {
			if err != ErrRefused {
				fmt.Fprintln(os.Stderr, "hook:", err)
			}
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// clone installs the test hook in bare and clones it for a git user.
func clone(t *testing.T, bare string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := InstallHook(bare, "env "+hookEnv+"=1 "+ShellQuote(self)); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(t.TempDir(), "work")
	runGit(t, filepath.Dir(bare), "clone", "-q", bare, work)
	return work
}

// as commits and pushes in work as user; the push's output and whether git
// accepted it.
type gitUser struct {
	t          *testing.T
	work       string
	name, mail string
}

func (u gitUser) commit(files map[string]string, msg string) {
	u.t.Helper()
	for p, data := range files {
		full := filepath.Join(u.work, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			u.t.Fatal(err)
		}
	}
	runGit(u.t, u.work, "add", "-A")
	runGit(u.t, u.work, "-c", "user.name="+u.name, "-c", "user.email="+u.mail, "commit", "-q", "-m", msg)
}

func (u gitUser) push(pusher string, args ...string) (string, bool) {
	u.t.Helper()
	env := []string{}
	if pusher != "" {
		env = append(env, "GAZETTE_USER="+pusher)
	}
	out, err := gitEnv(u.t, u.work, env, append([]string{"push", "origin"}, args...)...)
	return out, err == nil
}

// The hook, run by git for real pushes: who may push what, and every
// pushed tree checked with the findings in the push's output.
func TestHook(t *testing.T) {
	ctx := context.Background()
	r, bare := newRecord(t, seed())
	work := clone(t, bare)
	al := gitUser{t, work, "王小明", "alice@office.example"}
	const branch = "cms/gazette-2026-01/heating"
	runGit(t, work, "checkout", "-q", "-b", branch)

	// A broken document: refused with path:line:col.
	al.commit(map[string]string{heating: "---\ntitle: 通知\ndate: 2026-01-20\norgan: 長春市人民政府辦公廳\ndoc_number: 長府令〔2026〕1號\nwritten: 2026-1-10\n---\n"}, "供熱通知")
	out, ok := al.push("alice", branch)
	t.Logf("the push of a broken document:\n%s", out)
	if ok || !strings.Contains(out, "remote: "+branch+": content/gazette/2026/01/heating.md:6:10: error: written:") ||
		!strings.Contains(out, "content/gazette/2026/01/heating.md:5: error: duplicate 文號") {
		t.Fatalf("a broken document pushed (accepted %v):\n%s", ok, out)
	}

	// Fixed: accepted, and the console sees the draft, by alice.
	al.commit(map[string]string{heating: string(doc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號"))}, "改正")
	if out, ok := al.push("alice", branch); !ok {
		t.Fatalf("a good draft refused:\n%s", out)
	}
	d, err := r.Draft("gazette-2026-01", "heating")
	if err != nil || d.Status != Draft || len(d.Authors) != 1 || d.Authors[0].Email != alice.Email {
		t.Fatalf("the pushed draft: %+v, %v", d, err)
	}

	// To the published branch: refused, whoever pushes.
	runGit(t, work, "checkout", "-q", "main")
	al.commit(map[string]string{"gazette/2026/01/other.md": string(doc("另一通知", "長府辦發〔2026〕3號"))}, "直接發布")
	for _, who := range []string{"alice", "carol"} {
		if out, ok := (gitUser{t, work, "x", "x"}).push(who, "main"); ok || !strings.Contains(out, "the published branch changes only by a sign-off") {
			t.Errorf("%s pushed to main (accepted %v):\n%s", who, ok, out)
		}
	}
	runGit(t, work, "reset", "-q", "--hard", "origin/main")

	// Who pushes is the transport's to say, and must be whom the commits name.
	runGit(t, work, "checkout", "-q", "-b", "cms/c/x")
	al.commit(map[string]string{"gazette/2026/01/x.md": string(doc("某通知", "長府辦發〔2026〕4號"))}, "某通知")
	for pusher, want := range map[string]string{
		"":        "does not say who is pushing",
		"mallory": `"mallory" has no account`,
		"bob":     "is by 王小明 <alice@office.example>, but bob is pushing as <bob@office.example>",
	} {
		if out, ok := al.push(pusher, "cms/c/x"); ok || !strings.Contains(out, want) {
			t.Errorf("pushed as %q (accepted %v), want %q:\n%s", pusher, ok, want, out)
		}
	}
	// A typed approval is refused.
	al.commit(map[string]string{"gazette/2026/01/x.md": string(doc("某通知二", "長府辦發〔2026〕4號"))}, "某通知\n\nGazette-Status: pending_publish\nApproved-by: 李審核 <bob@office.example>")
	if out, ok := al.push("alice", "cms/c/x"); ok || !strings.Contains(out, "carries Gazette-Status:, which only the console writes") ||
		!strings.Contains(out, "carries Approved-by:") {
		t.Errorf("a typed approval pushed (accepted %v):\n%s", ok, out)
	}
	if keys, _ := r.Drafts(); len(keys) != 1 {
		t.Errorf("drafts after the refused pushes: %q", keys)
	}

	// The pushed draft is reviewed and signed off in the console, and goes
	// to main.
	if _, err := r.SetStatus(ctx, bob, "gazette-2026-01", "heating", Ready); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Publish(ctx, carol, "gazette-2026-01", "heating"); err != nil {
		t.Fatal(err)
	}
	runGit(t, work, "fetch", "-q")
	if got := runGit(t, work, "show", "origin/main:"+heating); !strings.Contains(got, "關於做好供熱保障工作的通知") {
		t.Errorf("main after the sign-off:\n%s", got)
	}
	if log := runGit(t, work, "log", "-1", "--format=%B", "origin/main"); !strings.Contains(log, "Drafted-by: 王小明 <alice@office.example>") {
		t.Errorf("the merge:\n%s", log)
	}
}

// A hook gazette did not write is never replaced.
func TestInstallHookKeepsOthers(t *testing.T) {
	_, bare := newRecord(t, seed())
	file := filepath.Join(bare, "hooks", "pre-receive")
	os.WriteFile(file, []byte("#!/bin/sh\necho mine\n"), 0o755)
	if err := InstallHook(bare, "gazette hook pre-receive"); err == nil {
		t.Fatal("another hook was replaced")
	}
	if data, _ := os.ReadFile(file); string(data) != "#!/bin/sh\necho mine\n" {
		t.Errorf("the other hook now reads:\n%s", data)
	}
	os.Remove(file)
	for i := 0; i < 2; i++ { // its own it replaces
		if err := InstallHook(bare, "gazette hook pre-receive -branch main"); err != nil {
			t.Fatal(err)
		}
	}
}
