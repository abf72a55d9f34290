package law

import (
	"fmt"
	"testing"
)

func TestSignature(t *testing.T) {
	for _, tc := range []struct {
		body, want string // want: organs|date|text of the span, or "" for none
	}{
		{"正文。\n\n長春市人民政府\n2025年3月10日\n", "[長春市人民政府]|2025-03-10|長春市人民政府\n2025年3月10日"},
		{"正文。\n\n長春市人民政府辦公廳\n長春市財政局\n二〇二五年三月十日\n\n（此件公開發布）\n", "[長春市人民政府辦公廳 長春市財政局]|2025-03-10|長春市人民政府辦公廳\n長春市財政局\n二〇二五年三月十日"},
		{"正文。\n\n　　中華民國一百十四年三月十日\n", "[]|2025-03-10|中華民國一百十四年三月十日"},
		{"正文。\n\n特此通知\n\n长春市人民政府\n\n2025年3月10日", "[长春市人民政府]|2025-03-10|长春市人民政府\n\n2025年3月10日"},
		{"附件：一覽表\n\n長春市人民政府\n2025年1月10日\n\n## 附件\n\n- [表.csv](表.csv)\n", "[長春市人民政府]|2025-01-10|長春市人民政府\n2025年1月10日"},
		{"第九條　本規定自2025年1月1日起施行。\n", ""},
		{"正文。\n\n長春市人民政府\n2025年2月30日\n", ""},
		{"正文。\n\n（2019年3月29日通過）\n", ""},
		{"正文。\n\n| 2025年3月10日 |\n", ""},
		{"", ""},
	} {
		got := ""
		if sg := Parse(tc.body, Options{}).Signature; sg != nil {
			got = fmt.Sprintf("%v|%s|%s", sg.Organs, sg.Date.Format("2006-01-02"), tc.body[sg.Span.Start:sg.Span.End])
		}
		if got != tc.want {
			t.Errorf("%q: signature %q, want %q", tc.body, got, tc.want)
		}
	}
}
