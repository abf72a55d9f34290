package law

import (
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// A CiteKind says how a citation names what it cites.
type CiteKind uint8

const (
	ByTitle  CiteKind = iota + 1 // 《種子法》, 《中华人民共和国种子法》第十二条
	ByName                       // 考試法第二十六條: a title without 《》, somewhere in the words before the article
	ByNumber                     // 長府發〔2024〕3號: a 文號, somewhere in the words that end in it
	Self                         // 本法第五條, 本條第二款, 前條, 前款: the citing document
	Bare                         // 第五條 with nothing before it: the document the text is about
)

func (k CiteKind) String() string {
	return [...]string{"same", "title", "name", "number", "self", "bare"}[k]
}

// A Citation is one place in a text that cites a document or an article.
type Citation struct {
	Kind CiteKind
	Span Span
	// Name is the title (ByTitle; the one an abbreviation stands for,
	// where the text defined it: （以下简称《条例》）), the words that end
	// in a title (ByName), or the words that end in a 文號 (ByNumber).
	Name string
	// Key is TitleKey(Name) for ByTitle and ByName, zh.DocNumberKey(Name)
	// for ByNumber.
	Key     string
	Article Num // zero when the whole document is cited
	// Para and Item are the paragraph and item cited, 1-based, 0 for
	// none: 第二款第三項 is Para 2, Item 3 on the mainland, 第二項第三款
	// is Para 2, Item 3 in Taiwan.
	Para, Item int
	// In is the index in Doc.Articles of the article the citation is
	// in, -1 outside articles and for Cite.
	In int

	nameAt int // where Name starts in the text, -1 where Span does not begin with it
}

// Cite finds the citations in a text that is not a document's body — a
// summary, a 政策解讀, a report — in which 前條 and 前款 mean nothing.
func Cite(text string, o Options) []Citation {
	out, _ := cite(text, nil, o)
	return out
}

// A citer scans a text for citations.
type citer struct {
	s       string
	d       *Doc // nil for Cite
	marks   []Span
	out     []Citation
	raw     []subs // beside out: the 款 and 項 as written
	last    int    // index in out of the last citation with a title or name, -1 for none
	aliases map[string]string
	subject string // the document an amending decision amends
	floor   int    // the end of the last citation: names are not looked for before it
	skip    Span   // an abbreviation where it is defined, not a citation
	keys    []keyed
}

type keyed struct {
	kind      CiteKind
	name, key string
}

// subs are the 款 and 項 of a citation as written, and the relative ones
// (前款, 前項) as offsets from where they stand.
type subs struct {
	kuan, xiang       int
	xiangFirst        bool // 第二項第三款: Taiwan's order
	prevKuan, prevXia bool
	doc               bool // 本法, 本條例: the document, not the article (本條, 前條)
}

func cite(s string, d *Doc, o Options) ([]Citation, Convention) {
	c := &citer{s: s, d: d, last: -1, subject: subject(o.Title)}
	c.out = make([]Citation, 0, len(s)/512+4)
	c.raw = make([]subs, 0, cap(c.out))
	if d != nil {
		c.marks = make([]Span, len(d.Articles))
		for i, a := range d.Articles {
			c.marks[i] = a.Mark
		}
	}
	mark, code := 0, 0
	for from := 0; ; {
		i, r := nextTrigger(s, from)
		if i >= len(s) {
			break
		}
		if d != nil {
			for code < len(d.code) && d.code[code].End <= i {
				code++
			}
			if code < len(d.code) && d.code[code].Start <= i {
				from = d.code[code].End
				continue
			}
		}
		next := i + utf8.RuneLen(r)
		switch r {
		case '《':
			if i == c.skip.Start && c.skip.End > i {
				next = c.skip.End
			} else {
				next = c.title(i)
			}
		case '第':
			for mark < len(c.marks) && c.marks[mark].Start < i {
				mark++
			}
			if mark < len(c.marks) && c.marks[mark].Start == i {
				next = c.marks[mark].End
			} else {
				next = c.article(i)
			}
		case '前':
			next = c.previous(i)
		default:
			next = c.number(i)
		}
		from = max(next, i+utf8.RuneLen(r))
	}
	conv := o.Convention
	if conv == Detect {
		conv = c.vote(d, s)
	}
	c.finish(conv)
	return c.out, conv
}

// nextTrigger returns the offset of the first character at or after i
// that a citation is looked for at — 《, 第, 前, and the brackets a 文號's
// year is written in — with the character, or len(s). It reads bytes,
// a three-byte character at a time: each of these is told by its three.
func nextTrigger(s string, i int) (int, rune) {
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if b == '[' || b == '(' {
				return i, rune(b)
			}
			i++
			continue
		}
		if b < 0xe0 || b >= 0xf0 || i+2 >= len(s) {
			i++
			continue
		}
		switch b1, b2 := s[i+1], s[i+2]; {
		case b == 0xe3 && b1 == 0x80 && (b2 == 0x8a || b2 == 0x94 || b2 == 0x90), // 《 〔 【
			b == 0xe7 && b1 == 0xac && b2 == 0xac,                 // 第
			b == 0xe5 && b1 == 0x89 && b2 == 0x8d,                 // 前
			b == 0xef && b1 == 0xbc && (b2 == 0x88 || b2 == 0xbb): // （ ［
			r, _ := utf8.DecodeRuneInString(s[i:])
			return i, r
		}
		i += 3
	}
	return len(s), 0
}

