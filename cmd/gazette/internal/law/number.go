package law

import (
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// closers pairs the brackets a 文號's year is written in; any closer ends
// any opener, as hands mix them.
const closers = "〕])）】］"

// number reads a 文號 whose year is in brackets, at the bracket i:
// 長府發〔2024〕3號, 长府发[2024]第3号, 國辦發（2024）3號.
func (c *citer) number(i int) int {
	s := c.s
	_, w := utf8.DecodeRuneInString(s[i:])
	j := i + w + spaces(s[i+w:], 1)
	y, yw := zh.Numeral(s[j:])
	if yw == 0 || y < 1900 || y > 2200 || s[j] >= utf8.RuneSelf && s[j] != 0xef {
		return i + w
	}
	j += yw + spaces(s[j+yw:], 1)
	r, w2 := utf8.DecodeRuneInString(s[j:])
	if !strings.ContainsRune(closers, r) {
		return i + w
	}
	return c.numbered(i, j+w2)
}

// orderNumber reads a 文號 numbered after 第, at i: 國務院令第588號,
// 主席令第三十一号, 台統（一）義字第0846號, 公告2018年第31号.
func (c *citer) orderNumber(i int) int {
	s := c.s
	end := i + len(di)
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	if before != '令' && before != '字' && before != '年' {
		return end
	}
	return c.numbered(i, i)
}

// numbered reads the number and 號 at j of a 文號 whose words end at i,
// and adds it with the words before i that may begin it.
func (c *citer) numbered(i, j int) int {
	s := c.s
	j += spaces(s[j:], 1)
	if strings.HasPrefix(s[j:], di) {
		j += len(di)
	}
	n, w := zh.Numeral(s[j:])
	if w == 0 || n == 0 {
		return i
	}
	j += w
	for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z') {
		j++ // 1120112870E號
	}
	j += spaces(s[j:], 1)
	r, rw := utf8.DecodeRuneInString(s[j:])
	if r != '號' && r != '号' {
		return i
	}
	end := j + rw
	start, depth := i, 0
	for n := 0; n < 24 && start > c.floor; n++ {
		r, w := utf8.DecodeLastRuneInString(s[:start])
		switch {
		case strings.ContainsRune("〕])）】］", r):
			depth++
		case strings.ContainsRune("〔[(（【［", r):
			if depth == 0 {
				n = 24 // an opening bracket not closed in the 文號
				continue
			}
			depth--
		case !(r >= 0x3400 && r <= 0x9fff || r >= '0' && r <= '9'):
			n = 24
			continue
		}
		start -= w
	}
	start = trimName(s, start, i)
	if start == i {
		return end // a bracketed year with no words before it
	}
	c.add(Citation{Kind: ByNumber, Span: Span{start, end}, Name: s[start:end], nameAt: start}, subs{})
	return end
}

// leadWords are the words that come before a name in running text
// (根據長府發〔2024〕3號, 依照種子法第七十七條) and seldom begin one: not
// 經 (經濟部…) or 對 (對外貿易法).
var leadWords = []string{
	"根据", "根據", "依据", "依據", "依照", "按照", "参照", "參照", "遵照", "违反", "違反", "适用", "適用",
	"准用", "準用", "执行", "執行", "符合", "以及", "或者", "同时", "同時", "和", "及", "与", "與", "或", "并", "並",
	"依", "按",
}

// trimName returns where a name in s[start:end] begins, past the words
// that come before names and a date (中華民國九十九年六月十五日總統…),
// keeping at least two characters.
func trimName(s string, start, end int) int {
	if k := strings.LastIndex(s[start:end], "日"); k > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[start : start+k]); r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十", r) {
			if utf8.RuneCountInString(s[start+k+len("日"):end]) >= 2 {
				start += k + len("日")
			}
		}
	}
	for again := true; again; {
		again = false
		for _, w := range leadWords {
			if strings.HasPrefix(s[start:end], w) && utf8.RuneCountInString(s[start+len(w):end]) >= 2 {
				start += len(w)
				again = true
				break
			}
		}
	}
	return start
}
