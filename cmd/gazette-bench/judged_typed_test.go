package main

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// The queries of testdata/ranking/typed.txt: what people type when they
// type Chinese the way they do (issue 23) — no spaces, no punctuation, any
// numerals. Written by TestJudgedQueries with its own random source, so
// that generated.txt stays as it was.
//
//	fragment    a clause of a document's body, remembered without its
//	            punctuation: the documents that hold it whole come first
//	fragscript  the same, typed in the other script
//	amend       an amendment or a court's interpretation by its usual name
//	            (刑法修正案9, 保险法司法解释三, 民法典合同编通则解释)
//	article     a law and one of its articles typed as one run, the number
//	            in either numeral system (刑法第23条, 刑法第二十三條,
//	            刑法第 23 条): the law comes first

// typedGen draws the typed queries.
type typedGen struct {
	j    *judge
	rng  *rand.Rand
	seen map[string]bool
	out  []judged
	flat []string // each document's body, folded by width and case, only Han characters, letters and digits kept
}

func (j *judge) generateTyped() []judged {
	g := &typedGen{j: j, rng: rand.New(rand.NewPCG(23, 2026)), seen: map[string]bool{}}
	for _, d := range j.docs {
		g.flat = append(g.flat, flatten(d.body))
	}
	g.quota("fragment", 100, func() (string, map[string]int) { return g.fragment(false) })
	g.quota("fragscript", 50, func() (string, map[string]int) { return g.fragment(true) })
	g.quota("amend", 60, g.amend)
	g.quota("article", 100, g.article)
	return g.out
}

func (g *typedGen) quota(class string, n int, make func() (string, map[string]int)) {
	for got, tries := 0, 0; got < n && tries < 200*n; tries++ {
		q, grades := make()
		if q == "" || g.seen[q] || len(grades) == 0 {
			continue
		}
		g.seen[q] = true
		g.out = append(g.out, judged{class: class, q: q, grades: grades})
		got++
	}
}

// flatten keeps the Han characters, letters and digits of s, width and
// case folded: a text as it reads without spaces and punctuation.
func flatten(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, width.Fold.String(s))
}

// other is s in the other script than the document's.
func (g *typedGen) other(s string, hant bool) string {
	conv := g.j.s2t
	if hant {
		conv = g.j.t2s
	}
	o, err := conv.Convert(s)
	if err != nil {
		return ""
	}
	return o
}

// clausePunct are the marks inside a sentence that people leave out.
const clausePunct = "，、；：,;:"

// fragment is a stretch of 8 to 16 characters of a body around a comma
// (or another mark inside a sentence), without the mark; the documents
// whose body holds it whole are what it means, and it is dropped when
// more than three do.
func (g *typedGen) fragment(script bool) (string, map[string]int) {
	i := g.rng.IntN(len(g.j.docs))
	d := &g.j.docs[i]
	var lines []string
	for _, l := range strings.Split(d.body, "\n") {
		l = strings.TrimSpace(l)
		if len([]rune(l)) >= 24 && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "（") && !strings.HasPrefix(l, "(") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "", nil
	}
	rs := []rune(lines[g.rng.IntN(len(lines))])
	var at []int
	for k := 4; k+4 < len(rs); k++ {
		if strings.ContainsRune(clausePunct, rs[k]) && allHan(rs[k-4:k]) && allHan(rs[k+1:k+5]) {
			at = append(at, k)
		}
	}
	if len(at) == 0 {
		return "", nil
	}
	k := at[g.rng.IntN(len(at))]
	lo, hi := max(0, k-4-g.rng.IntN(5)), min(len(rs), k+5+g.rng.IntN(5))
	for lo < k-4 && !allHan(rs[lo:k]) {
		lo++
	}
	for hi > k+5 && !allHan(rs[k+1:hi]) {
		hi--
	}
	frag := string(rs[lo:k]) + string(rs[k+1:hi])
	flat := flatten(frag)
	grades := map[string]int{}
	for n, f := range g.flat {
		if strings.Contains(f, flat) {
			if grades[g.j.docs[n].slug] = 3; len(grades) > 3 {
				return "", nil
			}
		}
	}
	if grades[d.slug] != 3 {
		return "", nil
	}
	if script {
		if o := g.other(frag, d.hant); o != frag {
			return o, grades
		}
		return "", nil
	}
	return frag, grades
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return len(rs) > 0
}

// Titles of amendments and interpretations, folded (Simplified): the act
// (without its country prefix), the part of it, and the ordinal.
var (
	amendTitle  = regexp.MustCompile(`^(?:中华人民共和国)?(.+?修正案)(?:（(.+?)）)?$`)
	interpTitle = regexp.MustCompile(`^最高人民法院.{0,8}关于(?:适用《(?:中华人民共和国)?(.+?)》(.*?)|审理(.+?)案件(?:具体)?(?:适用|应用)法律)(?:若干问题)?的(解释|规定)(?:（(.+?)）)?$`)
)

