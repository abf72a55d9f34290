package content

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

const siteYAML = `title: 測試市人民政府辦公廳
base_url: https://gazette.example.org/
language: zh-Hant
timezone: Asia/Shanghai
organ:
  name: 測試市人民政府辦公廳
  code: 11220100MB1979017X
`

var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// archiveFS turns a txtar archive into a content tree; a site.yaml is
// added when the archive has none.
func archiveFS(a *txtar.Archive) fstest.MapFS {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}}
	for _, f := range a.Files {
		if f.Name == "want" {
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// TestErrors loads each testdata/errors/*.txtar and compares the errors
// with its "want" file: one "path:line[:col]: message" per line.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want string
			for _, f := range a.Files {
				if f.Name == "want" {
					want = strings.TrimSpace(string(f.Data))
				}
			}
			_, err = Load(context.Background(), archiveFS(a), Options{Now: now, Root: "content"})
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load error = %v, want an ErrorList", err)
			}
			if got := strings.TrimSpace(list.Error()); got != want {
				t.Errorf("errors:\n%s\n\nwant:\n%s", got, want)
			}
		})
	}
}

func TestBOMAndCRLF(t *testing.T) {
	doc := "\xef\xbb\xbf---\r\ntitle: 測試\r\ndate: 2025-01-02\r\norgan: 測試市人民政府\r\n---\r\n第一行\r\n第二行\r\n"
	s, err := Load(context.Background(), fstest.MapFS{
		"site.yaml":           {Data: []byte(siteYAML)},
		"briefings/2025/a.md": {Data: []byte(doc)},
	}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Documents[0]
	if d.Title != "測試" || string(d.Body) != "第一行\n第二行\n" || d.BodyLine != 6 {
		t.Errorf("got title %q body %q line %d", d.Title, d.Body, d.BodyLine)
	}
}

// TestLeaveBodies: a build that lets bodies go at load reads the same body
// again later, and fails, saying so, when the file changed in between.
func TestLeaveBodies(t *testing.T) {
	doc := "\xef\xbb\xbf---\r\ntitle: 測試\r\ndate: 2025-01-02\r\norgan: 測試市人民政府\r\n---\r\n第一行\r\n第二行\r\n"
	fsys := fstest.MapFS{
		"site.yaml":           {Data: []byte(siteYAML)},
		"briefings/2025/a.md": {Data: []byte(doc)},
	}
	s, err := Load(context.Background(), fsys, Options{Now: now, LeaveBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Documents[0]
	if d.Body != nil {
		t.Errorf("Body kept: %q", d.Body)
	}
	if body, err := ReadBody(fsys, d); err != nil || string(body) != "第一行\n第二行\n" {
		t.Errorf("ReadBody = %q, %v", body, err)
	}
	fsys["briefings/2025/a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(doc, "第二行", "改了", 1))}
	if _, err := ReadBody(fsys, d); err == nil || !strings.Contains(err.Error(), "changed during the build") {
		t.Errorf("ReadBody of an edited file: %v", err)
	}
}

func TestDates(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"2025-01-20", time.Date(2025, 1, 20, 0, 0, 0, 0, loc)},
		{"2025-01-20T09:30:00", time.Date(2025, 1, 20, 9, 30, 0, 0, loc)},
		{"2025-01-20T01:30:00Z", time.Date(2025, 1, 20, 9, 30, 0, 0, loc)},
		{"2025-01-20T09:30:00+08:00", time.Date(2025, 1, 20, 9, 30, 0, 0, loc)},
	} {
		got, err := ParseDate(tt.in, loc)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"2025-13-01", "2025/01/20", "20 Jan 2025", ""} {
		if _, err := ParseDate(bad, loc); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}

const issue = "---\ntitle: 公報 2025年第1期\nyear: 2025\nissue: 1\nserial: 301\ndate: 2025-01-20\n---\n"

func gazetteDoc(front string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: 文件\ndate: 2025-01-20\norgan: 測試市人民政府\n" + front + "---\n正文。\n")}
}

func TestPublication(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":                {Data: []byte(siteYAML)},
		"gazette/2025/01/index.md": {Data: []byte(issue)},
		"gazette/2025/01/old.md":   gazetteDoc("doc_number: 測府發〔2024〕1號\nwritten: 2024-12-30\nvalidity: 廢止\n"),
		"gazette/2025/01/new.md":   gazetteDoc("doc_number: 測府發〔2025〕1號\nrepeals: [測府發〔2024〕1號]\n"),
		"gazette/2025/01/temp.md":  gazetteDoc("expires: 2025-03-01\n"),
		"news/2025/explain.md":     {Data: []byte("---\ntitle: 解讀\ndate: 2025-01-21\ninterprets: 測府發〔2025〕1號\n---\n問：…\n")},
		"news/2025/later.md":       {Data: []byte("---\ntitle: 禁發\ndate: 2025-07-01T09:00:00+08:00\ninterprets: gazette/2025/01/new.md\n---\n")},
		"news/2025/draft.md":       {Data: []byte("---\ntitle: 草稿\ndate: 2025-01-01\ndraft: true\n---\n")},
		"briefings/2025/b.md":      {Data: []byte("---\ntitle: 簡報\ndate: 2025-02-01\norgan: 辦公廳\n---\n")},
		"pages/01-about.md":        {Data: []byte("---\ntitle: 機構職能\nslug: duties\n---\n")},
	}
	byPath := func(s *Site) map[string]*Document {
		m := map[string]*Document{}
		for _, d := range s.Documents {
			m[d.Path] = d
		}
		return m
	}
	s, err := Load(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	docs := byPath(s)
	if _, ok := docs["news/2025/draft.md"]; ok {
		t.Error("draft published")
	}
	if _, ok := docs["news/2025/later.md"]; ok {
		t.Error("embargoed item published before its date")
	}
	old, newDoc := docs["gazette/2025/01/old.md"], docs["gazette/2025/01/new.md"]
	if len(old.RepealedBy) != 1 || old.RepealedBy[0] != newDoc || len(newDoc.RepealsDocs) != 1 {
		t.Errorf("repeal not linked both ways: %v / %v", old.RepealedBy, newDoc.RepealsDocs)
	}
	if n := len(newDoc.Interpretations); n != 1 {
		t.Errorf("new has %d interpretations, want 1 (the embargoed one must not show)", n)
	}
	if v := docs["gazette/2025/01/temp.md"].Validity; v != Expired {
		t.Errorf("expired document validity = %q", v)
	}
	if v := newDoc.Validity; v != Valid {
		t.Errorf("default validity = %q", v)
	}
	if u := docs["pages/01-about.md"].URL; u != "/about/duties/" {
		t.Errorf("page URL = %q", u)
	}
	if u := newDoc.URL; u != "/gazette/2025/01/new/" {
		t.Errorf("gazette URL = %q", u)
	}
	if is := docs["gazette/2025/01/index.md"]; len(is.Documents) != 3 || newDoc.Issue != is {
		t.Errorf("issue has %d documents", len(is.Documents))
	}

	// After the embargo lifts, the item and its relation appear.
	s, err = Load(context.Background(), fsys, Options{Now: time.Date(2025, 7, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))})
	if err != nil {
		t.Fatal(err)
	}
	docs = byPath(s)
	if _, ok := docs["news/2025/later.md"]; !ok {
		t.Error("embargoed item missing at its time")
	}
	if n := len(docs["gazette/2025/01/new.md"].Interpretations); n != 2 {
		t.Errorf("new has %d interpretations after the embargo, want 2", n)
	}
}

// TestIndexNumbersStable shows that adding documents never renumbers others.
func TestIndexNumbersStable(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":           {Data: []byte(siteYAML)},
		"briefings/2025/a.md": {Data: []byte("---\ntitle: A\ndate: 2025-03-01\norgan: 辦公廳\n---\n")},
		"briefings/2025/c.md": {Data: []byte("---\ntitle: C\ndate: 2025-05-01\norgan: 辦公廳\n---\n")},
	}
	numbers := func() map[string]string {
		s, err := Load(context.Background(), fsys, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, d := range s.Documents {
			m[d.Path] = d.IndexNumber
		}
		return m
	}
	before := numbers()
	if n := before["briefings/2025/a.md"]; !strings.HasPrefix(n, "11220100MB1979017X/2025-") {
		t.Fatalf("generated 索引號 %q", n)
	}
	fsys["briefings/2025/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2025-01-01\norgan: 辦公廳\n---\n")}
	fsys["briefings/2025/0.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 0\ndate: 2025-02-01\norgan: 辦公廳\nindex_number: X/2025-1\n---\n")}
	after := numbers()
	for p, n := range before {
		if after[p] != n {
			t.Errorf("%s renumbered: %s → %s", p, n, after[p])
		}
	}
	if after["briefings/2025/0.md"] != "X/2025-1" {
		t.Errorf("given 索引號 not kept: %q", after["briefings/2025/0.md"])
	}
}

