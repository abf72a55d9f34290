package site_test

import (
	"io/fs"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/zh"
	"gazette/templates"
)

// taiwanWords are interface words a mainland reader would not write, as
// the Simplified copy would spell them; the templates say 菜單, 導航, 檢索,
// 字段, 什麼, 全角 and 半角 instead, which convert into mainland words.
var taiwanWords = []string{"选单", "导览", "搜寻", "栏位", "甚么", "全形", "半形", "预设", "点选", "网路", "资讯", "滑鼠", "萤幕", "列印", "登入", "连结"}

// TestMainlandWords: the interface of the Simplified copy is the templates'
// words converted character by character (OpenCC t2s, no vocabulary
// change), so the templates must use words that are mainland words in
// either script.
func TestMainlandWords(t *testing.T) {
	t2s, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(templates.FS, "*.html")
	js, _ := fs.Glob(templates.FS, "*.js")
	if len(names) < 10 {
		t.Fatalf("%d templates", len(names))
	}
	for _, name := range append(names, js...) {
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		hans := t2s.String(string(b))
		for _, w := range taiwanWords {
			if i := strings.Index(hans, w); i >= 0 {
				t.Errorf("%s: %q, not a mainland word, in the Simplified copy: …%s…", name, w, hans[max(0, i-30):min(len(hans), i+30)])
			}
		}
	}
}
