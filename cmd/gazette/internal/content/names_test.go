package content

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// doc is the source of a briefing with the given extra front matter.
func doc(title, date, extra string) *fstest.MapFile {
	return &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: %s\ndate: %s\n%s\n---\n正文。\n", title, date, strings.TrimSpace(extra))}
}

// One organ, topic or category whatever the script, width or case it was
// typed in: the list's name when site.yaml has one, else the spelling of
// the earliest document already in the site's script, else the earliest
// one converted into it. What the editor wrote stays on the document.
func TestNames(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte(siteYAML + "organs: [長春市人民政府辦公廳電子政務處]\ncategories: [市政府辦公廳文件]\n")},
		// Listed, typed in Simplified.
		"briefings/2025/a.md": doc("甲", "2025-01-05", "organ: 长春市人民政府办公厅电子政务处\ncategory: 市政府办公厅文件\ntopic: 综合政务"),
		// Not listed: the earliest is Simplified (converted), a later one Traditional, which wins.
		"briefings/2025/b.md": doc("乙", "2025-01-02", "organ: 长春市人民政府办公厅\ntopic: 综合政务"),
		"briefings/2025/c.md": doc("丙", "2025-01-09", "organ: 長春市人民政府辦公廳"),
		// The same, where converting gives another Traditional form (鉴 → 鑑, not 鑒).
		"briefings/2025/e.md": doc("庚", "2025-01-01", "organ: 司法鉴定中心"),
		"briefings/2025/f.md": doc("辛", "2025-01-04", "organ: 司法鑒定中心"),
		// Width and case: the earliest document's spelling, though its path sorts last.
		"briefings/2025/z.md": doc("丁", "2025-01-01", "organ: ＡＢ局"),
		"briefings/2025/d.md": doc("戊", "2025-01-03", "organ: ab局"),
		// A draft's spelling names nothing: it is not published.
		"briefings/2024/draft.md": doc("己", "2024-01-01", "organ: 长春市人民政府辦公廳\ndraft: true"),
	}
	s, err := Load(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Documents) != 7 {
		t.Fatalf("%d documents published, want 7", len(s.Documents))
	}
	got := map[string]string{}
	for _, d := range s.All {
		got[d.Title] = strings.Join([]string{d.OrganName, d.TopicName, d.CategoryName}, "|")
	}
	for title, want := range map[string]string{
		"甲": "長春市人民政府辦公廳電子政務處|綜合政務|市政府辦公廳文件",
		"乙": "長春市人民政府辦公廳|綜合政務|",
		"丙": "長春市人民政府辦公廳||",
		"庚": "司法鑒定中心||",
		"辛": "司法鑒定中心||",
		"丁": "ＡＢ局||",
		"戊": "ＡＢ局||",
		"己": "長春市人民政府辦公廳||",
	} {
		if got[title] != want {
			t.Errorf("%s: names %q, want %q", title, got[title], want)
		}
	}
	for _, d := range s.All {
		if d.Title == "甲" && d.Organ != "长春市人民政府办公厅电子政务处" {
			t.Errorf("the editor's spelling is lost: organ %q", d.Organ)
		}
	}
}

