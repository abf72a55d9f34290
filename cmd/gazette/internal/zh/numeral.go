package zh

import (
	"strings"
	"unicode/utf8"
)

// Numeral returns the number written at the start of s and the number of
// bytes it takes, or (0, 0) when s does not start with one. It reads
//
//   - digits, ASCII or full-width: 12, １２ (up to 18 of them);
//   - Chinese numerals with units, in either script, in the everyday or
//     the financial forms: 十二, 二十三, 一百零五, 一百十五 (Taiwan's
//     statutes leave out the 一 before 十), 两百, 貳拾參, 三万零五百;
//   - Chinese digits without units, as years are written: 二〇二五.
//
// Digits and Chinese numerals never mix: 12十 reads 12. A run that goes
// wrong part way (十二五) reads as far as it is a number (十二), so the
// caller sees where the number ends.
func Numeral(s string) (n, size int) {
	if s == "" {
		return 0, 0
	}
	if n, size = arabic(s); size > 0 {
		return n, size
	}
	units := false
	end := 0
	for end < len(s) {
		r, w := utf8.DecodeRuneInString(s[end:])
		v, ok := chineseNumeral(r)
		if !ok {
			break
		}
		if v >= 10 {
			units = true
		}
		end += w
	}
	if end == 0 {
		return 0, 0
	}
	if !units {
		return positional(s[:end])
	}
	return withUnits(s[:end])
}

// arabic reads ASCII or full-width digits.
func arabic(s string) (n, size int) {
	digits := 0
	for size < len(s) && digits < 18 {
		r, w := utf8.DecodeRuneInString(s[size:])
		var d int
		switch {
		case r >= '0' && r <= '9':
			d = int(r - '0')
		case r >= '０' && r <= '９':
			d = int(r - '０')
		default:
			return n, size
		}
		n = n*10 + d
		size += w
		digits++
	}
	return n, size
}

// chineseNumeral gives the value of a Chinese digit (0–9) or unit (10,
// 100, 1000, 10⁴, 10⁸).
func chineseNumeral(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一', '壹':
		return 1, true
	case '二', '两', '兩', '贰', '貳':
		return 2, true
	case '三', '叁', '參':
		return 3, true
	case '四', '肆':
		return 4, true
	case '五', '伍':
		return 5, true
	case '六', '陆', '陸':
		return 6, true
	case '七', '柒':
		return 7, true
	case '八', '捌':
		return 8, true
	case '九', '玖':
		return 9, true
	case '十', '拾':
		return 10, true
	case '百', '佰':
		return 100, true
	case '千', '仟':
		return 1000, true
	case '万', '萬':
		return 10000, true
	case '亿', '億':
		return 100000000, true
	}
	return 0, false
}

// positional reads Chinese digits without units (二〇二五), at most 18.
func positional(s string) (n, size int) {
	for i, r := range s {
		if i >= 18*3 {
			break
		}
		d, _ := chineseNumeral(r)
		n = n*10 + d
		size = i + utf8.RuneLen(r)
	}
	return n, size
}

// withUnits reads 一百零五 and the like, stopping before the first rune
// that cannot continue a well-formed number: a second digit in a row, a
// unit not smaller than the one before it in its group of four, a 万 or
// 亿 out of order.
func withUnits(s string) (n, size int) {
	var (
		total   int
		section int // below 万
		pending = -1
		last    = 10000 // the last unit of the section; 10000 for none
		big     = 1 << 62
	)
	for i, r := range s {
		v, _ := chineseNumeral(r)
		switch {
		case v == 0:
			if pending > 0 {
				return total + section + pending, i
			}
		case v < 10:
			if pending >= 0 {
				return total + section + pending, i
			}
			pending = v
		case v < 10000:
			if v >= last {
				return total + section + max(pending, 0), i
			}
			if pending < 0 {
				pending = 1
			}
			section += pending * v
			pending, last = -1, v
		default:
			if v >= big || section+max(pending, 0) == 0 && total == 0 {
				return total + section + max(pending, 0), i
			}
			if v == 10000 {
				total += (section + max(pending, 0)) * v
			} else {
				total = (total + section + max(pending, 0)) * v
			}
			section, pending, last, big = 0, -1, 10000, v
		}
		size = i + utf8.RuneLen(r)
	}
	return total + section + max(pending, 0), size
}

var cnDigits = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// FormatNumeral writes n (0 ≤ n < 10¹²) in Chinese numerals as the
// mainland's statutes do: 12 十二, 23 二十三, 105 一百零五, 115 一百一十五,
// 10010 一万零一十. Numeral reads it back.
func FormatNumeral(n int) string {
	if n <= 0 {
		return "零"
	}
	var b strings.Builder
	groups := []struct {
		div  int
		unit string
	}{{100000000, "亿"}, {10000, "万"}, {1, ""}}
	started, zero := false, false
	for _, g := range groups {
		q := n / g.div % 10000
		if g.div == 100000000 {
			q = n / g.div
		}
		if q == 0 {
			zero = started
			continue
		}
		if started && (zero || q < 1000) {
			b.WriteString("零")
		}
		formatGroup(&b, q, !started)
		b.WriteString(g.unit)
		started, zero = true, false
	}
	return b.String()
}

// formatGroup writes 1 ≤ q < 10000 (more for the 亿 group, written by
// recursion), with 零 for the gaps inside it; first says it opens the
// number, where 10–19 are written 十…, not 一十….
func formatGroup(b *strings.Builder, q int, first bool) {
	if q >= 10000 {
		b.WriteString(FormatNumeral(q))
		return
	}
	units := []struct {
		v int
		s string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}}
	wrote, gap := false, false
	for _, u := range units {
		d := q / u.v % 10
		if d == 0 {
			gap = wrote
			continue
		}
		if gap {
			b.WriteString("零")
			gap = false
		}
		if !(u.v == 10 && d == 1 && first && !wrote) {
			b.WriteString(cnDigits[d])
		}
		b.WriteString(u.s)
		wrote = true
	}
}
