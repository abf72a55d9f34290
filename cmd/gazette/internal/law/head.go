package law

import (
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// A unit is what a 第N… numbers.
type unit uint8

const (
	uNone    unit = iota
	uArticle      // 條
	uKuan         // 款
	uXiang        // 項
	uMu           // 目
	uBook         // 編
	uSubBook      // 分編
	uChapter      // 章
	uSection      // 節
)

// partKind is the Kind of a part numbered in unit u, for the units that
// can head parts.
func (u unit) partKind() Kind {
	switch u {
	case uBook:
		return Book
	case uSubBook:
		return SubBook
	case uChapter:
		return Chapter
	case uSection:
		return Section
	case uKuan:
		return Subsection
	case uMu:
		return Division
	}
	return Heading
}

// A head is 第…N…unit as read at the start of a text: 第十二條, 第 6-1 條,
// 第五條之一, 第（三）項, 第一分編.
type head struct {
	num    Num
	unit   unit
	size   int  // bytes, from 第 to the end of the unit or its 之N
	arabic bool // the number is in digits
}

const di = "第"

// readHead reads a head at the start of s; ok is false when s does not
// start with one.
func readHead(s string) (h head, ok bool) {
	if !strings.HasPrefix(s, di) {
		return h, false
	}
	i := len(di)
	i += spaces(s[i:], 2)
	paren := false
	if r, w := utf8.DecodeRuneInString(s[i:]); r == '（' || r == '(' {
		paren = true
		i += w
	}
	n, w := zh.Numeral(s[i:])
	if w == 0 || n <= 0 {
		return h, false
	}
	h.arabic = s[i] < utf8.RuneSelf || s[i] == 0xef // ASCII or full-width digits
	i += w
	h.num.N = n
	if paren {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != '）' && r != ')' {
			return h, false
		}
		i += w
	}
	if h.arabic {
		if r, w := utf8.DecodeRuneInString(s[i:]); r == '-' || r == '－' || r == '–' {
			if sub, sw := zh.Numeral(s[i+w:]); sw > 0 && sub > 0 {
				h.num.Sub = sub
				i += w + sw
			}
		}
	}
	i += spaces(s[i:], 2)
	r, w := utf8.DecodeRuneInString(s[i:])
	switch r {
	case '條', '条':
		h.unit = uArticle
	case '款':
		h.unit = uKuan
	case '項', '项':
		h.unit = uXiang
	case '目':
		h.unit = uMu
	case '編', '编':
		h.unit = uBook
	case '章':
		h.unit = uChapter
	case '節', '节':
		h.unit = uSection
	case '分':
		if r2, w2 := utf8.DecodeRuneInString(s[i+w:]); r2 == '編' || r2 == '编' {
			h.unit = uSubBook
			w += w2
		}
	}
	if h.unit == uNone || paren && h.unit != uKuan && h.unit != uXiang {
		return h, false
	}
	i += w
	if (h.unit == uArticle || h.unit == uBook) && h.num.Sub == 0 && strings.HasPrefix(s[i:], "之") {
		if sub, sw := zh.Numeral(s[i+len("之"):]); sw > 0 && sub > 0 {
			h.num.Sub = sub
			i += len("之") + sw
		}
	}
	h.size = i
	return h, true
}

// spaces returns the bytes taken by at most max white-space runes
// (space, tab, ideographic space, no-break space) at the start of s.
func spaces(s string, max int) int {
	i := 0
	for k := 0; k < max && i < len(s); k++ {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		i += w
	}
	return i
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\u3000' || r == '\u00a0'
}

// trimSpan returns the span of s[start:end] less white space at either
// end.
func trimSpan(s string, start, end int) Span {
	for start < end {
		r, w := utf8.DecodeRuneInString(s[start:end])
		if !isSpace(r) && r != '\n' {
			break
		}
		start += w
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(s[start:end])
		if !isSpace(r) && r != '\n' {
			break
		}
		end -= w
	}
	return Span{start, end}
}
