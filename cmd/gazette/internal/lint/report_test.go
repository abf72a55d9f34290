package lint

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestMissingReport: last year's report is due on 31 January for a
// department and on 31 March for a city; from the day after, check warns
// while it is missing, a draft or embargoed. The clock decides.
func TestMissingReport(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	site := func(level string) string {
		return "title: 測試\nbase_url: https://gazette.example.org/\norgan:\n  name: 測試市人民政府辦公廳\n  code: X1\nreport:\n  level: " + level + "\n"
	}
	report := func(extra string) string {
		var rows strings.Builder
		for _, k := range []string{"new", "carried_over", "disclosed", "partly_disclosed", "withheld_state_secret", "withheld_prohibited",
			"withheld_security", "withheld_third_party", "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_inquiry",
			"unavailable_not_held", "unavailable_to_be_made", "unavailable_unclear", "declined_petition", "declined_repeated",
			"declined_publication", "declined_excessive", "declined_confirmation", "other_no_correction", "other_no_fee", "other",
			"total", "carried_forward"} {
			rows.WriteString("    " + k + ": [0, 0, 0, 0, 0, 0, 0]\n")
		}
		return "---\ntitle: 2025年報告\ndate: 2026-01-20\n" + extra + "data:\n  active:\n    rules: {issued: 0, repealed: 0, in_force: 0}\n" +
			"    normative: {issued: 0, repealed: 0, in_force: 0}\n    licensing: 0\n    penalties: 0\n    enforcement: 0\n    fees: 0\n" +
			"  requests:\n" + rows.String() + "  appeals:\n    review: [0, 0, 0, 0, 0]\n    litigation_direct: [0, 0, 0, 0, 0]\n" +
			"    litigation_after_review: [0, 0, 0, 0, 0]\n---\n## 一、總體情況\n## 二、主動公開政府信息情況\n## 三、收到和處理政府信息公開申請情況\n" +
			"## 四、政府信息公開行政復議、行政訴訟情況\n## 五、存在的主要問題及改進情況\n## 六、其他需要報告的事項\n"
	}
	for _, c := range []struct {
		name   string
		level  string
		report string // reports/2025.md, or none
		now    time.Time
		want   string // the warning, or "" for none
	}{
		{"department, on the day", "department", "", time.Date(2026, 1, 31, 23, 59, 0, 0, cst), ""},
		{"department, the day after", "department", "", time.Date(2026, 2, 1, 0, 0, 1, 0, cst),
			"content/reports/2025.md: warning: the 2025 annual report (政府信息公開工作年度報告) was due by 2026-01-31 (《政府信息公開條例》第四十九條, a department's report) and is not published: there is no content/reports/2025.md (gazette new report -year 2025)"},
		{"department, published", "department", report(""), time.Date(2026, 2, 1, 0, 0, 1, 0, cst), ""},
		{"department, a draft", "department", report("draft: true\n"), time.Date(2026, 6, 1, 0, 0, 0, 0, cst), "is not published: it is a draft"},
		{"city, in February", "city", "", time.Date(2026, 2, 15, 0, 0, 0, 0, cst), ""},
		{"city, in April", "city", "", time.Date(2026, 4, 1, 0, 0, 0, 0, cst), "was due by 2026-03-31 (《政府信息公開條例》第四十九條, a city's report)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"site.yaml": {Data: []byte(site(c.level))}}
			if c.report != "" {
				fsys["reports/2025.md"] = &fstest.MapFile{Data: []byte(c.report)}
			}
			ds, err := Check(context.Background(), fsys, Options{Now: c.now})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				if d.Severity != Info {
					got = append(got, d.String())
				}
			}
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("got %q, want nothing", got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
				t.Errorf("got %q, want one warning with %q", got, c.want)
			}
		})
	}
}

// TestReportWithDrafts: check judges a report against the archive the build
// publishes, so a draft document of the year neither contradicts the
// report nor stops the check.
func TestReportWithDrafts(t *testing.T) {
	fsys := fstest.MapFS{}
	root := filepath.Join("..", "..", "..", "..", "content")
	err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS(root), p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["gazette/2025/03/draft-normative.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 草稿\ndate: 2025-03-20\nwritten: 2025-03-15\n" +
		"organ: 長春市人民政府辦公廳\ncategory: 市政府辦公廳文件\nnormative: true\ndraft: true\n---\n草稿。\n")}
	ds, err := Check(context.Background(), fsys, Options{Now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if HasErrors(ds) {
		t.Errorf("a draft normative document made the 2025 report fail: %v", ds)
	}
}
