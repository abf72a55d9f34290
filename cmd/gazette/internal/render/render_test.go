package render

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	r := New()
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
		not       []string
	}{
		{"chinese line break joins without space", "第一條　為了規範\n政府信息公開工作。\n", []string{"為了規範政府信息公開工作"}, []string{"規範\n政府", "規範 政府"}},
		{"chinese heading id", "## 附則 說明\n", []string{`<h2 id="附則-說明">`}, nil},
		{"a chapter's id is its number, the same in both scripts", "## 第一章 總則\n", []string{`<h2 id="c1" class="chapter">`}, nil},
		{"repeated heading ids", "## 附則\n\n## 附則\n", []string{`id="附則"`, `id="附則-1"`}, nil},
		{"table", "| 區 | 電話 |\n|---|---|\n| 朝陽區 | 0431-1 |\n", []string{"<table>", "<td>朝陽區</td>"}, nil},
		{"table alignment is valid HTML5 the CSP allows", "| 區 | 件數 |\n|:--|--:|\n| 朝陽區 | 12 |\n", []string{"<th>件數</th>", "<td>12</td>"}, []string{"align=", "style="}},
		{"footnote", "正文[^1]\n\n[^1]: 註釋。\n", []string{`class="footnote-ref"`, "註釋。"}, nil},
		{"raw html off", "<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>\n", nil, []string{"<script", "onerror"}},
		{"javascript link dropped", "[點我](javascript:alert(1))\n", nil, []string{"javascript:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Render([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q:\n%s", w, res.HTML)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(res.HTML), n) {
					t.Errorf("HTML contains %q:\n%s", n, res.HTML)
				}
			}
		})
	}
}

func TestSummaryAndText(t *testing.T) {
	src := "## 標題\n\n" + strings.Repeat("長春市人民政府辦公廳", 20) + "\n\n第二段。\n"
	res, err := New().Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.Summary, "長春市人民政府辦公廳") || !strings.HasSuffix(res.Summary, "…") {
		t.Errorf("summary = %q", res.Summary)
	}
	if n := len([]rune(res.Summary)); n != SummaryRunes+1 {
		t.Errorf("summary has %d runes, want %d", n, SummaryRunes+1)
	}
	if !strings.Contains(res.Text, "標題\n") || !strings.Contains(res.Text, "第二段。") {
		t.Errorf("text = %q", res.Text)
	}
	joined, _ := New().Render([]byte("第一條，\n第二條。\n"))
	if joined.Text != "第一條，第二條。\n" {
		t.Errorf("text across a line break after full-width punctuation = %q", joined.Text)
	}
	// The text is what the page shows: references resolved, escapes undone.
	refs, _ := New().Render([]byte("关于修改&lt;森林法>的决定 \\&lt; \\# &amp; &#x4E2D;\n"))
	if want := "关于修改<森林法>的决定 &lt; # & 中\n"; refs.Text != want {
		t.Errorf("text with references = %q, want %q", refs.Text, want)
	}
	if res.Runes != 2+200+3 {
		t.Errorf("runes = %d, want %d", res.Runes, 205)
	}
}

func TestCut(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"政府公報", 4, "政府公報"},
		{"政府公報第一期", 4, "政府公報…"},
		{"", 3, ""},
		{"ab政府", 3, "ab政…"},
	} {
		if got := cut(tt.s, tt.n); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	res, err := New().Render([]byte("見[通知](/gazette/2025/01/x/)。\n\n![](chart.png)\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Links) != 2 || res.Links[0].Dest != "/gazette/2025/01/x/" || !res.Links[1].Image || res.Links[1].Alt != "" || res.Links[1].Line != 3 {
		t.Errorf("links = %+v", res.Links)
	}
}

// TestLiteral: -{text}- shows the text as written, marked so that the copy
// in the other script leaves it alone; in code it is shown as typed.
func TestLiteral(t *testing.T) {
	res, err := New().Render([]byte("引述-{臺灣地區}-的規定，見`-{x}-`。\n\n-{**粗體**}-\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`引述<span translate="no">臺灣地區</span>的規定`, `<code>-{x}-</code>`, `-{<strong>粗體</strong>}-`} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("HTML lacks %s:\n%s", want, res.HTML)
		}
	}
	if !strings.HasPrefix(res.Text, "引述臺灣地區的規定") || strings.Contains(res.Summary, "-{") {
		t.Errorf("text %q, summary %q", res.Text, res.Summary)
	}
}
