package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// publishTarget is the promise of scheduled publication: a document is
// served within a minute of its instant, plus the build.
const publishTarget = time.Minute

// TestDeployment runs the deploy/ setup for real — nginx from
// deploy/nginx-main.conf and deploy/nginx.conf in front of two gazette
// serve replicas, the second publishing on time — and checks, through
// nginx:
//   - run as root (as CI does), that what the builds publish under the
//     strictest umask is read by nginx's workers (www-data) and the first
//     replica (nobody), other users than the build's;
//   - the search journey: home, issue, document, search in the other
//     script, a 文號 in another spelling, the Atom feed of a search, health;
//   - HTTPS (a throwaway certificate): plain HTTP redirects there but for
//     ACME's challenges; TLS 1.2 and 1.3 only, AEAD ciphers, HTTP/2, HSTS,
//     and the reading-mode cookie Secure;
//   - from a reader's address, every file of public/, the searches and the
//     mode switch hold no form of the next embargo's instant, and /healthz,
//     which gives it to the monitor, is a missing page;
//   - searches faster than a person's from one address are refused (429),
//     not its pages nor another address's searches;
//   - slowloris: while one address holds 2,000 connections sending the
//     start of a request slowly, to HTTP and HTTPS, a reader at another
//     address gets every page, and nginx cuts each connection within
//     client_header_timeout; slow POST bodies are cut off too, those past
//     limit_conn refused at once;
//   - each kind of file from disk (CSV, OPML, JSON Feed…) with the type
//     gazette serve gives it, compressed for a client that asks;
//   - 32 clients for 20 s of pages and searches while the site is rebuilt
//     twice (each a new generation swapped in) and one replica is killed
//     and restarted: not one failed request, every page whole;
//   - a document scheduled during the run: 404 (never cached) before its
//     instant, then served, and found by search, within publishTarget;
//   - both replicas down: pages, and the reading mode's stylesheet by the
//     reader's cookie, still served.
func TestDeployment(t *testing.T) {
	probe, probeDoc, probeDue, probeTitle := embargoProbe()
	d := deploy(t, map[string]string{probe: probeDoc})
	c := d.client("127.0.0.1")
	ctx := context.Background()
	journey(t, d, c)
	httpsOnly(t, d)
	staticFiles(t, d)
	publicSeesNoEmbargo(t, d, probeDue, probeTitle)
	searchRate(t, d)
	slowClients(t, d)

	// A release scheduled now for 30 s ahead, by an editor who adds it and
	// builds (the first rebuild of the load below).
	due := time.Now().Add(30 * time.Second).Truncate(time.Second)
	const dueURL = "/news/2026/2026-scheduled-briefing-release/"
	scheduled := "---\ntitle: 定時發布測試新聞稿\ndate: " + due.Format(time.RFC3339) + "\norgan: 長春市人民政府辦公廳\n---\n定時發布正文DUEMARKER。\n"
	if err := os.WriteFile(filepath.Join(d.dir, "content", "news", "2026", "2026-scheduled-briefing-release.md"), []byte(scheduled), 0o644); err != nil {
		t.Fatal(err)
	}

	underLoad(t, d, c)

	if time.Now().After(due) {
		t.Fatalf("the load ran past the release at %v: the check of its embargo is void", due)
	}
	resp, _, err := d.get(ctx, c, dueURL)
	if err != nil || resp.StatusCode != 404 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("before its instant, %s: %v %v", dueURL, resp, err)
	}
	var page, found time.Duration
	for page == 0 || found == 0 {
		if time.Since(due) > publishTarget {
			t.Fatalf("not served %v after its instant: page after %v, search after %v", publishTarget, page, found)
		}
		if resp, body, err := d.get(ctx, c, dueURL); err == nil && resp.StatusCode == 200 && strings.Contains(string(body), "DUEMARKER") && page == 0 {
			page = time.Since(due)
		}
		if resp, body, err := d.get(ctx, c, "/api/search?q=定时发布测试"); err == nil && resp.StatusCode == 200 && strings.Contains(string(body), dueURL) && found == 0 {
			found = time.Since(due)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("scheduled document through nginx: page %v and search %v after its instant (target %v plus the build)", page.Round(time.Millisecond), found.Round(time.Millisecond), publishTarget)
	withoutReplicas(t, d, c)
}

// journey is a reader's way through the site and its search, over nginx.
func journey(t *testing.T, d *deployment, c *http.Client) {
	t.Helper()
	ctx := context.Background()
	get := func(path string, code int) (*http.Response, string) {
		t.Helper()
		resp, body, err := d.get(ctx, c, path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if resp.StatusCode != code {
			t.Fatalf("GET %s = %d, want %d\n%.300s", path, resp.StatusCode, code, body)
		}
		if n := len(resp.Header.Values("Content-Security-Policy")); n != 1 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s: %d Content-Security-Policy headers: %q", path, n, resp.Header.Values("Content-Security-Policy"))
		}
		for _, h := range []string{"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
			if len(resp.Header.Values(h)) != 1 {
				t.Errorf("GET %s: %s %q", path, h, resp.Header.Values(h))
			}
		}
		return resp, string(body)
	}
	link := func(body, pattern string) string {
		t.Helper()
		m := regexp.MustCompile(pattern).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link matching %s", pattern)
		}
		return m[1]
	}
	resp, home := get("/", 200)
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("home page Cache-Control %q", cc)
	}
	_, issue := get(link(home, `href="(/gazette/\d{4}/\d{2}/)"`), 200)
	doc := link(issue, `href="(/gazette/\d{4}/\d{2}/[^"/]+/)"`)
	if _, body := get(doc, 200); !strings.Contains(body, "索引號") {
		t.Errorf("%s has no disclosure table", doc)
	}
	if resp, _ := get("/gazette/2025/01", 301); resp.Header.Get("Location") != "/gazette/2025/01/" {
		t.Errorf("a folder without its slash redirects to %q", resp.Header.Get("Location"))
	}
	resp, body := get("/no/such/page/", 404)
	if !strings.Contains(body, "找不到頁面") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("404: Cache-Control %q, the site's page: %v", resp.Header.Get("Cache-Control"), strings.Contains(body, "找不到頁面"))
	}
	if _, body := get("/search?q=长春+政府办公厅", 200); !strings.Contains(body, "長春市人民政府辦公廳") {
		t.Error("a search in Simplified does not find the Traditional text")
	}
	// The site in Simplified: its pages from disk, its 404 and its search
	// from the replicas, all in Simplified.
	if _, body := get("/zh-hans/", 200); !strings.Contains(body, `<html lang="zh-Hans">`) {
		t.Error("/zh-hans/ is not the Simplified site")
	}
	if _, body := get("/zh-hans/no/such/page/", 404); !strings.Contains(body, "找不到页面") {
		t.Errorf("/zh-hans/'s 404 page is not in Simplified: %.200s", body)
	}
	if _, body := get("/zh-hans/search?q=长春+政府办公厅", 200); !strings.Contains(body, "长春市人民政府办公厅") || !strings.Contains(body, `lang="zh-Hans"`) {
		t.Error("a search on the Simplified site does not answer in Simplified")
	}
	_, body = get("/api/search?q=长府办发[2025]12号", 200)
	var api struct {
		Hits []struct{ URL string }
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil || len(api.Hits) == 0 || api.Hits[0].URL != "/gazette/2025/03/2025-office-doc-12-hotline-12345/" {
		t.Errorf("文號 in another spelling: %v %.300s", err, body)
	}
	if resp, body := get("/search.atom?q=供熱", 200); !strings.Contains(resp.Header.Get("Content-Type"), "atom") || !strings.Contains(body, "<entry>") {
		t.Errorf("search feed: %s %.200s", resp.Header.Get("Content-Type"), body)
	}
	// The reading mode: the switch sets the cookie and comes back; the
	// mode's stylesheet follows the cookie and no cache shares it.
	resp, _ = get("/mode/elder?to="+doc, 303)
	if resp.Header.Get("Location") != doc || !strings.HasPrefix(resp.Header.Get("Set-Cookie"), "gazette_mode=elder;") {
		t.Errorf("/mode/elder: Location %q, Set-Cookie %q", resp.Header.Get("Location"), resp.Header.Get("Set-Cookie"))
	}
	for cookie, file := range map[string]string{"": "standard.css", "gazette_mode=elder": "elder.css"} {
		want, err := os.ReadFile(filepath.Join(d.dir, "public", "assets", file))
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", d.nginx+"/assets/mode.css", nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		css, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		vary := strings.Join(resp.Header.Values("Vary"), ", ")
		if !bytes.Equal(css, want) || !strings.Contains(resp.Header.Get("Cache-Control"), "private") || !strings.Contains(vary, "Cookie") {
			t.Errorf("mode.css with cookie %q: Cache-Control %q, Vary %q, %.80q; want %s", cookie, resp.Header.Get("Cache-Control"), vary, css, file)
		}
	}
	resp, body = get("/healthz", 200)
	if resp.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, `"status": "ok"`) {
		t.Errorf("healthz: %s %s", resp.Header.Get("Cache-Control"), body)
	}
	// gzip for a client that asks.
	req, _ := http.NewRequest("GET", d.nginx+doc, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	tr := d.transport("127.0.0.1")
	tr.DisableCompression = true
	gz, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	gz.Body.Close()
	if gz.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("no gzip for a client that accepts it: %v", gz.Header)
	}
}

