package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/content"
)

var (
	cst = time.FixedZone("CST", 8*3600)
	// eve and midnight are the two sides of the instant "date: 2025-03-01"
	// means in the site's zone (Asia/Shanghai).
	eve      = time.Date(2025, 2, 28, 23, 59, 0, 0, cst)
	midnight = time.Date(2025, 3, 1, 0, 0, 0, 0, cst)
)

// zoneSite writes a site with one document dated 2025-03-01 (no time, no
// offset) and one in force until 2025-02-28 (expiring as March begins),
// and makes it the working directory.
func zoneSite(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"content/site.yaml":                "title: 測試\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
		"content/news/2025/march-one.md":   "---\ntitle: 三月一日發布\ndate: 2025-03-01\n---\n正文。\n",
		"content/gazette/2025/01/index.md": "---\ntitle: 公報2025年第1期\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-20\n---\n",
		"content/gazette/2025/01/temp.md":  "---\ntitle: 臨時措施\ndate: 2025-01-20\norgan: 測試市政府\nexpires: 2025-02-28\n---\n正文。\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func at(now time.Time) *env {
	e, _, _ := testEnv()
	e.now = func() time.Time { return now }
	return e
}

func output(t *testing.T, e *env, args ...string) (int, string) {
	t.Helper()
	code := runEnv(context.Background(), e, args)
	return code, e.stdout.(interface{ String() string }).String()
}

// TestScheduleAtBothSides: gazette schedule names the instant of
// "date: 2025-03-01" as midnight in the site's zone, first line first, and
// has nothing left to wait for at that midnight.
func TestScheduleAtBothSides(t *testing.T) {
	zoneSite(t)
	code, out := output(t, at(eve), "schedule")
	lines := strings.Split(out, "\n")
	if code != 0 || lines[0] != "next: 2025-03-01T00:00:00+08:00" {
		t.Fatalf("at the eve: exit %d, first line %q", code, lines[0])
	}
	for _, want := range []string{
		"2025-03-01T00:00:00+08:00  expire   content/gazette/2025/01/temp.md  臨時措施",
		"validity becomes 失效: /gazette/2025/01/temp/",
		"2025-03-01T00:00:00+08:00  publish  content/news/2025/march-one.md  三月一日發布",
		"published: /news/2025/march-one/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("schedule lacks %q:\n%s", want, out)
		}
	}

	code, out = output(t, at(eve), "schedule", "-format", "json")
	var js struct {
		Now    string
		Next   *string
		Events []struct{ At, Kind, ID, Path, URL, Title string }
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil || code != 0 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if js.Next == nil || *js.Next != "2025-03-01T00:00:00+08:00" || js.Now != "2025-02-28T23:59:00+08:00" || len(js.Events) != 2 {
		t.Fatalf("json at the eve: %s", out)
	}
	if e := js.Events[1]; e.Kind != "publish" || e.Path != "content/news/2025/march-one.md" || len(e.ID) != 12 {
		t.Errorf("json event: %+v", e)
	}

	code, out = output(t, at(midnight), "schedule")
	if code != 0 || !strings.HasPrefix(out, "next: none") {
		t.Errorf("at midnight: exit %d\n%s", code, out)
	}
	code, out = output(t, at(midnight), "schedule", "-format", "json")
	if code != 0 || !strings.Contains(out, `"next": null`) || !strings.Contains(out, `"events": []`) {
		t.Errorf("json at midnight: exit %d\n%s", code, out)
	}
}

// TestCheckAtBothSides: check calls the document embargoed at the eve, in
// the site's zone, and says nothing at midnight.
func TestCheckAtBothSides(t *testing.T) {
	zoneSite(t)
	const info = "content/news/2025/march-one.md:3:1: info: date 2025-03-01 00:00 is in the future"
	if _, out := output(t, at(eve), "check"); !strings.Contains(out, info) {
		t.Errorf("at the eve:\n%s", out)
	}
	if code, out := output(t, at(midnight), "check"); code != 0 || out != "" {
		t.Errorf("at midnight: exit %d\n%s", code, out)
	}
}

