package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzRender checks the trust boundary: whatever the Markdown, the HTML has
// no script element, no event-handler attribute and no javascript: (or
// vbscript:) URL.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"# 標題\n\n正文[鏈接](/a/)。\n",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x]( javascript:alert(1) )",
		"[x](&#106;avascript:alert(1))",
		"![x](x\" onerror=\"alert(1))",
		"<img src=x onerror=alert(1)>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"[x]: javascript:alert(1)\n\n[x]",
		"<javascript:alert(1)>",
		"`<script>`",
		"[^1]\n\n[^1]: <script>x</script>",
		"| a |\n|---|\n| <svg onload=alert(1)> |",
		"<!-- --><script>x</script>",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	} {
		f.Add(seed)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		res, err := r.Render([]byte(src))
		if err != nil {
			return
		}
		if msg := unsafeHTML(string(res.HTML)); msg != "" {
			t.Fatalf("%s in the HTML of %q:\n%s", msg, src, res.HTML)
		}
	})
}

// unsafeHTML reports what in s could run a script, or "".
func unsafeHTML(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			switch string(name) {
			case "script", "iframe", "object", "embed", "style", "base", "form", "meta", "link":
				return "a <" + string(name) + "> element"
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				key := strings.ToLower(string(k))
				if strings.HasPrefix(key, "on") {
					return "an event-handler attribute " + key
				}
				if key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href" {
					u := strings.ToLower(strings.Map(func(r rune) rune {
						if r <= ' ' {
							return -1
						}
						return r
					}, string(v)))
					if strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "vbscript:") || strings.HasPrefix(u, "data:text/html") {
						return "a script URL " + string(v)
					}
				}
			}
		}
	}
}

// TestPathological renders inputs that once broke Markdown parsers: deep
// nesting and very long lines render, without a crash or a hang.
func TestPathological(t *testing.T) {
	r := New()
	for name, src := range map[string]string{
		"10000-deep list":        strings.Repeat("- ", 10000) + "x\n",
		"10000-deep quote":       strings.Repeat(">", 10000) + " x\n",
		"1 MB line":              strings.Repeat("長", 1<<20/3) + "\n",
		"100000 emphasis marks":  strings.Repeat("*", 100000) + "x" + strings.Repeat("*", 100000),
		"100000 nested brackets": strings.Repeat("[", 100000) + "x" + strings.Repeat("](y)", 100000),
		"invalid UTF-8":          "正文\xff\xfe\xfd結束\n",
	} {
		res, err := r.Render([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(res.HTML) == 0 {
			t.Errorf("%s: no output", name)
		}
	}
}
