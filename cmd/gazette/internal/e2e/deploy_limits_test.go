package e2e

import (
	"io/fs"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// embargoProbe is a document scheduled hours ahead, at an instant with
// seconds no other date of the site has, so that any form of it found where
// the public can read it is a leak of when an embargoed release is due.
func embargoProbe() (name, doc string, due time.Time, title string) {
	due = time.Now().In(time.FixedZone("CST", 8*3600)).Add(3 * time.Hour).Truncate(time.Minute).Add(43 * time.Second)
	title = "禁發探針標題"
	doc = "---\ntitle: " + title + "\ndate: " + due.Format(time.RFC3339) + "\norgan: 長春市人民政府辦公廳\n---\n禁發探針正文。\n"
	return "news/2026/embargo-probe.md", doc, due, title
}

// publicSeesNoEmbargo reads, from an address that is neither the machine's
// nor the monitor's, everything the public can reach — every file of
// public/, a missing page, the searches in both scripts as HTML, JSON and
// Atom, the reading-mode switch, /healthz — and finds the instant of the
// embargoed release due next in no body and no header, in none of the forms
// a page, a feed or a header would give it. /healthz, which gives it to the
// monitor, is a missing page to the public.
func publicSeesNoEmbargo(t *testing.T, d *deployment, due time.Time, title string) {
	t.Helper()
	marks := []string{
		due.Format(time.RFC3339), due.UTC().Format(time.RFC3339),
		due.Format("15:04:05"), due.UTC().Format("15:04:05"),
		strconv.FormatInt(due.Unix(), 10), title,
	}
	if out := d.run("schedule"); !strings.Contains(out, marks[0]) {
		t.Fatalf("the probe is not in the schedule as %s: the search for it is void\n%s", marks[0], out)
	}
	if resp, _, err := d.get(t.Context(), d.client("127.0.0.1"), "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the monitor's /healthz: %v %v", resp, err)
	}

	public, err := filepath.EvalSymlinks(filepath.Join(d.dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	err = filepath.WalkDir(public, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(public, p)
			paths = append(paths, "/"+filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 300 {
		t.Fatalf("%d files in public/", len(paths))
	}
	// A search echoes its query: it asks for part of the title only.
	q := url.QueryEscape("探針")
	paths = append(paths, "/healthz", "/no/such/page/", "/mode/elder?to=/", "/mode/standard?to=/",
		"/search?q="+q, "/api/search?q="+q, "/search.atom?q="+q, "/zh-hans/search?q="+q, "/zh-hans/search.atom?q="+q,
		"/api/search?q=2026&sort=date", "/search.atom?q=長春&sort=date")

	c := d.client("127.0.0.2")
	for _, p := range paths {
		resp, body, err := d.get(t.Context(), c, p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		if p == "/healthz" && resp.StatusCode != 404 {
			t.Errorf("GET /healthz from a reader's address = %d, want 404 (the monitor's only)", resp.StatusCode)
		}
		var head strings.Builder
		for k, vs := range resp.Header {
			head.WriteString(k + ": " + strings.Join(vs, ", ") + "\n")
		}
		for _, m := range marks {
			for what, text := range map[string]string{"body": string(body), "headers": head.String()} {
				if i := strings.Index(text, m); i >= 0 {
					t.Errorf("GET %s from a reader's address: %q, of the next embargo, in its %s: %q", p, m, what, text[max(0, i-80):min(len(text), i+len(m)+20)])
				}
			}
		}
	}
	t.Logf("%d paths read from a reader's address, for the next embargo's instant", len(paths))
}
