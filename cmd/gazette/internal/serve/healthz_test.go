package serve

import (
	"context"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/content"
	"gazette/templates"
)

// TestHealthz: /healthz reports the live generation (the sample's 43
// published documents, its two annual reports among them) and what it waits for
// (the sample's 2030 release), stays 200 until that is five minutes late,
// then answers 503 naming it by its id only, and 200 again once a build
// has published it; a missing index is a 503 too.
func TestHealthz(t *testing.T) {
	out := t.TempDir()
	opt := build.Options{Content: os.DirFS(filepath.Join("..", "..", "..", "..", "content")), ContentRoot: "content",
		Templates: templates.FS, Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"),
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	if _, err := build.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	var now atomic.Pointer[time.Time]
	s, err := New(Options{Public: opt.Public, Index: opt.Index, Templates: templates.FS, Clock: func() time.Time { return *now.Load() }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type body struct {
		Status, Generation, Search string
		BuiltAt                    *string `json:"built_at"`
		Documents                  int
		NextDue                    *string `json:"next_due"`
		Overdue                    []map[string]string
	}
	get := func(at time.Time) (int, body) {
		t.Helper()
		now.Store(&at)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		var b body
		if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		return rec.Code, b
	}
	cst := time.FixedZone("CST", 8*3600)
	due := time.Date(2030, 1, 1, 9, 0, 0, 0, cst)

	code, b := get(time.Date(2026, 11, 26, 9, 0, 0, 0, cst))
	if code != 200 || b.Status != "ok" || b.Search != "ok" || b.Generation == "" || b.Documents != 43 ||
		b.BuiltAt == nil || *b.BuiltAt != "2026-11-26T08:00:00+08:00" || b.NextDue == nil || *b.NextDue != "2030-01-01T09:00:00+08:00" ||
		b.Overdue == nil || len(b.Overdue) != 0 {
		t.Errorf("before the release: %d %+v", code, b)
	}
	if code, b := get(due.Add(OverdueAfter - time.Second)); code != 200 || len(b.Overdue) != 0 {
		t.Errorf("just under five minutes late: %d %+v", code, b)
	}
	code, b = get(due.Add(OverdueAfter + time.Second))
	if code != 503 || b.Status != "overdue" || len(b.Overdue) != 1 {
		t.Fatalf("over five minutes late: %d %+v", code, b)
	}
	if o := b.Overdue[0]; o["kind"] != "publish" || o["due"] != "2030-01-01T09:00:00+08:00" || len(o["id"]) != 12 || o["url"] != "" {
		t.Errorf("overdue: %v", o)
	}

	opt.Now = due.Add(OverdueAfter + time.Second)
	if _, err := build.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	s.Reload()
	code, b = get(opt.Now)
	if code != 200 || b.Documents != 44 || b.NextDue != nil || len(b.Overdue) != 0 {
		t.Errorf("after the build that published it: %d %+v", code, b)
	}

	if err := os.RemoveAll(opt.Index); err != nil {
		t.Fatal(err)
	}
	s.Reload()
	if code, b := get(opt.Now); code != 503 || b.Search == "ok" {
		t.Errorf("without an index: %d %+v", code, b)
	}
}

// failing is a copy of the sample site, built at 09:00 on 26 November
// 2026, to which an editor then adds a release for 10:00 (late.md)
// together with a file the build rejects (broken.md).
type failing struct {
	opt  build.Options
	src  string
	late string // the release's ID, as gazette schedule prints it
}

func newFailing(t *testing.T) *failing {
	t.Helper()
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "..", "..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	f := &failing{src: src, opt: build.Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index")}}
	f.build(t, time.Date(2026, 11, 26, 9, 0, 0, 0, cst), true)
	for name, data := range map[string]string{
		"news/2026/late.md":   "---\ntitle: 十點發布\ndate: 2026-11-26T10:00:00+08:00\n---\n正文。\n",
		"news/2026/broken.md": "---\ntitle: 壞文件\ndate: 2026-13-01\n---\n",
	} {
		if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f.late = content.Event{Doc: &content.Document{Path: "news/2026/late.md"}}.ID()
	return f
}

// build builds at now, and says whether it should succeed.
func (f *failing) build(t *testing.T, now time.Time, ok bool) {
	t.Helper()
	f.opt.Now = now
	if _, err := build.Run(context.Background(), f.opt); (err == nil) != ok {
		t.Fatalf("build at %v: %v, want success %v", now, err, ok)
	}
}

var cst = time.FixedZone("CST", 8*3600)

// healthBody is /healthz's JSON, every field kept.
type healthBody struct {
	Status      string
	Generation  string
	BuiltAt     *string `json:"built_at"`
	Documents   int
	NextDue     *string `json:"next_due"`
	Overdue     []map[string]string
	FailedBuild map[string]any `json:"failed_build"`
	Search      string
}

func healthAt(t *testing.T, s *Server, now *atomic.Pointer[time.Time], at time.Time) (int, healthBody, map[string]any) {
	t.Helper()
	now.Store(&at)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	var b healthBody
	var raw map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	json.Unmarshal(rec.Body.Bytes(), &raw)
	return rec.Code, b, raw
}

// TestHealthzWhileBuildsFail: /healthz judges lateness by the content, not
// only by the schedule of the last good build. The editor's release for
// 10:00 came with a file every build rejects, so the live generation never
// heard of it: /healthz says the builds are failing from the first failed
// build, and turns 503 once the release is five minutes late, naming it by
// its ID and, once it is due, its file and address (it is public by then);
// when a build succeeds again, all is well.
func TestHealthzWhileBuildsFail(t *testing.T) {
	f := newFailing(t)
	var now atomic.Pointer[time.Time]
	s, err := New(Options{Public: f.opt.Public, Index: f.opt.Index, Templates: templates.FS, Clock: func() time.Time { return *now.Load() }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ten := time.Date(2026, 11, 26, 10, 0, 0, 0, cst)

	f.build(t, ten.Add(-time.Minute), false) // the release is still ahead
	code, b, _ := healthAt(t, s, &now, ten.Add(-30*time.Second))
	if code != 200 || b.Status != "build failing" || b.FailedBuild == nil || b.FailedBuild["errors"] != 1.0 || len(b.Overdue) != 0 {
		t.Errorf("a failed build, nothing due: %d %+v", code, b)
	}
	// The timer stopped after that build: the release it found waiting
	// is overdue all the same, by its ID.
	code, b, _ = healthAt(t, s, &now, ten.Add(OverdueAfter+time.Second))
	if code != 503 || b.Status != "overdue" || len(b.Overdue) != 1 || b.Overdue[0]["id"] != f.late || b.Overdue[0]["due"] != "2026-11-26T10:00:00+08:00" {
		t.Fatalf("the release five minutes late, no build since: %d %+v", code, b)
	}
	if p := b.Overdue[0]["path"]; p != "" {
		t.Errorf("a failed build before the instant gave the release's file, %q, to /healthz", p)
	}

	f.build(t, ten.Add(time.Minute), false) // the timer runs on; still failing
	if code, b, _ := healthAt(t, s, &now, ten.Add(OverdueAfter-time.Second)); code != 200 || b.Status != "build failing" {
		t.Errorf("the release under five minutes late: %d %+v", code, b)
	}
	code, b, _ = healthAt(t, s, &now, ten.Add(OverdueAfter+time.Second))
	if code != 503 || len(b.Overdue) != 1 {
		t.Fatalf("the release five minutes late: %d %+v", code, b)
	}
	if o := b.Overdue[0]; o["id"] != f.late || o["kind"] != "publish" || o["path"] != "content/news/2026/late.md" || o["url"] != "/news/2026/late/" {
		t.Errorf("overdue: %v", o)
	}

	if err := os.Remove(filepath.Join(f.src, "news", "2026", "broken.md")); err != nil {
		t.Fatal(err)
	}
	f.build(t, ten.Add(OverdueAfter+2*time.Second), true)
	s.Reload()
	if code, b, _ := healthAt(t, s, &now, ten.Add(OverdueAfter+3*time.Second)); code != 200 || b.Status != "ok" || len(b.Overdue) != 0 || b.FailedBuild != nil {
		t.Errorf("after a good build: %d %+v", code, b)
	}
}

// TestHealthzAsDocumented: docs/search.md gives /healthz's JSON with every
// key, and the answer has exactly those keys when every part of it is
// there (a failed build, a release overdue).
func TestHealthzAsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "docs", "search.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	_, after, ok := strings.Cut(text, "`GET /healthz`")
	_, spec, ok2 := strings.Cut(after, "`{")
	spec, _, ok3 := strings.Cut(spec, "}`")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/search.md gives no `{…}` for GET /healthz")
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([a-z_]+)"`).FindAllStringSubmatch(spec, -1) {
		documented[m[1]] = true
	}

	f := newFailing(t)
	ten := time.Date(2026, 11, 26, 10, 0, 0, 0, cst)
	f.build(t, ten.Add(time.Minute), false)
	var now atomic.Pointer[time.Time]
	s, err := New(Options{Public: f.opt.Public, Index: f.opt.Index, Templates: templates.FS, Clock: func() time.Time { return *now.Load() }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _, raw := healthAt(t, s, &now, ten.Add(OverdueAfter+time.Second))
	if code != 503 {
		t.Fatalf("code %d, want 503 with a release overdue", code)
	}
	got := map[string]bool{}
	var keys func(v any)
	keys = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				got[k] = true
				keys(x)
			}
		case []any:
			for _, x := range v {
				keys(x)
			}
		}
	}
	keys(raw)
	if !maps.Equal(got, documented) {
		t.Errorf("/healthz has the keys %v; docs/search.md documents %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(documented)))
	}
}
