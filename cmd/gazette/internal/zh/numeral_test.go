package zh

import (
	"slices"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"23", 23, true}, {"十", 10, true}, {"十一", 11, true}, {"二十三", 23, true}, {"一百零一", 101, true},
		{"一百一十", 110, true}, {"一百十", 110, true}, {"两千", 2000, true}, {"兩百", 200, true}, {"九", 9, true},
		{"〇", 0, true}, {"二〇二四", 0, false}, {"十百", 0, false}, {"百", 0, false}, {"", 0, false}, {"三a", 0, false},
		{"-1", 0, false},
	} {
		if n, ok := ParseNumber(tc.in); n != tc.want || ok != tc.ok {
			t.Errorf("ParseNumber(%q) = %d, %v; want %d, %v", tc.in, n, ok, tc.want, tc.ok)
		}
	}
}

func TestHanNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 101: "一百零一", 110: "一百一十",
		120: "一百二十", 1005: "一千零五", 0: "零", 12345: "12345"} {
		if got := HanNumber(n); got != want {
			t.Errorf("HanNumber(%d) = %q, want %q", n, got, want)
		}
		if m, ok := ParseNumber(HanNumber(n)); n <= 9999 && (!ok || m != n) {
			t.Errorf("ParseNumber(HanNumber(%d)) = %d, %v", n, m, ok)
		}
	}
}

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
