package search

import (
	"slices"
	"strings"
	"testing"
)

// typedCorpus is lawCorpus with what people look up the way they type:
// an interpretation with an ordinal, a law numbering its articles in
// digits (第 5-1 條), and a notice whose clause has a comma in it.
func typedCorpus() []Record {
	law := func(id, title, organ, body string) Record {
		return Record{ID: id, URL: id, Title: title, Body: body, Section: "gazette", Organ: organ, Validity: "有效", Date: day("2020-01-01"), Hash: id}
	}
	return append(lawCorpus(),
		law("/insurance/", "中华人民共和国保险法", "全国人民代表大会常务委员会", "第一条 为了规范保险活动，制定本法。第二十三条 保险人收到被保险人的赔偿请求后，应当及时作出核定。"),
		law("/insurance-3/", "最高人民法院关于适用《中华人民共和国保险法》若干问题的解释（三）", "最高人民法院", "为正确审理保险合同纠纷案件，根据保险法，制定本解释。第二十三条 保险人给付保险金。"),
		law("/insurance-2/", "最高人民法院关于适用《中华人民共和国保险法》若干问题的解释（二）", "最高人民法院", "为正确审理保险合同纠纷案件，根据保险法，制定本解释。"),
		law("/drugs/", "毒品危害防制條例", "總統", "第 5 條 意圖販賣而持有第一級毒品者，處無期徒刑。\n第 5-1 條 前條之罪，公務員假借職務上之權力犯之者，加重其刑。"),
		law("/notice/", "关于做好冬季供热工作的通知", "长春市人民政府", "各区人民政府，市政府各委办局：为切实保障群众温暖过冬，现就有关事项通知如下。"),
	)
}

// TestTypedWithoutSpaces asks what people type without spaces or
// punctuation, in any numerals, and checks what comes first.
func TestTypedWithoutSpaces(t *testing.T) {
	ix, _ := buildIndex(t, typedCorpus())
	for _, tc := range []struct {
		q     string
		first []string // in order; a group {a|b} may come in either order
	}{
		// A law and an article as one run: the law, not what cites it.
		{"刑法第1条", []string{"/prc-criminal/|/roc-criminal/", "/prc-criminal/|/roc-criminal/"}},
		{"刑法第一條", []string{"/prc-criminal/|/roc-criminal/", "/prc-criminal/|/roc-criminal/"}},
		{"保险法第23条", []string{"/insurance/"}},
		{"保险法第 23 条", []string{"/insurance/"}},
		{"毒品危害防制条例第五条之一", []string{"/drugs/"}},
		{"毒品危害防制條例第5-1條", []string{"/drugs/"}},
		// Amendments and interpretations by their usual names.
		{"刑法修正案11", []string{"/prc-criminal-11/"}},
		{"刑法修正案（11）", []string{"/prc-criminal-11/"}},
		{"保险法司法解释三", []string{"/insurance-3/"}},
		{"保险法解释3", []string{"/insurance-3/"}},
		{"保險法解釋（二）", []string{"/insurance-2/"}},
		// A clause typed without its comma, in either script.
		{"为切实保障群众温暖过冬现就有关事项", []string{"/notice/"}},
		{"各區人民政府市政府各委辦局", []string{"/notice/"}},
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
		if res.Relaxed != nil {
			t.Errorf("%q: relaxed %q, want the query as typed", tc.q, res.Relaxed)
		}
	}
}

// TestRelaxed: a query that matches nothing as typed leaves out what no
// document has, and says so; one that matches is never relaxed.
func TestRelaxed(t *testing.T) {
	ix, _ := buildIndex(t, typedCorpus())
	for _, tc := range []struct {
		q       string
		relaxed []string
		first   string
	}{
		{"森林法 火星殖民地", []string{"火星殖民地"}, "/forest/"},
		{"保险法 水下城市", []string{"水下城市"}, "/insurance/"},
		// One word no document has whole: the most of its pairs of
		// characters that one has.
		{"群众温暖过冬大熊猫", []string{"冬大", "大熊", "熊猫"}, "/notice/"},
		{"森林法", nil, "/forest/"},
		{"火星殖民地", nil, ""},
	} {
		res := mustSearch(t, ix, Query{Text: tc.q, Size: 10})
		if !slices.Equal(res.Relaxed, tc.relaxed) {
			t.Errorf("%q: relaxed %q, want %q", tc.q, res.Relaxed, tc.relaxed)
		}
		if res.Relaxed != nil && res.Total != 0 {
			t.Errorf("%q: total %d, want 0: nothing matches the query as typed", tc.q, res.Total)
		}
		if got := hitIDs(res); tc.first == "" && len(got) > 0 || tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
			t.Errorf("%q: hits %v, want %q first", tc.q, got, tc.first)
		}
	}
}
