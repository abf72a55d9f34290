package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/search"
	"gazette/templates"
)

// sample builds the repository's sample content once per test binary.
func sample(t testing.TB) (public, index string) {
	t.Helper()
	out := t.TempDir()
	public, index = filepath.Join(out, "public"), filepath.Join(out, "index")
	_, err := build.Run(context.Background(), build.Options{
		Content: os.DirFS(filepath.Join("..", "..", "..", "..", "content")), ContentRoot: "content",
		Templates: templates.FS, Public: public, Index: index,
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return public, index
}

func newServer(t testing.TB, public, index string) *Server {
	t.Helper()
	s, err := New(Options{Public: public, Index: index, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestWeb runs the cases of testdata/web.txt against the sample site, by
// the rules of golang.org/x/website's internal/webtest: each case is a
// request line and its checks, ended by a blank line, and runs as its own
// subtest; a case without a code check must answer 200; "redirect == PATH"
// asserts a 30x to PATH. A failure names the check's line.
func TestWeb(t *testing.T) {
	public, index := sample(t)
	s := newServer(t, public, index)
	cases := parseWeb(t, "testdata/web.txt")
	if len(cases) < 10 {
		t.Fatalf("web.txt has %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			r := httptest.NewRequest(c.method, "http://gazette.test/", nil)
			r.URL.Path, r.URL.RawQuery, _ = strings.Cut(c.target, "?")
			r.URL.RawPath = r.URL.Path
			if p, err := unescapePath(r.URL.Path); err == nil {
				r.URL.Path = p
			}
			r.RequestURI = c.target
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			for _, ch := range c.checks {
				if msg := check(ch.text, rec); msg != "" {
					t.Errorf("web.txt:%d: %s %s: %s", ch.line, c.method, c.target, msg)
				}
			}
		})
	}
}

type webCase struct {
	method, target string
	checks         []webCheck
}

type webCheck struct {
	line int
	text string
}

// parseWeb reads the cases of a web.txt script.
func parseWeb(t *testing.T, name string) []webCase {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var cases []webCase
	var cur *webCase
	for i, l := range strings.Split(string(data), "\n") {
		text := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(text, "#"):
		case text == "":
			cur = nil
		case cur == nil:
			method, target, ok := strings.Cut(text, " ")
			if !ok || strings.ToUpper(method) != method {
				t.Fatalf("%s:%d: want a request line (METHOD /path), have %q", name, i+1, text)
			}
			cases = append(cases, webCase{method: method, target: target})
			cur = &cases[len(cases)-1]
		default:
			cur.checks = append(cur.checks, webCheck{i + 1, text})
		}
	}
	for i, c := range cases {
		if !slices.ContainsFunc(c.checks, func(ch webCheck) bool {
			return strings.HasPrefix(ch.text, "code ") || strings.HasPrefix(ch.text, "redirect ")
		}) {
			cases[i].checks = append([]webCheck{{0, "code == 200"}}, c.checks...)
		}
	}
	return cases
}

func unescapePath(p string) (string, error) {
	u, err := http.NewRequest("GET", "http://x"+p, nil)
	if err != nil {
		return "", err
	}
	return u.URL.Path, nil
}

// check runs one check on a response and says what failed, or "".
func check(text string, rec *httptest.ResponseRecorder) string {
	body := rec.Body.String()
	failed := fmt.Sprintf("%s failed (code %d, body %.200q)", text, rec.Code, body)
	switch {
	case strings.HasPrefix(text, "code == "):
		if want, _ := strconv.Atoi(strings.TrimPrefix(text, "code == ")); rec.Code != want {
			return failed
		}
	case strings.HasPrefix(text, "redirect == "):
		want := strings.TrimPrefix(text, "redirect == ")
		if rec.Code < 300 || rec.Code > 399 || rec.Header().Get("Location") != want {
			return fmt.Sprintf("%s failed (code %d, Location %q)", text, rec.Code, rec.Header().Get("Location"))
		}
	case strings.HasPrefix(text, "body !contains "):
		if strings.Contains(body, strings.TrimPrefix(text, "body !contains ")) {
			return failed
		}
	case strings.HasPrefix(text, "body contains "):
		if !strings.Contains(body, strings.TrimPrefix(text, "body contains ")) {
			return failed
		}
	case strings.HasPrefix(text, "header "):
		rest := strings.TrimPrefix(text, "header ")
		name, cond, _ := strings.Cut(rest, " ")
		neg := strings.HasPrefix(cond, "!contains ")
		want := strings.TrimPrefix(strings.TrimPrefix(cond, "!contains "), "contains ")
		if got := rec.Header().Get(name); strings.Contains(got, want) == neg {
			return fmt.Sprintf("header %s = %q, check %q", name, got, cond)
		}
	default:
		return fmt.Sprintf("unknown check %q", text)
	}
	return ""
}

// TestAPIAndFeed reads the JSON API and the search feed as clients would.
func TestAPIAndFeed(t *testing.T) {
	public, index := sample(t)
	s := newServer(t, public, index)
	ts := httptest.NewServer(s)
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/api/search?q=" + "长府发2025年3号")
	if err != nil {
		t.Fatal(err)
	}
	var res APIResult
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if res.Total == 0 || res.Hits[0].DocNumber != "長府發〔2025〕3號" {
		t.Fatalf("文號 query: first hit %+v of %d", res.Hits, res.Total)
	}

	feed, err := gofeed.NewParser().ParseURL(ts.URL + "/search.atom?q=%E4%BE%9B%E7%83%AD")
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) == 0 {
		t.Fatal("search feed has no items")
	}
	for i, it := range feed.Items {
		if !strings.HasPrefix(it.Link, "https://gazette.example.org/") {
			t.Errorf("item link %q is not absolute on the site", it.Link)
		}
		if i > 0 && it.PublishedParsed != nil && feed.Items[i-1].PublishedParsed != nil && it.PublishedParsed.After(*feed.Items[i-1].PublishedParsed) {
			t.Errorf("search feed not newest first at item %d", i)
		}
	}
}

// TestNoIndex shows a missing index leaves the site up and search at 503.
func TestNoIndex(t *testing.T) {
	public, index := sample(t)
	os.RemoveAll(index)
	s := newServer(t, public, index)
	for target, want := range map[string]int{"/": 200, "/search?q=x": 503, "/api/search?q=x": 503, "/search.atom?q=x": 503} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != want {
			t.Errorf("GET %s = %d, want %d", target, rec.Code, want)
		}
	}
}

// TestSymlinkOutside shows a link inside public/ cannot reach outside it.
func TestSymlinkOutside(t *testing.T) {
	public, index := sample(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("SECRET"), 0o600)
	if err := os.Symlink(secret, filepath.Join(public, "leak.txt")); err != nil {
		t.Skip("no symlinks:", err)
	}
	s := newServer(t, public, index)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/leak.txt", nil))
	if strings.Contains(rec.Body.String(), "SECRET") || rec.Code == 200 {
		t.Errorf("symlink outside public/ served: %d", rec.Code)
	}
}

// TestSearchDuringRebuild keeps searching and reading pages while the site
// is rebuilt several times: not one request may fail, and the server picks
// up the new build.
func TestSearchDuringRebuild(t *testing.T) {
	out := t.TempDir()
	src := filepath.Join(out, "content")
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "..", "..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	opt := build.Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	if _, err := build.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, opt.Public, opt.Index)
	ts := httptest.NewServer(s)
	defer ts.Close()

	ctx, stop := context.WithCancel(context.Background())
	errs := make(chan string, 100)
	var done sync.WaitGroup
	var requests atomic.Int64
	for i := range 8 {
		done.Add(1)
		go func() {
			defer done.Done()
			targets := []string{"/api/search?q=%E4%BE%9B%E7%86%B1", "/search?q=%E5%85%AC%E5%A0%B1", "/", "/gazette/2025/01/", "/feed.xml"}
			for n := i; ctx.Err() == nil; n++ {
				resp, err := http.Get(ts.URL + targets[n%len(targets)])
				if err != nil {
					errs <- err.Error()
					return
				}
				resp.Body.Close()
				requests.Add(1)
				if resp.StatusCode != 200 {
					errs <- fmt.Sprintf("%s: %d", targets[n%len(targets)], resp.StatusCode)
				}
			}
		}()
	}
	marker := filepath.Join(src, "news", "2026", "rebuild-marker.md")
	for i := range 4 {
		os.WriteFile(marker, []byte(fmt.Sprintf("---\ntitle: 重建標記%d\ndate: 2026-01-05\n---\nrebuildmarker%d\n", i, i)), 0o644)
		if _, err := build.Run(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(2 * reloadEvery)
	stop()
	done.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=rebuildmarker3", nil))
	if !strings.Contains(rec.Body.String(), "重建標記3") {
		t.Errorf("server did not pick up the last build: %s", rec.Body.String())
	}
	t.Logf("%d requests during 4 rebuilds, none failed", requests.Load())
}

// TestCachingAndCompression: a repeated request with the ETag gets 304, and
// a client that accepts gzip gets a smaller, compressed page.
func TestCachingAndCompression(t *testing.T) {
	public, index := sample(t)
	s := newServer(t, public, index)
	get := func(h map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/gazette/2025/01/", nil)
		for k, v := range h {
			r.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		return rec
	}
	first := get(nil)
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" {
		t.Fatalf("first GET: %d, ETag %q", first.Code, etag)
	}
	if again := get(map[string]string{"If-None-Match": etag}); again.Code != http.StatusNotModified {
		t.Errorf("GET with If-None-Match = %d, want 304", again.Code)
	}
	gz := get(map[string]string{"Accept-Encoding": "gzip"})
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= first.Body.Len() {
		t.Errorf("gzip: encoding %q, %d bytes vs %d plain", gz.Header().Get("Content-Encoding"), gz.Body.Len(), first.Body.Len())
	}
	if !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") || gz.Header().Get("ETag") == etag {
		t.Errorf("gzip response: Vary %q, ETag %q (plain %q)", gz.Header().Get("Vary"), gz.Header().Get("ETag"), etag)
	}
}

// TestWebRules: the web.txt runner cannot pass a case by accident — a case
// with no code check asserts 200, and a redirect check wants a 30x to its
// target.
func TestWebRules(t *testing.T) {
	script := filepath.Join(t.TempDir(), "web.txt")
	os.WriteFile(script, []byte("GET /missing/\nbody contains x\n\nGET /old\nredirect == /new/\n"), 0o644)
	cases := parseWeb(t, script)
	if len(cases) != 2 {
		t.Fatalf("parsed %d cases, want 2", len(cases))
	}
	notFound := httptest.NewRecorder()
	notFound.WriteHeader(http.StatusNotFound)
	notFound.WriteString("x")
	if msg := check(cases[0].checks[0].text, notFound); msg == "" {
		t.Error("a 404 passed a case without a code check")
	}
	for _, rec := range []*httptest.ResponseRecorder{httptest.NewRecorder(), notFound} {
		rec.Header().Set("Location", "/new/")
		if msg := check(cases[1].checks[0].text, rec); msg == "" {
			t.Errorf("a %d passed a redirect check", rec.Code)
		}
	}
	moved := httptest.NewRecorder()
	moved.Header().Set("Location", "/elsewhere/")
	moved.WriteHeader(http.StatusMovedPermanently)
	if msg := check(cases[1].checks[0].text, moved); msg == "" {
		t.Error("a redirect to another target passed")
	}
}

// TestRetiredGenerationClosesAfterLastRequest: when a build replaces the
// generation, a request still using the old one keeps its index and files
// until it ends, and then they are closed, however long that takes.
func TestRetiredGenerationClosesAfterLastRequest(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "..", "..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	opt := build.Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index"), Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	if _, err := build.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, opt.Public, opt.Index)
	old := s.acquire() // a request in flight

	os.WriteFile(filepath.Join(src, "news", "2026", "next.md"), []byte("---\ntitle: 下一版\ndate: 2026-01-05\n---\n正文\n"), 0o644)
	if _, err := build.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	s.Reload()
	if g := s.acquire(); g == old {
		t.Fatal("the server did not take up the new build")
	} else {
		g.release()
	}
	// Longer than any timer a server might close the old generation by.
	time.Sleep(2 * reloadEvery)
	if _, err := old.ix.Search(context.Background(), search.Query{Text: "供熱"}); err != nil {
		t.Errorf("the old index was closed under a running request: %v", err)
	}
	if _, err := fs.Stat(old.files, "index.html"); err != nil {
		t.Errorf("the old files were closed under a running request: %v", err)
	}
	old.release()
	if n := old.refs.Load(); n != -1 {
		t.Errorf("after its last request the old generation has refs %d; want it closed", n)
	}
	if _, err := fs.Stat(old.files, "index.html"); err == nil {
		t.Error("the old generation's files are still open")
	}
}
