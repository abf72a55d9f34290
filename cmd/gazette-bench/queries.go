package main

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
)

// query is one search, with the class it is reported under and, for a 文號,
// the document that must come first.
type query struct {
	class, q, want string
}

// The query classes, in report order, and how often each is drawn (in
// percent). Substrings of 1–4 characters are what readers type; 文號 come in
// the spellings people write them in; mixed queries mix Traditional and
// Simplified characters within a word, scripts across words, and Han with
// digits.
var queryClasses = []struct {
	name string
	pct  int
}{
	{"1 字", 10}, {"2 字", 15}, {"3 字", 15}, {"4 字", 10},
	{"文號 (variant spellings)", 20},
	{"繁簡 mixed in a word", 15},
	{"two words, 简 + 繁", 10},
	{"漢字 + year", 5},
}

// makeQueries draws count queries from the documents' titles and 文號,
// always the same ones for the same documents.
func makeQueries(docs []doc, count int) []query {
	rng := rand.New(rand.NewPCG(6, 2025))
	var numbered, hans, hant []doc
	for _, d := range docs {
		if d.docNumber != "" {
			numbered = append(numbered, d)
		}
		if strings.Contains(d.path, "/tw-") {
			hant = append(hant, d)
		} else {
			hans = append(hans, d)
		}
	}
	pick := func(ds []doc) doc {
		if len(ds) == 0 {
			ds = docs
		}
		return ds[rng.IntN(len(ds))]
	}
	qs := make([]query, 0, count)
	for len(qs) < count {
		roll, class := rng.IntN(100), ""
		for _, c := range queryClasses {
			if roll < c.pct {
				class = c.name
				break
			}
			roll -= c.pct
		}
		var q query
		switch class {
		case "1 字", "2 字", "3 字", "4 字":
			q.q = hanSubstring(rng, pick(docs).title, int(class[0]-'0'))
		case "文號 (variant spellings)":
			if len(numbered) == 0 {
				continue
			}
			d := pick(numbered)
			q.q, q.want = docNumberVariant(rng, d.docNumber), "/"+strings.TrimSuffix(d.path, ".md")+"/"
		case "繁簡 mixed in a word":
			q.q = mixScripts(rng, hanSubstring(rng, pick(docs).title, 2+rng.IntN(3)))
		case "two words, 简 + 繁":
			a, b := hanSubstring(rng, pick(hans).title, 2+rng.IntN(2)), hanSubstring(rng, pick(hant).title, 2+rng.IntN(2))
			if a != "" && b != "" {
				q.q = a + " " + b
			}
		case "漢字 + year":
			d := pick(docs)
			if y := yearRE.FindString(d.path); y != "" {
				q.q = hanSubstring(rng, d.title, 2) + " " + y
			}
		}
		if strings.TrimSpace(q.q) == "" {
			continue
		}
		q.class = class
		qs = append(qs, q)
	}
	return qs
}

var yearRE = regexp.MustCompile(`\b\d{4}\b`)

// hanSubstring is n consecutive Han characters from s, or "" when s has no
// run that long.
func hanSubstring(rng *rand.Rand, s string, n int) string {
	var runs [][]rune
	var cur []rune
	for _, r := range s + " " {
		if unicode.Is(unicode.Han, r) {
			cur = append(cur, r)
			continue
		}
		if len(cur) >= n {
			runs = append(runs, cur)
		}
		cur = nil
	}
	if len(runs) == 0 {
		return ""
	}
	run := runs[rng.IntN(len(runs))]
	i := rng.IntN(len(run) - n + 1)
	return string(run[i : i+n])
}

// docNumberVariant writes a 文號 the way someone might type it: brackets
// 〔〕 as [] or () or dropped with 年, and 號 or 号 in the other script.
func docNumberVariant(rng *rand.Rand, s string) string {
	switch rng.IntN(4) {
	case 1:
		s = strings.NewReplacer("〔", "[", "〕", "]").Replace(s)
	case 2:
		s = strings.NewReplacer("〔", "(", "〕", ")").Replace(s)
	case 3:
		s = strings.NewReplacer("〔", "", "〕", "年").Replace(s)
	}
	if rng.IntN(2) == 0 {
		s = mixScripts(rng, s)
	}
	return s
}

// mixScripts flips about half the characters that have another form to it
// (Traditional ⇄ Simplified), so one word holds both scripts.
func mixScripts(rng *rand.Rand, s string) string {
	rs := []rune(s)
	for i, r := range rs {
		if o, ok := otherScript[r]; ok && rng.IntN(2) == 0 {
			rs[i] = o
		}
	}
	return string(rs)
}

// otherScript maps common characters of legal titles to their form in the
// other script, both ways.
var otherScript = func() map[rune]rune {
	pairs := []rune("國国會会條条辦办發发號号關关於于務务員员區区規规設设實实業业與与長长華华經经濟济護护" +
		"產产權权議议總总統统訂订費费對对應应準准門门動动當当進进農农衛卫歷历協协處处稅税職职營营醫医" +
		"療疗環环資资審审將将導导認认證证記记錄录檢检驗验價价質质軍军財财貿贸轉转運运輸输鐵铁電电網网" +
		"郵邮報报聯联組组織织機机構构體体創创獎奖勵励懲惩戶户婦妇兒儿園园愛爱藥药飲饮災灾險险貨货幣币" +
		"銀银鄉乡鎮镇縣县廳厅屬属項项執执親亲選选舉举憲宪罰罚監监獄狱視视聽听範范圍围廣广維维種种類类" +
		"劃划個个時时間间問问題题開开標标細细則则")
	m := make(map[rune]rune, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		t, s := pairs[i], pairs[i+1]
		if t == s {
			continue
		}
		m[t], m[s] = s, t
	}
	return m
}()
