package console

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/record"
	"gazette/cmd/internal/testenv"
	"gazette/templates"
)

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		testenv.Missing(t, "no git: .ci/run must install it", "no git: install it to run the console's tests")
	}
	cmd := exec.Command(p, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "GIT_AUTHOR_NAME=Seed", "GIT_AUTHOR_EMAIL=seed@office.example",
		"GIT_COMMITTER_NAME=Seed", "GIT_COMMITTER_EMAIL=seed@office.example")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

const siteYAML = "title: 測試辦公廳\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\n" +
	"organ: {name: 長春市人民政府辦公廳, code: 11220100MB1979017X}\norgans: [長春市人民政府]\ncategories: [市政府文件, 政策解讀]\ntopics: [綜合政務]\n"

func seed() map[string]string {
	return map[string]string{
		"site.yaml":                  siteYAML,
		"gazette/2026/01/index.md":   "---\ntitle: 公報 2026年第1期\nyear: 2026\nissue: 1\nserial: 1\ndate: 2026-01-20\n---\n本期導讀。\n",
		"gazette/2026/01/order-1.md": "---\ntitle: 長春市人民政府令\ndate: 2026-01-20\norgan: 長春市人民政府辦公廳\ndoc_number: 長府令〔2026〕1號\n---\n正文。\n",
		"news/2026/old.md":           "---\ntitle: 舊聞\ndate: 2026-01-05\n---\n舊聞。\n",
	}
}

// now is the tests' clock: after the seed's dates.
func now() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

var cheap = accounts.Cost{Memory: 1024, Time: 1}

// office is a console over a fresh repository, with its people.
type office struct {
	t        *testing.T
	srv      *Server
	ts       *httptest.Server
	bare     string
	checkout string
	state    string
}

const password = "correct horse battery"

func newOffice(t *testing.T, files map[string]string, opt func(*Options)) *office {
	t.Helper()
	root := t.TempDir()
	work := filepath.Join(root, "work")
	for p, data := range files {
		full := filepath.Join(work, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, work, "init", "-q", "-b", "main")
	runGit(t, work, "add", "-A")
	runGit(t, work, "commit", "-q", "-m", "the site")
	bare := filepath.Join(root, "content.git")
	runGit(t, root, "clone", "-q", "--bare", work, bare)
	checkout := filepath.Join(root, "content")
	runGit(t, root, "clone", "-q", bare, checkout)
	repo, err := record.Open(bare, "main", now)
	if err != nil {
		t.Fatal(err)
	}
	users, err := accounts.Open(filepath.Join(root, "users.json"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []accounts.User{
		{Name: "alice", Display: "王小明", Email: "alice@office.example", Roles: []accounts.Role{accounts.Drafter}},
		{Name: "bob", Display: "李審核", Email: "bob@office.example", Roles: []accounts.Role{accounts.Reviewer}},
		{Name: "carol", Display: "張簽發", Email: "carol@office.example", Roles: []accounts.Role{accounts.Signer}},
		{Name: "root", Display: "管理員", Email: "root@office.example", Roles: []accounts.Role{accounts.Admin}},
	} {
		if err := users.Add(u, password); err != nil {
			t.Fatal(err)
		}
	}
	o := Options{Repo: repo, Checkout: checkout, State: filepath.Join(root, "state"), Users: users,
		Templates: templates.FS, Build: previewBuild, Clock: now}
	if opt != nil {
		opt(&o)
	}
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return &office{t: t, srv: srv, ts: newTestServer(t, srv), bare: bare, checkout: checkout, state: o.State}
}

func newTestServer(t *testing.T, srv *Server) *httptest.Server {
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return ts
}

// client is a browser of one person: it keeps its cookies (Go's cookie jar
// sends no Secure cookie over http) and the session's CSRF token.
type client struct {
	o       *office
	cookies map[string]string
	csrf    string
	header  http.Header
}

func (o *office) anonymous() *client {
	return &client{o: o, cookies: map[string]string{}, header: http.Header{}}
}

// login logs name in through the form, and reads the session's CSRF token.
func (o *office) login(name string) *client {
	o.t.Helper()
	c := o.anonymous()
	res, body := c.do("GET", "/login", "", nil)
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if res.StatusCode != 200 || tok == nil {
		o.t.Fatalf("login form: %d\n%s", res.StatusCode, body)
	}
	form := url.Values{"name": {name}, "password": {password}, "csrf": {tok[1]}}
	res, body = c.do("POST", "/login", form.Encode(), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if res.StatusCode != http.StatusSeeOther || c.cookies[sessionCookie] == "" {
		o.t.Fatalf("login of %s: %d\n%s", name, res.StatusCode, body)
	}
	_, body = c.do("GET", "/cms/", "", nil)
	m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		o.t.Fatalf("no CSRF token on /cms/:\n%s", body)
	}
	c.csrf = m[1]
	return c
}

func (c *client) do(method, path, body string, h http.Header) (*http.Response, string) {
	c.o.t.Helper()
	req, err := http.NewRequest(method, c.o.ts.URL+path, strings.NewReader(body))
	if err != nil {
		c.o.t.Fatal(err)
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Do(req)
	if err != nil {
		c.o.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return res, string(data)
}

// api sends one action of the proxy protocol with the session's token.
func (c *client) api(action string, params map[string]any) (int, map[string]any, string) {
	c.o.t.Helper()
	if params != nil {
		if _, ok := params["branch"]; !ok {
			params["branch"] = "main"
		}
	}
	body, _ := json.Marshal(map[string]any{"action": action, "params": params})
	res, out := c.do("POST", "/api/v1", string(body), http.Header{"Content-Type": {"application/json"}, "X-Csrf-Token": {c.csrf}})
	var m map[string]any
	json.Unmarshal([]byte(out), &m)
	return res.StatusCode, m, out
}

// persist saves raw at p as a new draft (or an update) of collection/slug.
func (c *client) persist(collection, slug, p, raw string) (int, string) {
	c.o.t.Helper()
	code, _, out := c.api("persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": slug, "path": p, "raw": raw}},
		"assets":    []any{},
		"options":   map[string]any{"collectionName": collection, "commitMessage": "Create " + slug, "useWorkflow": true, "status": "draft"},
	})
	return code, out
}

func (c *client) status(collection, slug, to string) (int, string) {
	c.o.t.Helper()
	code, _, out := c.api("updateUnpublishedEntryStatus", map[string]any{"collection": collection, "slug": slug, "newStatus": to})
	return code, out
}

func (c *client) publish(collection, slug string) (int, string) {
	c.o.t.Helper()
	code, _, out := c.api("publishUnpublishedEntry", map[string]any{"collection": collection, "slug": slug})
	return code, out
}

func gazetteDoc(title, number, date string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nwritten: 2026-02-10\norgan: 長春市人民政府辦公廳\ndoc_number: " + number +
		"\ncategory: 市政府文件\n---\n正文。\n"
}

// previewBuild builds a preview as gazette console does.
func previewBuild(ctx context.Context, content, tmpl fs.FS, public string, now time.Time) error {
	_, err := build.Run(ctx, build.Options{Content: content, ContentRoot: "content", Templates: tmpl, Public: public, Now: now, Drafts: true})
	return err
}
