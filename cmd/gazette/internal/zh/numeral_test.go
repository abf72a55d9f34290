package zh

import "testing"

func TestNumeral(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		rest string // what follows the number
	}{
		{"十二條", 12, "條"},
		{"十条", 10, "条"},
		{"二十三", 23, ""},
		{"一百零五条", 105, "条"},
		{"一百十五條", 115, "條"},  // Taiwan: no 一 before 十
		{"一百一十五条", 115, "条"}, // mainland
		{"两百", 200, ""},
		{"貳拾參", 23, ""},
		{"三万零五百", 30500, ""},
		{"一亿二千万", 120000000, ""},
		{"12条", 12, "条"},
		{"１２條", 12, "條"},
		{"6-1", 6, "-1"},
		{"二〇二五年", 2025, "年"},
		{"二零一九年", 2019, "年"},
		{"十二五规划", 12, "五规划"}, // as far as it is a number
		{"12十", 12, "十"},
		{"一二十", 1, "二十"},
		{"百零", 100, ""},
		{"条", 0, "条"},
		{"", 0, ""},
		{"第一条", 0, "第一条"},
		{"万", 0, "万"},
	} {
		n, size := Numeral(tc.in)
		if n != tc.n || tc.in[size:] != tc.rest {
			t.Errorf("Numeral(%q) = %d, rest %q; want %d, rest %q", tc.in, n, tc.in[size:], tc.n, tc.rest)
		}
	}
}

func TestFormatNumeral(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "零"}, {7, "七"}, {10, "十"}, {12, "十二"}, {20, "二十"}, {23, "二十三"}, {105, "一百零五"},
		{110, "一百一十"}, {115, "一百一十五"}, {1001, "一千零一"}, {1010, "一千零一十"}, {10010, "一万零一十"},
		{30500, "三万零五百"}, {100000005, "一亿零五"}, {120000000, "一亿二千万"},
	} {
		if got := FormatNumeral(tc.n); got != tc.want {
			t.Errorf("FormatNumeral(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestNumeralRoundTrip reads back every number FormatNumeral writes, up to
// beyond the largest article numbers, and a spread of larger ones.
func TestNumeralRoundTrip(t *testing.T) {
	check := func(n int) {
		s := FormatNumeral(n)
		got, size := Numeral(s)
		if got != n || size != len(s) {
			t.Fatalf("Numeral(FormatNumeral(%d) = %q) = %d (%d of %d bytes)", n, s, got, size, len(s))
		}
	}
	for n := range 100001 {
		check(n)
	}
	for n := 100001; n < 1e11; n = n*7 + 3 {
		check(n)
	}
}

func FuzzNumeral(f *testing.F) {
	for _, s := range []string{"一百零五条", "二〇二五", "１２", "十二五", "一亿二千万", "万亿", "零零"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, size := Numeral(s)
		if size < 0 || size > len(s) || n < 0 {
			t.Fatalf("Numeral(%q) = %d, %d", s, n, size)
		}
		if size == 0 && n != 0 {
			t.Fatalf("Numeral(%q) = %d with no bytes read", s, n)
		}
	})
}
