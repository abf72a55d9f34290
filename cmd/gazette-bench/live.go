package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// liveRuns is how many edits the live step times at every size.
const liveRuns = 5

// liveEdits numbers the live step's edit tokens apart from the CLI edit's.
const liveEdits = 50

// live times one-document edits with `gazette serve -watch` running, as an
// editor previews: from saving the file to the page served over HTTP
// showing the new word and /api/search finding the document first by it
// (and no longer finding the previous edit's word). The server's first,
// complete build is not timed. The content file is restored afterwards;
// the site the server left is the edited one.
func (t *tree) live(r *runner, e *env, cfg *config) (s step) {
	d := t.docs[len(t.docs)/3]
	file := filepath.Join(t.content, filepath.FromSlash(d.path))
	orig, err := os.ReadFile(file)
	if err != nil {
		return step{status: "failed", detail: err.Error()}
	}
	defer os.WriteFile(file, orig, 0o644)
	page := "/" + strings.TrimSuffix(d.path, ".md") + "/"

	srv, err := startServe(r.ctx, e, t, "live.log", 1, cfg.timeout, "-watch", "-content", t.content)
	if err != nil {
		return step{status: "failed", detail: err.Error()}
	}
	defer func() { s.rss = srv.stop() }()
	client, base, logPath := srv.client, "http://"+srv.addr, filepath.Join(t.logs, "live.log")
	r.logf("gazette serve -watch on %s: its first build done", srv.addr)
	prev := ""
	for i := range liveRuns {
		tok := editToken(t.n, liveEdits+i)
		body := fmt.Sprintf("%s\n\n即時預覽修改標記 %s\n", bytes.TrimRight(orig, "\n"), tok)
		quiet(logPath, time.Second, cfg.timeout) // the previous edit's feeds are done
		start := time.Now()
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			return step{status: "failed", detail: err.Error()}
		}
		deadline := start.Add(2 * time.Minute)
		var pageAt time.Duration
		for {
			if time.Now().After(deadline) {
				return step{status: "failed", detail: fmt.Sprintf("edit %d of %s not visible after 2m (page %v)", i+1, d.path, pageAt)}
			}
			if pageAt == 0 {
				if b, err := get(client, base+page); err == nil && bytes.Contains(b, []byte(tok)) {
					pageAt = time.Since(start)
				}
			}
			if pageAt != 0 && strings.HasSuffix(firstHit(client, base, tok), page) && (prev == "" || firstHit(client, base, prev) == "") {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		took := time.Since(start)
		s.runs = append(s.runs, took)
		r.logf("gazette serve -watch edit, run %d/%d: page %v, page + index %v", i+1, liveRuns, pageAt.Round(time.Millisecond), took.Round(time.Millisecond))
		prev = tok
	}
	s.detail = fmt.Sprintf("%s: %d edits, page and search checked over HTTP", d.path, liveRuns)
	return s
}

// firstHit is the URL of the first hit of /api/search for q, or "".
func firstHit(c *http.Client, base, q string) string {
	b, err := get(c, base+"/api/search?q="+url.QueryEscape(q))
	if err != nil {
		return ""
	}
	var res struct {
		Hits []struct {
			URL string `json:"url"`
		} `json:"hits"`
	}
	if json.Unmarshal(b, &res) != nil || len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].URL
}

// quiet waits until the file at p has not grown for d, or for at most max.
func quiet(p string, d, max time.Duration) {
	end := time.Now().Add(max)
	last, since := int64(-1), time.Now()
	for time.Now().Before(end) {
		fi, err := os.Stat(p)
		if err != nil {
			return
		}
		if fi.Size() != last {
			last, since = fi.Size(), time.Now()
		} else if time.Since(since) >= d {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
