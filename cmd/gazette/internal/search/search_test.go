package search

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/zh"
)

// expectedIDs is the oracle: the records whose folded title, 文號, 索引號,
// organ or body contains every folded word of text, by plain substring
// scan, or whose publication year a word names (2024, 2024年).
func expectedIDs(t testing.TB, recs []Record, text string) []string {
	var ids []string
	for _, r := range recs {
		all := true
		hay := []string{zh.Fold(r.Title), zh.Fold(r.Body), zh.Fold(r.DocNumber), zh.Fold(r.IndexNumber), zh.Fold(r.Organ)}
		for _, w := range strings.Fields(zh.Fold(text)) {
			found := !r.Date.IsZero() && (w == r.Date.Format("2006") || w == r.Date.Format("2006年"))
			for _, h := range hay {
				found = found || strings.Contains(h, w)
			}
			all = all && found
		}
		if all {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

func TestSearchMatchesSubstrings(t *testing.T) {
	recs := smallCorpus()
	ix, _ := buildIndex(t, recs)
	for _, tc := range []struct {
		q    string
		want []string // nil: just agree with the oracle
	}{
		// In the title of one, in the organ of all three.
		{q: "长春 政府办公厅", want: []string{"/gazette/2024/01/heating/", "/news/2023/script/", "/news/2024/hongkong/"}},
		{q: "中华民国", want: []string{"/gazette/2023/05/roc-law/"}},
		{q: "長春市人民政府關於節約用水", want: []string{"/gazette/2024/02/water/"}},
		{q: "港", want: []string{"/news/2024/hongkong/"}},
		{q: "民政府"},
		{q: "供暖"},
		{q: "暖"},
		{q: "covid"},
		{q: "ＣＯＶＩＤ－19"},
		{q: "政府 市民"},
		{q: "人民大街1号"},
		{q: "华总一义字"},
		{q: "2024"},
		{q: "不存在的詞"},
	} {
		res := mustSearch(t, ix, Query{Text: tc.q, Size: 50})
		got := hitIDs(res)
		sort.Strings(got)
		want := tc.want
		if want == nil {
			want = expectedIDs(t, recs, tc.q)
		} else if oracle := expectedIDs(t, recs, tc.q); !slices.Equal(oracle, want) {
			t.Fatalf("test corpus is wrong: oracle gives %v for %q", oracle, tc.q)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, want)
		}
		if res.Total != len(want) {
			t.Errorf("Search(%q).Total = %d, want %d", tc.q, res.Total, len(want))
		}
	}
}

func TestSearchPhraseNotScattered(t *testing.T) {
	ix, _ := buildIndex(t, smallCorpus())
	res := mustSearch(t, ix, Query{Text: "民政府", Size: 50})
	ids := hitIDs(res)
	if slices.Contains(ids, "/briefings/2023/citizens/") {
		t.Errorf("民政府 found a document with only 民 and 政府 apart: %v", ids)
	}
	if !slices.Contains(ids, "/gazette/2022/03/province/") || !slices.Contains(ids, "/gazette/2024/01/heating/") {
		t.Errorf("民政府 missed 人民政府 (both scripts): %v", ids)
	}
}

func TestSearchDocNumberFirst(t *testing.T) {
	ix, _ := buildIndex(t, smallCorpus())
	for _, tc := range []struct{ q, want string }{
		{"長府發〔2024〕3號", "/gazette/2024/01/heating/"},
		{"长府发[2024]3号", "/gazette/2024/01/heating/"},
		{"長府發(2024)3號", "/gazette/2024/01/heating/"},
		{"长府发2024年3号", "/gazette/2024/01/heating/"},
		{"长府发（2024）第3号", "/gazette/2024/01/heating/"},
		{" 長府發【2024】3號 ", "/gazette/2024/01/heating/"},
		{"长府发〔2024〕7号", "/gazette/2024/02/water/"},
		{"11220100/2024-00003", "/gazette/2024/01/heating/"},
		{"华总一义字第11200113051号", "/gazette/2023/05/roc-law/"},
		{"長春市人民政府令第12號", "/gazette/2021/06/old-rules/"},
		{"吉政函2022年15號", "/gazette/2022/03/province/"},
	} {
		res := mustSearch(t, ix, Query{Text: tc.q})
		if len(res.Hits) == 0 || res.Hits[0].URL != tc.want {
			t.Errorf("Search(%q) = %v, want %s first", tc.q, hitIDs(res), tc.want)
		}
	}
}

func TestSearchTitleOutranksBody(t *testing.T) {
	ix, _ := buildIndex(t, smallCorpus())
	res := mustSearch(t, ix, Query{Text: "供暖"})
	if len(res.Hits) < 3 {
		t.Fatalf("供暖: %v", hitIDs(res))
	}
	last := res.Hits[len(res.Hits)-1].URL
	if last != "/news/2024/weather/" {
		t.Errorf("供暖: body-only match should rank last, got order %v", hitIDs(res))
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	recs := smallCorpus()
	ix, _ := buildIndex(t, recs)
	for _, q := range []Query{
		{},
		{Text: "长春"},
		{Section: "gazette"},
		{Section: "news", Organ: "長春市人民政府辦公廳"},
		{Year: 2024},
		{Validity: "廢止"},
		{Validity: "废止"},
		{Topic: "城乡建设、环境保护", Category: "市政府文件"},
		{Text: "市", From: day("2024-01-01"), To: day("2024-01-20")},
		{From: day("2023-05-03"), To: day("2023-05-03")},
		{Text: "政府", Section: "gazette", Year: 2024, Validity: "有效"},
	} {
		res := mustSearch(t, ix, Query{Text: q.Text, Section: q.Section, Organ: q.Organ, Topic: q.Topic,
			Category: q.Category, Validity: q.Validity, Year: q.Year, From: q.From, To: q.To, Size: 50})
		// Expected hits: the oracle for the text, then each filter by hand.
		match := func(r Record, skip string) bool {
			if !slices.Contains(expectedIDs(t, []Record{r}, q.Text), r.ID) {
				return false
			}
			year := 0
			if !r.Date.IsZero() {
				year = r.Date.Year()
			}
			d := dayOf(r.Date)
			validity, _ := canonicalValidity(q.Validity)
			return (skip == fSection || q.Section == "" || r.Section == q.Section) &&
				(skip == fOrgan || q.Organ == "" || r.Organ == q.Organ) &&
				(skip == fTopic || q.Topic == "" || r.Topic == q.Topic) &&
				(skip == fCategory || q.Category == "" || r.Category == q.Category) &&
				(skip == fValidity || q.Validity == "" || r.Validity == validity) &&
				(skip == fYear || q.Year == 0 || year == q.Year) &&
				(q.From.IsZero() || !r.Date.IsZero() && !d.Before(dayOf(q.From))) &&
				(q.To.IsZero() || !r.Date.IsZero() && !d.After(dayOf(q.To)))
		}
		var want []string
		for _, r := range recs {
			if match(r, "") {
				want = append(want, r.ID)
			}
		}
		got := hitIDs(res)
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) || res.Total != len(want) {
			t.Errorf("%+v: hits %v (total %d), want %v", q, got, res.Total, want)
		}
		// Facet counts: the records matching every other filter.
		if len(res.Facets) != len(facetFields) {
			t.Fatalf("%d facets, want %d", len(res.Facets), len(facetFields))
		}
		for i, f := range res.Facets {
			if f.Field != facetFields[i] {
				t.Errorf("facet %d is %s, want %s", i, f.Field, facetFields[i])
			}
			wantCounts := map[string]int{}
			for _, r := range recs {
				if !match(r, f.Field) {
					continue
				}
				v := map[string]string{fSection: r.Section, fOrgan: r.Organ, fTopic: r.Topic, fCategory: r.Category, fValidity: r.Validity}[f.Field]
				if f.Field == fYear && !r.Date.IsZero() {
					v = r.Date.Format("2006")
				}
				if v != "" {
					wantCounts[v]++
				}
			}
			gotCounts := map[string]int{}
			for _, v := range f.Values {
				if v.Count > 0 {
					gotCounts[v.Value] = v.Count
				}
				if v.Selected != (v.Value == q.filterValueNormalized(f.Field)) {
					t.Errorf("%+v: facet %s value %s selected=%v", q, f.Field, v.Value, v.Selected)
				}
			}
			if !maps.Equal(gotCounts, wantCounts) {
				t.Errorf("%+v: facet %s = %v, want %v", q, f.Field, gotCounts, wantCounts)
			}
		}
	}
}

// filterValueNormalized is filterValue after the validity spelling is made canonical.
func (q Query) filterValueNormalized(field string) string {
	if field == fValidity {
		v, _ := canonicalValidity(q.Validity)
		return v
	}
	return q.filterValue(field)
}

func TestSearchSortByDate(t *testing.T) {
	recs := smallCorpus()
	ix, _ := buildIndex(t, recs)
	for _, q := range []Query{{Sort: SortDate, Size: 50}, {Text: "市", Sort: SortDate, Size: 50}, {Size: 50}} {
		res := mustSearch(t, ix, q)
		if len(res.Hits) < 5 {
			t.Fatalf("%+v: only %d hits", q, len(res.Hits))
		}
		for i := 1; i < len(res.Hits); i++ {
			a, b := res.Hits[i-1].Date, res.Hits[i].Date
			if a.IsZero() && !b.IsZero() || !b.IsZero() && a.Before(b) {
				t.Errorf("%+v: hit %d (%s) dated %v before hit %d dated %v", q, i, res.Hits[i].URL, b, i-1, a)
			}
		}
	}
	// Paging through by date gives the same order as one page.
	all := hitIDs(mustSearch(t, ix, Query{Sort: SortDate, Size: 50}))
	var paged []string
	for p := 1; ; p++ {
		res := mustSearch(t, ix, Query{Sort: SortDate, Size: 5, Page: p})
		if len(res.Hits) == 0 {
			break
		}
		if res.Total != len(recs) {
			t.Errorf("page %d: Total %d, want %d", p, res.Total, len(recs))
		}
		paged = append(paged, hitIDs(res)...)
	}
	if !slices.Equal(all, paged) {
		t.Errorf("paged %v\nwant  %v", paged, all)
	}
	// Dates come back as the publication day in the record's zone.
	res := mustSearch(t, ix, Query{Text: "长府发〔2024〕3号"})
	if got := res.Hits[0].Date; !got.Equal(time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date = %v, want 2024-01-10", got)
	}
}

func TestSearchHitFieldsAndSnippet(t *testing.T) {
	ix, _ := buildIndex(t, smallCorpus())
	res := mustSearch(t, ix, Query{Text: "ALERT 代碼"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", hitIDs(res))
	}
	h := res.Hits[0]
	if h.Title != "網站安全提示" || h.Section != "news" || h.Organ != "長春市人民政府辦公廳" || h.Category != "新聞" || h.Validity != "有效" {
		t.Errorf("hit fields: %+v", h)
	}
	want := "請勿在留言中輸入 &lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; 等<mark>代碼</mark>，系統會拒絕 &amp; 記錄。"
	if string(h.Snippet) != want {
		t.Errorf("snippet\n got %s\nwant %s", h.Snippet, want)
	}
	// Matches are marked in the document's script, whatever the query's.
	res = mustSearch(t, ix, Query{Text: "长春市人民政府办公厅"})
	if len(res.Hits) == 0 || res.Hits[0].URL != "/gazette/2024/01/heating/" {
		t.Fatalf("hits %v", hitIDs(res))
	}
	if h := res.Hits[0]; h.DocNumber != "長府發〔2024〕3號" || h.IndexNumber != "11220100/2024-00003" || h.Title != "長春市人民政府辦公廳關於做好冬季供暖工作的通知" {
		t.Errorf("hit fields: %+v", h)
	}
	res = mustSearch(t, ix, Query{Text: "温暖过冬"})
	for _, h := range res.Hits {
		if !strings.Contains(string(h.Snippet), "<mark>溫暖過冬</mark>") {
			t.Errorf("%s: snippet %s lacks <mark>溫暖過冬</mark>", h.URL, h.Snippet)
		}
	}
	if len(res.Hits) != 2 {
		t.Errorf("温暖过冬: %v", hitIDs(res))
	}
}

func TestSnippetWindow(t *testing.T) {
	c, err := zh.T2S()
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("甲乙丙丁。", 60) + "這是關鍵詞所在。" + strings.Repeat("戊己庚辛。", 60)
	got := string(snippet(c, []byte(body), []string{"关键词"}, 40))
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "這是<mark>關鍵詞</mark>所在") {
		t.Errorf("snippet = %s", got)
	}
	// No match: the beginning.
	got = string(snippet(c, []byte("第一行\n\n  第二行"), []string{"无"}, 40))
	if got != "第一行 第二行" {
		t.Errorf("snippet = %q", got)
	}
	// A window that cuts a mark still closes it.
	got = string(snippet(c, []byte("一二三四五六"), []string{"五六"}, 5))
	if strings.Count(got, "<mark>") != strings.Count(got, "</mark>") {
		t.Errorf("unbalanced marks: %s", got)
	}
	// A match just after the window closes nothing it did not open.
	got = string(snippet(c, []byte("關鍵甲乙丙關鍵"), []string{"关键"}, 5))
	if got != "<mark>關鍵</mark>甲乙丙…" {
		t.Errorf("a match after the window: %s", got)
	}
}

func TestSearchLimits(t *testing.T) {
	ix, _ := buildIndex(t, smallCorpus())
	if res := mustSearch(t, ix, Query{Size: MaxSize}); res.Query.Size != MaxSize {
		t.Errorf("size = %d, want %d", res.Query.Size, MaxSize)
	}
	_, err := ix.Search(context.Background(), Query{Size: MaxSize + 1})
	var qe *QueryError
	if !errors.As(err, &qe) || qe.Param != "size" {
		t.Errorf("size %d: err = %v, want a *QueryError on size", MaxSize+1, err)
	}
	_, err = ix.Search(context.Background(), Query{Text: strings.Repeat("字", MaxQueryRunes+1)})
	if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
		t.Errorf("long query: err = %v, want a *QueryError", err)
	}
	if _, err := ix.Search(context.Background(), Query{Text: strings.Repeat("字", MaxQueryRunes)}); err != nil {
		t.Errorf("query of %d runes: %v", MaxQueryRunes, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "市"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: err = %v", err)
	}
	// A query that yields no term finds nothing.
	res := mustSearch(t, ix, Query{Text: "？！"})
	if res.Total != 0 {
		t.Errorf("punctuation query: %d hits", res.Total)
	}
	if res.Took <= 0 {
		t.Errorf("Took = %v", res.Took)
	}
}

func TestOpenNoIndex(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt")
	if err := os.MkdirAll(filepath.Join(corrupt, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(corrupt, "index_meta.json"), []byte(`{"storage":"scorch","index_type":"scorch"}`), 0o644)
	os.WriteFile(filepath.Join(corrupt, "store", "root.bolt"), []byte("not a bolt file"), 0o644)
	garbage := filepath.Join(dir, "garbage")
	os.MkdirAll(garbage, 0o755)
	os.WriteFile(filepath.Join(garbage, "index_meta.json"), []byte("{"), 0o644)
	for _, d := range []string{filepath.Join(dir, "missing"), dir, corrupt, garbage} {
		ix, err := Open(d)
		if !errors.Is(err, ErrNoIndex) {
			t.Errorf("Open(%s) = %v, want ErrNoIndex", d, err)
		}
		if ix != nil {
			ix.Close()
		}
	}
}
