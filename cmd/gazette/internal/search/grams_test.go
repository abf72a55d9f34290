package search

import (
	"gazette/cmd/gazette/internal/zh"
	"maps"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// TestBodyFieldMatchesAnalyzer checks that bodyField indexes exactly what
// the mapping's text analyzer would: the same terms with the same
// frequencies, and the same length (which scoring uses).
func TestBodyFieldMatchesAnalyzer(t *testing.T) {
	im, err := buildMapping()
	if err != nil {
		t.Fatal(err)
	}
	an := im.AnalyzerNamed(textAnalyzer)
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
		toks := an.Analyze([]byte(body))
		want := analysis.TokenFrequency(toks, nil, bodyOptions)
		f := newBodyField(c, body)
		f.Analyze()
		if f.AnalyzedLength() != len(toks) {
			t.Errorf("%.40q: length %d, want %d", body, f.AnalyzedLength(), len(toks))
		}
		if !maps.EqualFunc(f.AnalyzedTokenFrequencies(), want, func(a, b *index.TokenFreq) bool {
			return string(a.Term) == string(b.Term) && a.Frequency() == b.Frequency() && len(a.Locations) == 0
		}) {
			t.Errorf("%.40q: frequencies differ (%d terms, want %d)", body, len(f.AnalyzedTokenFrequencies()), len(want))
		}
		// The field is the mapping's body field in all but its analysis.
		var mapped *document.TextField
		doc := document.NewDocument("x")
		if err := im.MapDocument(doc, map[string]interface{}{fBody: body}); err != nil {
			t.Fatal(err)
		}
		for _, fl := range doc.Fields {
			if fl.Name() == fBody {
				mapped = fl.(*document.TextField)
			}
		}
		// It stores the first snippetMaxScan characters (and indexes all).
		if body != "" && (mapped == nil || mapped.Options() != f.Options() || firstRunes(string(mapped.Value()), snippetMaxScan) != string(f.Value())) {
			t.Errorf("body field options %v, mapping's %.80v", f.Options(), mapped)
		}
		if n := utf8.RuneCount(f.Value()); n != min(utf8.RuneCountInString(body), snippetMaxScan) {
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