// title reads 《…》 at i, with the article cited after it, if any.
func (c *citer) title(i int) int {
	s := c.s
	j, depth := i+len("《"), 1
	for n := 0; j < len(s) && n < 100; n++ {
		r, w := utf8.DecodeRuneInString(s[j:])
		if r == '\n' {
			return i + len("《")
		}
		if r == '《' {
			depth++
		} else if r == '》' {
			if depth--; depth == 0 {
				break
			}
		}
		j += w
	}
	if depth != 0 || j == i+len("《") {
		return i + len("《")
	}
	name := s[i+len("《") : j]
	if full, ok := c.aliases[name]; ok {
		name = full
	}
	end := j + len("》")
	if a, at, ok := alias(s[end:]); ok {
		if c.aliases == nil {
			c.aliases = map[string]string{}
		}
		c.aliases[a] = name
		c.skip = Span{end + at.Start, end + at.End}
	}
	at := end + spaces(s[end:], 2)
	return c.refs(Citation{Kind: ByTitle, Name: name}, subs{}, i, at, end)
}

// alias reads the definition of an abbreviation in the brackets right
// after a title: （以下简称《条例》）, (以下簡稱「本法」), （法释〔2008〕5号，
// 以下简称《解释》）, （以下简称母婴保健法）. It returns the abbreviation and
// where it is written, with its marks.
func alias(s string) (string, Span, bool) {
	r, w := utf8.DecodeRuneInString(s)
	if r != '（' && r != '(' {
		return "", Span{}, false
	}
	end := strings.IndexAny(s, "）)\n")
	if end < 0 || end > 240 || s[end] == '\n' {
		return "", Span{}, false
	}
	in := s[w:end]
	k := -1
	for _, p := range []string{"以下简称", "以下簡稱", "以下称", "以下稱", "下称", "下稱", "简称", "簡稱"} {
		if j := strings.Index(in, p); j >= 0 {
			k = w + j + len(p)
			break
		}
	}
	if k < 0 {
		return "", Span{}, false
	}
	k += spaces(s[k:end], 2)
	if r, w := utf8.DecodeRuneInString(s[k:end]); r == '：' || r == ':' {
		k += w
	}
	open, ow := utf8.DecodeRuneInString(s[k:end])
	closer := map[rune]rune{'《': '》', '“': '”', '「': '」', '"': '"', '〈': '〉'}[open]
	if closer == 0 { // no marks: the rest of the brackets
		a := strings.TrimSpace(s[k:end])
		if a == "" || utf8.RuneCountInString(a) > 20 || strings.ContainsAny(a, "，、；。,;") {
			return "", Span{}, false
		}
		return a, Span{k, end}, true
	}
	j := strings.IndexRune(s[k+ow:end], closer)
	if j <= 0 {
		return "", Span{}, false
	}
	return s[k+ow : k+ow+j], Span{k, k + ow + j + utf8.RuneLen(closer)}, true
}

