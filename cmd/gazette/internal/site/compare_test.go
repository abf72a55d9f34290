package site_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestComparePage: a version that follows another has a 條文對照表 under
// its address, linked from the 沿革: a captioned table with column and row
// headers, one row for each article that changed — the deleted and
// inserted characters marked, with words for screen readers — a
// renumbered article in its row, an added one against nothing, and the
// articles left the same counted, not listed. A version that follows none
// has no 對照表.
func TestComparePage(t *testing.T) {
	fsys := txtarFS(t, "testdata/site.txtar")
	doc := func(num, effective, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: 測試市道路運輸條例\ndate: 2025-01-20\norgan: 測試市人民政府\ndoc_number: " + num +
			"\neffective: " + effective + "\n" + extra + "---\n" + body)}
	}
	fsys["gazette/2025/01/roads-2019.md"] = doc("測府令第1號", "2019-05-01", "",
		"第一條 為了規範道路運輸，制定本條例。\n\n第二條 本條例適用於本市行政區域。\n\n第三條 違反本條例的，處二千元以下罰款。\n")
	fsys["gazette/2025/01/roads-2022.md"] = doc("測府令第2號", "2022-05-01", "previous: 測府令第1號\n",
		"第一條 為了規範道路運輸，制定本條例。\n\n第二條 道路運輸應當安全、便民。\n\n第三條 本條例適用於本市行政區域。\n\n第四條 違反本條例的，處五千元以下罰款。\n")
	out := assemble(t, fsys, now)
	if _, ok := out["gazette/2025/01/roads-2019/compare/index.html"]; ok {
		t.Error("the first version has a 對照表")
	}
	html := string(out["gazette/2025/01/roads-2022/compare/index.html"])
	if html == "" {
		t.Fatal("no 對照表 at gazette/2025/01/roads-2022/compare/")
	}
	for _, want := range []string{
		`<caption>修改前後條文對照</caption>`, `<th scope="col">修改前條文</th>`, `<th scope="col">修改後條文</th>`,
		`處<del><span class="visually-hidden">［刪除：</span>二<span class="visually-hidden">］</span></del>千元`,
		`處<ins><span class="visually-hidden">［新增：</span>五<span class="visually-hidden">］</span></ins>千元`,
		`未修改的條文1條不列出`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the 對照表 lacks %s", want)
		}
	}
	rows := regexp.MustCompile(`(?s)<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<th scope="row">(.*?)</th>`).FindAllStringSubmatch(html, -1)
	var got []string
	for _, r := range rows {
		label := func(cell string) string {
			if m := regexp.MustCompile(`class="article-num">([^<]+)<`).FindAllStringSubmatch(cell, -1); m != nil {
				var ls []string
				for _, x := range m {
					ls = append(ls, x[1])
				}
				return strings.Join(ls, ",")
			}
			return "-"
		}
		got = append(got, label(r[1])+">"+label(r[2])+" "+r[3])
	}
	want := "->第二條 新增|第二條>第三條 條次變動|第三條>第四條 修改"
	if strings.Join(got, "|") != want {
		t.Errorf("rows %q, want %q", strings.Join(got, "|"), want)
	}
	if !strings.Contains(string(out["gazette/2025/01/roads-2019/index.html"]), `href="/gazette/2025/01/roads-2022/compare/"`) {
		t.Error("the 沿革 does not link the 對照表")
	}
}
