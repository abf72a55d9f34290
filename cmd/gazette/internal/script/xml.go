package script

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
)

// XML converts a feed (RSS, Atom, an archive), the OPML list or an SVG chart
// that the build wrote: text and CDATA into Lang (CDATA holding HTML as a
// page), URLs of the site into the copy, and the language it declares.
// Attributes hold text in OPML (text, title); a category whose scheme or
// domain is the 文號's or 索引號's is left as it is.
func (c *Copy) XML(src []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/16)
	var stack []xmlTag // the open elements
	keep := func() bool {
		if len(stack) == 0 {
			return false
		}
		t := stack[len(stack)-1]
		return t.keep
	}
	for len(src) > 0 {
		i := bytes.IndexByte(src, '<')
		if i < 0 {
			i = len(src)
		}
		if i > 0 {
			text := string(src[:i])
			switch {
			case keep():
			case len(stack) > 0 && stack[len(stack)-1].name == "language":
				text = c.Lang
			case strings.HasPrefix(strings.TrimSpace(text), "http"):
				text = c.URL(text)
			default:
				text = c.text(text)
			}
			out.WriteString(text)
			src = src[i:]
			continue
		}
		switch {
		case bytes.HasPrefix(src, []byte("<![CDATA[")):
			end := bytes.Index(src, []byte("]]>"))
			if end < 0 {
				return nil, errors.New("unterminated CDATA section")
			}
			if err := c.cdata(&out, src[len("<![CDATA["):end], keep()); err != nil {
				return nil, err
			}
			src = src[end+3:]
		case bytes.HasPrefix(src, []byte("<!--")), bytes.HasPrefix(src, []byte("<?")), bytes.HasPrefix(src, []byte("<!")):
			end := bytes.IndexByte(src, '>')
			if end < 0 {
				return nil, errors.New("unterminated markup")
			}
			out.Write(src[:end+1])
			src = src[end+1:]
		default:
			end := bytes.IndexByte(src, '>')
			if end < 0 {
				return nil, errors.New("unterminated tag")
			}
			tag := src[:end+1]
			src = src[end+1:]
			if bytes.HasPrefix(tag, []byte("</")) {
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				out.Write(tag)
				continue
			}
			t, converted := c.xmlTag(tag, keep())
			out.WriteString(converted)
			if !bytes.HasSuffix(tag, []byte("/>")) {
				stack = append(stack, t)
			}
		}
	}
	return out.Bytes(), nil
}

// cdata writes a CDATA section whose content is body: as it is in an
// element kept in its script, as HTML where it holds markup, else as text.
func (c *Copy) cdata(out *bytes.Buffer, body []byte, keep bool) error {
	out.WriteString("<![CDATA[")
	switch {
	case keep:
		out.Write(body)
	case bytes.ContainsAny(body, "<>"):
		h, err := c.HTML(body)
		if err != nil {
			return err
		}
		out.Write(h)
	default:
		out.WriteString(c.text(string(body)))
	}
	out.WriteString("]]>")
	return nil
}

type xmlTag struct {
	name string
	keep bool // its text is left as it is
}

var xmlAttr = regexp.MustCompile(`([\w:.-]+)="([^"]*)"`)

// xmlTag converts one start tag's attributes.
func (c *Copy) xmlTag(tag []byte, inKeep bool) (xmlTag, string) {
	s := string(tag)
	nameEnd := strings.IndexAny(s[1:], " \t\n/>") + 1
	t := xmlTag{name: s[1:nameEnd], keep: inKeep}
	if i := strings.IndexByte(t.name, ':'); i >= 0 {
		t.name = t.name[i+1:]
	}
	for _, m := range xmlAttr.FindAllStringSubmatch(s, -1) {
		if (m[1] == "scheme" || m[1] == "domain") && (strings.HasSuffix(m[2], "#doc_number") || strings.HasSuffix(m[2], "#index_number")) {
			t.keep = true
		}
	}
	converted := xmlAttr.ReplaceAllStringFunc(s, func(a string) string {
		m := xmlAttr.FindStringSubmatch(a)
		k, v := m[1], m[2]
		switch {
		case k == "xml:lang" || k == "lang" && isScript(v):
			v = c.Lang
		case k == "href" || k == "xmlUrl" || k == "htmlUrl" || k == "url":
			v = c.link(v)
		case k == "text" || k == "title" || k == "label" || k == "term" && !t.keep:
			v = c.text(v)
		}
		return k + `="` + v + `"`
	})
	return t, converted
}
