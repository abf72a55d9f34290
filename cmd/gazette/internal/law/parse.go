package law

import (
	"strings"
	"unicode/utf8"
)

// Parse finds the parts, articles, final signature and citations of a
// document's Markdown body (see the package doc for what is recognised).
// Every Span it returns is a range of body.
func Parse(body string, o Options) *Doc {
	lines := strings.Count(body, "\n") + 1
	p := &parser{s: body, cands: make([]cand, 0, lines/4+4)}
	p.scan()
	d := &Doc{Signature: findSignature(body)}
	end := len(body)
	if d.Signature != nil {
		end = d.Signature.Span.Start
	}
	p.accept()
	d.Parts, d.code = p.parts, p.code
	p.nest(d, end)
	d.Citations, d.Convention = cite(body, d, o)
	return d
}

// A line of the body, without its newline.
type line struct {
	start, end int
	text       int  // where its words start: after indentation, # marks and **
	level      int  // Markdown heading level, 0 for none
	skip       bool // in a fenced code block, a table row, a quotation
}

func (l line) blank() bool { return l.text >= l.end }

// A cand is a place that may start an article.
type cand struct {
	start  int // where the article's span starts
	mark   Span
	text   int // where its words start
	num    Num
	arabic bool
	strong bool // a separator follows the number, or it is a heading
	runIn  bool // inside a line, after the end of a sentence
	level  int
}

type parser struct {
	s        string
	cands    []cand
	articles []cand
	parts    []Part
	paraBuf  []Para
	itemBuf  []Item
	code     []Span // fenced code blocks
}

// scan reads the body line by line, noting the parts and the places that
// may start an article.
func (p *parser) scan() {
	s := p.s
	fence := false
	for start := 0; start <= len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		l := readLine(s, start, end)
		if t := s[l.text:l.end]; strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			if fence = !fence; fence {
				p.code = append(p.code, Span{start, len(s)})
			} else {
				p.code[len(p.code)-1].End = end
			}
			l.skip = true
		} else if fence {
			l.skip = true
		}
		if !l.skip && !l.blank() {
			p.heads(l)
		}
		start = end + 1
	}
}

// readLine reads the line s[start:end]: its indentation, heading marks
// and bold are passed over; a table row or a quotation is skipped.
func readLine(s string, start, end int) line {
	l := line{start: start, end: end}
	i := start
	for i < end {
		r, w := utf8.DecodeRuneInString(s[i:end])
		if !isSpace(r) {
			break
		}
		i += w
	}
	n := 0
	for i+n < end && s[i+n] == '#' {
		n++
	}
	if n >= 1 && n <= 6 && (i+n == end || s[i+n] == ' ' || s[i+n] == '\t') {
		l.level = n
		i += n
		i += spaces(s[i:end], end-i)
	}
	if strings.HasPrefix(s[i:end], "**") {
		i += 2
	}
	for end > i {
		r, w := utf8.DecodeLastRuneInString(s[i:end])
		if !isSpace(r) {
			break
		}
		end -= w
	}
	l.text, l.end = i, end
	l.skip = strings.HasPrefix(s[i:end], "|") || strings.HasPrefix(s[i:end], ">")
	return l
}

// heads notes what line l may head: an article, a part, or articles run
// into the line after the end of a sentence.
func (p *parser) heads(l line) {
	s := p.s
	t := s[l.text:l.end]
	h, ok := readHead(t)
	rest := ""
	if ok {
		rest = t[h.size:]
	}
	switch {
	case l.level > 0 && ok && h.unit == uArticle:
		p.cands = append(p.cands, p.cand(l.start, l.text, h, true, l))
	case l.level > 0 && ok && h.unit.partKind() != Heading:
		p.part(l, h.unit.partKind(), h.num, rest)
	case l.level > 0:
		p.part(l, Heading, Num{}, t)
	case ok && h.unit == uArticle:
		strong := separated(rest)
		if strong || continues(rest) {
			p.cands = append(p.cands, p.cand(l.start, l.text, h, strong, l))
		}
	case ok && h.unit >= uBook && plainPart(rest):
		p.part(l, h.unit.partKind(), h.num, rest)
	}
	if l.level == 0 {
		p.runIns(l)
	}
}

