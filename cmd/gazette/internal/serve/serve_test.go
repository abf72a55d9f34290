package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"gazette/cmd/gazette/internal/build"
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

// TestWeb runs the cases of testdata/web.txt against the sample site.
func TestWeb(t *testing.T) {
	public, index := sample(t)
	s := newServer(t, public, index)
	f, err := os.Open("testdata/web.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		rec  *httptest.ResponseRecorder
		req  string
		line int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
			continue
		case strings.HasPrefix(text, "GET ") || strings.HasPrefix(text, "HEAD ") || strings.HasPrefix(text, "POST "):
			method, target, _ := strings.Cut(text, " ")
			r := httptest.NewRequest(method, "http://gazette.test/", nil)
			r.URL.Path, r.URL.RawQuery, _ = strings.Cut(target, "?")
			r.URL.RawPath = r.URL.Path
			if p, err := unescapePath(r.URL.Path); err == nil {
				r.URL.Path = p
			}
			r.RequestURI = target
			rec = httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			req = text
			continue
		}
		if rec == nil {
			t.Fatalf("web.txt:%d: check before any request", line)
		}
		check(t, line, req, text, rec)
	}
}

func unescapePath(p string) (string, error) {
	u, err := http.NewRequest("GET", "http://x"+p, nil)
	if err != nil {
		return "", err
	}
	return u.URL.Path, nil
}

func check(t *testing.T, line int, req, text string, rec *httptest.ResponseRecorder) {
	t.Helper()
	body := rec.Body.String()
	fail := func() { t.Errorf("web.txt:%d: %s: %s failed (code %d, body %.200q)", line, req, text, rec.Code, body) }
	switch {
	case strings.HasPrefix(text, "code == "):
		if want, _ := strconv.Atoi(strings.TrimPrefix(text, "code == ")); rec.Code != want {
			fail()
		}
	case strings.HasPrefix(text, "body !contains "):
		if strings.Contains(body, strings.TrimPrefix(text, "body !contains ")) {
			fail()
		}
	case strings.HasPrefix(text, "body contains "):
		if !strings.Contains(body, strings.TrimPrefix(text, "body contains ")) {
			fail()
		}
	case strings.HasPrefix(text, "header "):
		rest := strings.TrimPrefix(text, "header ")
		name, cond, _ := strings.Cut(rest, " ")
		neg := strings.HasPrefix(cond, "!contains ")
		want := strings.TrimPrefix(strings.TrimPrefix(cond, "!contains "), "contains ")
		if got := rec.Header().Get(name); strings.Contains(got, want) == neg {
			t.Errorf("web.txt:%d: %s: header %s = %q, check %q", line, req, name, got, cond)
		}
	default:
		t.Fatalf("web.txt:%d: unknown check %q", line, text)
	}
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
