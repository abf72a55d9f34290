package console

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	coll = "gazette-2026-01"
	docP = "gazette/2026/01/heating.md"
)

// The office of three through the protocol: a drafter saves and submits, a
// reviewer approves, a signer publishes, and the live checkout has it.
func TestWorkflowOverProtocol(t *testing.T) {
	o := newOffice(t, seed(), nil)
	al, bo, ca := o.login("alice"), o.login("bob"), o.login("carol")
	if code, out := al.persist(coll, "heating", docP, gazetteDoc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號", "2026-03-01")); code != 200 {
		t.Fatalf("save: %d %s", code, out)
	}
	code, m, out := al.api("unpublishedEntry", map[string]any{"collection": coll, "slug": "heating"})
	if code != 200 || m["status"] != "draft" || !strings.Contains(out, `"newFile":true`) {
		t.Fatalf("the draft: %d %s", code, out)
	}
	if code, out := al.status(coll, "heating", "pending_review"); code != 200 {
		t.Fatalf("submit: %d %s", code, out)
	}
	if code, out := bo.status(coll, "heating", "pending_publish"); code != 200 {
		t.Fatalf("approve: %d %s", code, out)
	}
	if code, out := ca.publish(coll, "heating"); code != 200 {
		t.Fatalf("publish: %d %s", code, out)
	}
	data, err := os.ReadFile(filepath.Join(o.checkout, filepath.FromSlash(docP)))
	if err != nil || !strings.Contains(string(data), "關於做好供熱保障工作的通知") {
		t.Fatalf("the live checkout: %v\n%s", err, data)
	}
	log := runGit(t, o.checkout, "log", "-1", "--format=%B")
	for _, want := range []string{"起草 王小明 <alice@office.example>", "審核 李審核 <bob@office.example>", "簽發 張簽發 <carol@office.example>"} {
		if !strings.Contains(log, want) {
			t.Errorf("git log lacks %q:\n%s", want, log)
		}
	}
	code, m, _ = al.api("getEntry", map[string]any{"path": docP})
	if code != 200 || !strings.Contains(m["data"].(string), "供熱") {
		t.Errorf("getEntry after publishing: %d %v", code, m)
	}
	audit, _ := os.ReadFile(filepath.Join(o.state, "audit.log"))
	for _, want := range []string{`"who":"alice","roles":["起草"]`, `"action":"persistEntry","target":"gazette-2026-01/heating","result":"ok"`,
		`"who":"carol","roles":["簽發"],"from":"127.0.0.1","action":"publishUnpublishedEntry"`} {
		if !strings.Contains(string(audit), want) {
			t.Errorf("the audit log lacks %s:\n%s", want, audit)
		}
	}
}

// A save the checks refuse answers 422 with path:line:col, which Decap
// shows.
func TestSaveRefusedWithFindings(t *testing.T) {
	o := newOffice(t, seed(), nil)
	al := o.login("alice")
	code, out := al.persist(coll, "bad", "gazette/2026/01/bad.md", gazetteDoc("通知", "長府令〔2026〕1號", "2026-13-01"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(out, `content/gazette/2026/01/bad.md:3:7: error: date`) ||
		!strings.Contains(out, "duplicate 文號") {
		t.Fatalf("a bad save: %d %s", code, out)
	}
}
