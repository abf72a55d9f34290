package law

import (
	"sort"
	"strings"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// article reads a citation that starts with 第 at i: a bare 第N條, or the
// end of one whose name comes before it (本法第五條, 同法第五條,
// 考試法第五條, 本條第二款). The words before it were passed over.
func (c *citer) article(i int) int {
	s := c.s
	if _, _, _, ok := readRef(s, i); !ok && sharedUnit(s, i) == nil {
		return c.orderNumber(i)
	}
	start, kind, word := nameBefore(s, c.floor, i)
	base := Citation{Kind: kind}
	var sb subs
	switch {
	case kind == ByName:
		start = trimName(s, start, i)
		base.Name, base.nameAt = s[start:i], start
		if full, ok := c.aliases[base.Name]; ok { // 条例第五条, after （以下简称《条例》）
			base.Kind, base.Name = ByTitle, full
		}
	case kind == Self && isArticleWord(word): // 本條第二款
		if c.d == nil {
			return i + len(di)
		}
		if base.Article = c.articleAt(i); base.Article.N == 0 {
			return i + len(di)
		}
	case kind == Self:
		sb.doc = true
	case kind == sameAs:
		if c.last < 0 {
			return i + len(di)
		}
		base = c.out[c.last]
		base.nameAt = -1
		if !isArticleWord(word) { // 同法, not 該條
			base.Article = Num{}
		}
		base.Para, base.Item = 0, 0
	case kind == Bare:
		start = i
		if h, ok := readHead(s[i:]); ok && h.unit != uArticle {
			if c.d == nil || c.articleAt(i).N == 0 {
				return i + len(di)
			}
			base.Kind, base.Article = Self, c.articleAt(i) // 第二款: of the article it is in
		}
	}
	return c.refs(base, sb, start, i, i)
}

func isArticleWord(w string) bool { return w == "條" || w == "条" }

// sameAs is a citation by 同法, 該條例: of what was last cited by title
// or name.
const sameAs CiteKind = 0

// docWords end the name of a document, in both scripts.
var docWords = []string{
	"法", "条例", "條例", "规定", "規定", "办法", "辦法", "细则", "細則", "规则", "規則", "决定", "決定", "准则", "準則",
	"标准", "標準", "通则", "通則", "章程", "解释", "解釋", "规程", "規程", "守则", "守則", "公约", "公約", "协定", "協定",
	"条约", "條約", "纲要", "綱要", "规范", "規範", "措施", "方案", "意见", "意見", "安排", "决议", "決議", "条", "條",
}

// nameBefore looks at the words just before a 第 at i (up to 30 CJK
// characters, none before floor) and says what kind of citation they make
// of it, where its name starts, and the document word that ends it.
func nameBefore(s string, floor, i int) (int, CiteKind, string) {
	start := i
	for n := 0; n < 30 && start > floor; n++ {
		r, w := utf8.DecodeLastRuneInString(s[:start])
		if r < 0x3400 || r > 0x9fff {
			break
		}
		start -= w
	}
	run := s[start:i]
	word := ""
	for _, w := range docWords {
		if strings.HasSuffix(run, w) && len(w) > len(word) {
			word = w
		}
	}
	if word == "" {
		return i, Bare, ""
	}
	// 本法, 本條例, 本實施細則, 本條; 同法, 該條例, 上述辦法.
	head := run[:len(run)-len(word)]
	for _, m := range []string{"", "实施", "實施", "暂行", "暫行", "试行", "試行"} {
		h, ok := strings.CutSuffix(head, m)
		if !ok {
			continue
		}
		if strings.HasSuffix(h, "本") {
			return start + len(h) - len("本"), Self, word
		}
		for _, p := range []string{"同", "该", "該", "上述"} {
			if m == "" && strings.HasSuffix(h, p) {
				return start + len(h) - len(p), sameAs, word
			}
		}
	}
	if isArticleWord(word) {
		return i, Bare, "" // 依照前款、各条: not a name
	}
	return start, ByName, word
}

// previous reads 前條, 前款, 前項 at i, with what follows (前條第二款,
// 前項第一款).
func (c *citer) previous(i int) int {
	s := c.s
	r, w := utf8.DecodeRuneInString(s[i+len("前"):])
	end := i + len("前") + w
	if c.d == nil || r != '條' && r != '条' && r != '款' && r != '項' && r != '项' {
		return end
	}
	k := c.articleIndex(i)
	if k < 0 || k == 0 && (r == '條' || r == '条') {
		return end
	}
	base := Citation{Kind: Self, Span: Span{i, end}, Article: c.d.Articles[k].Num}
	var sb subs
	if r == '條' || r == '条' {
		base.Article = c.d.Articles[k-1].Num
	} else {
		sb.prevKuan, sb.prevXia = r == '款', r != '款'
	}
	if art, sb2, end2, ok := readRef(s, end); ok && art.N == 0 {
		sb.kuan, sb.xiang, sb.xiangFirst = sb2.kuan, sb2.xiang, sb2.xiangFirst
		base.Span.End, end = end2, end2
	}
	c.add(base, sb)
	return end
}

// articleIndex returns the index of the article that holds offset i, or -1.
func (c *citer) articleIndex(i int) int {
	as := c.d.Articles
	k := sort.Search(len(as), func(k int) bool { return as[k].Span.End > i })
	if k < len(as) && as[k].Span.Start <= i {
		return k
	}
	return -1
}

func (c *citer) articleAt(i int) Num {
	if k := c.articleIndex(i); k >= 0 {
		return c.d.Articles[k].Num
	}
	return Num{}
}

// finish sets what depends on the whole text: the citing article, which
// of 款 and 項 is the paragraph, the relative 前款 and 前項, the subject of
// an amending decision, and the keys.
func (c *citer) finish(conv Convention) {
	out := c.out[:0]
	for k, ct := range c.out {
		sb := c.raw[k]
		if c.d != nil {
			ct.In = c.articleIndex(ct.Span.Start)
		}
		ct.Para, ct.Item = sb.kuan, sb.xiang
		if conv == Taiwan {
			ct.Para, ct.Item = sb.xiang, sb.kuan
		}
		if sb.prevKuan || sb.prevXia {
			p, it := c.position(ct.In, ct.Span.Start)
			if sb.prevKuan == (conv == Mainland) { // the paragraph before
				ct.Para = p - 1
			} else { // the item before, in this paragraph
				ct.Para, ct.Item = p, it-1
				if it < 2 {
					continue
				}
			}
			if ct.Para < 1 {
				continue
			}
		}
		if c.subject != "" && (ct.Kind == Bare || ct.Kind == Self && sb.doc) {
			ct.Kind, ct.Name, ct.nameAt = ByTitle, c.subject, -1
		}
		ct.Key = c.key(ct.Kind, ct.Name)
		out = append(out, ct)
	}
	c.out = out
}

// key returns the key of a name, as the last citation of the same kind
// and name had it (a text cites one title many times).
func (c *citer) key(k CiteKind, name string) string {
	if k != ByTitle && k != ByName && k != ByNumber {
		return ""
	}
	for i := len(c.keys) - 1; i >= 0 && i >= len(c.keys)-8; i-- {
		if c.keys[i].kind == k && c.keys[i].name == name {
			return c.keys[i].key
		}
	}
	key := TitleKey(name)
	if k == ByNumber {
		key = zh.DocNumberKey(name)
	}
	c.keys = append(c.keys, keyed{k, name, key})
	return key
}

// position returns the 1-based paragraph of article k that holds offset
// i, and the item in it (0 for none).
func (c *citer) position(k, i int) (para, item int) {
	if k < 0 {
		return 0, 0
	}
	for pi, p := range c.d.Articles[k].Paras {
		if p.Span.Start > i {
			break
		}
		para, item = pi+1, 0
		for ii, it := range p.Items {
			if it.Span.Start <= i {
				item = ii + 1
			}
		}
	}
	return para, item
}

// vote decides the convention of a text from the way its citations order
// 款 and 項 (第二項第三款 is Taiwan's, 第二款第三项 the mainland's), then
// from its headings (第 1 條, Taiwan's database) and dates (中華民國…年).
func (c *citer) vote(d *Doc, s string) Convention {
	v := 0
	for _, sb := range c.raw {
		switch {
		case sb.kuan > 0 && sb.xiang > 0 && sb.xiangFirst, sb.prevXia && sb.kuan > 0:
			v++
		case sb.kuan > 0 && sb.xiang > 0, sb.prevKuan && sb.xiang > 0:
			v--
		}
	}
	switch {
	case v > 0:
		return Taiwan
	case v < 0:
		return Mainland
	}
	if d != nil && len(d.Articles) > 0 {
		m := d.Articles[0].Mark
		if h, _ := readHead(s[m.Start:m.End]); h.arabic && strings.Contains(s[m.Start:m.End], " ") {
			return Taiwan
		}
	}
	s = s[:min(len(s), 2000)] // where a Taiwan statute gives its history
	for k := 0; ; {
		j := strings.Index(s[k:], "中華民國")
		if j < 0 {
			return Mainland
		}
		k += j + len("中華民國")
		if n, w := zh.Numeral(s[k:]); n > 0 && strings.HasPrefix(s[k+w:], "年") {
			return Taiwan
		}
	}
}

// subject returns the document that a decision amends, from its title:
// 关于修改《X》的决定 (one title only), X修正案（十一）.
func subject(title string) string {
	t := strings.TrimSpace(title)
	if strings.Count(t, "《")+strings.Count(t, "〈") == 1 {
		for _, p := range []string{"修改《", "修改〈", "修正《", "修正〈"} {
			if _, rest, ok := strings.Cut(t, p); ok {
				if e := strings.IndexAny(rest, "》〉"); e > 0 {
					return rest[:e]
				}
			}
		}
	}
	if k := strings.LastIndex(t, "修正案"); k > 0 && !strings.ContainsAny(t, "《〈") {
		rest := t[k+len("修正案"):]
		if rest == "" || strings.HasPrefix(rest, "（") || strings.HasPrefix(rest, "(") {
			return t[:k]
		}
	}
	return ""
}
