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
//     is the same thing for 98% of matches and keeps the index four times
//     smaller.
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
// all of it). Matches are looked for in the first 4,096 characters of the
// body; a body that has none there shows its beginning.
//
// # The index
//
// One Bleve (scorch) index in a directory. Text is folded, then indexed as
// the unigram and the bigram at each Chinese character, and each Latin or
// digit word; the title and the 文號 are made canonical first, so that their
// grams run across punctuation. Build is incremental: the content hash of
// every record is kept inside the index, and a Build over the previous
// index reindexes only the changed records and deletes the removed ones,
// in a copy, so the previous index stays usable whatever happens to the
// Build.
//
// An open Index reads into memory, once, the keyword fields and dates of
// every document and its canonical title and 文號 (tens of bytes a
// document). A search reads the postings of its words as bitmaps, combines
// them, and filters, counts facets and computes each match's tier and
// coverage from memory in one pass (a search of one word without filters
// computes them only for the matches that can make the page: see fast.go);
// it scores body relevance only for the hits that can still make the page,
// and loads stored text only for the hits of the page. It caches the results of the most recent queries
// (cacheSize; an open index never changes), unless opened with
// OpenOptions.NoCache.
package search
