package site_test

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestIdentity: the footer of every page shows the marks of a government
// website that site.yaml sets — each linked to its record, the error
// report naming the page — and none that it does not.
func TestIdentity(t *testing.T) {
	fsys := txtarFS(t, "testdata/site.txtar")
	plain := assemble(t, fsys, now)
	for _, p := range []string{"index.html", "gazette/2025/01/order/index.html"} {
		if strings.Contains(string(plain[p]), `class="identity"`) {
			t.Errorf("%s shows identity marks that site.yaml does not set", p)
		}
	}

	for _, c := range []struct {
		yaml  string
		wants []string
		not   []string
	}{
		{"identity:\n  site_code: \"2201000029\"\n",
			[]string{"網站標識碼：<span translate=\"no\">2201000029</span>"}, []string{"beian", "網站糾錯", "organizer"}},
		{"identity:\n  icp: 吉ICP备05001234号-1\n  police: 吉公网安备 22010202000123号\n",
			[]string{`<a href="https://beian.miit.gov.cn/" rel="noopener" translate="no">吉ICP备05001234号-1</a>`,
				`<a href="https://beian.mps.gov.cn/#/query/webSearch?code=22010202000123" rel="noopener" translate="no">吉公网安备 22010202000123号</a>`},
			[]string{"網站標識碼", "網站糾錯", "organizer"}},
		{"identity:\n  organizer: https://bszs.conac.cn/sitename?method=show&id=1\n  corrections: https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=2201000029\n",
			[]string{`<a class="organizer" href="https://bszs.conac.cn/sitename?method=show&amp;id=1"`,
				`href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=2201000029&amp;url=https%3A%2F%2Fgazette.example.org%2Fgazette%2F2025%2F01%2Forder%2F"`},
			[]string{"網站標識碼", "beian"}},
	} {
		f := fstest.MapFS{}
		for k, v := range fsys {
			f[k] = v
		}
		f["site.yaml"] = &fstest.MapFile{Data: append(append([]byte{}, fsys["site.yaml"].Data...), c.yaml...)}
		page := string(assemble(t, f, now)["gazette/2025/01/order/index.html"])
		footer := page[strings.Index(page, "<footer"):]
		for _, w := range c.wants {
			if !strings.Contains(footer, w) {
				t.Errorf("with %q the footer lacks %s:\n%s", c.yaml, w, footer)
			}
		}
		for _, n := range c.not {
			if strings.Contains(footer, n) {
				t.Errorf("with %q the footer has %q", c.yaml, n)
			}
		}
	}
}
