package render

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// An editor marks text that must stay as written in both scripts — a name
// in the other script, a quotation — as -{text}-, the convention of
// MediaWiki's language converter that Chinese Wikipedia's editors know.
// The page shows the text without the marks, in <span translate="no">,
// which the copy in the other script leaves alone (see package script); the
// plain text just drops the marks. A mark opens and closes within one run of
// text: across formatting, or in code, it is shown as typed.
var literal = regexp.MustCompile(`-\{(.+?)\}-`)

// literalHTML wraps each marked run of text in html in a translate="no" span.
func literalHTML(h []byte) []byte {
	if !bytes.Contains(h, []byte("-{")) {
		return h
	}
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(h))
	code := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return out.Bytes()
			}
			return h
		case html.TextToken:
			if code > 0 {
				out.Write(z.Raw())
			} else {
				out.Write(literal.ReplaceAll(z.Raw(), []byte(`<span translate="no">$1</span>`)))
			}
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "code" || string(name) == "pre" {
				code++
			}
			out.Write(z.Raw())
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "code" || string(name) == "pre") && code > 0 {
				code--
			}
			out.Write(z.Raw())
		default:
			out.Write(z.Raw())
		}
	}
}

// literalText drops the marks from plain text.
func literalText(s string) string {
	if !strings.Contains(s, "-{") {
		return s
	}
	return literal.ReplaceAllString(s, "$1")
}
