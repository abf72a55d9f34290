package edition

import (
	"strings"
	"testing"
)

func TestTitleLines(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"長春市政府信息公開規定", "長春市政府信息公開規定"},
		{"長春市人民政府關於王立新等同志任免職務的通知", "長春市人民政府關於|王立新等同志任免職務的通知"},
		{"長春市人民政府辦公廳關於做好2024—2025年度供熱期後半段供熱保障工作的通知", "長春市人民政府辦公廳|關於做好2024—2025年度供熱期|後半段供熱保障工作的通知"},
		{"長春市人民政府關於修改《長春市優化營商環境若干措施》的決定", "長春市人民政府關於修改|《長春市優化營商環境若干措施》的決定"},
		{"2025年春節期間煙花爆竹燃放安全管理臨時措施", "2025年春節期間|煙花爆竹燃放安全管理臨時措施"},
		{"長春市人民政府辦公廳關於印發2025年春節期間煙花爆竹燃放安全管理臨時措施的通知", "長春市人民政府辦公廳關於印發2025年春節|期間煙花爆竹燃放安全管理臨時措施的通知"},
		{"長春市人民政府辦公廳關於印發長春市12345政務服務便民熱線管理辦法的通知", "長春市人民政府辦公廳關於印發長春市|12345政務服務便民熱線管理辦法的通知"},
		{"长春市人民政府关于王立新等同志任免职务的通知", "长春市人民政府关于|王立新等同志任免职务的通知"},
	} {
		got := strings.Join(titleLines(c.title, titleWidth), "|")
		if got != c.want {
			t.Errorf("titleLines(%s) = %s, want %s", c.title, got, c.want)
		}
	}
}

func TestMarkHeadings(t *testing.T) {
	got := markHeadings(`<h2 id="a">長春市政府信息公開規定</h2><h3 id="b">第一章　總則</h3><h2>一、確保室溫達標</h2><h3>（一）總體要求</h3><h2 class="signature">x</h2>`)
	want := `<h2 id="a" class="annex-title"><span class="line">長春市政府信息公開規定</span></h2><h3 id="b" class="chapter">第一章　總則</h3><h2 class="numbered">一、確保室溫達標</h2><h3 class="numbered">（一）總體要求</h3><h2 class="signature">x</h2>`
	if got != want {
		t.Errorf("markHeadings:\n%s\nwant\n%s", got, want)
	}
}
