package zh

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"長春市人民政府辦公廳", "长春市人民政府办公厅"},
		{"长春市人民政府办公厅", "长春市人民政府办公厅"},
		{"中華民國", "中华民国"},
		{"ＣＯＶＩＤ－１９", "covid-19"},
		{"Ｈｅｌｌｏ　Ｗｏｒｌｄ", "hello world"}, // ideographic space too
		{"（２０２４）", "(2024)"},
		{"ｶﾀｶﾅ", "カタカナ"},
		{"一目瞭然", "一目了然"}, // a phrase entry
		{"瞭解", "了解"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if utf8.RuneCountInString(Fold(tc.in)) != utf8.RuneCountInString(tc.in) {
			t.Errorf("Fold(%q) changed the number of runes", tc.in)
		}
	}
}

// TestConvertersMatchOpenCC checks the fast converters against
// opencc.Convert, both ways, on official texts with the characters one
// script writes several ways in the other.
func TestConvertersMatchOpenCC(t *testing.T) {
	texts := []string{
		"一目瞭然上鍊不瞭解么麼", "乾隆乾燥乾坤", "瞭望台", "長春市人民政府辦公廳關於印發《長春市12345政務服務便民熱線管理辦法》的通知",
		"干部干预干燥树干", "以后皇后后面", "发展头发发现", "台湾平台台风", "范围范仲淹模范", "制度制造控制", "关系系统联系",
		"幹部干預乾燥樹幹", "以後皇后後面", "發展頭髮發現", "臺灣平臺颱風", "範圍范仲淹模範", "制度製造控制", "關係系統聯繫",
	}
	for _, conf := range []string{"t2s", "s2t"} {
		c, err := To(map[string]string{"t2s": "zh-Hans", "s2t": "zh-Hant"}[conf])
		if err != nil {
			t.Fatal(err)
		}
		cc, err := opencc.New(conf)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			want, err := cc.Convert(s)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.String(s); got != want {
				t.Errorf("%s(%q) = %q, opencc gives %q", conf, s, got, want)
			}
		}
	}
}

func TestDocNumberKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"長府發〔2024〕3號", "长府发20243号"},
		{"长府发[2024]3号", "长府发20243号"},
		{"長府發(2024)3號", "长府发20243号"},
		{"长府发2024年3号", "长府发20243号"},
		{"长府发（2024）第3号", "长府发20243号"},
		{"長府發【２０２４】３號", "长府发20243号"},
		{"长府发 〔2024〕 3 号", "长府发20243号"},
		{"长府发2024年第3号", "长府发20243号"},
		{"中华人民共和国国务院令第656号", "中华人民共和国国务院令656号"},
		{"華總一義字第11200113051號", "华总一义字11200113051号"},
		{"（67）台統（一）義字第2546號", "67台统一义字2546号"},
		{"11220100/2024-00003", "11220100/2024-00003"},
		{"第一年", "第一年"}, // 第 and 年 only go around digits
		{"", ""},
	} {
		if got := DocNumberKey(tc.in); got != tc.want {
			t.Errorf("DocNumberKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDocNumberYear(t *testing.T) {
	for n, want := range map[string]int{"長府發〔2025〕3號": 2025, "长府发[2024]3号": 2024, "長府發(2023)3號": 2023,
		"長府辦發（2022）1號": 2022, "长府发2021年第3号": 2021, "長府令第120號": 0} {
		if got := DocNumberYear(n); got != want {
			t.Errorf("DocNumberYear(%q) = %d, want %d", n, got, want)
		}
	}
}

// FuzzDocNumberKey: the key of a 文號 never panics, is a fixed point
// (the key of a key is the key), and does not depend on which brackets,
// script or width the number was written in.
func FuzzDocNumberKey(f *testing.F) {
	for _, seed := range []string{"長府發〔2024〕3號", "长府发[2024]3号", "長府發(2024)3號", "长府发2024年第3号", "國務院令第656號",
		"法释〔2020〕17号", "華總一義字第11200113051號", "11220100MB1979017X/2025-00000003", "", "〔〕", "第第年年", "\xff", "ＡＢＣ（１）", "第第0", "第〔0", "2024年年第3"} {
		f.Add(seed)
	}
	variant := strings.NewReplacer("〔", "[", "〕", "]", "（", "(", "）", ")", "【", "[", "】", "]", "號", "号", "發", "发", "府", "府")
	f.Fuzz(func(t *testing.T, s string) {
		k := DocNumberKey(s)
		if !utf8.ValidString(s) {
			return
		}
		if k2 := DocNumberKey(k); k2 != k {
			t.Fatalf("not a fixed point: %q → %q → %q", s, k, k2)
		}
		if v := DocNumberKey(variant.Replace(s)); v != k {
			t.Fatalf("variant spelling changes the key: %q → %q, %q → %q", s, k, variant.Replace(s), v)
		}
	})
}

func ExampleDocNumberKey() {
	for _, s := range []string{"長府發〔2024〕3號", "长府发[2024]3号", "長府發(2024)3號", "长府发2024年3号"} {
		fmt.Println(DocNumberKey(s))
	}
	// Output:
	// 长府发20243号
	// 长府发20243号
	// 长府发20243号
	// 长府发20243号
}

func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("長春市人民政府辦公廳關於印發《長春市12345政務服務便民熱線管理辦法》的通知。各縣（市）、區人民政府。", 2000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fold(text)
	}
}

func TestQuotes(t *testing.T) {
	for _, c := range []struct{ in, lang, want string }{
		{"實行「一件事一次辦」，『一網通辦』", "zh-Hans", "實行“一件事一次辦”，‘一網通辦’"},
		{"实行“一件事一次办”，‘一网通办’", "zh-Hant", "实行「一件事一次办」，『一网通办』"},
		{"他說“don’t”和‘1990’s’", "zh-Hant", "他說「don’t」和『1990’s』"},
		{"沒有引號", "zh-Hans", "沒有引號"},
	} {
		if got := Quotes(c.in, c.lang); got != c.want {
			t.Errorf("Quotes(%q, %s) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}
