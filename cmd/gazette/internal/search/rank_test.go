package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/zh"
)

// lawCorpus is the first table in small: acts, their implementing
// rules, amendments and interpretations, longer titles that hold an act's
// name, versions of one act in and out of force, in both scripts.
func lawCorpus() []Record {
	law := func(id, title, organ, validity, date, body string) Record {
		return Record{ID: id, URL: id, Title: title, Body: body, Section: "gazette", Organ: organ, Validity: validity,
			Date: day(date), Hash: id}
	}
	cite := "依照刑法的规定，刑法第一条、刑法第二条、刑法第三条适用本条例。"
	return []Record{
		law("/prison/", "監獄行刑法", "總統", "有效", "2020-01-15", "為達監獄行刑矯治處遇之目的，依刑法規定，刑法第一條、刑法第二條……"+cite),
		law("/military/", "陸海空軍刑法", "總統", "有效", "2023-12-27", "本法依刑法總則之規定。"+cite+cite),
		law("/roc-criminal/", "中華民國刑法", "總統", "有效", "2024-07-31", "第一條 行為之處罰，以行為時之法律有明文規定者為限。"),
		law("/roc-criminal-act/", "中華民國刑法施行法", "總統", "有效", "2023-02-08", "本法依中華民國刑法第一條制定之。"),
		law("/prc-criminal/", "中华人民共和国刑法", "全国人民代表大会", "有效", "2020-12-26", "第一条 为了惩罚犯罪，保护人民，根据宪法，制定本法。"),
		law("/prc-criminal-11/", "中华人民共和国刑法修正案（十一）", "全国人民代表大会常务委员会", "有效", "2020-12-26", "一、将刑法第十七条修改为……"+cite),
		law("/prc-maritime/", "中华人民共和国国际海运条例", "国务院", "有效", "2023-07-20", "中华人民共和国境内的国际海上运输，适用本条例。刑事责任依照刑法处理。"),
		law("/forest/", "中华人民共和国森林法", "全国人民代表大会常务委员会", "有效", "2019-12-28", "为了践行绿水青山就是金山银山理念，保护森林。"),
		law("/forest-rules/", "中华人民共和国森林法实施条例", "国务院", "有效", "2018-03-19", "根据《中华人民共和国森林法》，制定本条例。森林法规定的森林，森林法……"),
		law("/forest-henan/", "河南省实施《中华人民共和国森林法》办法", "河南省人民代表大会常务委员会", "有效", "2010-07-30", "根据森林法，结合本省实际，制定本办法。森林法森林法。"),
		law("/competition/", "中华人民共和国反不正当竞争法", "全国人民代表大会常务委员会", "有效", "2019-04-23", "为了促进社会主义市场经济健康发展，鼓励和保护公平竞争。"),
		law("/competition-shandong/", "山东省实施《中华人民共和国反不正当竞争法》办法", "山东省人民代表大会常务委员会", "有效", "2012-01-13",
			"根据《中华人民共和国反不正当竞争法》，制定本办法。反不正当竞争法反不正当竞争法。"),
		law("/competition-spc/", "最高人民法院关于适用《中华人民共和国反不正当竞争法》若干问题的解释", "最高人民法院", "有效", "2022-03-16",
			"为正确审理不正当竞争民事案件，根据反不正当竞争法，反不正当竞争法……"),
		law("/transport-2019/", "中华人民共和国道路运输条例", "国务院", "失效", "2019-03-02", "道路运输条例。道路运输条例。道路运输条例。道路运输。"),
		law("/transport-2022/", "中华人民共和国道路运输条例", "国务院", "已修改", "2022-03-29", "道路运输条例。道路运输条例。"),
		law("/transport-2023/", "中华人民共和国道路运输条例", "国务院", "有效", "2023-07-20", "为了维护道路运输市场秩序，制定本条例。"),
		law("/transport-shandong/", "山东省道路运输条例", "山东省人民代表大会常务委员会", "有效", "2020-11-27", "根据《中华人民共和国道路运输条例》制定。"),
		law("/heating-2017/", "青岛市供热条例", "青岛市人民代表大会常务委员会", "有效", "2017-12-01", "为了加强供热管理，制定本条例。"),
		law("/heating-2021/", "山东省供热条例", "山东省人民代表大会常务委员会", "有效", "2021-12-03", "为了规范供热活动，制定本条例。"),
		law("/decision-2021/", "北京市人民代表大会常务委员会关于废止部分地方性法规的决定", "北京市人民代表大会常务委员会", "有效", "2021-09-24",
			"决定废止下列地方性法规：供热管理办法（2017年）。"),
	}
}