// TestNewAtBothSides: gazette new dates a document by the day in the
// site's zone: 15:59 UTC on 28 February is still the 28th in Changchun,
// 16:00 UTC is 1 March.
func TestNewAtBothSides(t *testing.T) {
	zoneSite(t)
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{eve.UTC(), "date: 2025-02-28\n"},
		{midnight.UTC(), "date: 2025-03-01\n"},
	} {
		code, out := output(t, at(c.now), "new", "briefing", "Notice "+c.now.Format("1504"))
		if code != 0 {
			t.Fatalf("new at %v: exit %d", c.now, code)
		}
		b, err := os.ReadFile(strings.TrimSpace(out))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.want) {
			t.Errorf("new at %v (UTC) wrote:\n%s\nwant %q", c.now, b, c.want)
		}
	}
}

// TestScheduleBesideErrors: a file with an error does not hide the
// schedule. Built at the eve, then given a file the build rejects, the
// site at ten past midnight still lists what is waiting; the release due
// at midnight and the expiry due with it, which the live site lacks, are
// listed as overdue by file, with the ID /healthz gives them; and the
// error is beside them. The exit status is 1, as for the build.
func TestScheduleBesideErrors(t *testing.T) {
	zoneSite(t)
	writeFile(t, filepath.Join("content", "news", "2025", "later.md"), "---\ntitle: 四月發布\ndate: 2025-04-01\n---\n正文。\n")
	if code, out := output(t, at(eve), "build", "-q"); code != 0 {
		t.Fatalf("build at the eve: exit %d %s", code, out)
	}
	writeFile(t, filepath.Join("content", "news", "2025", "broken.md"), "---\ntitle: 壞文件\ndate: 2025-13-01\n---\n")
	late := midnight.Add(10 * time.Minute)

	code, out := output(t, at(late), "schedule")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the build would fail)", code)
	}
	for _, want := range []string{
		"next: 2025-04-01T00:00:00+08:00",
		"2025-04-01T00:00:00+08:00  publish  content/news/2025/later.md  四月發布",
		"overdue: due, and not in the live site (public):",
		"2025-03-01T00:00:00+08:00  publish  content/news/2025/march-one.md  三月一日發布  (id " + eventID("news/2025/march-one.md") + ")",
		"2025-03-01T00:00:00+08:00  expire   content/gazette/2025/01/temp.md  臨時措施  (id " + eventID("gazette/2025/01/temp.md") + ")",
		"content/news/2025/broken.md:3:7: error: date: invalid date",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("schedule lacks %q:\n%s", want, out)
		}
	}

	code, out = output(t, at(late), "schedule", "-format", "json")
	var js struct {
		Next    *string
		Events  []struct{ At, Kind, ID, Path string }
		Overdue []struct{ At, Kind, ID, Path, URL string }
		Errors  []struct {
			Path     string
			Line     int
			Severity string
		}
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil || code != 1 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if js.Next == nil || *js.Next != "2025-04-01T00:00:00+08:00" || len(js.Events) != 1 || len(js.Overdue) != 2 || len(js.Errors) != 1 {
		t.Fatalf("json: %s", out)
	}
	if o := js.Overdue[1]; o.Kind != "publish" || o.Path != "content/news/2025/march-one.md" || o.ID != eventID("news/2025/march-one.md") || o.URL != "/news/2025/march-one/" {
		t.Errorf("json overdue: %+v", o)
	}
	if e := js.Errors[0]; e.Path != "content/news/2025/broken.md" || e.Line != 3 || e.Severity != "error" {
		t.Errorf("json error: %+v", e)
	}

	// Without a live site there is nothing to be late against.
	code, out = output(t, at(late), "schedule", "-public", "elsewhere")
	if code != 1 || strings.Contains(out, "overdue") {
		t.Errorf("without a live site: exit %d\n%s", code, out)
	}
}

func eventID(path string) string { return content.Event{Doc: &content.Document{Path: path}}.ID() }
