package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleCopy copies the sample site into a new working directory.
func sampleCopy(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

// TestReportCommand prints the sample's 2025 figures in each format.
func TestReportCommand(t *testing.T) {
	sampleCopy(t)
	e, out, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"report", "-year", "2025"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, want := range []string{
		"本年制發件數: 3  [archive: gazette/2025/01/2025-office-doc-5-fireworks-temporary.md, gazette/2025/02/2025-gov-doc-3-amend-business-environment.md, gazette/2025/03/2025-office-doc-12-hotline-12345.md]",
		"本年處理決定數量: 0  [data block; not computable from the archive:",
		"三、本年度辦理結果 （七）總計: 128 14 1 1 3 0 147",
		"行政復議: 2 0 0 0 2",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("gazette report lacks %q:\n%s", want, out)
		}
	}

	e, out, _ = testEnv()
	if code := runEnv(context.Background(), e, []string{"report", "-year", "2025", "-format", "json"}); code != 0 {
		t.Fatalf("json: exit %d", code)
	}
	var r struct {
		Active struct {
			Normative struct {
				Repealed struct {
					Value  float64
					Source string
					Docs   []string `json:"documents"`
				}
			}
		}
		Requests struct{ Rows [][7]int }
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if f := r.Active.Normative.Repealed; f.Value != 2 || f.Source != "archive" || len(f.Docs) != 2 || len(r.Requests.Rows) != 25 {
		t.Errorf("json: 行政規範性文件 本年廢止件數 = %+v, %d rows of table 三; want 2 from the archive, 25 rows", f, len(r.Requests.Rows))
	}

	e, out, _ = testEnv()
	if code := runEnv(context.Background(), e, []string{"report", "-year", "2025", "-format", "csv"}); code != 0 {
		t.Fatalf("csv: exit %d", code)
	}
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range recs {
		found = found || strings.Join(rec, "|") == "二|規章|本年制發件數|1|archive"
	}
	if len(recs) < 1+10+25*7+15 || !found {
		t.Errorf("csv: %d records, want every figure; 規章 本年制發件數 found: %v", len(recs), found)
	}

	// Without a report file: the archive's figures, and what it cannot give.
	os.Remove(filepath.Join("content", "reports", "2025.md"))
	e, out, _ = testEnv()
	if code := runEnv(context.Background(), e, []string{"report", "-year", "2025"}); code != 0 ||
		!strings.Contains(out.String(), "本年處理決定數量: —  [not computable from the archive") {
		t.Errorf("without a report file: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"report", "-year", "2019"}, {"report", "-format", "xml"}} {
		e, _, _ := testEnv()
		if code := runEnv(context.Background(), e, args); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestNewReport scaffolds last year's report in the sample without one: the
// archive's figures filled in, the rest zero, clean to check and to build.
func TestNewReport(t *testing.T) {
	sampleCopy(t)
	os.Remove(filepath.Join("content", "reports", "2025.md"))
	e, out, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"new", "report"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got := strings.TrimSpace(out.String()); got != "content/reports/2025.md" {
		t.Fatalf("new report printed %q", got)
	}
	data, err := os.ReadFile("content/reports/2025.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title: "長春市人民政府辦公廳2025年政府信息公開工作年度報告"`, "date: 2026-11-26",
		"issued: 3 ", "repealed: 2 ", "in_force: 3 ", "licensing: 0 ", "# 行政許可 本年處理決定數量",
		"carried_forward:         [0, 0, 0, 0, 0, 0, 0]", "## 六、其他需要報告的事項"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the new report lacks %q:\n%s", want, data)
		}
	}
	e, out, errb = testEnv()
	if code := runEnv(context.Background(), e, []string{"check"}); code != 0 || strings.Contains(out.String(), ": warning: ") {
		t.Errorf("check after new report: exit %d\n%s%s", code, out, errb)
	}
	e, _, errb = testEnv()
	if code := runEnv(context.Background(), e, []string{"build", "-templates", "none"}); code != 0 {
		t.Fatalf("build after new report: exit %d\n%s", code, errb)
	}
	if _, err := os.Stat(filepath.Join("public", "reports", "2025", "index.html")); err != nil {
		t.Error(err)
	}
	e, _, errb = testEnv()
	if code := runEnv(context.Background(), e, []string{"new", "report"}); code != 1 || !strings.Contains(errb.String(), "exists") {
		t.Errorf("new report over an existing one: exit %d, %s", code, errb)
	}
}