// TestRankingTiers asks the queries of the table, and others of
// each tier, of lawCorpus and checks the order of the first hits.
func TestRankingTiers(t *testing.T) {
	ix, _ := buildIndex(t, lawCorpus())
	for _, tc := range []struct {
		q     string
		first []string // in order; a group {a|b} may come in either order
	}{
		// The title that is the name, both countries', before longer titles.
		{"刑法", []string{"/prc-criminal/|/roc-criminal/", "/prc-criminal/|/roc-criminal/", "/roc-criminal-act/|/prc-criminal-11/", "/roc-criminal-act/|/prc-criminal-11/"}},
		// The prefix as a word of its own picks that country's.
		{"中华人民共和国 刑法", []string{"/prc-criminal/"}},
		{"中華民國刑法", []string{"/roc-criminal/", "/roc-criminal-act/"}},
		{"《中华人民共和国刑法》", []string{"/prc-criminal/"}},
		// The act above its implementing rules and a province's measures.
		{"森林法", []string{"/forest/", "/forest-rules/", "/forest-henan/"}},
		{"森林法实施条例", []string{"/forest-rules/"}},
		{"反不正当竞争法", []string{"/competition/"}},
		// The version in force first, then the others of the same name.
		{"道路运输条例", []string{"/transport-2023/", "/transport-2022/", "/transport-2019/", "/transport-shandong/"}},
		{"中華人民共和國道路運輸條例", []string{"/transport-2023/", "/transport-2022/", "/transport-2019/"}},
		// A year is the year of publication.
		{"2021 供热", []string{"/heating-2021/"}},
		{"2017年 供热", []string{"/heating-2017/"}},
		// An organ's name finds what it issued.
		{"国务院 森林", []string{"/forest-rules/"}},
		{"关于废止", []string{"/decision-2021/"}},
		// Amendments by their number, brackets or none.
		{"刑法修正案十一", []string{"/prc-criminal-11/"}},
	} {
		res := mustSearch(t, ix, Query{Text: tc.q, Size: 10})
		got := hitIDs(res)
		if len(got) < len(tc.first) {
			t.Errorf("%q: %d hits %v, want at least %d", tc.q, len(got), got, len(tc.first))
			continue
		}
		for i, want := range tc.first {
			if !slices.Contains(strings.Split(want, "|"), got[i]) {
				t.Errorf("%q: hit %d is %s, want %s (hits %v)", tc.q, i+1, got[i], want, got)
				break
			}
		}
	}
}

// TestRankingValidityOfOneName: a document of a name that is not in force
// never comes before the one in force of the same name, even where its body
// is more relevant (the repealed 2019 text says 道路运输 most often).
func TestRankingValidityOfOneName(t *testing.T) {
	ix, _ := buildIndex(t, lawCorpus())
	for _, q := range []string{"道路运输", "道路运输条例", "运输", "道路 运输 条例"} {
		got := hitIDs(mustSearch(t, ix, Query{Text: q, Size: 20}))
		in, old := slices.Index(got, "/transport-2023/"), slices.Index(got, "/transport-2019/")
		if in < 0 || old < 0 || in > old {
			t.Errorf("%q: the 2023 text in force at %d, the expired 2019 one at %d: %v", q, in, old, got)
		}
	}
}

