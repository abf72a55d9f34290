package law

import (
	"fmt"
	"strings"
	"testing"
)

// cites writes the citations Cite finds in text, one per line:
// kind|text cited|key|anchor|paragraph|item.
func cites(text string, o Options) string {
	var b strings.Builder
	for _, c := range Cite(text, o) {
		fmt.Fprintf(&b, "%v|%s|%s|%s|%d|%d\n", c.Kind, text[c.Span.Start:c.Span.End], c.Key, c.Article.Anchor(), c.Para, c.Item)
	}
	return b.String()
}

// TestCiteForms checks a citation in each form, written in each script:
// the two spellings must give the same key, article, paragraph and item.
func TestCiteForms(t *testing.T) {
	for _, tc := range []struct {
		name       string
		hans, hant string
		convention Convention
		want       string // for the Simplified text; the Traditional one's differs only in the text cited
	}{
		{
			name: "full title",
			hans: "根据《中华人民共和国种子法》，制定本条例。", hant: "根據《中華人民共和國種子法》，制定本條例。",
			want: "title|《中华人民共和国种子法》|种子法||0|0\n",
		},
		{
			name: "short title",
			hans: "依照《种子法》的规定", hant: "依照《種子法》的規定",
			want: "title|《种子法》|种子法||0|0\n",
		},
		{
			name: "title and article",
			hans: "违反《中华人民共和国种子法》第十二条的", hant: "違反《中華民國種子法》第十二條的",
			want: "title|《中华人民共和国种子法》第十二条|种子法|a12|0|0\n",
		},
		{
			name: "arabic numerals",
			hans: "依照《种子法》第 12 条", hant: "依照《種子法》第12條",
			want: "title|《种子法》第 12 条|种子法|a12|0|0\n",
		},
		{
			name: "full-width digits",
			hans: "依照《种子法》第１２条", hant: "依照《種子法》第１２條",
			want: "title|《种子法》第１２条|种子法|a12|0|0\n",
		},
		{
			name: "之一 and 6-1",
			hans: "依照《种子法》第十二条之一", hant: "依照《種子法》第 12-1 條",
			want: "title|《种子法》第十二条之一|种子法|a12-1|0|0\n",
		},
		{
			name: "paragraph and item, mainland",
			hans: "依照《种子法》第十二条第二款第（三）项", hant: "依照《種子法》第十二條第二款第（三）項",
			want: "title|《种子法》第十二条第二款第（三）项|种子法|a12|2|3\n",
		},
		{
			name: "paragraph and item, Taiwan",
			hans: "依照《种子法》第十二条第二项第三款", hant: "依照《種子法》第十二條第二項第三款",
			want: "title|《种子法》第十二条第二项第三款|种子法|a12|2|3\n",
		},
		{
			name: "a list under one title",
			hans: "《种子法》第十二条、第十三条和第十五条第二款", hant: "《種子法》第十二條、第十三條和第十五條第二款",
			want: "title|《种子法》第十二条|种子法|a12|0|0\ntitle|第十三条|种子法|a13|0|0\ntitle|第十五条第二款|种子法|a15|2|0\n",
		},
		{
			name: "the document itself",
			hans: "违反本条例第五条规定的", hant: "違反本條例第五條規定的",
			want: "self|本条例第五条||a5|0|0\n",
		},
		{
			name: "the same law",
			hans: "《种子法》第十二条；同法第三十条另有规定的", hant: "《種子法》第十二條；同法第三十條另有規定的",
			want: "title|《种子法》第十二条|种子法|a12|0|0\ntitle|同法第三十条|种子法|a30|0|0\n",
		},
		{
			name: "a title without marks",
			hans: "依照种子法第七十七条处罚", hant: "依照種子法第七十七條處罰",
			want: "name|种子法第七十七条|种子法|a77|0|0\n",
		},
		{
			name: "an article with no title",
			hans: "依照第五条规定", hant: "依照第五條規定",
			want: "bare|第五条||a5|0|0\n",
		},
		{
			name: "文號 in brackets",
			hans: "根据长府发〔2024〕3号文件", hant: "根據長府發〔2024〕3號文件",
			want: "number|长府发〔2024〕3号|长府发20243号||0|0\n",
		},
		{
			name: "文號 in square brackets",
			hans: "根据长府发[2024]第3号文件", hant: "根據長府發（2024）3號文件",
			want: "number|长府发[2024]第3号|长府发20243号||0|0\n",
		},
		{
			name: "an order's number",
			hans: "国务院令第588号公布", hant: "國務院令第588號公布",
			want: "number|国务院令第588号|国务院令588号||0|0\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cites(tc.hans, Options{Convention: tc.convention})
			if got != tc.want {
				t.Errorf("%s:\ngot  %swant %s", tc.hans, got, tc.want)
			}
			// The Traditional text cites the same things: compare all but
			// the text cited.
			strip := func(s string) string {
				var out []string
				for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
					f := strings.Split(l, "|")
					if len(f) > 1 {
						f = append(f[:1], f[2:]...)
					}
					out = append(out, strings.Join(f, "|"))
				}
				return strings.Join(out, "\n")
			}
			if g, w := strip(cites(tc.hant, Options{Convention: tc.convention})), strip(tc.want); g != w {
				t.Errorf("%s:\ngot  %s\nwant %s", tc.hant, g, w)
			}
		})
	}
}