// underLoad runs 32 clients for 20 s while the site is rebuilt twice and one
// replica is killed and restarted.
func underLoad(t *testing.T, d *deployment, c *http.Client) {
	t.Helper()
	const clients, length = 32, 20 * time.Second
	ctx := context.Background()
	_, sitemap, err := d.get(ctx, c, "/sitemap.xml")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, m := range regexp.MustCompile(`<loc>https?://[^/]+(/[^<]*)</loc>`).FindAllStringSubmatch(string(sitemap), -1) {
		paths = append(paths, m[1])
	}
	if len(paths) < 50 {
		t.Fatalf("%d pages in the sitemap", len(paths))
	}
	for _, q := range []string{"供熱", "长春+政府办公厅", "長府辦發〔2025〕12號", "12345", "營商環境"} {
		paths = append(paths, "/search?q="+q, "/api/search?q="+q, "/search.atom?q="+q)
	}
	paths = append(paths, "/feed.xml", "/data/documents.json", "/healthz")

	var requests, failed, cut atomic.Int64
	// killed is when replica 0 crashes (Unix ns): a request it was
	// answering at that instant is cut short, and nginx, having sent part
	// of the answer, cannot take it to the other replica. Those are
	// counted apart; any other failure fails the test.
	var killed atomic.Int64
	var mu sync.Mutex
	var failures []string
	fail := func(msg string) {
		failed.Add(1)
		mu.Lock()
		if len(failures) < 10 {
			failures = append(failures, msg)
		}
		mu.Unlock()
	}
	stop := time.Now().Add(length)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i * 7; time.Now().Before(stop); n++ {
				p := paths[n%len(paths)]
				start := time.Now().UnixNano()
				resp, body, err := d.get(ctx, c, p)
				requests.Add(1)
				switch k := killed.Load(); {
				case err != nil && k != 0 && start <= k && time.Now().UnixNano() >= k:
					cut.Add(1)
				case err != nil:
					fail(fmt.Sprintf("GET %s: %v", p, err))
				case resp.StatusCode != 200:
					fail(fmt.Sprintf("GET %s = %d", p, resp.StatusCode))
				case strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && !strings.HasSuffix(strings.TrimSpace(string(body)), "</html>"):
					fail(fmt.Sprintf("GET %s: a page cut short (%d bytes)", p, len(body)))
				case strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && !json.Valid(body):
					fail(fmt.Sprintf("GET %s: JSON cut short (%d bytes)", p, len(body)))
				}
			}
		}()
	}

	// Meanwhile: two rebuilds, each a new generation, and a crash.
	generation := func() string {
		_, body, err := d.get(ctx, c, "/healthz")
		var h struct{ Generation string }
		if err != nil || json.Unmarshal(body, &h) != nil {
			t.Errorf("healthz: %v %s", err, body)
		}
		return h.Generation
	}
	rebuild := func(n int) {
		p := filepath.Join(d.dir, "content", "news", "2025", "2025-heating-season-launch.md")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(b, fmt.Sprintf("\n重建標記%d。\n", n)...), 0o644); err != nil {
			t.Fatal(err)
		}
		before := generation()
		d.run("build", "-q")
		time.Sleep(300 * time.Millisecond) // the replicas look for a new build every 100 ms
		if after := generation(); after == before || after == "" {
			t.Errorf("rebuild %d: the generation is still %q", n, after)
		}
	}
	time.Sleep(3 * time.Second)
	rebuild(1)
	time.Sleep(2 * time.Second)
	killed.Store(time.Now().UnixNano())
	d.kill(0)
	time.Sleep(3 * time.Second)
	d.start(0)
	time.Sleep(2 * time.Second)
	rebuild(2)
	wg.Wait()
	t.Logf("%d requests by %d clients in %v through nginx, %d failed, %d cut short by the crash, during 2 rebuilds and a replica killed and restarted",
		requests.Load(), clients, length, failed.Load(), cut.Load())
	if cut.Load() > clients {
		t.Errorf("%d requests cut short by the crash, more than the %d clients could have had in flight", cut.Load(), clients)
	}
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests failed: %q", failed.Load(), requests.Load(), failures)
	}
	if requests.Load() < 1000 {
		t.Errorf("only %d requests in %v", requests.Load(), length)
	}
}
