// Package search is the full-text index of the archive: Build writes it from
// Records, Open and Search read it. It hides Bleve: no exported identifier
// mentions a Bleve type.
//
// # Query syntax
//
// The query text is split into words at white space (including the
// full-width space). A document matches when every word is found in its
// heading — title, 文號 or 索引號, issuing organ — or its body, and a word
// that is a year is also found in the year the document was published.
//
//   - "精確短語" (straight or curly quotes, in either script): the words
//     inside, white space included, are one word whose parts must be
//     adjacent: "中华人民共和国 刑法" finds 中华人民共和国刑法.
//   - -詞 (or －詞) excludes the documents that have the word (or -"a
//     phrase"): 食品安全法 -实施条例. A query of exclusions only is every
//     other document, newest first.
//   - Nothing is an error: an unbalanced quote, a lone minus and any other
//     punctuation are text, and punctuation inside a word only separates
//     its parts, which must then appear in that order with nothing but
//     punctuation between them.
//   - Any run of Chinese characters matches wherever it occurs, also inside
//     longer words: 港 finds 港 and 香港, 民政府 finds 人民政府 and not a
//     text that only has 民 and 政府 apart. In the heading a word must occur
//     as written, punctuation aside (刑法修正案十一 is in
//     刑法修正案（十一）); in the body, each overlapping pair of its
//     characters must occur (民政 and 政府 for 民政府), which on the corpus
//     is nearly always the same thing and keeps the index much smaller
//     than positions would (BENCHMARKS.md has the figures).
//   - Script, width and case do not matter: the text and the query are both
//     folded to Simplified Chinese (OpenCC t2s), half-width ASCII and lower
//     case, so 长春 政府办公厅 finds 長春市人民政府辦公廳, 中华民国 finds
//     中華民國 and ＡＢＣ finds abc. Hits are shown in their own script.
//   - Latin letters and digits match as whole words: 2024 finds 2024年 but
//     not 20240. Four digits from 1900 to 2099, alone or before 年, also
//     find the documents published in that year: 2024年 供热.
//   - A query that is a 文號 or 索引號, in any of its spellings, puts that
//     document first: 長府發〔2024〕3號, 长府发[2024]3号, 長府發(2024)3號 and
//     长府发2024年3号 all have the key zh.DocNumberKey returns.
//   - A word typed without spaces is split into the parts it is made of,
//     each of which must then be found as a word would (split.go): the
//     names the index knows (titles without their country prefix, the
//     prefixes, organs, topics, and words naming a kind of instrument:
//     解释, 规定, 修正案, 实施条例, …), references numbered in either numeral
//     system (第23条, 第五条之一, 修正案（九）, 解释3), numbers and Latin
//     words (1988年), and the Han runs between them, matched by their
//     grams: 刑法第23条 is 刑法 and 第23条, 1988年宪法修正案 is 1988年,
//     宪法 and 修正案, 保险法司法解释三 is 保险法 and 解释三 (司法解释 is read
//     as 解释, what the court's titles say). A word the lexicon knows
//     whole, a 文號, a word in quotes and a split that would leave a single
//     character (人|民法|院) are not split.
//   - Numbers that number something match in either numeral system and
//     either style (zh.NumeralForms): 第23条 and 第二十三條, 第 23 条,
//     第五条之一 and 第 5-1 條, 修正案9 and 修正案（九）, 解释3 and 解释（三）.
//   - In the body, a pair of characters is indexed across up to two
//     punctuation marks or spaces between them, so that a clause typed
//     without its comma is found: 香港政府 finds 香港，政府.
//   - A query that matches nothing as typed is relaxed, as a last resort:
//     the words (or parts) no document holds together with the others are
//     left out, the longest kept first; when none is found at all, the
//     longest word's pairs of characters are, the most of them that one
//     document holds. Results.Relaxed lists what was left out, and the
//     page says so; Results.Total stays 0, the number of documents that
//     match the query as typed, so that "does the index hold this" is
//     still answered by it.
//   - Query.In narrows where words are looked for: InTitle, the title only;
//     InNumber, the 文號 and 索引號 only.
//   - An empty query matches every document (filters still apply), newest
//     first.
//
// The query text is at most MaxQueryRunes characters. A page holds Size
// hits (DefaultSize, at most MaxSize) and pages stop at MaxWindow results;
// a query past any of these is a *QueryError, never cut short in silence.
//
// # Ranking
//
// A clerk who types a law's name wants the law, not every text that cites
// it. Titles are compared in a canonical form — folded, with spaces,
// punctuation and 《》 dropped — and read as an optional country prefix
// (中华人民共和国, 中華民國) and a name: 中华人民共和国刑法 and 中華民國刑法
// are both named 刑法. The query's words, put together, are read the same
// way. Hits come in tiers, each before the next:
//
//  1. the query is the document's 文號 or 索引號;
//  2. the title is the query: its name, and its prefix when the query has
//     one (刑法 finds both criminal codes; 中华人民共和国 刑法 the PRC's);
//  3. the title has the query's name under another prefix;
//  4. the title is the query's name followed by implementing, amending or
//     interpreting words (实施, 施行, 修正, 修订, 增修, 解释, 细则, 补充):
//     森林法实施条例, 刑法修正案（九）, 憲法增修條文 come right after the
//     act itself;
//  5. every word is in the heading (title, 文號/索引號, organ, year);
//  6. some word is only in the body.
//
// The name a query is compared with is its words (or parts) together,
// without its article references and with its numbers in Han numerals, as
// titles write them: 刑法第23条 names 刑法, so the criminal codes come
// first, then what cites them; 刑法修正案11 names 刑法修正案十一. A word
// typed without spaces that is split into parts ranks its documents in
// two, within the heading and text tiers: those that hold the word whole
// (every pair of characters of it: a clause held whole by one document)
// before those that only hold its parts.
//
// Within a tier, titles the query words cover more of come first (a title
// that is little more than the query names the document; a province's
// 实施《…》办法 names more); then body relevance: BM25 over the body, each
// word counted by its rarest gram, a word in more than a fifth of the
// documents (法, 条) not counted at all; then validity (有效, then 已修改,
// 廢止, 失效) and the newest. Documents of one name rank by the best
// relevance among them, so they stay together and a repealed or amended
// version never comes before the version in force of the same name that
// matches as well. Sorting by date instead orders by publication day,
// newest first, then as above.
//
// # Filters, facets
//
// Section, organ, topic, category and validity filter on exact values (as
// shown in the facets; validity also in Simplified), year on the
// publication year, From and To on the publication day, inclusive. Results
// carry facets for section, organ, topic, category, year and validity: the
// 20 most frequent values among the documents matching the query and all
// the other filters. ParseQuery reads all of this from URL parameters q,
// in, section, organ, topic, category, year, validity, from, to, sort, page
// and size, and reports a bad value as a *QueryError wrapping ErrBadQuery.
//
// # Snippets
//
// Each hit has a snippet of about 120 characters of its body around the
// matches, HTML-escaped, with each match in <mark>…</mark>: every mark
// closed, none cut (a snippet that would start or end inside a match takes
// all of it). A Latin or digit word is marked only where it is a whole
// word, as it matches (8 is not marked in 第0980016649號), and a word typed
// without spaces is marked whole where the body has it whole, marks
// between its characters included (温暖过冬现就 in 溫暖過冬，現就).
// Matches are looked for in the first 4,096 characters of the body; a body
// that has none there shows its beginning.
//
// # The index
//
// One Bleve (scorch) index in a directory, behind the internal package
// store, the only one that knows Bleve: it holds documents whose text
// search has already analysed, and gives back postings as bitmaps. Text is
// folded, then indexed as the unigram and the bigram at each Chinese
// character, and each Latin or digit word; the title and the 文號 are made
// canonical first, so that their grams run across punctuation. Build is
// incremental: the key of every record (Key: the hash of the record
// itself) is kept inside the index, and a Build over the previous index
// reindexes only the changed records and deletes the removed ones, in a
// copy, so the previous index stays usable whatever happens to the Build.
// A Build that removes a record merges the index into one segment, so that
// no file of it keeps a byte of a document withdrawn (a deleted document
// stays in its segment until a merge rewrites it); one that only adds and
// changes records does not, to stay cheap.
//
// An open Index reads into memory, once, the keyword fields and dates of
// every document and its canonical title and 文號 (tens of bytes a
// document). A search reads the postings of its words as bitmaps, combines
// them, and filters, counts facets and computes each match's tier and
// coverage from memory in one pass (a search of one word without filters
// computes them only for the matches that can make the page: see fast.go);
// it scores body relevance only for the hits that can still make the page,
// and loads stored text only for the hits of the page. It caches the
// results of the most recent queries (cacheSize; an open index never
// changes), unless opened with OpenOptions.NoCache.
package search
