// Package law reads the structure of a legal document and the citations in
// any text: what a document's articles (條) are, where each one starts and
// ends, the parts above them (編, 章, 節), the paragraphs and items inside
// them, the signature block (落款) at its end, and every place that cites a
// document or an article — and, given a small index of the archive, which
// document and article a citation means. It reads only the text it is
// given: nothing here loads, renders or writes.
//
//	d := law.Parse(body, law.Options{Title: title}) // a document's Markdown body
//	cs := law.Cite(summary, law.Options{})          // any other text
//	l := law.Resolve(index, d.Citations[0], law.Version{ID: id, Date: date, Articles: d.Anchors()})
//
// Every Span is a range of byte offsets into the text parsed, so the
// renderer can set an anchor or a link at it and the search index can cut an
// article's text out of the body.
//
// # Articles
//
// An article's heading is 第, a number and 條 (or 条), with white space
// allowed around the number: 第十二條, 第十二条, 第 12 條, 第１２条. The
// number is written in Chinese numerals, either script and either style
// (十二, 二十三, 一百零五, 一百十五, 两百: see zh.Numeral) or in digits. An
// article inserted after another is 第五條之一 or 第 5-1 條. Its anchor is
// "a" and the number, the same whatever the script and numerals: a12, a5-1.
//
// A heading stands at the start of a line, after any indentation, Markdown
// heading marks (### 第一條 立法目的) or bold (**第一條**), and is set apart
// from the article's words: by white space (an ideographic space too), a
// colon, the end of the bold, 【 (a title), （刪除）, or the end of the line.
// A line that opens with 第N條 and goes straight on is a citation, not a
// heading (第十二條規定的…, 第十二條第二款…) — with one exception a reader
// makes too: a number that follows the last article's, written in the same
// numerals (第三十五 条农村… after 第三十四条). An article run into a line
// after the end of a sentence (…制定本規則。 第二條 凡…), as when a source's
// paragraphs were joined, is a heading when it is set apart and its number
// follows the last article's. Nothing in a fenced code block, a table row or
// a quotation is a heading; numbers need not run without gaps (a source may
// lack an article).
//
// An article's Span runs from its heading to the start of the next
// article, of the next part heading, or of the signature. Its paragraphs
// (the 款 of the mainland's statutes, the 項 of Taiwan's) are its blocks of
// lines, as Markdown parts them; the first begins after the heading's
// separator. When the heading is a Markdown heading, its words are the
// article's title and not a paragraph, unless they are a sentence (hold
// 。，；). A block that opens with an item number is the next item of the
// paragraph before it (the 項 of the mainland, the 款 of Taiwan): the
// article's first item style among 一、, （一）, 1. (1、, 1．) and （1）
// decides which blocks are items, each numbered one after the other from
// 一; a block in another style belongs to the item before it (a 目).
//
// # Parts
//
// 第N編 (编), 第N分編, 第N章 and 第N節 (节) head parts, as a Markdown
// heading or as a short line of their own with no sentence in it (第五章
// 法律責任). 第N款 and 第N目 head parts only as Markdown headings (Taiwan's
// 民法 divides a 節 so), and any other Markdown heading is a part of kind
// Heading (## 附件, ## 一、管辖). A part lies inside the one before it of a
// shallower Markdown heading level; a part that is a plain line takes the
// level of its kind's Markdown headings in the document, or its kind's
// rank (編 above 分編 above 章 above 節). Article.Path lists the parts an
// article lies in, outermost first.
//
// # The signature
//
// The 落款 is found at the end of a body: a line that is only a date
// (2025年3月10日, 二〇二五年三月十日, 中華民國114年3月10日), with up to five
// lines above it that each name an organ or a signer (at most 30
// characters, no sentence punctuation, not a list item, an item number or
// 特此通知), followed by nothing but notes in brackets ((此件公開發布)) and a
// list of attachments under a 附件 heading. No article runs into it.
//
// # Citations
//
// Each place a text cites is a Citation with its Span, the Name it gives
// (a title, or the words that end in one), the Key the archive is looked
// up by, and the Article, paragraph (Para) and Item it cites, if any:
//
//	《中华人民共和国种子法》          ByTitle, the document       key 种子法
//	《種子法》第十二條第二款          ByTitle, a12, Para 2        key 种子法
//	《种子法》第十二条、第十三条和第十五条  three citations of one title, each its own Span
//	《刑法修正案（九）》第1、2条       two citations: a1 and a2
//	《條例》第十條                   where the text defined （以下简称《條例》）: the full title
//	同法第三十条, 該條例第五條        the title or name cited last (ByTitle, ByName)
//	依照種子法第七十七條             ByName: a title without 《》 ends the words before 第
//	本法第五條, 本實施細則第三條      Self: the citing document
//	本條第二款, 前條, 前款, 前項      Self, resolved in Parse to an article and paragraph
//	第五條, 第二十四條至第二十六條     Bare: the document the text is about
//	長府發〔2024〕3號, 长府发[2024]第3号, 國辦發（2024）3號, 国务院令第588号,
//	主席令第三十一号, 公告2018年第31号, 台統（一）義字第0846號
//	                                ByNumber: a 文號, key zh.DocNumberKey
//
// A citation's Name for ByName and ByNumber is the run of characters before
// it, less the words that lead into a name (根據, 依照, 和, 違反, …) and a
// date: the title or 文號 is one of its endings, and Resolve finds which. A
// chapter before the article is passed over (《條例》第二章第十條 cites a10);
// 第XX條, 第一次修正 and 第六章 cite no article. Citations in a fenced code
// block are not read, nor the abbreviation where it is defined.
//
// Para and Item follow the document's Convention. On the mainland an
// article's paragraphs are 款 and its items 項 (第二款第三項); in Taiwan its
// paragraphs are 項 and its items 款 (第二項第三款). Parse and Cite read the
// convention from the text unless told: the order of 款 and 項 where a
// citation names both (前項第一款 is Taiwan's), then headings in digits with
// spaces (第 1 條, Taiwan's database) or a date 中華民國…年 near the top
// (Taiwan), else the mainland. 前條 is the article before the one it stands
// in; 前款 and 前項 the paragraph or item before, by the convention; 本條 the
// article it stands in. Cite, which knows no articles, drops them.
//
// Bare citations are the document's own articles in a statute. In a decision
// that amends a document, which Options.Title names (关于修改《城市道路管理条例》的决定,
// 中华人民共和国刑法修正案（十一）), they and 本法, 本條例 (in the quoted new
// text) cite the document amended, and are ByTitle.
//
// # Resolution
//
// Resolve looks a citation up in an Index — the archive's documents by
// TitleKey of their titles and by zh.DocNumberKey of their 文號, each a
// Version with its date and its articles' anchors — and returns a Link:
// the document, the article's anchor, and the Span to link (for ByName and
// ByNumber, from where the title or 文號 found begins). TitleKey folds
// script, width and case, drops 中華人民共和國 and 中華民國 (so a short
// title finds its law) and a closing note that dates a version (（2019年
// 修正）). Self and Bare citations resolve to the citing document, given as
// from. Where several versions share a title, the one in force at from.Date
// is taken: the latest that took effect by then, or the earliest. Two
// documents of one date are Ambiguous; none is Unresolved; a document that
// lacks the article cited is NoArticle, never a link to its top.
//
// # Versions
//
// Align pairs the articles of two versions of one document (Doc.Texts gives
// each article's words without its number) and returns the rows of their
// 條文對照表, in the new version's order:
//
//	same      the same words, under zh's folding: a change of script or
//	          width alone (第５條 → 第5条, 條例 → 条例) is no change
//	changed   with Diff, the characters deleted and inserted, diffed rune by
//	          rune under the same folding
//	added     第五條之一, or any article the old version lacks
//	removed   placed after the row of the old article before it
//	split     one old article, several new ones beside each other
//	merged    several old articles beside each other, one new one
//
// An article pairs by its words, not its number: first in order (the
// weighted longest common subsequence of the two lists, where a pair weighs
// the Dice coefficient of the articles' character bigrams, plus a little for
// a common number), so an article renumbered by an insertion or a removal
// before it keeps its pairing (Row.Renumbered); then out of order, for the
// articles left over, by the most alike (Row.Moved); then two pairs that
// are each far more alike crossed are crossed. An article that keeps its
// number and says only （刪除） pairs with its old words. An article left over
// beside a paired one is a piece of a split or merge when it is made of the
// other side's words and adds to how much of them its side covers.
//
// Parse reads a body in a few passes, line by line and then for its
// citations, without regular expressions: its cost grows linearly with the
// length of the text.
package law
