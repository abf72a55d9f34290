package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// publishTarget is the promise of scheduled publication: a document is
// served within a minute of its instant, plus the build.
const publishTarget = time.Minute

// scheduled times scheduled publication with `gazette serve -publish`: a
// new document is dated a little later than the server's first build can
// take (twice the cold build and five seconds ahead); the time is from its
// instant until, over HTTP, the page shows it and /api/search finds it
// first. Before the instant its URL must answer 404. The document is
// removed afterwards; the site the server left holds it.
func (t *tree) scheduled(r *runner, e *env, cfg *config, cold time.Duration) (s step) {
	tok := editToken(t.n, liveEdits+liveRuns+1)
	due := time.Now().Add(2*cold + 5*time.Second).Truncate(time.Second)
	rel := fmt.Sprintf("news/%d/bench-scheduled-%s.md", due.Year(), tok)
	file := filepath.Join(t.content, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return step{status: "failed", detail: err.Error()}
	}
	doc := fmt.Sprintf("---\ntitle: 定時發布基準測試 %s\ndate: %s\n---\n\n定時發布正文 %s\n", tok, due.Format(time.RFC3339), tok)
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		return step{status: "failed", detail: err.Error()}
	}
	defer os.Remove(file)
	page := fmt.Sprintf("/news/%d/bench-scheduled-%s/", due.Year(), tok)

	srv, err := startServe(r.ctx, e, t, "publish.log", 1, cfg.timeout, "-publish", "-content", t.content)
	if err != nil {
		return step{status: "failed", detail: err.Error()}
	}
	defer func() { s.rss = srv.stop() }()
	client, base := srv.client, "http://"+srv.addr
	r.logf("gazette serve -publish on %s: its first build done; a document is due at %s", srv.addr, due.Format(time.RFC3339))
	if time.Now().After(due) {
		return step{status: "failed", detail: fmt.Sprintf("the server's first build ended after the instant %s", due.Format(time.RFC3339))}
	}
	if resp, err := client.Get(base + page); err != nil || resp.StatusCode != 404 {
		if resp != nil {
			resp.Body.Close()
		}
		return step{status: "failed", detail: fmt.Sprintf("before its instant %s answers %v, %v", page, resp, err)}
	}
	time.Sleep(time.Until(due))
	limit := publishTarget + 2*cold
	var pageAt time.Duration
	for {
		if time.Since(due) > limit {
			return step{status: "failed", detail: fmt.Sprintf("not served %v after its instant (page %v)", limit, pageAt)}
		}
		if pageAt == 0 {
			if b, err := get(client, base+page); err == nil && bytes.Contains(b, []byte(tok)) {
				pageAt = time.Since(due)
			}
		}
		if pageAt != 0 && firstHit(client, base, tok) == page {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	took := time.Since(due)
	s.runs = append(s.runs, took)
	s.detail = fmt.Sprintf("%s: page %v, page + search %v after its instant, over HTTP", rel, pageAt.Round(time.Millisecond), took.Round(time.Millisecond))
	r.logf("gazette serve -publish: %s", s.detail)
	return s
}
