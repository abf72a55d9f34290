package edition

import (
	"strings"
	"testing"
	"time"
)

// TestPrintHTML: the cover of an extra edition names it and gives no
// serial; a Simplified site's words are Simplified; two documents with the
// same footnote and heading keep their links apart.
func TestPrintHTML(t *testing.T) {
	is := Issue{Masthead: "长春市人民政府公报", Office: "长春市人民政府办公厅", Title: "长春市人民政府公报 2025年增刊1", Lang: "zh-Hans",
		URL: "https://example.org/gazette/2025/z01/", Year: 2025, Number: 1, Extra: true, Date: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)}
	for range 2 {
		is.Docs = append(is.Docs, Doc{Title: "通知", Category: "市政府文件", Lang: "zh-Hans",
			Body: `<h2 id="第一章">第一章</h2><p>正文<sup id="fnref:1"><a href="#fn:1">1</a></sup></p><li id="fn:1">注</li>`})
	}
	b, err := HTML(is)
	if err != nil {
		t.Fatal(err)
	}
	h := string(b)
	for _, want := range []string{`<span class="label">2025年增刊1</span></p>`, "目　　录", "长春市人民政府办公厅　主办",
		`id="doc-1-fn:1"`, `href="#doc-2-fn:1"`, `id="doc-2-第一章"`, `<a href="#doc-2" lang="zh-Hans">`} {
		if !strings.Contains(h, want) {
			t.Errorf("the print HTML lacks %s", want)
		}
	}
	if strings.Contains(h, "总第") || strings.Contains(h, "總第") {
		t.Error("an extra edition's cover gives a serial")
	}
	if n := strings.Count(h, `<p class="category">`); n != 1 {
		t.Errorf("the category heads %d documents' pages, want only the first's", n)
	}
}
