package feeds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/content"
)

func TestOpenDataMatchesContent(t *testing.T) {
	site := loadSite(t, repealed, after)
	files := build(t, site)
	var docs []*content.Document
	for _, d := range site.Documents {
		if d.Kind != content.KindPage && d.Kind != content.KindIssue {
			docs = append(docs, d)
		}
	}
	if len(docs) != 9 {
		t.Fatalf("test site has %d published documents, want 9", len(docs))
	}
	ymd := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.In(shanghai).Format("2006-01-02")
	}

	// CSV
	data := files["data/documents.csv"]
	body, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("documents.csv has no UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("documents.csv: %v", err)
	}
	header := []string{"url", "title", "section", "doc_number", "index_number", "organ", "category", "topic", "date", "written", "effective", "validity", "issue", "repeals", "repealed_by", "amends", "amended_by", "superseded_by", "interprets", "lang"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("header %q", rows[0])
	}
	if len(rows)-1 != len(docs) {
		t.Fatalf("%d rows, want one per published document (%d)", len(rows)-1, len(docs))
	}
	byURL := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range header {
			m[h] = r[i]
		}
		byURL[m["url"]] = m
	}
	for _, d := range docs {
		r := byURL[baseURL+strings.TrimPrefix(d.URL, "/")]
		if r == nil {
			t.Errorf("no row for %s", d.URL)
			continue
		}
		want := map[string]string{
			"title": d.Title, "section": d.Section, "doc_number": d.DocNumber, "index_number": d.IndexNumber,
			"organ": d.Organ, "category": d.Category, "topic": d.Topic, "validity": d.Validity, "lang": d.Lang,
			"date": ymd(d.Date), "written": ymd(d.Written), "effective": ymd(d.Effective),
		}
		for k, v := range want {
			if r[k] != v {
				t.Errorf("%s: %s = %q, want %q", d.URL, k, r[k], v)
			}
		}
	}
	for url, want := range map[string]map[string]string{
		"gazette/2025/02/new/":   {"repeals": "長府辦發〔2024〕45號", "issue": "2025年第2期（總第302期）"},
		"gazette/2025/01/old/":   {"repealed_by": "長府辦發〔2025〕12號", "validity": "廢止", "date": "2025-01-10"},
		"news/2025/explain/":     {"interprets": "長春市人民政府令第120號", "lang": "zh-Hans", "issue": ""},
		"gazette/2025/01/order/": {"written": "2025-01-08", "effective": "2025-03-01", "issue": "2025年第1期（總第301期）"},
		"briefings/2025/utc/":    {"date": "2025-02-01"}, // 2025-01-31T20:00Z is 1 February in Changchun
		"gazette/2025/01/temp/":  {"validity": "失效"},
	} {
		for k, v := range want {
			if got := byURL[baseURL+url][k]; got != v {
				t.Errorf("%s: %s = %q, want %q", url, k, got, v)
			}
		}
	}

	// JSON
	var js struct {
		GeneratedFrom string `json:"generated_from"`
		Count         int
		Documents     []map[string]any
	}
	if err := json.Unmarshal(files["data/documents.json"], &js); err != nil {
		t.Fatalf("documents.json: %v", err)
	}
	if js.GeneratedFrom != baseURL || js.Count != len(docs) || len(js.Documents) != len(docs) {
		t.Fatalf("documents.json: generated_from %q, count %d, %d documents; want %d", js.GeneratedFrom, js.Count, len(js.Documents), len(docs))
	}
	for i, rec := range js.Documents {
		if rec["url"] != rows[i+1][0] {
			t.Errorf("JSON record %d is %v, CSV row %d is %s: want the same order", i, rec["url"], i+1, rows[i+1][0])
		}
		for _, h := range header {
			if _, ok := rec[h]; !ok {
				t.Errorf("JSON record %v lacks %q", rec["url"], h)
			}
		}
	}
	find := func(url string) map[string]any {
		for _, r := range js.Documents {
			if r["url"] == baseURL+url {
				return r
			}
		}
		t.Fatalf("documents.json: no %s", url)
		return nil
	}
	old := find("gazette/2025/01/old/")
	if old["validity"] != "廢止" || old["updated"] != "2025-02-15" || old["date"] != "2025-01-10" {
		t.Errorf("old: %v", old)
	}
	rb, _ := old["repealed_by"].([]any)
	if len(rb) != 1 || rb[0].(map[string]any)["doc_number"] != "長府辦發〔2025〕12號" || rb[0].(map[string]any)["url"] != baseURL+"gazette/2025/02/new/" {
		t.Errorf("old: repealed_by %v", old["repealed_by"])
	}
	order := find("gazette/2025/01/order/")
	if in, _ := order["interpretations"].([]any); len(in) != 1 || in[0].(map[string]any)["url"] != baseURL+"news/2025/explain/" {
		t.Errorf("order: interpretations %v", order["interpretations"])
	}
	if at, _ := order["attachments"].([]any); len(at) != 1 || at[0].(map[string]any)["url"] != baseURL+"gazette/2025/01/order/table.csv" {
		t.Errorf("order: attachments %v", order["attachments"])
	}
	if order["issue_url"] != baseURL+"gazette/2025/01/" {
		t.Errorf("order: issue_url %v", order["issue_url"])
	}
	if l, ok := find("briefings/2025/hotline/")["repeals"].([]any); !ok || len(l) != 0 {
		t.Errorf("hotline: repeals %v, want []", l)
	}
}
