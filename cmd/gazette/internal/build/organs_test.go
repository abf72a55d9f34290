package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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