// A 文號 in a reference finds its document in any script, bracket style
// or width.
func TestReferencesAcrossScripts(t *testing.T) {
	gz := func(title, extra string) *fstest.MapFile {
		return doc(title, "2025-01-20", "organ: 辦公廳\n"+extra)
	}
	fsys := fstest.MapFS{
		"site.yaml":                {Data: []byte(siteYAML)},
		"gazette/2025/01/index.md": {Data: []byte("---\ntitle: 第1期\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-20\n---\n")},
		"gazette/2025/01/old.md":   gz("舊", "doc_number: 長府發〔2024〕3號"),
		"gazette/2025/01/base.md":  gz("本", "doc_number: 長府發〔2024〕4號"),
		"gazette/2025/01/rep.md":   gz("廢", "repeals: [长府发〔2024〕3号]\nsuperseded_by: 长府发[2025]1号"),
		"gazette/2025/01/new.md":   gz("新", "doc_number: 長府發〔2025〕1號\namends: [长府发（2024）4号]"),
		"news/2025/read.md":        doc("讀", "2025-01-21", "interprets: 长府发2024年第3号"),
	}
	s, err := Load(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Document{}
	for _, d := range s.Documents {
		by[d.Title] = d
	}
	old, base, rep, nw, read := by["舊"], by["本"], by["廢"], by["新"], by["讀"]
	if old == nil || base == nil || rep == nil || nw == nil || read == nil {
		t.Fatalf("documents missing: %v", by)
	}
	if !slices.Contains(old.RepealedBy, rep) || old.Validity != Repealed {
		t.Errorf("repeals 长府发〔2024〕3号 did not reach 長府發〔2024〕3號: repealed by %d, validity %s", len(old.RepealedBy), old.Validity)
	}
	if rep.SupersededByDoc != nw {
		t.Error("superseded_by 长府发[2025]1号 did not reach 長府發〔2025〕1號")
	}
	if !slices.Contains(base.AmendedBy, nw) {
		t.Error("amends 长府发（2024）4号 did not reach 長府發〔2024〕4號")
	}
	if read.InterpretsDoc != old || !slices.Contains(old.Interpretations, read) {
		t.Error("interprets 长府发2024年第3号 did not reach 長府發〔2024〕3號")
	}
}

// Two names of one list that are one name in another spelling are an
// error of site.yaml.
func TestNamesListDuplicate(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML + "topics: [綜合政務, 综合政务]\n")}}
	_, err := Load(context.Background(), fsys, Options{Now: now})
	want := "content/site.yaml: topics: 綜合政務 and 综合政务 are one name (the same in either script, width or case): keep one"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

// An issue's contents follow site.yaml's categories, in any spelling.
func TestIssueOrderFromList(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":                {Data: []byte(siteYAML + "categories: [人事任免, 市政府辦公廳文件]\n")},
		"gazette/2025/01/index.md": {Data: []byte("---\ntitle: 第1期\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-31\n---\n")},
	}
	for i, c := range []string{"市政府辦公廳文件", "其他", "人事任免", "市政府办公厅文件"} {
		fsys[fmt.Sprintf("gazette/2025/01/d%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: 文件%d\ndate: 2025-01-%02d\norgan: 辦公廳\ncategory: %s\n---\n", i, i+1, c)}
	}
	s, err := Load(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range s.Documents {
		for _, doc := range d.Documents {
			got = append(got, doc.CategoryName+" "+doc.Title)
		}
	}
	want := "人事任免 文件2, 市政府辦公廳文件 文件0, 市政府辦公廳文件 文件3, 其他 文件1"
	if strings.Join(got, ", ") != want {
		t.Errorf("issue order:\n%s\nwant:\n%s", strings.Join(got, ", "), want)
	}
}

// With Partial, a tree with errors gives its errors and the site of what
// loaded; without, no site.
func TestPartial(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":           {Data: []byte(siteYAML)},
		"briefings/2025/a.md": doc("甲", "2025-01-02", "organ: 辦公廳\ndept: 辦公廳"),
		"briefings/2025/b.md": doc("乙", "2025-01-03", "organ: 辦公廳"),
		"briefings/2025/c.md": {Data: []byte("no front matter")},
	}
	for _, partial := range []bool{false, true} {
		s, err := Load(context.Background(), fsys, Options{Now: now, Partial: partial})
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 2 {
			t.Fatalf("partial %v: error %v, want the 2 errors of a.md and c.md", partial, err)
		}
		switch {
		case !partial && s != nil:
			t.Error("a site without Partial")
		case partial && s == nil:
			t.Fatal("no site with Partial")
		case partial:
			var titles []string
			for _, d := range s.All {
				titles = append(titles, d.Title)
			}
			if strings.Join(titles, " ") != "甲 乙" {
				t.Errorf("partial site has %q, want 甲 乙", titles)
			}
		}
	}
}
