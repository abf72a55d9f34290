package console

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A preview is the draft rendered by the real templates, in both scripts,
// its embargo said, built in the console's folder and nowhere else.
func TestPreview(t *testing.T) {
	o := newOffice(t, seed(), nil)
	al := o.login("alice")
	doc := strings.Replace(gazetteDoc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號", "2026-04-01T09:00:00"), "正文。", "各單位：做好供熱保障。", 1)
	if code, out := al.persist(coll, "heating", docP, doc); code != 200 {
		t.Fatal(code, out)
	}
	// A preview not built within previewWait answers null, and Decap's
	// user asks again (a loaded machine may need that).
	var code int
	var m map[string]any
	var out string
	for try := 0; try < 4 && m == nil; try++ {
		code, m, out = al.api("getDeployPreview", map[string]any{"collection": coll, "slug": "heating"})
	}
	if code != 200 || m["status"] != "SUCCESS" || m["url"] != "/gazette/2026/01/heating/" {
		t.Fatalf("getDeployPreview: %d %s", code, out)
	}
	for _, p := range []string{"/gazette/2026/01/heating/", "/zh-hans/gazette/2026/01/heating/"} {
		res, body := al.do("GET", p, "", nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", p, res.StatusCode)
		}
		for _, want := range []string{"data-gazette-preview", "未簽發", "禁發（embargo）：2026-04-01 09:00", "gazette-2026-01/heating"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
		title := "關於做好供熱保障工作的通知"
		if strings.HasPrefix(p, "/zh-hans/") {
			title = "关于做好供热保障工作的通知"
		}
		if !strings.Contains(body, "<title>"+title) || !strings.Contains(body, "長府辦發〔2026〕2號") {
			t.Errorf("%s is not the draft's page in its script:\n%s", p, body[:min(len(body), 1500)])
		}
	}
	if res, _ := al.do("GET", "/assets/style.css", "", nil); res.StatusCode != 200 {
		t.Errorf("the preview's stylesheet: %d", res.StatusCode)
	}
	// Written under the console's folder only: the live checkout has no
	// site, no .gazette, and the draft's file is not in it.
	for _, p := range []string{"public", ".gazette", "index", docP} {
		if _, err := os.Stat(filepath.Join(o.checkout, filepath.FromSlash(p))); err == nil {
			t.Errorf("the live checkout has %s after a preview", p)
		}
	}
	if _, err := os.Stat(filepath.Join(o.state, "preview", "public", "gazette", "2026", "01", "heating", "index.html")); err != nil {
		t.Errorf("the preview is not in the console's folder: %v", err)
	}
}

// The staff search finds published, embargoed and draft documents, and
// the workflow's drafts; the 文號 picker answers from it.
func TestStaffSearch(t *testing.T) {
	o := newOffice(t, seed(), nil)
	al, bo, ca := o.login("alice"), o.login("bob"), o.login("carol")
	// An embargoed document, signed off: on main, not live until April.
	al.persist(coll, "later", "gazette/2026/01/later.md", gazetteDoc("關於春耕備耕的通知", "長府辦發〔2026〕5號", "2026-04-01"))
	bo.status(coll, "later", "pending_publish")
	if code, out := ca.publish(coll, "later"); code != 200 {
		t.Fatal(code, out)
	}
	al.persist(coll, "wip", "gazette/2026/01/wip.md", gazetteDoc("關於防汛的通知（草擬）", "長府辦發〔2026〕6號", "2026-02-20"))

	_, body := al.do("GET", "/search?q="+"春耕", "", nil)
	if !strings.Contains(body, "關於春耕備耕的通知") || !strings.Contains(body, "禁發") {
		t.Errorf("the embargoed document is not found, as such:\n%s", body)
	}
	_, body = al.do("GET", "/search?q="+"防汛", "", nil)
	if !strings.Contains(body, "關於防汛的通知（草擬）") || !strings.Contains(body, "起草中") {
		t.Errorf("the draft is not found:\n%s", body)
	}
	_, body = al.do("GET", "/search?q="+"长府办发[2026]5号", "", nil) // the 文號 in another spelling
	if !strings.Contains(body, "關於春耕備耕的通知") {
		t.Errorf("the 文號 in Simplified with [] finds nothing:\n%s", body)
	}
	res, body := al.do("GET", "/api/refs?q=長府令", "", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `"value":"長府令〔2026〕1號"`) {
		t.Errorf("refs: %d %s", res.StatusCode, body)
	}
	_, body = al.do("GET", "/", "", nil)
	if !strings.Contains(body, "關於防汛的通知（草擬）") || !strings.Contains(body, "王小明") {
		t.Errorf("the home page does not list the draft:\n%s", body)
	}
}
