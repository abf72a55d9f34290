// Package templates holds the default layouts and stylesheet of a gazette
// site. They are compiled into the binary so that it works anywhere; a
// templates/ folder on disk overrides them file by file.
//
// # The markup of a document's structure
//
// style.css sets a 公文's text as a gazette prints it. Besides what Markdown
// gives (paragraphs, headings, lists, tables), a body may carry the
// structure of a legal text, marked with these classes, wherever they sit
// inside the body's <div class="prose body">:
//
//	.chapter          a 章 (or 編) heading: centred, as is .section, a 節
//	.article          one 條: a block whose first child may be
//	.article-num      its number, 第三條: bold, a character's space after it
//	.anchor           a link to the element's own id, after its text: shown
//	                  on hover and focus and when the element is the
//	                  address's #fragment; it needs an aria-label, since its
//	                  text is only "#" (e.g. aria-label="本條鏈接")
//	.signature        the 落款, after the text: the organ over the date,
//	  .organ          set as GB/T 9704—2012 sets a sealed 公文's:
//	  .date           the date four characters in from the right edge (two on
//	                  a phone), the organ centred over it; one .organ per
//	                  issuing organ, each on its line
//
// For example:
//
//	<h2 class="chapter" id="c1">第一章　總則<a class="anchor" href="#c1" aria-label="本章鏈接">#</a></h2>
//	<p class="article" id="a1"><span class="article-num">第一條</span>為了……<a class="anchor" href="#a1" aria-label="本條鏈接">#</a></p>
//	<div class="signature"><p class="organ">長春市人民政府辦公廳</p><p class="date">2025年1月10日</p></div>
//
// The render stage writes this markup from the structure package law
// finds. The ids are the same in both scripts: an article's is law's
// anchor (a12, a5-1 for 第五條之一), a part's its kind and number under the
// parts above it (b1 a 編, c2 a 章, c2-s1 a 節 in it). A long document
// divided into chapters also gets, before its first chapter,
//
//	.toc              its table of contents: a heading and a list of the
//	  .toc-articles   chapters, each with the list of its articles' links
//
// An element with an id is scrolled to with a little space above it, and
// is highlighted while it is the page's #fragment. e2e.TestDocumentStructure
// measures these styles as the browser draws them.
package templates

import "embed"

// FS holds base.html, one *.html per page kind, the stylesheets (style.css;
// standard.css and elder.css for the two reading modes), the scripts
// (prefs.js, which applies the reader's choices before the page is drawn,
// and site.js), the elder mode's cursors, the favicon, and the record of
// the last automated accessibility run over them (accessibility.json, see
// site.AuditFile), which the 無障礙聲明 shows.
//
//go:embed *.html *.css *.js *.svg *.ico *.json
var FS embed.FS
