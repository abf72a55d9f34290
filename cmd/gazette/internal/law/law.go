package law

import (
	"strconv"
	"time"
)

// A Span is a range of byte offsets into the parsed text: text[Start:End].
type Span struct{ Start, End int }

// A Num is the number of an article or a part: 12 for 第十二條, 5-1 for
// 第五條之一 and 第 5-1 條.
type Num struct{ N, Sub int }

// String writes n as the anchor does: "12", "5-1".
func (n Num) String() string {
	s := strconv.Itoa(n.N)
	if n.Sub > 0 {
		s += "-" + strconv.Itoa(n.Sub)
	}
	return s
}

// Anchor is the fragment of an article of number n, the same in both
// scripts and in both numeral styles: "a12", "a5-1"; "" for the zero Num.
func (n Num) Anchor() string {
	if n.N == 0 {
		return ""
	}
	return "a" + n.String()
}

// follows says whether n is the number after p: 12 after 11, 5-1 after 5,
// 5-2 after 5-1, 6 after 5-1. The zero p is before 1.
func (n Num) follows(p Num) bool {
	return n.N == p.N+1 && n.Sub == 0 || n.N == p.N && n.Sub == p.Sub+1
}

// A Doc is what Parse finds in a document's body.
type Doc struct {
	Parts     []Part
	Articles  []Article
	Signature *Signature // the final 落款, nil when there is none
	Citations []Citation
	// Convention is the one the document follows, given or detected:
	// it decides which of 款 and 項 a citation's Para and Item read.
	Convention Convention

	code []Span // fenced code blocks, where nothing is cited
}

// Article returns the article with the given anchor, or nil.
func (d *Doc) Article(anchor string) *Article {
	for i := range d.Articles {
		if d.Articles[i].Num.Anchor() == anchor {
			return &d.Articles[i]
		}
	}
	return nil
}

// Anchors lists the anchors of the document's articles in order: what
// an Index gives Resolve as a Version's Articles.
func (d *Doc) Anchors() []string {
	out := make([]string, len(d.Articles))
	for i, a := range d.Articles {
		out[i] = a.Num.Anchor()
	}
	return out
}

// A Kind says what a part is.
type Kind uint8

const (
	Heading    Kind = iota // any other Markdown heading: ## 附件, ## 一、管辖
	Book                   // 編
	SubBook                // 分編
	Chapter                // 章
	Section                // 節
	Subsection             // 款, as a heading (Taiwan's 民法)
	Division               // 目, as a heading
)

var kindNames = [...]string{"", "編", "分編", "章", "節", "款", "目"}

// String is the kind's character in Traditional script, "" for Heading.
func (k Kind) String() string { return kindNames[k] }

// A Part is a heading above articles: 第一編, 第二章 總則, 第三節, or any
// other Markdown heading.
type Part struct {
	Kind   Kind
	Num    Num    // zero for a Heading
	Title  string // the words after the number, or a Heading's whole text
	Parent int    // index in Doc.Parts of the part that holds this one, -1 for none
	Span   Span   // the heading's line
	level  int    // depth for nesting: the Markdown level, or one given by kind
}

// An Article is one 條.
type Article struct {
	Num  Num
	Path []int // indexes in Doc.Parts of the parts that hold it, outermost first
	// Span runs from the heading to the end of the article's last
	// paragraph: the next article, part heading or signature starts after
	// it, and white space around it is left out.
	Span Span
	Mark Span // the number as written: 第十二條, 第 6-1 條, 第五條之一
	// Paras are its paragraphs: the 款 of the mainland's statutes, the
	// 項 of Taiwan's. A heading line's words that are not a sentence
	// (### 第一條 立法目的) are a title, not a paragraph.
	Paras []Para
}

// A Para is a paragraph of an article, with the items enumerated in it.
type Para struct {
	Span  Span // from its first word to the end of its last item
	Items []Item
}

// An Item is one enumerated item of a paragraph — the 項 of the mainland,
// （一）, the 款 of Taiwan, 一、 — with whatever is enumerated inside it.
type Item struct {
	N    int
	Span Span
}

// A Signature is a document's final 落款: the issuing organs, one a line,
// and the date.
type Signature struct {
	Span   Span     // from the first organ's line to the end of the date
	Organs []string // as written; none when the date stands alone
	Date   time.Time
}

// A Convention is the way a jurisdiction names an article's subdivisions.
type Convention uint8

const (
	Detect   Convention = iota // read it from the text (see the package doc)
	Mainland                   // 條 › 款 (paragraph) › 項 (item) › 目
	Taiwan                     // 條 › 項 (paragraph) › 款 (item) › 目
)

func (c Convention) String() string {
	return [...]string{"detect", "mainland", "taiwan"}[c]
}

// Options say what is known of a text beside its words.
type Options struct {
	// Title is the document's title. A decision that amends a document
	// (关于修改《X》的决定, X修正案) cites X where it names an article
	// without a title.
	Title      string
	Convention Convention
}