// amend is an amendment or a court's interpretation by the name people
// give it: the act's short name (and the part of the code), 修正案 or
// 司法解释/解释/规定, then its ordinal in any numeral and bracket —
// 刑法修正案9, 保险法司法解释三, 婚姻法解释（二）, 1988年宪法修正案.
func (g *typedGen) amend() (string, map[string]int) {
	var cands []*jdoc
	for i := range g.j.docs {
		d := &g.j.docs[i]
		if !d.hant && (amendTitle.MatchString(d.title) || interpTitle.MatchString(d.title)) {
			cands = append(cands, d)
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	d := cands[g.rng.IntN(len(cands))]
	var base, ordinal string
	if m := amendTitle.FindStringSubmatch(d.title); m != nil {
		base, ordinal = m[1], m[2]
		if y := strings.TrimSuffix(ordinal, "年"); len(y) == 4 && g.rng.IntN(2) == 0 {
			base, ordinal = y+"年"+base, ""
		}
	} else {
		m := interpTitle.FindStringSubmatch(d.title)
		base = m[1] + m[2] + m[3]
		if strings.ContainsAny(base, "，、《》") || strings.Contains(m[2], "的") {
			return "", nil
		}
		suffix := []string{"司法解释", "解释", m[4]}[g.rng.IntN(3)]
		base, ordinal = base+suffix, m[5]
	}
	q := base + ordinalForm(g.rng, ordinal)
	if g.rng.IntN(4) == 0 {
		q = g.other(q, false)
	}
	return q, g.j.judgeTitle(d.title)
}

// ordinalForm writes an ordinal (一, 十一, 1988年) as people type it: in
// Han numerals or Arabic, bare or in brackets.
func ordinalForm(rng *rand.Rand, ordinal string) string {
	if ordinal == "" {
		return ""
	}
	n := hanNumber(ordinal)
	if n == 0 {
		return "（" + ordinal + "）"
	}
	switch rng.IntN(4) {
	case 0:
		return ordinal
	case 1:
		return strconv.Itoa(n)
	case 2:
		return "(" + strconv.Itoa(n) + ")"
	}
	return "（" + ordinal + "）"
}

// Article heads in a law's body: 第二十三条 (之一) at the start of a line,
// or 第 23 條 (第 5-1 條).
var (
	articleHan = regexp.MustCompile(`(?m)^第([零〇一二两三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?`)
	articleNum = regexp.MustCompile(`(?m)^第 ([0-9]+)(?:-([0-9]+))? 條`)
)

// article is a law's short name and one of its articles, typed as one
// run: the law is what it means (its article is issue 24's).
func (g *typedGen) article() (string, map[string]int) {
	d := &g.j.docs[g.rng.IntN(len(g.j.docs))]
	name := stripPrefix(d.title)
	if len([]rune(name)) < 3 || !strings.HasSuffix(g.j.fold(name), "法") && !strings.HasSuffix(g.j.fold(name), "条例") {
		return "", nil
	}
	grades := g.j.judgeTitle(name)
	if grades[d.slug] != 3 {
		return "", nil
	}
	var n, sub int
	if ms := articleHan.FindAllStringSubmatch(d.body, -1); len(ms) > 0 {
		m := ms[g.rng.IntN(len(ms))]
		n, sub = hanNumber(m[1]), hanNumber(m[2])
	} else if ms := articleNum.FindAllStringSubmatch(d.body, -1); len(ms) > 0 {
		m := ms[g.rng.IntN(len(ms))]
		n, _ = strconv.Atoi(m[1])
		sub, _ = strconv.Atoi(m[2])
	}
	if n == 0 {
		return "", nil
	}
	tiao := "条"
	if d.hant {
		tiao = "條"
	}
	var ref string
	switch g.rng.IntN(3) {
	case 0:
		ref = "第" + hanFor(n) + tiao
		if sub > 0 {
			ref += "之" + hanFor(sub)
		}
	case 1:
		ref = "第" + strconv.Itoa(n)
		if sub > 0 {
			ref += "-" + strconv.Itoa(sub)
		}
		ref += tiao
	default:
		ref = "第 " + strconv.Itoa(n)
		if sub > 0 {
			ref += "-" + strconv.Itoa(sub)
		}
		ref += " " + tiao
	}
	q := name + ref
	if g.rng.IntN(4) == 0 {
		q = g.other(q, d.hant)
	}
	return q, grades
}

// hanNumber reads a number in Han numerals (二十三, 一百零一, 两千) or
// digits, or gives 0.
func hanNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digit := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	unit := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, cur := 0, 0
	for _, r := range s {
		if d, ok := digit[r]; ok {
			cur = d
		} else if u, ok := unit[r]; ok {
			if cur == 0 {
				cur = 1
			}
			total += cur * u
			cur = 0
		} else {
			return 0
		}
	}
	return total + cur
}

// hanFor writes n (1 to 9999) in Han numerals as laws number articles:
// 十, 十一, 二十三, 一百零一, 一百一十.
func hanFor(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	units := []string{"千", "百", "十", ""}
	var b strings.Builder
	zero := false
	for i, p := range []int{1000, 100, 10, 1} {
		d := n / p % 10
		switch {
		case d == 0:
			zero = b.Len() > 0
		default:
			if zero {
				b.WriteString("零")
				zero = false
			}
			if !(p == 10 && d == 1 && n < 20) {
				b.WriteString(digits[d])
			}
			b.WriteString(units[i])
		}
	}
	return b.String()
}