// TestCiteNotArticles checks text that looks like a citation of an article
// and is not one.
func TestCiteNotArticles(t *testing.T) {
	for _, text := range []string{
		"《道路交通安全法》第XX条",       // a placeholder
		"《中华人民共和国种子法》第一次修正",   // an amendment, not an article
		"《药品管理法》第六章和本条",       // a chapter
		"第三次会议通过",             // not an article
		"第（十四）项",              // an item of nothing
		"在2024年第一季度",          // no 號
		"（2024）长府发",           // a year in brackets, no number
		"《关于修改〈种子法〉的决定》第一次修正", // the title holds 〈〉
	} {
		for _, c := range Cite(text, Options{}) {
			if c.Article.N != 0 || c.Kind == ByNumber {
				t.Errorf("%s: cites %v %q %s", text, c.Kind, text[c.Span.Start:c.Span.End], c.Article.Anchor())
			}
		}
	}
}

// TestRelative checks 前條, 前款 and 本條 in a document, where they can be
// resolved, and that the free text of Cite drops them.
func TestRelative(t *testing.T) {
	body := "第一条 为了规范管理，制定本办法。\n\n第二条 有下列情形之一的，予以处罚：\n\n（一）伪造的；\n\n（二）违反前条规定的。\n\n有前款第二项情形的，依照本条第一款处罚。\n"
	d := Parse(body, Options{})
	var got []string
	for _, c := range d.Citations {
		got = append(got, fmt.Sprintf("%s %s %d %d in %s", body[c.Span.Start:c.Span.End], c.Article.Anchor(), c.Para, c.Item, d.Articles[c.In].Num.Anchor()))
	}
	want := []string{
		"前条 a1 0 0 in a2",
		"前款第二项 a2 1 2 in a2",
		"本条第一款 a2 1 0 in a2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if cs := Cite("违反前条规定，依照本条第一款处罚", Options{}); len(cs) != 0 {
		t.Errorf("Cite found %d citations in free text, want none: %+v", len(cs), cs)
	}
}

// TestTitleKey checks the titles that name one document under one key.
func TestTitleKey(t *testing.T) {
	for _, group := range [][]string{
		{"中华人民共和国种子法", "中華人民共和國種子法", "种子法", "種子法", "《种子法》", "种子法（2021年修正）", "種子法 (2015修订)"},
		{"總統副總統選舉罷免法（新 84.08.09 制定）", "总统副总统选举罢免法", "中華民國總統副總統選舉罷免法"},
		{"关于修改〈种子法〉的决定", "关于修改《种子法》的决定"},
		{"某办法（试行）", "某办法"},
	} {
		for _, title := range group[1:] {
			if TitleKey(title) != TitleKey(group[0]) {
				t.Errorf("TitleKey(%q) = %q, TitleKey(%q) = %q: want one key", title, TitleKey(title), group[0], TitleKey(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{
		{"关于审理劳动争议案件适用法律问题的解释（一）", "关于审理劳动争议案件适用法律问题的解释（二）"},
		{"种子法", "种子法实施细则"},
	} {
		if TitleKey(pair[0]) == TitleKey(pair[1]) {
			t.Errorf("TitleKey(%q) = TitleKey(%q): want two keys", pair[0], pair[1])
		}
	}
}
