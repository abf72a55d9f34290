// Package content loads a gazette site's sources — content/site.yaml and one
// Markdown file per document — into typed Documents, validates them, and
// resolves the relations between them. It is the first stage of the build;
// nothing in it renders, and a loaded Document never changes (what later
// stages learn of it they keep in Facts). The one file it writes is its own
// cache (Cache.Save).
//
// # Layout
//
// The section of a file is the first folder under content/:
//
//	site.yaml                              the site configuration (see Config)
//	gazette/<year>/<NN>/index.md           a gazette issue (KindIssue)
//	gazette/<year>/z<NN>/index.md          an extra edition (增刊) of that year
//	gazette/<year>/<NN>/<slug>.md          a document in that issue (KindGazette)
//	briefings/<year>/<slug>.md             政務信息 (KindBriefing)
//	news/<year>/<slug>.md                  新聞發布 and 政策解讀 (KindNews)
//	pages/<slug>.md                        standing pages, served under /about/ (KindPage)
//	reports/<year>.md                      the annual disclosure report of that year (KindReport)
//
// Any other file is an asset: it is published only when a document lists it
// (attachments, pdf), from the folder of that document. The tree holds files
// and folders only: a symbolic link anywhere in it (outside a hidden folder)
// is an error at its path, whether it leads out of the tree or not, and
// nothing it points to is read (see linkError for why).
//
// # Front matter
//
// A file starts with YAML between two "---" lines; a UTF-8 byte order mark
// and CRLF line endings are accepted. Decoding is strict: an unknown field, a
// field the kind does not use, a wrong type, a bad date or a missing required
// field is an error reported as "path:line:col: message", and every error of
// every file is reported in one run. The fields:
//
//	title          標題      required, every kind
//	date           發布日期  required except pages; YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS
//	                         (site time zone) or RFC 3339; this and every other
//	                         date lies between site.yaml's earliest_date
//	                         (default 1912-01-01) and 9999-12-31
//	written        成文日期  date, not after date
//	effective      施行日期  date
//	doc_number     文號      unique across the site
//	index_number   索引號    unique; generated when absent (see below)
//	organ          發布機構  required for gazette documents and briefings
//	category       文種/類別
//	topic          主題分類
//	validity       有效性    有效 (default), 已修改, 廢止, 失效; gazette documents only
//	expires                  date after which validity reads 失效
//	normative      行政規範性文件  true for one (a legal status, not a 文種); gazette
//	                         documents only, and never on a 規章 (site.yaml report.rules)
//	repealed_on    廢止日期  date a document became 廢止 or 失效 when no document of
//	                         the archive repeals it; needs that validity
//	amends, repeals          lists of references; superseded_by: one reference
//	previous       上一版本  one reference: the version of the same work this one
//	                         follows (see Versions; a later version in force
//	                         makes it read 已修改)
//	interprets     政策解讀  on news: one reference to the document it explains
//	attachments    附件      file names beside the Markdown file
//	history        修訂記錄  list of {date, note}; the newest is the "updated" date
//	aliases                  old URL paths that must keep working
//	tags, summary, slug, draft, lang (zh-Hant | zh-Hans), source (來源)
//
// A gazette issue's index.md takes title, year, issue, serial (總第N期), date,
// and optionally pdf, extra, gap, summary, aliases and draft:
//
//	issue          期號      the folder's number: 3 in gazette/2025/03/
//	serial         總第N期   required, except for an extra edition
//	pdf                      the whole issue as printed, a file beside index.md
//	extra          增刊      true for an extra edition: it sits in a folder
//	                         z<NN> (issue is its number among the year's
//	                         extras) and is outside the 期號 and 總期號
//	                         numbering, so it takes no serial
//	gap            缺期      why the issues between the one before this one
//	                         and this one are missing from the archive (gazette
//	                         check reports a gap that is not declared)
//
// A report takes title, date and data (required) and summary, aliases and
// draft; its year is its file name. data is its figures the archive cannot
// give: package report reads and checks them, from the front matter kept
// as written (Document.FrontMatter).
//
// A reference is a 文號 exactly as another document writes it, or a path
// under content/ ("gazette/2025/01/heating.md"). A reference that points
// nowhere is an error. Relations are recorded on both ends: the target of
// repeals knows RepealedBy, the target of interprets knows Interpretations.
//
// # 索引號
//
// A document without index_number gets "<organ code>/<year>-<8 digits>",
// the digits taken from a hash of its path under content/. It therefore never
// changes when other documents are added, edited or removed; it changes only
// if the file moves, which is why `gazette new` writes the number into the
// file. Two generated numbers that collide are resolved in path order.
//
// # Publication
//
// A document with draft: true, or whose date is after Options.Now (an
// embargo), is validated but not published: it is absent from Site.Documents
// and from every relation of a published document, so no title of an
// unpublished document can leak through a link. Documents of an unpublished
// issue are unpublished too.
package content
