package serve

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
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
