package zh

import (
	"slices"
	"testing"
)

func TestNumeralForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"刑法第23条", []string{"刑法第23条", "刑法第二十三条"}},
		{"刑法第二十三条", []string{"刑法第23条", "刑法第二十三条"}},
		{"第 23 条", []string{"第23条", "第二十三条"}},
		{"第五条之一", []string{"第5-1条", "第五条之一"}},
		{"第 5-1 条", []string{"第5-1条", "第五条之一"}},
		{"刑法修正案9", []string{"刑法修正案9", "刑法修正案九"}},
		{"刑法修正案（九）", []string{"刑法修正案9", "刑法修正案九"}},
		{"保险法解释(3)", []string{"保险法解释3", "保险法解释三"}},
		{"释字第748号解释", []string{"释字第748号解释", "释字第七百四十八号解释"}},
		{"宪法修正案1988", []string{"宪法修正案1988", "宪法修正案1988"}},
		{"第一百二十条之一和第3条", []string{"第120-1条和第3条", "第一百二十条之一和第三条"}},
		{"统一规定", nil},
		{"长府发〔2024〕3号", nil},
	} {
		if got := NumeralForms(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("NumeralForms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
