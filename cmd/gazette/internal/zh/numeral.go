package zh

import (
	"regexp"
	"strconv"
	"strings"
)

// ParseNumber reads a whole number written in ASCII digits or in Han
// numerals (二十三, 一百零一, 两千, 十, 〇), as articles, amendments and
// ordinals are numbered. It reports false for anything else.
func ParseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && s[0] != '+' && s[0] != '-' {
		return n, true
	}
	total, cur, last := 0, 0, 10000
	digit := false // the last rune was a digit: 二〇二四 is read digit by digit, not here
	for _, r := range s {
		d := strings.IndexRune(hanDigits, r)
		if d > 0 {
			d /= 3 // three bytes a digit
		}
		if r == '两' || r == '兩' {
			d = 2
		}
		if d >= 0 {
			if digit {
				return 0, false
			}
			cur, digit = d, true
			continue
		}
		digit = false
		if r == '零' {
			continue // 一百零一: a place with no digit
		}
		u := 0
		switch r {
		case '十':
			u = 10
		case '百':
			u = 100
		case '千':
			u = 1000
		default:
			return 0, false
		}
		if u >= last {
			return 0, false // 十百, 百百: not a number
		}
		if cur == 0 {
			if u != 10 {
				return 0, false
			}
			cur = 1 // 十一 is 11, 一百十 is 110
		}
		total += cur * u
		cur, last = 0, u
	}
	return total + cur, true
}

// hanDigits are the Han digits 〇 to 九, each three bytes in UTF-8.
const hanDigits = "〇一二三四五六七八九"

// HanNumber writes n (0 to 9999) in Han numerals the way laws number
// articles: 十, 十一, 二十三, 一百零一, 一百一十. Other n are written in
// digits.
func HanNumber(n int) string {
	if n < 0 || n > 9999 {
		return strconv.Itoa(n)
	}
	if n == 0 {
		return "零"
	}
	digits := []rune("零一二三四五六七八九")
	units := []string{"千", "百", "十", ""}
	var b strings.Builder
	zero := false
	for i, p := range []int{1000, 100, 10, 1} {
		d := n / p % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteRune('零')
			zero = false
		}
		if p != 10 || d != 1 || n >= 20 {
			b.WriteRune(digits[d])
		}
		b.WriteString(units[i])
	}
	return b.String()
}

// numeral is a number in digits or Han numerals.
const numeral = `([0-9]+|[〇零一二两三四五六七八九十百千]+)`

// numbered finds the numbers of folded (Simplified) text that number
// something, in the forms people write them: 第二十三条, 第 23 条,
// 第五条之一, 第 5-1 条, 第十二届, 释字第748号; and an ordinal after 修正案,
// 解释, 规定 or 决定, bare or bracketed: 修正案（九）, 修正案9, 解释（3）.
var numbered = regexp.MustCompile(`第\s*` + numeral + `\s*(?:-\s*([0-9]+)\s*)?([条款项章节编号次届期批])(?:之` + numeral + `)?` +
	`|(修正案|解释|规定|决定)\s*[(（]?\s*` + numeral + `\s*[)）]?`)

// NumeralForms returns folded (Simplified) text s with each number that
// numbers something (see numbered) written in digits, and the same in Han
// numerals: 第23条 and 第二十三条 for either, 第5-1条 and 第五条之一,
// 修正案9 and 修正案九. Brackets and spaces around such a number are
// dropped. It returns nil when s has none. Search looks a text up in both
// forms, so that either finds the other (the body of a law numbers its
// articles one way or the other, never both).
func NumeralForms(s string) []string {
	if !numbered.MatchString(s) {
		return nil
	}
	form := func(han bool) string {
		return numbered.ReplaceAllStringFunc(s, func(m string) string {
			sm := numbered.FindStringSubmatch(m)
			write := func(num string) string {
				n, ok := ParseNumber(num)
				switch {
				case !ok:
					return num
				case han && n < 1000:
					return HanNumber(n)
				}
				return strconv.Itoa(n) // a year (宪法修正案（1988年）) is written in digits
			}
			if sm[5] != "" {
				return sm[5] + write(sm[6])
			}
			sub := sm[2]
			if sub == "" {
				sub = sm[4]
			}
			out := "第" + write(sm[1])
			switch {
			case sub == "":
				return out + sm[3]
			case han:
				return out + sm[3] + "之" + write(sub)
			}
			return out + "-" + write(sub) + sm[3]
		})
	}
	return []string{form(false), form(true)}
}

// NumberedIndex returns the start and end (byte offsets) of each number of
// folded text s that numbers something (see NumeralForms), with the word
// it numbers: 第23条, 第五条之一, 修正案（九）.
func NumberedIndex(s string) [][]int { return numbered.FindAllStringIndex(s, -1) }
