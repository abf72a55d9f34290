package lint

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestProposeVersions: two gazette documents of one regulation (the title
// in two scripts, one with 中華人民共和國 and a dating note) and one organ
// get a note on the later one proposing previous: with the earlier one's
// 文號; once linked, none; a document of the same title from another organ
// is never proposed. Nothing is an error.
func TestProposeVersions(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	issue := func(y, serial string) string {
		return "---\ntitle: 公報\nyear: " + y + "\nissue: 1\nserial: " + serial + "\ndate: " + y + "-01-01\n---\n"
	}
	doc := func(title, date, organ, extra string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\norgan: " + organ + "\n" + extra + "---\n第一條 為了規範道路運輸。\n"
	}
	site := func(later string) fstest.MapFS {
		return fstest.MapFS{
			"site.yaml":                {Data: []byte("title: 測試\nbase_url: https://gazette.example.org/\norgan:\n  name: 長春市人民政府\n  code: X1\n")},
			"gazette/2019/01/index.md": {Data: []byte(issue("2019", "1"))},
			"gazette/2019/01/roads.md": {Data: []byte(doc("中華人民共和國道路運輸條例", "2019-01-01", "國務院", "doc_number: 國務院令第406號\n"))},
			"gazette/2019/01/other.md": {Data: []byte(doc("道路運輸條例", "2019-01-01", "長春市人民政府", ""))},
			"gazette/2023/01/index.md": {Data: []byte(issue("2023", "2"))},
			"gazette/2023/01/roads.md": {Data: []byte(later)},
		}
	}
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, cst)
	for _, c := range []struct {
		name, later string
		want        int
	}{
		{"unlinked", doc("道路运输条例（2023年修订）", "2023-01-01", "国务院", ""), 1},
		{"linked", doc("道路运输条例（2023年修订）", "2023-01-01", "国务院", "previous: 国务院令第406号\n"), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, err := Check(context.Background(), site(c.later), Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var notes []Diagnostic
			for _, d := range ds {
				if d.Severity == Error {
					t.Errorf("unexpected error: %s", d)
				}
				if strings.Contains(d.Message, "previous:") {
					notes = append(notes, d)
				}
			}
			if len(notes) != c.want {
				t.Fatalf("%d proposals, want %d: %v", len(notes), c.want, notes)
			}
			if c.want == 1 {
				n := notes[0]
				if n.Path != "content/gazette/2023/01/roads.md" || n.Severity != Info || n.Line != 2 ||
					!strings.Contains(n.Message, "previous: 國務院令第406號") || !strings.Contains(n.Message, "gazette/2019/01/roads.md") {
					t.Errorf("proposal %s: want an info at the later version's title proposing previous: 國務院令第406號", n)
				}
			}
		})
	}
}