func TestSampleContentLoads(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "content")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no sample content")
	}
	s, err := Load(context.Background(), os.DirFS(dir), Options{Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Documents) < 30 {
		t.Errorf("sample site has %d published documents", len(s.Documents))
	}
}

// TestIssueOrder: an issue's documents come grouped by category — the known
// ones first, in their order, then the others by name — so that the
// contents show each category once.
func TestIssueOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":                {Data: []byte(siteYAML)},
		"gazette/2025/01/index.md": {Data: []byte("---\ntitle: 第1期\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-31\n---\n")},
	}
	for i, c := range []string{"行政法規", "地方性法規", "行政法規", "人事任免", "市政府令", "地方性法規"} {
		fsys[fmt.Sprintf("gazette/2025/01/d%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: 文件%d\ndate: 2025-01-%02d\norgan: 辦公廳\ncategory: %s\n---\n", i, i+1, c)}
	}
	s, err := Load(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range s.Documents {
		if d.Kind == KindIssue {
			for _, doc := range d.Documents {
				got = append(got, doc.Category+" "+doc.Title)
			}
		}
	}
	want := "市政府令 文件4, 人事任免 文件3, 地方性法規 文件1, 地方性法規 文件5, 行政法規 文件0, 行政法規 文件2"
	if strings.Join(got, ", ") != want {
		t.Errorf("issue order:\n%s\nwant:\n%s", strings.Join(got, ", "), want)
	}
}
