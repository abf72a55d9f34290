package render

import (
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/zh"
)

// archive is a law.Index of a few documents, by title and 文號.
type archive map[string][]law.Version

func (a archive) Titled(key string) []law.Version   { return a["t:"+key] }
func (a archive) Numbered(key string) []law.Version { return a["n:"+key] }

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

func anchors(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, law.Num{N: i}.Anchor())
	}
	return out
}

func testArchive() archive {
	seed16 := law.Version{ID: "/gazette/2016/seed/", Date: day("2016-01-01"), Articles: anchors(20)}
	seed00 := law.Version{ID: "/gazette/2000/seed/", Date: day("2000-12-01"), Articles: anchors(20)}
	roads := law.Version{ID: "/gazette/2024/roads/", Date: day("2024-05-01"), Articles: anchors(30)}
	notice := law.Version{ID: "/gazette/2024/03/notice/", Date: day("2024-02-01")}
	twinA := law.Version{ID: "/a/", Date: day("2020-01-01")}
	twinB := law.Version{ID: "/b/", Date: day("2020-01-01")}
	return archive{
		"t:" + law.TitleKey("中華人民共和國種子法"):     {seed00, seed16},
		"t:" + law.TitleKey("長春市城市道路挖掘管理辦法"):  {roads},
		"t:" + law.TitleKey("長春市供熱條例"):        {twinA, twinB},
		"n:" + zh.DocNumberKey("長府發〔2024〕3號"): {notice},
	}
}

// TestCitationLinks: each form of citation, in both scripts, linked to the
// document and article it cites — the version in force on the citing
// document's date — and the ones that cannot be linked exactly left as
// text: an article the document lacks, a title two documents of one date
// share, a title the archive does not have.
func TestCitationLinks(t *testing.T) {
	r := New()
	tests := []struct {
		name, src, date string
		want            []string // substrings of the HTML
		not             []string
		status          law.Status // of the first citation
	}{
		{"full title and article, Traditional", "根據《中華人民共和國種子法》第十二條，制定本辦法。\n", "2020-01-01",
			[]string{`<a href="/gazette/2016/seed/#a12" class="cite">《中華人民共和國種子法》第十二條</a>`}, nil, law.Linked},
		{"short title and article, Simplified", "根据《种子法》第十二条第二款的规定。\n", "2020-01-01",
			[]string{`<a href="/gazette/2016/seed/#a12" class="cite">《种子法》第十二条第二款</a>`}, nil, law.Linked},
		{"the version in force on the citing date", "依照《種子法》第三條。\n", "2010-06-01",
			[]string{`href="/gazette/2000/seed/#a3"`}, []string{"/gazette/2016/"}, law.Linked},
		{"a title alone links the document", "按照《長春市城市道路挖掘管理辦法》執行。\n", "2025-01-01",
			[]string{`<a href="/gazette/2024/roads/" class="cite">《長春市城市道路挖掘管理辦法》</a>`}, nil, law.Linked},
		{"an article the document lacks is not linked to its top", "違反《種子法》第九十九條的。\n", "2020-01-01",
			nil, []string{"<a "}, law.NoArticle},
		{"two documents of one date: not linked", "依照《長春市供熱條例》第三條。\n", "2021-01-01",
			nil, []string{"<a "}, law.Ambiguous},
		{"a title the archive lacks stays text", "根據《中華人民共和國行政許可法》第十二條。\n", "2021-01-01",
			nil, []string{"<a "}, law.Unresolved},
		{"本辦法 within the page", "第一條　為了規範管理，制定本辦法。\n\n第二條　本辦法第一條所稱管理，指挖掘。\n", "2025-01-01",
			[]string{`<a href="#a1" class="cite">本辦法第一條</a>`}, nil, law.Linked},
		{"本條例 of an article the document lacks", "第一條　本條例第九條另有規定的除外。\n", "2025-01-01",
			nil, []string{`class="cite"`}, law.NoArticle},
		{"a 文號 in another spelling", "现将长府发[2024]第3号文件转发给你们。\n", "2025-01-01",
			[]string{`<a href="/gazette/2024/03/notice/" class="cite">长府发[2024]第3号</a>`}, nil, law.Linked},
		{"a title without marks, before an article", "依照種子法第七條的規定處罰。\n", "2020-01-01",
			[]string{`href="/gazette/2016/seed/#a7"`}, nil, law.Linked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.RenderWith([]byte(tt.src), Options{From: law.Version{ID: "/gazette/2025/this/", Date: day(tt.date)}, Index: testArchive()})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Citations) == 0 {
				t.Fatalf("no citation found in %q", tt.src)
			}
			if s := res.Citations[0].Link.Status; s != tt.status {
				t.Errorf("status %v, want %v", s, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q:\n%s", w, res.HTML)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(res.HTML), n) {
					t.Errorf("HTML has %q:\n%s", n, res.HTML)
				}
			}
			if len(res.Links) != 0 {
				t.Errorf("citation links are listed as written links: %v", res.Links)
			}
		})
	}
}
