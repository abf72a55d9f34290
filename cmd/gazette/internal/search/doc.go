// Package search is the full-text index of the archive: Build writes it from
// Records, Open and Search read it. It hides Bleve: no exported identifier
// mentions a Bleve type.
//
// # Query syntax
//
// The query text is split into words at white space (including the
// full-width space). A document matches when every word is found in its
// title, its 文號 or 索引號, or its body. There are no operators: quotes,
// minus signs and other punctuation inside a word only separate the parts
// of the word, which must then appear in that order with nothing but
// punctuation between them.
//
//   - Any run of Chinese characters matches wherever it occurs, also inside
//     longer words: 港 finds 港 and 香港, 民政府 finds 人民政府 and not a
//     text that only has 民 and 政府 apart. In the title and 文號 a word of
//     three or more characters must occur as written; in the body, each
//     overlapping pair of its characters must occur (民政 and 政府 for
//     民政府), which on the corpus is the same thing for 98% of matches
//     and keeps the index four times smaller.
//   - Script, width and case do not matter: the text and the query are both
//     folded to Simplified Chinese (OpenCC t2s), half-width ASCII and lower
//     case, so 长春 政府办公厅 finds 長春市人民政府辦公廳, 中华民国 finds
//     中華民國 and ＡＢＣ finds abc. Hits are shown in their own script.
//   - Latin letters and digits match as whole words: 2024 finds 2024年 but
//     not 20240.
//   - A query that is a 文號 or 索引號, in any of its spellings, puts that
//     document first: 長府發〔2024〕3號, 长府发[2024]3号, 長府發(2024)3號 and
//     长府发2024年3号 all have the key zh.DocNumberKey returns.
//   - An empty query matches every document (filters still apply), newest
//     first.
//
// The query text is at most MaxQueryRunes characters. A page holds Size
// hits (DefaultSize, at most MaxSize) and pages stop at MaxWindow results.
//
// # Filters, facets, order
//
// Section, organ, topic, category and validity filter on exact values (as
// shown in the facets; validity also in Simplified), year on the
// publication year, From and To on the publication day, inclusive. Results
// carry facets for section, organ, topic, category, year and validity: the
// 20 most frequent values among the documents matching the query and all
// the other filters. Results are ordered by relevance (a match in the title
// counts four times one in the body; ties newest first) or by date, newest
// first, pages last. ParseQuery reads all of this from URL parameters q,
// section, organ, topic, category, year, validity, from, to, sort, page and
// size, and reports a bad value as a *QueryError wrapping ErrBadQuery.
//
// # Snippets
//
// Each hit has a snippet of about 120 characters of its body around the
// matches, HTML-escaped, with each match in <mark>…</mark>. Matches are
// looked for in the first 32,768 characters of the body; a body that has
// none there shows its beginning.
//
// # The index
//
// One Bleve (scorch) index in a directory. Text is folded, then indexed as
// the unigram and the bigram at each Chinese character, and each Latin or
// digit word; a query word becomes the bigrams (a phrase) or the unigram
// that cover it. Build is incremental: the content hash of every record is
// kept inside the index, and a Build over the previous index reindexes only
// the changed records and deletes the removed ones, in a copy, so the
// previous index stays usable whatever happens to the Build.
//
// An open Index reads the keyword fields and dates of every document once,
// into memory (a few bytes a document), and filters, counts facets and sorts
// from there in one pass over the text matches; only the hits of the page
// load their stored text. It caches the results of the most recent queries
// (cacheSize): the index does not change once open.
package search
