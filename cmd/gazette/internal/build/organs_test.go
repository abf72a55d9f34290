package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/zh"
	"gazette/templates"
)

// The sample site has documents whose organ is typed in Simplified
// (长春市人民政府办公厅, …电子政务处) beside the same organs in Traditional:
// each organ has one page, in both copies of the site, and the search
// facet counts it once, as many documents as its page lists.
func TestSampleOneOrganPage(t *testing.T) {
	out := t.TempDir()
	opt := Options{Content: os.DirFS(sampleDir), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	public := real(t, opt.Public)

	for _, dir := range []string{"organs", "zh-hans/organs"} {
		es, err := os.ReadDir(filepath.Join(public, filepath.FromSlash(dir)))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		n := 0
		for _, e := range es {
			if !e.IsDir() {
				continue
			}
			n++
			k := zh.Fold(e.Name())
			if prev, ok := seen[k]; ok {
				t.Errorf("%s: one organ has two pages, %s and %s", dir, prev, e.Name())
			}
			seen[k] = e.Name()
		}
		if n < 5 {
			t.Errorf("%s: %d organ pages, want every organ of the sample site's documents", dir, n)
		}
	}
	page, err := os.ReadFile(filepath.Join(public, "organs", "長春市人民政府辦公廳電子政務處", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`href="/briefings/2025/2025-e-government-platform/"`).Match(page) {
		t.Error("the page of 長春市人民政府辦公廳電子政務處 lacks the document that writes it 长春市人民政府办公厅电子政务处")
	}

	index, err := os.ReadFile(filepath.Join(public, "organs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for _, m := range regexp.MustCompile(`<a href="/organs/[^"]+/">([^<]+)</a> <span class="count">(\d+)</span>`).FindAllSubmatch(index, -1) {
		listed[string(m[1])], _ = strconv.Atoi(string(m[2]))
	}
	if listed["長春市人民政府辦公廳"] == 0 {
		t.Fatalf("organs page lists %v, without 長春市人民政府辦公廳", listed)
	}

	ix, err := search.Open(opt.Index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var organs []search.FacetValue
	for _, f := range res.Facets {
		if f.Field == "organ" {
			organs = f.Values
		}
	}
	if len(organs) != len(listed) {
		t.Errorf("organ facet has %d values %v, the organs page %d %v", len(organs), organs, len(listed), listed)
	}
	for _, v := range organs {
		if listed[v.Value] != v.Count {
			t.Errorf("organ facet counts %s %d times, its page %d", v.Value, v.Count, listed[v.Value])
		}
	}
}

// TestListEditReindexes: respelling a name in site.yaml's organs, topics or
// categories regroups the documents under the new spelling in search, as
// on their pages: the index's records are keyed by what they hold, so a
// record whose organ name changed is indexed again though its file did not
// change.
func TestListEditReindexes(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(src, "site.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	respelt := strings.NewReplacer("  - 長春市人民政府\n", "  - 长春市人民政府\n",
		"topics: [綜合政務,", "topics: [综合政务,", ", 市政府辦公廳文件,", ", 市政府办公厅文件,").Replace(string(b))
	if respelt == string(b) {
		t.Fatal("the sample site.yaml no longer lists the names this test respells")
	}
	if err := os.WriteFile(cfg, []byte(respelt), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(real(t, opt.Index))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 20 || len(res.Hits) != res.Total {
		t.Fatalf("%d hits of %d: want every document of the sample site", len(res.Hits), res.Total)
	}
	shown := map[string]map[string]int{"organ": {}, "category": {}}
	for _, h := range res.Hits {
		shown["organ"][h.Organ]++
		shown["category"][h.Category]++
	}
	for _, f := range res.Facets {
		if shown[f.Field] == nil {
			shown[f.Field] = map[string]int{}
		}
		for _, v := range f.Values {
			shown[f.Field]["facet "+v.Value] += v.Count
		}
	}
	for _, c := range []struct{ field, old, new string }{
		{"organ", "長春市人民政府", "长春市人民政府"},
		{"category", "市政府辦公廳文件", "市政府办公厅文件"},
		{"organ", "facet 長春市人民政府", "facet 长春市人民政府"},
		{"topic", "facet 綜合政務", "facet 综合政务"},
		{"category", "facet 市政府辦公廳文件", "facet 市政府办公厅文件"},
	} {
		if n := shown[c.field][c.old]; n > 0 || shown[c.field][c.new] == 0 {
			t.Errorf("after site.yaml respelt %s: search shows %s for %d documents and %s for %d; want only the new spelling (index: %s)",
				c.field, c.old, n, c.new, shown[c.field][c.new], sum.Index)
		}
	}
}
