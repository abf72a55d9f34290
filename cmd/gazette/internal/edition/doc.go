// Package edition makes a gazette issue's electronic edition: the whole
// issue as one PDF laid out like the printed 公報, which the State Council's
// rules for government gazettes (國辦發〔2018〕22號) ask to match the print
// edition in content and format.
//
// # What the PDF holds
//
//	page 1      the cover: the gazette's name (site.yaml gazette.name) in red,
//	            2025年第1期（總第301期）or 2025年增刊1, a red rule, the date,
//	            本期要目 (the documents), the issuing office (organ.name)
//	page 2 …    目錄: the documents grouped by category, in the order,
//	            each with its 文號 and the page it starts on
//	then        each document on a new page: its category when it opens one,
//	            the title, cut into lines where it breaks by sense, the 文號,
//	            成文日期 and 施行日期 in brackets as gazettes print them, and the
//	            text — 章 headings centred, the title of a document it issues
//	            centred on a new page — then each CSV attachment as a table
//	            under 附件 and its title (the text's 附件說明 without the file
//	            name)
//	last page   the colophon: the gazette, the issue, 主辦, 編輯出版, the date
//	            and the electronic edition's address
//
// The page is A4 with the type area, sizes and page numbers of GB/T 9704—2012
// (the national layout of party and government documents): margins 37 mm top
// and 28 mm on the binding side, text in 三號 (16 pt) Noto Serif CJK, 28
// characters to the line and 22 lines to the page, titles in 二號, 「— 3 —」
// on the outer side of every page but the cover, and a running head,
// 「長春市人民政府公報 2025年第1期」, over a red rule. Traditional and
// Simplified text each get the Noto CJK face of their script (TC or SC).
// Page numbers count from the cover, so the printed number of a page is
// also its number in the file: issue.pdf#page=N opens the page the
// contents give.
//
// The file is a real PDF of text: fonts embedded and subset, a Unicode
// mapping for every glyph (it can be searched, selected and copied), tagged
// as PDF/UA asks (headings, paragraphs, lists and their reading order, for
// screen readers and read-aloud), bookmarks for the contents (each category
// with its documents), and metadata: title (the issue's), subject (its
// summary), author (the office), keywords, language and creation date (the
// issue's date, so that the same issue always gives the same file).
//
// # How it is made
//
// HTML turns an Issue into one HTML file with its style sheet (print.html,
// print.css); WeasyPrint lays it out. Chinese text is justified between
// its characters and two punctuation marks side by side are compressed
// (。」 and 》， take a character and a half, not two), as print does:
// WeasyPrint 57 justifies at spaces only and has neither text-justify:
// inter-character nor text-spacing-trim, so the driver adds both to its
// line layout (driver.py, cjk_typesetting; the fonts' halt feature). WeasyPrint implements CSS Paged Media —
// target-counter() for the page numbers of the contents, string-set for the
// running head, page-margin boxes, bookmark-level — and breaks Chinese lines
// by Unicode's rules (no 。，、」 at the start of a line, no 「 at the end)
// through Pango. Chromium's print to PDF has no target-counter(), string-set
// or CSS bookmarks; a pure-Go PDF library would mean writing Chinese line
// breaking and justification here.
//
// Engine runs WeasyPrint's own Python (found from the weasyprint command on
// PATH) with driver.py, one worker process per core, each importing
// WeasyPrint once. A worker returns the PDF and, from WeasyPrint's document
// model, the page on which each document's anchor lies: the same number the
// contents print. Nothing is fetched while a PDF is made (a URL in a body
// cannot make the build reach the network); images in bodies are left out
// of the PDF. WeasyPrint 57 (Debian 12) subsets fonts with fontTools, which
// takes seconds for each Noto CJK font; the driver has it use HarfBuzz's
// subsetter instead, as later WeasyPrint versions do.
//
// Asking WeasyPrint for its versions and fonts starts Python, which takes
// longer than a build that changes nothing should; Start keeps the answer
// (in .gazette/cache/editions/weasyprint.json for a build) with the size and
// time of every file it depends on, and asks again only when one changed.
// Start fails with ErrNoEngine, saying what to install, where WeasyPrint or
// the fonts are missing: only a site that asks for PDFs needs them.
//
// # The cache
//
// Key identifies a PDF by everything it is made from, without making the
// print HTML: the program (which holds print.html, print.css, the driver
// and the Markdown renderer), the engine and the files of its fonts
// (Engine.Version), the settings of site.yaml the PDF shows, and the source
// of the issue and of each of its documents, in order. Cache keeps made
// PDFs by key under .gazette/cache/editions, so a build makes a PDF again
// only when its issue's key changed.
//
// # PDFs that editors give
//
// Inspect reads an issue PDF given in an issue's index.md (pdf:) for its page
// count and whether any page shows text: gazette check warns about a scan
// without a text layer, which cannot be searched or read aloud.
package edition
