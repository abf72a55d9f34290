package zh

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// FoldRune folds width (full-width ASCII to ASCII, half-width katakana to
// full-width) and case. It maps one rune to one rune.
func FoldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case r >= 0x4E00 && r <= 0x9FFF:
		return r // CJK Unified Ideographs: no width, no case
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		r = f
	}
	return unicode.ToLower(r)
}

// FoldRunes folds width, case and script (to Simplified) of rs in place:
// the form in which text is indexed and queried, and names are compared.
// len(rs) is unchanged.
func (c *Converter) FoldRunes(rs []rune) {
	for i, r := range rs {
		rs[i] = FoldRune(r)
	}
	c.Runes(rs)
}

// Fold returns the folded form of s (see FoldRunes), with the t2s
// converter.
func Fold(s string) string {
	c, err := t2s()
	rs := []rune(s)
	if err != nil {
		for i, r := range rs {
			rs[i] = FoldRune(r)
		}
		return string(rs)
	}
	c.FoldRunes(rs)
	return string(rs)
}

// docNumberDrop lists the brackets that variants of one 文號 spell
// differently (after width folding, so （） and ［］ are here as () and []).
const docNumberDrop = "〔〕[]()【】〖〗{}"

// DocNumberKey returns the key under which a 文號 (document number) or
// 索引號 (index number) is indexed, looked up and checked for duplicates. It folds width, case and
// script (Traditional to Simplified, so 號 becomes 号), removes white space
// and the brackets 〔〕[]()（）【】, removes 第 before a digit and 年 between
// digits, so that 長府發〔2024〕3號, 长府发[2024]3号, 長府發(2024)3號 and
// 长府发2024年第3号 all give 长府发20243号.
func DocNumberKey(s string) string {
	c, err := t2s()
	if err != nil {
		// Without the dictionary, fold width and case only; Build and Open
		// report the error.
		return normalizeDocNumber(nil, s)
	}
	return normalizeDocNumber(c, s)
}

func normalizeDocNumber(c *Converter, s string) string {
	rs := []rune(strings.TrimSpace(s))
	for i, r := range rs {
		rs[i] = FoldRune(r)
	}
	if c != nil {
		c.Runes(rs)
	}
	rs = slices.DeleteFunc(rs, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(docNumberDrop, r) })
	// Drop 第 before a digit and 年 between digits (or before 第) until none
	// is left, so that the key of a key is the key (FuzzDocNumberKey
	// found "第第0").
	for {
		n := len(rs)
		out := rs[:0]
		for i, r := range rs {
			switch {
			case r == '第' && i+1 < len(rs) && isDigit(rs[i+1]):
				continue
			case r == '年' && len(out) > 0 && isDigit(out[len(out)-1]) && i+1 < len(rs) && (isDigit(rs[i+1]) || rs[i+1] == '第'):
				continue
			}
			out = append(out, r)
		}
		rs = out
		if len(rs) == n {
			return string(rs)
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// yearRes find the year of a 文號: 長府發〔2025〕3號, [2025], (2025),
// （2025）, 【2025】, or 2025年第3號.
var yearRes = []*regexp.Regexp{
	regexp.MustCompile(`[〔\[(（【［]\s*([0-9]{4})\s*[〕\])）】］]`),
	regexp.MustCompile(`([0-9]{4})\s*年?\s*第`),
}

// DocNumberYear returns the year written in a 文號, or 0: 長府發〔2025〕3號,
// [2025], (2025), 2025年第….
func DocNumberYear(n string) int {
	for _, re := range yearRes {
		if m := re.FindStringSubmatch(n); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	return 0
}
