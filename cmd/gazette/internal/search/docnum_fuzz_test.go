package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalizeDocNumber: the key of a 文號 never panics, is a fixed point
// (normalising a key gives the key), and does not depend on which brackets,
// script or width the number was written in.
func FuzzNormalizeDocNumber(f *testing.F) {
	for _, seed := range []string{"長府發〔2024〕3號", "长府发[2024]3号", "長府發(2024)3號", "长府发2024年第3号", "國務院令第656號",
		"法释〔2020〕17号", "華總一義字第11200113051號", "11220100MB1979017X/2025-00000003", "", "〔〕", "第第年年", "\xff", "ＡＢＣ（１）", "第第0", "第〔0", "2024年年第3"} {
		f.Add(seed)
	}
	variant := strings.NewReplacer("〔", "[", "〕", "]", "（", "(", "）", ")", "【", "[", "】", "]", "號", "号", "發", "发", "府", "府")
	f.Fuzz(func(t *testing.T, s string) {
		k := NormalizeDocNumber(s)
		if !utf8.ValidString(s) {
			return
		}
		if k2 := NormalizeDocNumber(k); k2 != k {
			t.Fatalf("not a fixed point: %q → %q → %q", s, k, k2)
		}
		if v := NormalizeDocNumber(variant.Replace(s)); v != k {
			t.Fatalf("variant spelling changes the key: %q → %q, %q → %q", s, k, variant.Replace(s), v)
		}
	})
}
