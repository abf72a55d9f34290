package site_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestVersionPages: each version of a work lists the 沿革 — every version,
// its date and 文號, the one in force marked 現行 — as a table with a
// caption and headers; a version not in force carries a banner linking the
// one that is (a past one as 歷史版本, one not yet in force as 尚未施行),
// and the version in force carries none.
func TestVersionPages(t *testing.T) {
	fsys := txtarFS(t, "testdata/site.txtar")
	doc := func(num, effective, extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: 測試市道路運輸條例\ndate: 2025-01-20\norgan: 測試市人民政府\ndoc_number: " + num +
			"\neffective: " + effective + "\n" + extra + "---\n第一條 為了規範道路運輸，制定本條例。\n")}
	}
	fsys["gazette/2025/01/roads-2019.md"] = doc("測府令第1號", "2019-05-01", "")
	fsys["gazette/2025/01/roads-2022.md"] = doc("測府令第2號", "2022-05-01", "previous: 測府令第1號\n")
	fsys["gazette/2025/01/roads-2026.md"] = doc("測府令第3號", "2026-01-01", "previous: gazette/2025/01/roads-2022.md\n")
	out := assemble(t, fsys, now)
	page := func(slug string) string {
		p := "gazette/2025/01/" + slug + "/index.html"
		b, ok := out[p]
		if !ok {
			t.Fatalf("no page %s", p)
		}
		return string(b)
	}
	row := regexp.MustCompile(`(?s)<tr[^>]*><th scope="row"><time datetime="([0-9-]+)">.*?</tr>`)
	for _, c := range []struct {
		slug, banner string // the banner's words, "" for none
	}{
		{"roads-2019", "本頁為歷史版本"},
		{"roads-2022", ""},
		{"roads-2026", "本頁為尚未施行的版本"},
	} {
		html := page(c.slug)
		if !strings.Contains(html, `<caption>本法規的各個版本，按施行日期排列</caption>`) || !strings.Contains(html, `<th scope="col">施行日期</th>`) {
			t.Errorf("%s: no 沿革 table with its caption and column headers", c.slug)
		}
		rows := row.FindAllStringSubmatch(html, -1)
		if len(rows) != 3 {
			t.Fatalf("%s: %d rows in the 沿革, want 3", c.slug, len(rows))
		}
		for i, want := range []string{"2019-05-01", "2022-05-01", "2026-01-01"} {
			if rows[i][1] != want {
				t.Errorf("%s: row %d is of %s, want %s", c.slug, i, rows[i][1], want)
			}
		}
		if !strings.Contains(rows[1][0], "現行") || strings.Contains(rows[0][0]+rows[2][0], "現行") {
			t.Errorf("%s: want only the 2022 version marked 現行:\n%s", c.slug, rows)
		}
		if !strings.Contains(rows[0][0], "已修改") {
			t.Errorf("%s: the 2019 version does not read 已修改: %s", c.slug, rows[0][0])
		}
		current := strings.Contains(html, `aria-current="page"`)
		if !current {
			t.Errorf("%s: its own row is not marked aria-current", c.slug)
		}
		banner := regexp.MustCompile(`(?s)<div class="banner amended version-note" role="note">(.*?)</div>`).FindStringSubmatch(html)
		switch {
		case c.banner == "" && banner != nil:
			t.Errorf("%s: the version in force carries a banner: %s", c.slug, banner[1])
		case c.banner != "" && (banner == nil || !strings.Contains(banner[1], c.banner) || !strings.Contains(banner[1], `href="/gazette/2025/01/roads-2022/"`)):
			t.Errorf("%s: want a banner %q linking the 2022 version, got %v", c.slug, c.banner, banner)
		}
	}
	if strings.Contains(string(out["gazette/2025/01/order/index.html"]), "沿革") {
		t.Error("a document without versions shows a 沿革")
	}
}
