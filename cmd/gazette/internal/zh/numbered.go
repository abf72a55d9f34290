package zh

import (
	"regexp"
	"strconv"
)

// number is a number in digits or Han numerals.
const number = `([0-9]+|[〇零一二两三四五六七八九十百千]+)`

// numbered finds the numbers of folded (Simplified) text that number
// something, in the forms people write them: 第二十三条, 第 23 条,
// 第五条之一, 第 5-1 条, 第十二届, 释字第748号; and an ordinal after 修正案,
// 解释, 规定 or 决定, bare or bracketed: 修正案（九）, 修正案9, 解释（3）.
var numbered = regexp.MustCompile(`第\s*` + number + `\s*(?:-\s*([0-9]+)\s*)?([条款项章节编号次届期批])(?:之` + number + `)?` +
	`|(修正案|解释|规定|决定)\s*[(（]?\s*` + number + `\s*[)）]?`)

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
				n, size := Numeral(num)
				switch {
				case size != len(num):
					return num
				case han && n < 1000:
					return FormatNumeral(n)
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
