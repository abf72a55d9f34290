package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/site"
	"gazette/cmd/internal/golden"
	"gazette/templates"
)

// auditScope is what the auditors run on, in the statement's words.
const auditScope = "示例網站的每類頁面，繁簡兩種文字"

// recordAudit writes one auditor's run into the templates' record
// (site.AuditFile) under -update: its tool and version, what it checks,
// the pages, the problems it found and today's date, with the fingerprint
// of the templates it ran on. Each auditor replaces its own entry.
func recordAudit(t *testing.T, pkg string, run site.AuditRun) {
	t.Helper()
	if !golden.Update() {
		return
	}
	var v struct{ Version string }
	if b, err := os.ReadFile(filepath.Join("testdata", "node_modules", pkg, "package.json")); err != nil || json.Unmarshal(b, &v) != nil {
		t.Fatalf("the version of %s: %v", pkg, err)
	}
	run.Tool += " " + v.Version
	run.Date = time.Now().Format(time.DateOnly)
	path := filepath.Join("..", "..", "..", "..", "templates", site.AuditFile)
	var a site.Audit
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &a) // a damaged record is written anew
	}
	fp, err := site.TemplatesFingerprint(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	if a.Templates != fp {
		a = site.Audit{Templates: fp} // runs on other templates no longer say anything
	}
	i := slices.IndexFunc(a.Runs, func(r site.AuditRun) bool { return r.Checks == run.Checks })
	if i < 0 {
		a.Runs = append(a.Runs, run)
	} else {
		a.Runs[i] = run
	}
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
