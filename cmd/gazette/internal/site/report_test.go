package site_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/internal/golden"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The report package's fixture: an archive whose 2024 report has known answers.
const reportFixture = "../report/testdata/archive.txtar"

// TestReportPage checks the structure a screen reader and a checker such
// as axe-core rely on, for the page of the fixture's 2024 report: one h1,
// the six sections as h2 in order, every table captioned, every th scoped,
// every figure tied to its headers by ids that exist in its table; and
// pins the page (testdata/golden/reports_2024_index.html).
func TestReportPage(t *testing.T) {
	out := assemble(t, txtarFS(t, reportFixture), time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	page, ok := out["reports/2024/index.html"]
	if !ok {
		t.Fatal("no reports/2024/index.html")
	}
	for _, f := range []string{"reports/index.html", "reports/2024/table-2.csv", "reports/2024/table-3.csv", "reports/2024/table-4.csv", "reports/2024/publications.svg"} {
		if _, ok := out[f]; !ok {
			t.Errorf("%s not generated", f)
		}
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var h1 int
	var h2 []string
	var tables, imgs []*html.Node
	regions := map[string]string{} // aria-labelledby of each scrolling region → its tabindex
	walk(doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.H1:
			h1++
		case atom.H2:
			h2 = append(h2, text(n))
		case atom.Table:
			tables = append(tables, n)
		case atom.Img:
			imgs = append(imgs, n)
		case atom.Section: // a section with a name is a region
			if id := attr(n, "aria-labelledby"); id != "" {
				regions[id] = attr(n, "tabindex")
			}
		}
	})
	if h1 != 1 {
		t.Errorf("%d h1, want 1", h1)
	}
	want := []string{"一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
		"四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況", "六、其他需要報告的事項", "數據下載"}
	if !slices.Equal(h2, want) {
		t.Errorf("h2 = %q\nwant %q", h2, want)
	}
	if len(tables) != 8 {
		t.Fatalf("%d tables, want 8: the overview, the chart's data, 二 as its four 項, 三 and 四", len(tables))
	}
	for _, tb := range tables {
		checkTable(t, tb, regions)
	}
	// The national layout: table 二 is one table per 項 of 第二十條, each
	// under its own caption in the region of 二.
	parts, t3, t4 := tables[2:6], tables[6], tables[7]
	var clauses, figures []string
	var rows []int
	for _, tb := range parts {
		walk(tb, func(n *html.Node) {
			switch n.DataAtom {
			case atom.Caption:
				clauses = append(clauses, text(n))
			case atom.Td:
				figures = append(figures, text(n))
			}
		})
		rows = append(rows, bodyRows(tb)...)
	}
	if w := []string{"第二十條第（一）項", "第二十條第（五）項", "第二十條第（六）項", "第二十條第（八）項"}; !slices.Equal(clauses, w) {
		t.Errorf("table 二's parts are captioned %q, want %q", clauses, w)
	}
	if !slices.Equal(rows, []int{2, 1, 2, 1}) {
		t.Errorf("table 二: body rows %v, want the four clauses' 2, 1, 2, 1", rows)
	}
	if got := bodyRows(t3); !slices.Equal(got, []int{25}) || count(t3, atom.Td) != 25*7 {
		t.Errorf("table 三: body rows %v and %d td, want 25 rows of 7 figures", got, count(t3, atom.Td))
	}
	if count(t4, atom.Td) != 15 || count(t4, atom.Th) != 2+7+10 {
		t.Errorf("table 四: %d td and %d th, want 15 figures under 19 headers", count(t4, atom.Td), count(t4, atom.Th))
	}
	if w := []string{"3", "2", "3", "2", "1", "2", "12＊", "3＊", "0＊", "1.25＊"}; !slices.Equal(figures, w) {
		t.Errorf("table 二 figures %q, want %q", figures, w)
	}
	if len(imgs) != 1 || attr(imgs[0], "alt") == "" || attr(imgs[0], "src") != "/reports/2024/publications.svg" {
		t.Errorf("the chart: want one img with alt text")
	}
	golden.Check(t, filepath.Join("testdata", "golden", "reports_2024_index.html"), page)
}

// checkTable checks one table's caption, header scopes and header ids, and
// that its scrolling region is named by its caption and reachable by key.
func checkTable(t *testing.T, tb *html.Node, regions map[string]string) {
	t.Helper()
	ids := map[string]bool{}
	var caption string
	walk(tb, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Caption:
			caption = text(n)
			label := attr(n, "id")
			if label == "" { // a part: its region is labelled by the whole's caption
				label = attr(tb.Parent, "aria-labelledby")
			}
			if regions[label] != "0" {
				t.Errorf("table %q: its region is not labelled by its caption, or not focusable", caption)
			}
		case atom.Th:
			if s := attr(n, "scope"); !slices.Contains([]string{"col", "row", "colgroup", "rowgroup"}, s) {
				t.Errorf("th %q has scope %q", text(n), s)
			}
			if id := attr(n, "id"); id != "" {
				ids[id] = true
			}
		}
	})
	if caption == "" {
		t.Errorf("a table without a caption")
	}
	walk(tb, func(n *html.Node) {
		if n.DataAtom != atom.Td || attr(n, "class") != "num" {
			return
		}
		hs := strings.Fields(attr(n, "headers"))
		if len(hs) == 0 {
			t.Errorf("table %q: figure %q has no headers", caption, text(n))
		}
		for _, h := range hs {
			if !ids[h] {
				t.Errorf("table %q: figure %q names header %q, which is not in the table", caption, text(n), h)
			}
		}
	})
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

func count(n *html.Node, a atom.Atom) int {
	c := 0
	walk(n, func(x *html.Node) {
		if x.DataAtom == a {
			c++
		}
	})
	return c
}

// bodyRows is the number of rows of each tbody of a table.
func bodyRows(tb *html.Node) []int {
	var out []int
	walk(tb, func(n *html.Node) {
		if n.DataAtom == atom.Tbody {
			out = append(out, count(n, atom.Tr))
		}
	})
	return out
}
