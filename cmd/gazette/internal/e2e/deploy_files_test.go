package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// staticFiles checks what nginx answers from public/ itself: each kind of
// file with the type gazette serve gives it, whole, and compressed for a
// client that asks (every file here is past gzip_min_length).
func staticFiles(t *testing.T, d *deployment) {
	t.Helper()
	tr := d.transport("127.0.0.1")
	tr.DisableCompression = true
	for _, f := range []struct{ path, ctype string }{
		{"/data/documents.csv", "text/csv; charset=utf-8"},
		{"/data/documents.json", "application/json"},
		{"/feeds.opml", "text/xml; charset=utf-8"},
		{"/zh-hans/feeds.opml", "text/xml; charset=utf-8"},
		{"/feed.json", "application/feed+json; charset=utf-8"},
		{"/zh-hans/feed.json", "application/feed+json; charset=utf-8"},
		{"/feed.xml", "text/xml; charset=utf-8"},
		{"/assets/style.css", "text/css; charset=utf-8"},
	} {
		want, err := os.ReadFile(filepath.Join(d.dir, "public", filepath.FromSlash(f.path)))
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 1024 {
			t.Fatalf("%s has %d bytes, under gzip_min_length: the check of its compression is void", f.path, len(want))
		}
		req, _ := http.NewRequest("GET", d.nginx+f.path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != f.ctype {
			t.Errorf("GET %s: %d, Content-Type %q, want %q", f.path, resp.StatusCode, resp.Header.Get("Content-Type"), f.ctype)
		}
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: not compressed (Content-Encoding %q)", f.path, resp.Header.Get("Content-Encoding"))
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			body, err = io.ReadAll(zr)
		}
		if err != nil || !bytes.Equal(body, want) {
			t.Errorf("GET %s: %v, %d bytes unpacked, the file has %d", f.path, err, len(body), len(want))
		}
	}
}

// withoutReplicas stops both replicas: pages and the reading mode's
// stylesheet, by the reader's cookie, still come from public/.
func withoutReplicas(t *testing.T, d *deployment, c *http.Client) {
	t.Helper()
	d.kill(0)
	d.kill(1)
	for cookie, file := range map[string]string{"": "standard.css", "gazette_mode=elder": "elder.css", "gazette_mode=bogus": "standard.css"} {
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
		if resp.StatusCode != 200 || !bytes.Equal(css, want) || resp.Header.Get("Cache-Control") != "private, no-cache" || !strings.Contains(vary, "Cookie") {
			t.Errorf("both replicas down, mode.css with cookie %q: %d, Cache-Control %q, Vary %q, %d bytes (%s has %d)",
				cookie, resp.StatusCode, resp.Header.Get("Cache-Control"), vary, len(css), file, len(want))
		}
	}
	if resp, body, err := d.get(t.Context(), c, "/"); err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), "</html>") {
		t.Errorf("both replicas down, the home page: %v %v", resp, err)
	}
}