// refs reads the articles cited at 'at' for a citation that begins at
// start (its name ends at nameEnd): 第十二條, 第十二條第二款, 第二章第十條,
// and the ones listed after the first (、第十三條, 至第十五條, 第一款、第二款),
// each a citation of its own. With no article at 'at', the citation is of
// the whole document (a title), or nothing. It returns where reading
// stopped.
func (c *citer) refs(base Citation, with subs, start, at, nameEnd int) int {
	art, sb, end, ok := readRef(c.s, at)
	sb.doc = with.doc
	if !ok {
		if nums := sharedUnit(c.s, at); nums != nil {
			return c.shared(base, with, start, nums)
		}
	}
	if !ok || art.N == 0 && base.Kind != Self {
		if base.Kind == ByTitle {
			base.Span = Span{start, nameEnd}
			c.add(base, subs{})
			c.last = len(c.out) - 1
		}
		return nameEnd
	}
	cur := base
	cur.Span = Span{start, end}
	if art.N != 0 {
		cur.Article = art
	}
	c.add(cur, sb)
	if base.Kind == ByTitle || base.Kind == ByName {
		c.last = len(c.out) - 1
	}
	for {
		sep := listSep(c.s[end:])
		if sep == 0 {
			return end
		}
		art2, sb2, end2, ok := readRef(c.s, end+sep)
		if !ok {
			return end
		}
		next := cur
		next.Span, next.nameAt = Span{end + sep, end2}, -1
		if art2.N != 0 {
			next.Article = art2
		}
		sb2.doc = with.doc
		if art2.N == 0 && next.Article.N == 0 && base.Kind == Self {
			return end
		}
		c.add(next, sb2)
		cur, end = next, end2
	}
}

// sharedUnit reads numbers listed under one 條 at i: 第1、2条,
// 第三、四、五条. It returns each number with where it ends (the last one
// after the 條), or nil.
func sharedUnit(s string, i int) []Num {
	if !strings.HasPrefix(s[i:], di) {
		return nil
	}
	var nums []Num // N the number, Sub where it ends
	j := i + len(di)
	for {
		n, w := zh.Numeral(s[j:])
		if w == 0 || n == 0 {
			return nil
		}
		j += w
		nums = append(nums, Num{n, j})
		if strings.HasPrefix(s[j:], "、") {
			j += len("、")
			continue
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if len(nums) < 2 || r != '條' && r != '条' {
			return nil
		}
		nums[len(nums)-1].Sub = j + w
		return nums
	}
}

// shared adds a citation for each number of 第1、2条, each spanning its
// number (the first from start, the last to the 條).
func (c *citer) shared(base Citation, with subs, start int, nums []Num) int {
	from := start
	for k, n := range nums {
		base.Span, base.Article = Span{from, n.Sub}, Num{N: n.N}
		c.add(base, with)
		if k == 0 && (base.Kind == ByTitle || base.Kind == ByName) {
			c.last = len(c.out) - 1
		}
		base.nameAt = -1
		from = n.Sub + len("、")
	}
	return nums[len(nums)-1].Sub
}

// listSep returns the bytes of a separator of listed articles at the
// start of s, if 第 follows it.
func listSep(s string) int {
	for _, p := range []string{"、", "和", "及", "以及", "与", "與", "或者", "或", "至", "到", "，", ","} {
		if strings.HasPrefix(s, p) && strings.HasPrefix(s[len(p):], di) {
			return len(p)
		}
	}
	return 0
}

// readRef reads at i what a citation names inside a document:
// 第十二條(之一)(第二款)(第三項), or 第二款(第三項) alone (art is then
// zero), with a part before the article skipped (第二章第十條).
func readRef(s string, i int) (art Num, sb subs, end int, ok bool) {
	h, ok := readHead(s[i:])
	if !ok {
		return art, sb, i, false
	}
	if h.unit >= uBook {
		h2, ok2 := readHead(s[i+h.size:])
		if !ok2 || h2.unit != uArticle {
			return art, sb, i, false
		}
		i += h.size
		h = h2
	}
	switch h.unit {
	case uArticle:
		art = h.num
	case uKuan:
		sb.kuan = h.num.N
	case uXiang:
		sb.xiang, sb.xiangFirst = h.num.N, true
	default:
		return art, sb, i, false
	}
	i += h.size
	for k := 0; k < 2; k++ {
		h, ok := readHead(s[i:])
		if !ok || h.num.Sub != 0 {
			break
		}
		if h.unit == uKuan && sb.kuan == 0 {
			sb.kuan = h.num.N
		} else if h.unit == uXiang && sb.xiang == 0 {
			sb.xiang = h.num.N
			sb.xiangFirst = sb.kuan == 0
		} else {
			break
		}
		i += h.size
	}
	return art, sb, i, true
}

func (c *citer) add(ct Citation, sb subs) {
	ct.In = -1
	c.out = append(c.out, ct)
	c.raw = append(c.raw, sb)
	c.floor = max(c.floor, ct.Span.End)
}
