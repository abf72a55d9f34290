package search

import (
	"gazette/cmd/gazette/internal/zh"
	"maps"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestGramTermsMatchTokenize checks that what a text is indexed as
// (gramTerms, one pass) is exactly what tokenize makes of it: the same
// terms with the same frequencies, and the same length (which scoring
// uses); and that a body stores its first snippetMaxScan characters.
func TestGramTermsMatchTokenize(t *testing.T) {
	c, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	bodies := []string{"", "abc", "ＡＢＣ def 2024年第3号", "長春市人民政府辦公廳。港", "中文 english 中文english中文", "ｱｲｳ カタカナ 한국어 〇", "x\u0301y 𠀀𠀁 a_b"}
	for _, r := range smallCorpus() {
		bodies = append(bodies, r.Body, r.Title)
	}
	for _, d := range loadCorpusSample(t, 300, false) {
		bodies = append(bodies, d.Body)
	}
	for _, body := range bodies {
		toks := tokenize([]byte(fold(c, body)))
		want := map[string]int{}
		for _, tok := range toks {
			want[string(tok.term)]++
		}
		terms, stored := bodyTerms(c, body)
		got := map[string]int{}
		terms.Each(func(term []byte, count int) { got[string(term)] += count })
		if terms.Length() != len(toks) {
			t.Errorf("%.40q: length %d, want %d", body, terms.Length(), len(toks))
		}
		if !maps.Equal(got, want) {
			t.Errorf("%.40q: frequencies differ (%d terms, want %d)", body, len(got), len(want))
		}
		if n := utf8.RuneCount(stored); n != min(utf8.RuneCountInString(body), snippetMaxScan) || string(stored) != firstRunes(body, snippetMaxScan) {
			t.Errorf("%.40q: %d characters stored of %d", body, n, utf8.RuneCountInString(body))
		}
	}
}

func TestIsCJKFastPath(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.Is(unicode.Han, r) {
			t.Fatalf("%U is not Han", r)
		}
	}
}
