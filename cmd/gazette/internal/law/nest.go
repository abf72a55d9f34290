package law

import (
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// nest puts the parts inside one another and the articles inside the
// parts, and cuts each article's span and paragraphs; no article runs past
// end (where the signature starts).
func (p *parser) nest(d *Doc, end int) {
	var levels [len(kindNames)]int // the Markdown level of each kind's first heading
	for _, pt := range p.parts {
		if pt.level > 0 && levels[pt.Kind] == 0 {
			levels[pt.Kind] = pt.level
		}
	}
	var (
		stack []int // the parts open at this point
		path  []int // a copy of stack, shared by the articles under it
		pi    int   // the next part
	)
	enter := func() {
		pt := &p.parts[pi]
		if pt.level == 0 { // a plain line
			pt.level = levels[pt.Kind]
			if pt.level == 0 {
				pt.level = int(pt.Kind) // 編 1, 分編 2, 章 3, …
			}
		}
		for len(stack) > 0 && p.parts[stack[len(stack)-1]].level >= pt.level {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			pt.Parent = stack[len(stack)-1]
		}
		stack = append(stack, pi)
		path = append([]int(nil), stack...)
		pi++
	}
	d.Articles = make([]Article, 0, len(p.articles))
	if len(p.articles) > 0 {
		// One backing array for the paragraphs of all articles, one for
		// their items, sized to the blocks of the body (the articles split
		// a few more).
		blocks := strings.Count(p.s, "\n\n") + 1
		p.paraBuf, p.itemBuf = make([]Para, 0, blocks+len(p.articles)), make([]Item, 0, blocks/2+1)
	}
	for ai, c := range p.articles {
		for pi < len(p.parts) && p.parts[pi].Span.Start < c.start {
			enter()
		}
		stop := end
		if c.start >= end { // an article after the signature, in an attachment
			stop = len(p.s)
		}
		if ai+1 < len(p.articles) {
			stop = min(stop, p.articles[ai+1].start)
		}
		if pi < len(p.parts) {
			stop = min(stop, p.parts[pi].Span.Start)
		}
		a := Article{Num: c.num, Path: path, Span: trimSpan(p.s, c.start, stop), Mark: c.mark}
		a.Paras = p.paras(c, a.Span.End)
		d.Articles = append(d.Articles, a)
	}
	for pi < len(p.parts) {
		enter()
	}
}

// paras cuts the text of article c, up to end, into paragraphs and their
// items. A paragraph is a block of lines (Markdown's: blank lines part
// them); a block that opens with an item number in the article's item
// style (the first one it uses: 一、 or （一） or 1. …) is the next item of
// the paragraph before it when the number follows; a block in another
// style belongs to the item before it (a 目 inside a 項).
func (p *parser) paras(c cand, end int) []Para {
	s := p.s
	start := c.text
	if c.level > 0 {
		// A heading's words are a title unless they are a sentence.
		eol := strings.IndexByte(s[start:end], '\n')
		if eol < 0 {
			eol = end - start
		}
		if !strings.ContainsAny(s[start:start+eol], "。，；") {
			start += eol
		}
	}
	var style itemStyle
	first := len(p.paraBuf)
	for start < end {
		b, next := block(s, start, end)
		start = next
		if b.Start >= b.End {
			continue
		}
		st, n := itemMark(s[b.Start:b.End])
		if style == noItem && st != noItem && n == 1 {
			style = st
		}
		var cur *Para
		if len(p.paraBuf) > first {
			cur = &p.paraBuf[len(p.paraBuf)-1]
		}
		switch {
		case st != noItem && st == style && (cur == nil && n == 1 || cur != nil && n == len(cur.Items)+1):
			if cur == nil {
				p.paraBuf = append(p.paraBuf, Para{Span: b})
				cur = &p.paraBuf[len(p.paraBuf)-1]
			}
			from := len(p.itemBuf) - len(cur.Items)
			p.itemBuf = append(p.itemBuf, Item{N: n, Span: b})
			cur.Items = p.itemBuf[from:len(p.itemBuf):len(p.itemBuf)]
			cur.Span.End = b.End
		case st != noItem && st != style && cur != nil && len(cur.Items) > 0:
			cur.Items[len(cur.Items)-1].Span.End = b.End
			cur.Span.End = b.End
		default:
			p.paraBuf = append(p.paraBuf, Para{Span: b})
		}
	}
	return p.paraBuf[first:len(p.paraBuf):len(p.paraBuf)]
}

// block returns the text of the block of lines at start, less white
// space, and where the next block may start: after the blank line that
// ends it, or end.
func block(s string, start, end int) (Span, int) {
	for i := start; i < end; {
		le := lineEnd(s, i, end)
		if le >= end {
			break
		}
		next := lineEnd(s, le+1, end)
		if t := trimSpan(s, le+1, next); t.Start >= t.End {
			return trimSpan(s, start, le), next
		}
		i = le + 1
	}
	return trimSpan(s, start, end), end
}

func lineEnd(s string, i, end int) int {
	if nl := strings.IndexByte(s[i:end], '\n'); nl >= 0 {
		return i + nl
	}
	return end
}

type itemStyle uint8

const (
	noItem   itemStyle = iota
	cnComma            // 一、
	cnParen            // （一）
	numDot             // 1. 1、 1．
	numParen           // （1）
)

// itemMark reads the item number a block opens with, if any.
func itemMark(t string) (itemStyle, int) {
	paren := false
	i := 0
	if r, w := utf8.DecodeRuneInString(t); r == '（' || r == '(' {
		paren, i = true, w
	}
	n, w := zh.Numeral(t[i:])
	if w == 0 || n == 0 {
		return noItem, 0
	}
	arabic := t[i] < utf8.RuneSelf || t[i] == 0xef
	i += w
	r, _ := utf8.DecodeRuneInString(t[i:])
	switch {
	case paren && (r == '）' || r == ')'):
		if arabic {
			return numParen, n
		}
		return cnParen, n
	case paren:
		return noItem, 0
	case r == '、' && !arabic:
		return cnComma, n
	case arabic && (r == '、' || r == '．' || r == '.' && (i+1 >= len(t) || t[i+1] < '0' || t[i+1] > '9')):
		return numDot, n
	}
	return noItem, 0
}
