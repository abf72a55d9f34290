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
var textAttrs = map[string]bool{"title": true, "alt": true, "aria-label": true, "placeholder": true,
	"data-stop": true, "data-label": true} // the read-aloud button's other label, a stacked table's column names

// linkAttrs are attributes that hold a URL.
var linkAttrs = map[string]bool{"href": true, "src": true, "action": true}

// HTML converts a page: its text into Lang, its links into the copy. The
// markup is written back as it came, tag by tag, changed only where a value
// changed. Text is converted when the script it is in — the lang of the
// nearest element that has one, <html lang> for the page — is not Lang:
// so the site's own pages convert only what is marked as the other script
// (a document written in it), and a copy converts the rest.
func (c *Copy) HTML(src []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/16)
	z := nethtml.NewTokenizer(bytes.NewReader(src))
	// The open elements, each with what it passes on: whether its text is
	// left as written (translate="no", code and the like), and its script.
	type open struct {
		tag    string
		keep   bool
		script string
	}
	stack := []open{{}}
	top := func() open { return stack[len(stack)-1] }
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
			if t := top(); !t.keep && t.script != c.Lang {
				out.WriteString(c.text(string(raw)))
			} else {
				out.Write(raw)
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
			o := top()
			o.tag = tag
			if rawText[tag] {
				o.keep = true
			}
			for _, a := range attrs {
				switch {
				case a.Key == "translate":
					o.keep = o.keep || a.Val == "no"
				case a.Key == "lang" && isScript(a.Val) && !hasHreflang(attrs):
					o.script = a.Val
				}
			}
			c.writeTag(&out, raw, tag, attrs, !o.keep && o.script != c.Lang)
			if tt == nethtml.StartTagToken && !voidElements[tag] {
				stack = append(stack, o)
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].tag == string(name) {
					stack = stack[:i]
					break
				}
			}
			out.Write(z.Raw())
		default:
			out.Write(z.Raw())
		}
	}
}

func hasHreflang(attrs []nethtml.Attribute) bool {
	for _, a := range attrs {
		if a.Key == "hreflang" {
			return true
		}
	}
	return false
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
		case a.Key == "lang" && isScript(v) && text && hreflang == "":
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
		if a.Val == "" && booleanAttrs[a.Key] {
			continue // as the templates write it: hidden, not hidden=""
		}
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

// booleanAttrs are the attributes whose presence is their value.
var booleanAttrs = map[string]bool{
	"hidden": true, "download": true, "disabled": true, "checked": true, "selected": true,
	"required": true, "readonly": true, "multiple": true, "autofocus": true, "novalidate": true,
	"open": true, "defer": true, "async": true, "controls": true, "reversed": true, "inert": true,
}

// escapeAttr escapes an attribute value as html/template would.
func escapeAttr(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}
