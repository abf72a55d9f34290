package site_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"gazette/cmd/gazette/internal/content"
	"gazette/templates"
)

// TestIssueIndex: /gazette/issues.json lists every issue by year in order
// of publication, an extra edition (增刊) among them outside the numbering;
// the issue page shows its PDF's pages and size and opens it inline; a
// document links to the page of the PDF it starts on.
func TestIssueIndex(t *testing.T) {
	fsys := txtarFS(t, "testdata/site.txtar")
	fsys["gazette/2025/z01/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 測試市人民政府公報 2025年增刊1\nyear: 2025\nissue: 1\nextra: true\ndate: 2025-02-01\n---\n")}
	fsys["gazette/2025/z01/plan.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 測試市國土空間總體規劃\ndate: 2025-02-01\norgan: 測試市人民政府\n---\n規劃正文。\n")}
	s, err := content.Load(context.Background(), fsys, content.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// What the build learns once it has made issue 2025/01's PDF.
	var issue, order *content.Document
	for _, d := range s.Documents {
		switch d.Path {
		case "gazette/2025/01/index.md":
			issue = d
		case "gazette/2025/01/order.md":
			order = d
		}
	}
	if issue == nil || order == nil {
		t.Fatal("no issue 2025/01 or no document gazette/2025/01/order.md")
	}
	files := assembleFacts(t, s, fsys, templates.FS, func(f content.Facts) {
		f[issue].PDF = &content.Attachment{Name: "公報.pdf", URL: issue.URL + "公報.pdf", Size: 3 << 20, Type: "application/pdf", Pages: 12}
		f[order].PDFPage = 3
	})
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = string(f.Data)
	}

	var index map[string][]struct {
		Issue    int
		Serial   *int
		Date     string
		URL      string
		PDF      *string
		PDFBytes *int64 `json:"pdf_bytes"`
		Pages    *int
		Extra    bool
	}
	if err := json.Unmarshal([]byte(out["gazette/issues.json"]), &index); err != nil {
		t.Fatalf("gazette/issues.json: %v", err)
	}
	y := index["2025"]
	if len(index) != 1 || len(y) != 3 {
		t.Fatalf("issues.json has %d years, %d issues in 2025; want 1 and 3:\n%s", len(index), len(y), out["gazette/issues.json"])
	}
	if e := y[0]; e.Issue != 1 || e.Serial == nil || *e.Serial != 101 || e.Extra || e.PDF == nil ||
		*e.PDF != "https://gazette.example.org/gazette/2025/01/%E5%85%AC%E5%A0%B1.pdf" || *e.PDFBytes != 3<<20 || *e.Pages != 12 {
		t.Errorf("issue 2025/01 in issues.json: %+v", e)
	}
	if e := y[1]; e.Issue != 1 || !e.Extra || e.Serial != nil || e.PDF != nil || e.URL != "https://gazette.example.org/gazette/2025/z01/" || e.Date != "2025-02-01" {
		t.Errorf("the extra edition in issues.json: %+v", e)
	}
	if e := y[2]; e.Issue != 2 || e.Serial == nil || *e.Serial != 102 || e.PDF != nil || e.Pages != nil {
		t.Errorf("issue 2025/02 in issues.json: %+v", e)
	}

	for p, wants := range map[string][]string{
		"gazette/2025/01/index.html": {`<a href="/gazette/2025/01/%E5%85%AC%E5%A0%B1.pdf" type="application/pdf"><span>閱讀本期PDF電子版</span></a>`, "（PDF，12頁，3.0 MB）",
			`<a href="/gazette/2025/01/%E5%85%AC%E5%A0%B1.pdf#page=3" type="application/pdf">PDF第3頁</a>`},
		"gazette/2025/01/order/index.html": {`href="/gazette/2025/01/%E5%85%AC%E5%A0%B1.pdf#page=3"`, "PDF電子版第3頁"},
		"gazette/2025/z01/index.html":      {`<span>2025年增刊1</span><span class="serial">增刊，不編入期號</span>`},
		"gazette/2025/index.html":          {`<span class="serial">增刊</span><time`},
	} {
		for _, want := range wants {
			if !strings.Contains(out[p], want) {
				t.Errorf("%s lacks %q:\n%s", p, want, out[p])
			}
		}
	}
	if strings.Contains(out["gazette/2025/z01/index.html"], "總第") {
		t.Error("the extra edition's page gives it a serial")
	}
}
