package script

import (
	"bytes"
	"html"
	"io"
	"strings"

	nethtml "golang.org/x/net/html"
)

// rawText are elements whose content is never text to read.
var rawText = map[string]bool{"code": true, "pre": true, "script": true, "style": true, "textarea": true, "kbd": true, "samp": true}

// textAttrs are attributes that hold text to read.
var textAttrs = map[string]bool{"title": true, "alt": true, "aria-label": true, "placeholder": true}

// linkAttrs are attributes that hold a URL.
var linkAttrs = map[string]bool{"href": true, "src": true, "action": true}

// HTML converts a page: its text into Lang, its links into the copy. The
// markup is written back as it came, tag by tag, changed only where a value
// changed.
func (c *Copy) HTML(src []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/16)
	z := nethtml.NewTokenizer(bytes.NewReader(src))
	// skip counts the open elements, from the outermost one not to convert;
	// skipTag is that element's name.
	var skip int
	var skipTag string
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			if z.Err() == io.EOF {
				return out.Bytes(), nil
			}
			return nil, z.Err()
		case nethtml.TextToken:
			raw := z.Raw()
			if skip > 0 {
				out.Write(raw)
			} else {
				out.WriteString(c.text(string(raw)))
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			raw := append([]byte(nil), z.Raw()...)
			name, hasAttr := z.TagName()
			tag := string(name)
			var attrs []nethtml.Attribute
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, nethtml.Attribute{Key: string(k), Val: string(v)})
			}
			if skip > 0 {
				if tag == skipTag && tt == nethtml.StartTagToken {
					skip++
				}
				// Text left as written, links still into the copy.
				c.writeTag(&out, raw, tag, attrs, false)
				continue
			}
			stop := rawText[tag]
			for _, a := range attrs {
				if a.Key == "translate" && a.Val == "no" || a.Key == "lang" && a.Val == c.Lang {
					stop = true
				}
			}
			if stop && tt == nethtml.StartTagToken && !voidElements[tag] {
				skip, skipTag = 1, tag
			}
			if stop {
				// Its own attributes are written as they are, but for links.
				c.writeTag(&out, raw, tag, attrs, false)
				continue
			}
			c.writeTag(&out, raw, tag, attrs, true)
		case nethtml.EndTagToken:
			if skip > 0 {
				if name, _ := z.TagName(); string(name) == skipTag {
					skip--
				}
			}
			out.Write(z.Raw())
		default:
			out.Write(z.Raw())
		}
	}
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// writeTag writes a start tag, converted: its text attributes (when text is
// set), its links, its lang, and aria-current on a script switch link.
func (c *Copy) writeTag(out *bytes.Buffer, raw []byte, tag string, attrs []nethtml.Attribute, text bool) {
	changed := false
	hreflang := ""
	for _, a := range attrs {
		if a.Key == "hreflang" {
			hreflang = a.Val
		}
	}
	isMeta := tag == "meta"
	metaText := false
	if isMeta {
		for _, a := range attrs {
			if a.Key == "name" && (a.Val == "description" || a.Val == "keywords") {
				metaText = true
			}
		}
	}
	current := -1
	for i := range attrs {
		a := &attrs[i]
		v := a.Val
		switch {
		case a.Key == "aria-current":
			current = i
		case a.Key == "lang" && isScript(v) && text:
			v = c.Lang
		case text && (textAttrs[a.Key] || metaText && a.Key == "content"):
			v = c.text(v)
		case linkAttrs[a.Key] && hreflang == "":
			v = c.link(v)
		}
		if v != a.Val {
			a.Val, changed = v, true
		}
	}
	// A script switch: the link to this copy's own script is the current one.
	if tag == "a" && isScript(hreflang) {
		switch {
		case hreflang == c.Lang && current < 0:
			attrs = append(attrs, nethtml.Attribute{Key: "aria-current", Val: "page"})
			changed = true
		case hreflang != c.Lang && current >= 0:
			attrs = append(attrs[:current], attrs[current+1:]...)
			changed = true
		}
	}
	if !changed {
		out.Write(raw)
		return
	}
	out.WriteByte('<')
	out.WriteString(tag)
	for _, a := range attrs {
		out.WriteByte(' ')
		out.WriteString(a.Key)
		out.WriteString(`="`)
		out.WriteString(escapeAttr(a.Val))
		out.WriteByte('"')
	}
	if bytes.HasSuffix(raw, []byte("/>")) {
		out.WriteString("/>")
	} else {
		out.WriteByte('>')
	}
}

// escapeAttr escapes an attribute value as html/template would.
func escapeAttr(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}
