package search

import (
	"fmt"
	"html"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/zh"
	"gazette/cmd/internal/golden"
)

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), []byte(got))
}

// TestSnippetGolden renders snippets of hand-made bodies into
// testdata/snippets.golden: where the window falls, how matches are marked,
// escaping, and the cases that once gave a stray </mark> (more matches
// after the window) or a match cut in two (at either end of the window).
func TestSnippetGolden(t *testing.T) {
	c, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	filler := strings.Repeat("本條例自發布之日起施行。", 6)
	for _, tc := range []struct{ name, query, body string }{
		{"match at the start", "供暖", "供暖工作由市住房和城鄉建設局負責，各區政府配合。"},
		{"match in the middle of a long body", "節約用水", filler + "為了節約用水，建設節水型城市，制定本辦法。" + filler},
		{"more matches after the window", "法", strings.Repeat("依法行政，依法辦事，", 30)},
		{"a match cut by the window's end", "刑法", "刑法" + strings.Repeat("甲", 117) + "刑法第一條。"},
		{"a match cut by the window's start", "中華人民共和國 刑法", "中華人民共和國" + strings.Repeat("乙", 30) + "刑法第一條。"},
		{"Simplified query, Traditional body", "长春 政府办公厅", "長春市人民政府辦公廳關於做好冬季供暖工作的通知。"},
		{"HTML in the body", "代碼", "請勿輸入 <script>alert(\"x\")</script> & 其他代碼。"},
		{"several words", "供熱 條例", filler + "第一條 為了加強供熱管理，制定本條例。" + filler},
		{"white space collapsed", "第一條", "第一章　總則\n\n\n第一條　為了規範管理。"},
		{"no match: the beginning", "不存在", "這是正文的開頭，沒有所查的詞。" + filler},
		{"Latin and digits", "covid 19", "全市新增COVID-19病例0例，COVID 防控持續。"},
	} {
		p := parseText(c, nil, tc.query)
		var words []string
		for _, w := range p.must {
			words = append(words, w.text)
		}
		s := string(snippet(c, []byte(tc.body), words, snippetRunes))
		checkSnippet(t, c, tc.query, s, words)
		fmt.Fprintf(&goldenOut, "-- %s: %s --\n%s\n", tc.name, tc.query, s)
	}
	checkGolden(t, "snippets.golden", goldenOut.String())
	goldenOut.Reset()
}

var goldenOut strings.Builder

// checkSnippet fails t unless s is well-formed: every <mark> closed before
// the next opens, nothing but <mark> and </mark> as tags, and each marked
// text, folded, one of the query's fragments.
func checkSnippet(t *testing.T, c *zh.Converter, query, s string, words []string) {
	t.Helper()
	var frags []string
	for _, f := range fragmentsOf(words) {
		frags = append(frags, string(f.folded))
	}
	open := false
	rest := s
	for rest != "" {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i:]
		switch {
		case strings.HasPrefix(rest, "<mark>"):
			if open {
				t.Errorf("%q: <mark> inside a mark in %s", query, s)
				return
			}
			open = true
			rest = rest[len("<mark>"):]
			end := strings.Index(rest, "</mark>")
			if end < 0 {
				t.Errorf("%q: <mark> never closed in %s", query, s)
				return
			}
			if m := fold(c, html.UnescapeString(rest[:end])); !slices.Contains(frags, m) {
				t.Errorf("%q: marked %q, not a query word, in %s", query, m, s)
			}
		case strings.HasPrefix(rest, "</mark>"):
			if !open {
				t.Errorf("%q: </mark> with no <mark> in %s", query, s)
				return
			}
			open = false
			rest = rest[len("</mark>"):]
		default:
			t.Errorf("%q: a tag other than mark in %s", query, s)
			return
		}
	}
	if open {
		t.Errorf("%q: a mark left open in %s", query, s)
	}
}

// TestSnippetsOfCorpus checks the snippets of real hits well-formed, for
// queries whose matches crowd the bodies (刑法 and 民法典 once ended in a
// stray </mark>).
func TestSnippetsOfCorpus(t *testing.T) {
	ix, _ := corpusIndex(t)
	queries := []string{"刑法", "民法典", "法", "人民法院 审理", "條例", "中華民國", "第一条", "2019"}
	checked := 0
	for _, q := range queries {
		res := mustSearch(t, ix, Query{Text: q, Size: MaxSize})
		var words []string
		for _, w := range parseText(ix.c, ix.lex, q).must {
			words = append(words, w.text)
		}
		for _, h := range res.Hits {
			checkSnippet(t, ix.c, q, string(h.Snippet), words)
			checked++
		}
	}
	if checked < 200 {
		t.Fatalf("checked %d snippets, want at least 200", checked)
	}
}

// TestSnippetWholeNumbers: a number is marked where it is a whole word, as
// it matches, not inside a longer number (issue 23).
func TestSnippetWholeNumbers(t *testing.T) {
	c, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	body := []byte("依據第0980016649號令，第8條修正。")
	got := string(snippet(c, body, []string{"8"}, 120))
	if want := "依據第0980016649號令，第<mark>8</mark>條修正。"; got != want {
		t.Errorf("snippet = %s\nwant      %s", got, want)
	}
}

// TestSnippetAcrossMarks: a clause typed without its comma is marked whole
// where the text has the comma, as the index finds it.
func TestSnippetAcrossMarks(t *testing.T) {
	c, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	body := []byte("為切實保障群眾溫暖過冬，現就有關事項通知如下。")
	got := string(snippet(c, body, []string{"温暖过冬现就"}, 120))
	if want := "為切實保障群眾<mark>溫暖過冬，現就</mark>有關事項通知如下。"; got != want {
		t.Errorf("snippet = %s\nwant      %s", got, want)
	}
}