func (p *parser) cand(start, at int, h head, strong bool, l line) cand {
	c := cand{start: start, mark: Span{at, at + h.size}, num: h.num, arabic: h.arabic, strong: strong, level: l.level}
	c.text = c.mark.End + spaces(p.s[c.mark.End:l.end], l.end-c.mark.End)
	if strings.HasPrefix(p.s[c.text:l.end], "**") {
		c.text += 2
		c.text += spaces(p.s[c.text:l.end], l.end-c.text)
	}
	return c
}

func (p *parser) part(l line, k Kind, n Num, title string) {
	title = strings.Trim(title, " \t\u3000*#：:")
	p.parts = append(p.parts, Part{Kind: k, Num: n, Title: title, Parent: -1, Span: Span{l.start, l.end}, level: l.level})
}

// runIns notes the articles run into line l after the end of a sentence
// and white space (。 第二條 …), as when paragraphs were joined.
func (p *parser) runIns(l line) {
	s := p.s
	for i := l.text; i < l.end; {
		j := indexAfterSpace(s[i:l.end])
		if j < 0 {
			return
		}
		j += i
		i = j + len(di)
		k := j
		for k > l.text {
			r, w := utf8.DecodeLastRuneInString(s[l.text:k])
			if !isSpace(r) {
				break
			}
			k -= w
		}
		if k == l.text {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(s[l.text:k]); !strings.ContainsRune("。；！？", r) {
			continue
		}
		if h, ok := readHead(s[j:l.end]); ok && h.unit == uArticle && separated(s[j+h.size:l.end]) {
			c := p.cand(j, j, h, true, l)
			c.runIn = true
			p.cands = append(p.cands, c)
		}
	}
}

// indexAfterSpace returns the offset of the first 第 in t that follows a
// space or an ideographic space, or -1.
func indexAfterSpace(t string) int {
	j := -1
	for _, sp := range []string{" " + di, "\u3000" + di} {
		if k := strings.Index(t, sp); k >= 0 && (j < 0 || k+len(sp)-len(di) < j) {
			j = k + len(sp) - len(di)
		}
	}
	return j
}

// separated says whether what follows an article's number sets it apart
// as a heading: nothing, white space, a colon, the end of bold, 【 (a
// title), or （刪除）.
func separated(rest string) bool {
	if rest == "" || strings.HasPrefix(rest, "**") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if isSpace(r) || r == '：' || r == ':' || r == '【' {
		return true
	}
	return strings.HasPrefix(rest, "（刪除") || strings.HasPrefix(rest, "（删除")
}

// notHeading lists the characters that, right after 第N條, make it the
// subject of a sentence that cites it rather than a heading: 第十條規定…,
// 第十條第二款…, 第十條、第十一條….
const notHeading = "第之、，,；;。及至到和与與或的规規所中但前后後以项項款目章节節条條）)"

// continues says whether the words after 第N條 with no separator may
// still be an article's text (第三十五 条农村生活污水…).
func continues(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return r >= 0x4e00 && r <= 0x9fff && !strings.ContainsRune(notHeading, r)
}

// plainPart says whether the words after 第N章 on a line that is not a
// Markdown heading make it a part's heading: a short title, no sentence.
func plainPart(rest string) bool {
	rest = strings.TrimSuffix(rest, "**")
	if rest != "" && !separated(rest) && !continues(rest) {
		return false
	}
	return utf8.RuneCountInString(rest) <= 30 && !strings.ContainsAny(rest, "。，；：、,;:？！")
}

// accept keeps the candidates that start articles. One a separator sets
// apart, or a heading, always does; one without a separator, or run into
// a line, only where its number follows the last article's, written in
// the same numerals (a reader takes 第三十五 条农村… after 第三十四條 as an
// article, 第一百十五條陳報… after 第 114 條 as a sentence).
func (p *parser) accept() {
	var last *cand
	p.articles = p.cands[:0]
	for _, c := range p.cands {
		ok := c.strong && !c.runIn
		if !ok && last != nil {
			ok = c.num.follows(last.num) && c.arabic == last.arabic
		}
		if !ok && last == nil && !c.runIn {
			ok = c.num == Num{1, 0}
		}
		if ok {
			p.articles = append(p.articles, c)
			last = &p.articles[len(p.articles)-1]
		}
	}
}
