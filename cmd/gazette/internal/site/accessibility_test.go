package site_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"gazette/cmd/gazette/internal/site"
	"gazette/templates"
)

// TestStatement: the 無障礙聲明 shows the last automated run recorded
// beside the templates, says whether it ran on the templates the site is
// built with, says so plainly when there is no record, and lists the
// site's own known exceptions.
func TestStatement(t *testing.T) {
	fsys := txtarFS(t, "testdata/site.txtar")
	fsys["site.yaml"] = &fstest.MapFile{Data: append(append([]byte{}, fsys["site.yaml"].Data...), "accessibility:\n  exceptions: [2010年以前的公報只有掃描件。]\n"...)}
	fp, err := site.TemplatesFingerprint(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	run := site.AuditRun{Tool: "axe-core 4.14.1", Checks: "WCAG規則", Scope: "示例網站", Date: "2026-12-05", Pages: 160, Problems: 0}
	record := func(a site.Audit) []byte { b, _ := json.Marshal(a); return b }
	for _, c := range []struct {
		name      string
		files     fstest.MapFS
		wants     []string
		forbidden string
	}{
		{"no record", fstest.MapFS{site.AuditFile: {Data: []byte(`{"runs": []}`)}}, []string{"本站尚無自動化檢測記錄"}, "未發現問題"},
		{"a record of these templates", fstest.MapFS{site.AuditFile: {Data: record(site.Audit{Templates: fp, Runs: []site.AuditRun{run}})}},
			[]string{"axe-core 4.14.1", "共160個頁面", "2026年12月5日", "未發現問題", "模板與本站現在的模板相同"}, "與檢測時的不同"},
		{"a record of other templates", fstest.MapFS{site.AuditFile: {Data: record(site.Audit{Templates: "other", Runs: []site.AuditRun{run}})}},
			[]string{"axe-core 4.14.1", "本站的頁面模板與檢測時的不同"}, "現在的模板相同"},
		{"templates on disk that differ", fstest.MapFS{site.AuditFile: {Data: record(site.Audit{Templates: fp, Runs: []site.AuditRun{run}})},
			"page.html": {Data: []byte(`{{define "main"}}{{.Body}}{{end}}`)}}, []string{"本站的頁面模板與檢測時的不同"}, "現在的模板相同"},
	} {
		page := string(assembleWith(t, fsys, site.Overlay(c.files, templates.FS))["accessibility/index.html"])
		for _, w := range append(c.wants, "WCAG）2.2版AA級", "GB/T 37668—2019", "2010年以前的公報只有掃描件。") {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the statement lacks %q", c.name, w)
			}
		}
		if strings.Contains(page, c.forbidden) {
			t.Errorf("%s: the statement says %q", c.name, c.forbidden)
		}
	}
}