// TestQuerySyntax checks phrases, exclusions, in=title and in=number on
// lawCorpus, and that text the syntax does not recognise is searched, not
// refused.
func TestQuerySyntax(t *testing.T) {
	ix, _ := buildIndex(t, lawCorpus())
	for _, tc := range []struct {
		q, in       string
		has, hasNot []string
		relaxed     []string
	}{
		// No document has both: as a last resort, the phrase without 食品,
		// and the results say so.
		{q: `食品 "森林法实施条例"`, has: []string{"/forest-rules/"}, relaxed: []string{"食品"}},
		{q: `"森林法实施条例"`, has: []string{"/forest-rules/"}, hasNot: []string{"/forest/"}},
		{q: `“森林法 实施条例”`, has: []string{"/forest-rules/"}},
		{q: `森林法 -实施条例`, has: []string{"/forest/", "/forest-henan/"}, hasNot: []string{"/forest-rules/"}},
		{q: `森林法 －"实施条例"`, has: []string{"/forest/"}, hasNot: []string{"/forest-rules/"}},
		{q: `-刑法 -森林`, has: []string{"/competition/"}, hasNot: []string{"/prc-criminal/", "/forest/"}},
		{q: `刑法`, in: InTitle, has: []string{"/prison/", "/prc-criminal/"}, hasNot: []string{"/prc-maritime/"}},
		{q: `刑法`, in: InNumber, hasNot: []string{"/prc-criminal/"}},
		// Unbalanced quotes, lone minus signs, stray punctuation: text.
		{q: `"森林法`, has: []string{"/forest/"}},
		{q: `森林法" -`, has: []string{"/forest/"}},
		{q: `- 森林法 --`, has: []string{"/forest/"}},
		{q: `森林法（）【】！？*&|`, has: []string{"/forest/"}},
	} {
		res := mustSearch(t, ix, Query{Text: tc.q, In: tc.in, Size: 50})
		got := hitIDs(res)
		if !slices.Equal(res.Relaxed, tc.relaxed) {
			t.Errorf("%q in=%q: relaxed %q, want %q", tc.q, tc.in, res.Relaxed, tc.relaxed)
		}
		for _, id := range tc.has {
			if !slices.Contains(got, id) {
				t.Errorf("%q in=%q: %s missing from %v", tc.q, tc.in, id, got)
			}
		}
		for _, id := range tc.hasNot {
			if slices.Contains(got, id) {
				t.Errorf("%q in=%q: %s found in %v", tc.q, tc.in, id, got)
			}
		}
	}
}

// TestParseTextGolden writes how queries are read into
// testdata/syntax.golden: the words that must match, those excluded, the
// 文號 key and the name a title would have to be.
func TestParseTextGolden(t *testing.T) {
	c, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, q := range []string{
		`刑法`,
		`中华人民共和国 刑法`,
		`《中華人民共和國刑法》`,
		`"中华人民共和国 刑法" -修正案`,
		`“精確 短語” －排除`,
		`食品安全法 -"实施 条例"`,
		`长府发[2024]3号`,
		`2024年 供熱`,
		`COVID-19 ＣＯＶＩＤ`,
		`"不成對的引號`,
		`- -- 孤立的 - 減號`,
		`-`,
		`""`,
		`《》（）！`,
	} {
		p := parseText(c, nil, q)
		word := func(ws []qword) string {
			var out []string
			for _, w := range ws {
				s := fmt.Sprintf("%q", w.text)
				if w.year != 0 {
					s += fmt.Sprintf("(year %d)", w.year)
				}
				out = append(out, s)
			}
			return "[" + strings.Join(out, " ") + "]"
		}
		fmt.Fprintf(&b, "%s\n  must %s not %s key %q name %q prefix %d\n", q, word(p.must), word(p.not), p.key,
			strings.ReplaceAll(p.name, string(wordMark), "|"), p.prefix)
	}
	checkGolden(t, "syntax.golden", b.String())
}
