package accounts

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cheap keeps the tests fast; the cost is carried by each hash.
var cheap = Cost{Memory: 1024, Time: 1}

func alice() User {
	return User{Name: "alice", Display: "王小明", Email: "alice@office.example", Roles: []Role{Drafter}}
}

func TestAccounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.json")
	s, err := Open(path, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(alice(), "short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if err := s.Add(alice(), "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(alice(), "another long password"); !errors.Is(err, errExists) {
		t.Errorf("second alice: %v, want errExists", err)
	}
	bob := User{Name: "bob", Display: "李審核", Email: "ALICE@office.example", Roles: []Role{Reviewer}}
	if err := s.Add(bob, "another long password"); err == nil || !strings.Contains(err.Error(), "already alice's") {
		t.Errorf("bob with alice's email: %v", err)
	}
	for _, bad := range []User{
		{Name: "a b", Display: "x", Email: "a@b.c", Roles: []Role{Drafter}},
		{Name: "c", Display: "x <y>", Email: "a@b.c", Roles: []Role{Drafter}},
		{Name: "c", Display: "x", Email: "not an address", Roles: []Role{Drafter}},
		{Name: "c", Display: "x", Email: "c@b.c"},
	} {
		if err := s.Add(bad, "long enough password"); err == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}

	u, err := s.Authenticate("alice", "correct horse battery")
	if err != nil || u.Ident() != "王小明 <alice@office.example>" || u.Hash != "" || !u.Has(Drafter) || u.Has(Signer) {
		t.Fatalf("login: %+v, %v", u, err)
	}
	for _, c := range [][2]string{{"alice", "wrong password!!"}, {"nobody", "correct horse battery"}} {
		if _, err := s.Authenticate(c[0], c[1]); !errors.Is(err, errBadLogin) {
			t.Errorf("login %s/%s: %v, want errBadLogin", c[0], c[1], err)
		}
	}

	// Another process (gazette user disable) changes the file: the store
	// sees it without being opened again.
	other, err := Open(path, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.SetDisabled("alice", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate("alice", "correct horse battery"); !errors.Is(err, errBadLogin) {
		t.Errorf("a disabled account logged in: %v", err)
	}
	if err := other.SetDisabled("alice", false); err != nil {
		t.Fatal(err)
	}
	if err := other.SetPassword("alice", "a new long password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate("alice", "correct horse battery"); err == nil {
		t.Error("the old password still works")
	}
	if _, err := s.Authenticate("alice", "a new long password"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if err := s.SetPassword("nobody", "a new long password"); !errors.Is(err, errNoUser) {
		t.Errorf("password of nobody: %v", err)
	}

	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode is %v (%v), want 0600", info.Mode().Perm(), err)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Hash != "" {
		t.Errorf("List: %+v, %v", list, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "$argon2id$v=19$m=1024,t=1,p=2$") || strings.Contains(string(data), "a new long password") {
		t.Errorf("the file holds:\n%s", data)
	}
}

// A hash made at a lower cost than the store's is made again at the login.
func TestRehashOnLogin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.json")
	weak, _ := Open(path, cheap)
	if err := weak.Add(alice(), "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	strong, _ := Open(path, Cost{Memory: 2048, Time: 2})
	if _, err := strong.Authenticate("alice", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "m=2048,t=2") {
		t.Errorf("not rehashed:\n%s", data)
	}
	if _, err := strong.Authenticate("alice", "correct horse battery"); err != nil {
		t.Errorf("after the rehash: %v", err)
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{"起草": Drafter, "审核": Reviewer, "簽發": Signer, "签发": Signer, "admin": Admin, "Reviewer": Reviewer} {
		if got, err := ParseRole(in); got != want || err != nil {
			t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseRole("editor"); err == nil {
		t.Error("editor is a role")
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestSessions(t *testing.T) {
	c := &clock{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s := NewSessions(c.now)
	tok, sess := s.Create("alice", "10.0.0.7")
	if sess.CSRF == "" || sess.CSRF == tok || len(tok) < 40 {
		t.Fatalf("token %q, csrf %q", tok, sess.CSRF)
	}
	if _, ok := s.Get(tok + "x"); ok {
		t.Error("a wrong token found a session")
	}
	// Used every 20 minutes, it lives until the absolute limit.
	for i := 0; i < 35; i++ {
		c.t = c.t.Add(20 * time.Minute)
		_, ok := s.Get(tok)
		if want := c.t.Sub(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) < maxAge; ok != want {
			t.Fatalf("after %d×20 min: found %v, want %v", i+1, ok, want)
		}
	}
	tok, _ = s.Create("alice", "10.0.0.7")
	c.t = c.t.Add(idleTimeout)
	if _, ok := s.Get(tok); ok {
		t.Error("an idle session outlived idleTimeout")
	}
	tok, _ = s.Create("alice", "10.0.0.7")
	s.End(tok)
	if _, ok := s.Get(tok); ok {
		t.Error("an ended session was found")
	}
}

func TestThrottle(t *testing.T) {
	c := &clock{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	th := NewThrottle(c.now)
	keys := []string{"name:alice", "addr:10.0.0.7"}
	var waits []time.Duration
	for i := 0; i < lockFailures-1; i++ {
		if w := th.Wait(keys...); w > 0 {
			c.t = c.t.Add(w) // a patient guesser waits each time out
		}
		th.Fail(keys...)
		waits = append(waits, th.Wait(keys...))
	}
	// Two free failures, then 2 s doubling, capped at a minute.
	want := []time.Duration{0, 0, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("wait after failure %d: %v, want %v", i+1, waits[i], want[i])
		}
	}
	c.t = c.t.Add(time.Minute)
	th.Fail(keys...) // the tenth within the window
	if w := th.Wait("name:alice"); w != lockout {
		t.Errorf("after ten failures: wait %v, want the lockout %v", w, lockout)
	}
	th.Succeed("name:alice") // a success does not lift a lockout
	if w := th.Wait("name:alice"); w != lockout {
		t.Errorf("a success lifted the lockout: %v", w)
	}
	if w := th.Wait("name:bob"); w != 0 {
		t.Errorf("another name waits %v", w)
	}
	c.t = c.t.Add(lockout)
	if w := th.Wait(keys...); w != 0 {
		t.Errorf("after the lockout: %v", w)
	}
}

func TestAudit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	a, err := OpenAudit(path, func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	a.Log(Entry{Who: "alice", Roles: []Role{Drafter}, From: "10.0.0.7", Action: "save", Target: "gazette/2026/01/x.md", Result: "ok"})
	a.Log(Entry{From: "10.0.0.8", Action: "login", Result: "refused", Detail: "wrong name or password"})
	a.Close()
	f, _ := os.Open(path)
	defer f.Close()
	var got []Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		got = append(got, e)
	}
	if len(got) != 2 || got[0].Who != "alice" || got[0].Target != "gazette/2026/01/x.md" || got[1].Who != "-" || got[1].Time.IsZero() {
		t.Errorf("audit lines: %+v", got)
	}
}
