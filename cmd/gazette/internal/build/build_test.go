package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/search"
	"gazette/templates"
)

// sampleDir is the repository's sample content.
var sampleDir = filepath.Join("..", "..", "..", "..", "content")

var (
	cst        = time.FixedZone("CST", 8*3600)
	sampleTime = time.Date(2026, 11, 26, 9, 0, 0, 0, cst)
)

const (
	embargoed = "數字政府建設2030行動綱要"
	draft     = "【草稿 未審定】"
)

func buildSample(t *testing.T, now time.Time) (public string) {
	t.Helper()
	out := t.TempDir()
	opt := Options{Content: os.DirFS(sampleDir), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: now}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	return real(t, opt.Public)
}

// real resolves the link that public/ and index/ are.
func real(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSampleSite(t *testing.T) {
	public := buildSample(t, sampleTime)
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("page missing: %v", err)
		}
		return string(b)
	}
	// Every page kind, and what a reader must find on it.
	for p, wants := range map[string][]string{
		"index.html":                 {`<html lang="zh-Hant">`, "最新一期政府公報", "長春市人民政府公報 2025年第3期", `href="#main"`},
		"gazette/index.html":         {"2025年", "2024年", "總第301期"},
		"gazette/2025/index.html":    {"長春市人民政府公報 2025年第1期", "長春市人民政府公報 2025年第3期"},
		"gazette/2025/01/index.html": {"本期目錄", `<h3 class="category">市政府令</h3>`, "長春市人民政府令第120號", "總第301期"},
		"briefings/index.html":       {"政務信息", "doclist"},
		"briefings/2026/index.html":  {"政務信息 2026年"},
		"news/index.html":            {"新聞發布"},
		"organs/index.html":          {"長春市人民政府辦公廳"},
		"topics/index.html":          {"綜合政務"},
		"archive/index.html":         {"2025"},
		"archive/2025/index.html":    {"2025年歸檔"},
		"about/index.html":           {"機構概況"},
		"about/divisions/index.html": {"秘書處", "綜合二處", "綜合三處", "市政府應急管理辦公室保障指導處"},
		"about/duties/index.html":    {"(十一)承辦市政府領導同志交辦的其他事項"},
		"feeds/index.html":           {"OPML", "/gazette/feed.xml"},
		"404.html":                   {"找不到頁面"},
		"zwgk/2025/0003.html":        {`http-equiv="refresh"`, "/gazette/2025/01/2025-gov-order-120-information-disclosure/"},
		"robots.txt":                 {"Sitemap: https://gazette.example.org/sitemap.xml"},
		"sitemap.xml":                {"<lastmod>2025-01-20</lastmod>", "https://gazette.example.org/gazette/2025/01/", "<loc>https://gazette.example.org/zh-hans/gazette/</loc>", `hreflang="zh-Hans"`},
		"opensearch.xml":             {"search?q={searchTerms}"},
		"assets/style.css":           {"@media print"},
		"gazette/2025/01/2025-office-doc-2-heating-supply/2025-heating-contacts.csv": {"朝陽區"},
		// A document: the disclosure table, JSON-LD, attachment with size and type.
		"gazette/2025/01/2025-office-doc-2-heating-supply/index.html": {"索引號", "發布機構", "長府辦發〔2025〕2號", "成文日期", "主題分類", "有效性",
			`"@type":"Legislation"`, `"legislationIdentifier":"長府辦發〔2025〕2號"`, "2025-heating-contacts.csv", "text/csv", "下一篇"},
		// Repealed: banner and a link to what repealed it; the repealer links back.
		"gazette/2024/12/2024-office-doc-45-mayor-hotline/index.html": {"本文件已廢止", "/gazette/2025/03/2025-office-doc-12-hotline-12345/", `"legislationLegalForce":"https://schema.org/NotInForce"`},
		"gazette/2025/03/2025-office-doc-12-hotline-12345/index.html": {"本文件廢止", "/gazette/2024/12/2024-office-doc-45-mayor-hotline/", "政策解讀", "/news/2025/2025-interpretation-12345-hotline/"},
		// Amended, both ways.
		"gazette/2024/12/2024-gov-doc-18-business-environment/index.html": {"本文件已被修改", "/gazette/2025/02/2025-gov-doc-3-amend-business-environment/"},
		// Expired by its expires date.
		"gazette/2025/01/2025-office-doc-5-fireworks-temporary/index.html": {"本文件已失效", "有效期至2025年2月13日"},
		// An interpretation links to what it interprets, as NewsArticle.
		"news/2025/2025-interpretation-information-disclosure-rules/index.html": {"解讀的文件", "/gazette/2025/01/2025-gov-order-120-information-disclosure/", `"@type":"NewsArticle"`},
		// History shows as the update.
		"gazette/2025/01/2025-appointments-1/index.html": {"更正與修訂記錄", "更新於"},
		// A document written in Simplified reads in Traditional on the
		// Traditional site, and as written in the Simplified copy.
		"news/2025/2025-business-environment-revision-zh-hans/index.html":         {`<article class="document news" lang="zh-Hant">`, "營商環境"},
		"zh-hans/news/2025/2025-business-environment-revision-zh-hans/index.html": {`<article class="document news" lang="zh-Hans">`, "营商环境", `<html lang="zh-Hans">`},
		// The Simplified copy of every page, feed and open-data file, linked
		// both ways.
		"zh-hans/index.html":         {`<html lang="zh-Hans">`, "首页", `href="/zh-hans/gazette/"`, `hreflang="zh-Hant" href="https://gazette.example.org/"`},
		"zh-hans/feed.xml":           {"https://gazette.example.org/zh-hans/"},
		"zh-hans/data/documents.csv": {"https://gazette.example.org/zh-hans/gazette/2025/01/"},
		// The annual reports: a list, each report with its tables, files and feed.
		"reports/index.html":       {"政府信息公開工作年度報告", "/reports/2025/", "/reports/2024/"},
		"reports/2025/index.html":  {"長春市人民政府辦公廳2025年政府信息公開工作年度報告", "示例數據", "（七）總計", "/reports/2025/table-3.csv", "/reports/2025/publications.svg"},
		"reports/2025/table-3.csv": {"三、本年度辦理結果／（七）總計,128,14,1,1,3,0,147"},
		"reports/feed.xml":         {"長春市人民政府辦公廳2024年政府信息公開工作年度報告"},
		"feed.xml":                 {"https://gazette.example.org/reports/2025/"},
	} {
		page := read(p)
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", p, w)
			}
		}
	}
	// The short link of a document redirects to it.
	d := read("gazette/2025/02/2025-gov-doc-3-amend-business-environment/index.html")
	i := strings.Index(d, `href="/d/`)
	if i < 0 {
		t.Fatal("document has no short link")
	}
	short := d[i+len(`href="`):]
	short = short[:strings.IndexByte(short, '"')]
	if r := read(short + "index.html"); !strings.Contains(r, "/gazette/2025/02/2025-gov-doc-3-amend-business-environment/") {
		t.Errorf("short link %s does not redirect to the document", short)
	}
	// Nothing unpublished anywhere.
	assertAbsent(t, public, embargoed, draft)
	// No page needs JavaScript: the only script elements are JSON-LD data
	// and the site's two same-origin scripts, which only add to a page
	// (e2e.TestModeSwitch reads the site with scripts off): prefs.js, which
	// applies the reader's choices before the page is drawn, and site.js.
	filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := os.ReadFile(p)
		n := bytes.Count(b, []byte("<script"))
		ld := bytes.Count(b, []byte(`<script type="application/ld+json">`))
		js := bytes.Count(b, []byte(`<script src="/assets/site.js" defer></script>`))
		js += bytes.Count(b, []byte(`<script src="/assets/prefs.js"></script>`))
		if n != ld+js || js > 2 {
			t.Errorf("%s has %d script elements that are neither JSON-LD nor the site's two", p, n-ld-js)
		}
		return nil
	})
}

// assertAbsent fails if any output file contains any of the strings.
func assertAbsent(t *testing.T, dir string, ss ...string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, s := range ss {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s contains %q", p, s)
			}
		}
		return nil
	})
}

func TestEmbargoLifts(t *testing.T) {
	public := buildSample(t, time.Date(2030, 1, 1, 9, 0, 0, 0, cst))
	for _, p := range []string{"news/2030/2030-digital-government-plan-release/index.html", "news/index.html", "feed.xml", "sitemap.xml", "data/documents.csv"} {
		b, err := os.ReadFile(filepath.Join(public, p))
		if err != nil || !bytes.Contains(b, []byte(embargoed)) && !bytes.Contains(b, []byte("2030-digital-government-plan-release")) {
			t.Errorf("%s: the item is missing at its time (%v)", p, err)
		}
	}
	assertAbsent(t, public, draft)
}

// TestLinksResolve checks every internal link and asset of the sample site.
func TestLinksResolve(t *testing.T) {
	public := buildSample(t, sampleTime)
	dynamic := map[string]bool{"/search": true, "/api/search": true, "/search.atom": true, "/mode/elder": true, "/mode/standard": true,
		"/zh-hans/search": true, "/zh-hans/search.atom": true}
	checked := 0
	filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		f, _ := os.Open(p)
		defer f.Close()
		z := html.NewTokenizer(f)
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			for {
				k, v, more := z.TagAttr()
				if k := string(k); k == "href" || k == "src" {
					target := resolve(filepath.ToSlash(rel), string(v))
					if target != "" && !dynamic[target] {
						checked++
						if !exists(public, target) {
							t.Errorf("%s: broken link %q", rel, v)
						}
					}
				}
				if !more {
					break
				}
			}
		}
		return nil
	})
	if checked < 500 {
		t.Errorf("only %d links checked", checked)
	}
}

// resolve turns a link on page into a site path, or "" for other sites.
func resolve(page, link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || (u.Path == "" && u.Fragment != "") {
		return ""
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join("/"+path.Dir(page), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	return p
}

func exists(public, p string) bool {
	f := filepath.Join(public, filepath.FromSlash(p))
	if strings.HasSuffix(p, "/") {
		f = filepath.Join(f, "index.html")
	}
	info, err := os.Stat(f)
	return err == nil && !info.IsDir()
}

// hashTree fingerprints every file of dir.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	dir = real(t, dir)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		m[rel] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFailedBuildKeepsSite shows a content error leaves public/ and index/
// byte-identical to the last good build, and leaves nothing beside them.
func TestFailedBuildKeepsSite(t *testing.T) {
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
	pub, idx := hashTree(t, opt.Public), hashTree(t, opt.Index)

	bad := filepath.Join(src, "news", "2026", "broken.md")
	os.WriteFile(bad, []byte("---\ntitle: 壞文件\ndate: 2026-13-01\n---\n"), 0o644)
	_, err := Run(context.Background(), opt)
	var list content.ErrorList
	if !errors.As(err, &list) || !strings.Contains(err.Error(), "content/news/2026/broken.md:3:7:") {
		t.Fatalf("error = %v, want a content error at broken.md:3:7", err)
	}
	if !maps.Equal(pub, hashTree(t, opt.Public)) || !maps.Equal(idx, hashTree(t, opt.Index)) {
		t.Error("a failed build changed public/ or index/")
	}
	entries, _ := os.ReadDir(out)
	gens, _ := filepath.Glob(filepath.Join(out, ".gazette", "2*"))
	if len(entries) != 3 || len(gens) != 1 {
		t.Errorf("build left %d entries beside public/ and index/ and %d generations in .gazette (want 3 and 1)", len(entries), len(gens))
	}
}

// TestReportContradiction: a report whose data block contradicts the
// archive fails the build, naming the figure's line and both numbers; so
// does one that lacks a section.
func TestReportContradiction(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(src, "reports", "2025.md")
	data, _ := os.ReadFile(p)
	active := []byte("  active:")
	i := bytes.Index(data, active)
	if i < 0 {
		t.Fatal("reports/2025.md has no active block")
	}
	// The sample leaves 行政規範性文件 to the archive (3 issued in 2025).
	line := 2 + bytes.Count(data[:i], []byte("\n"))
	data = bytes.Replace(data, active, []byte("  active:\n    normative: {issued: 4}"), 1)
	os.WriteFile(p, data, 0o644)
	out := t.TempDir()
	_, err := Run(context.Background(), Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime})
	var list content.ErrorList
	want := fmt.Sprintf("content/reports/2025.md:%d:25: 行政規範性文件 本年制發件數: the data block gives 4, but the archive counts 3", line)
	if !errors.As(err, &list) || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v\nwant %s", err, want)
	}
	// So does a report without one of its six sections.
	os.WriteFile(p, bytes.Replace(data, []byte("## 五、存在的主要問題及改進情況\n"), nil, 1), 0o644)
	_, err = Run(context.Background(), Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime})
	if want := `section "五、存在的主要問題及改進情況" is missing before "六、其他需要報告的事項"`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

// TestReportSearchable: the annual reports are in the index, as a section
// of their own, found by words of their narrative in either script.
func TestReportSearchable(t *testing.T) {
	out := t.TempDir()
	opt := Options{Content: os.DirFS(sampleDir), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(opt.Index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{Text: "依申请公开 无法提供", Section: "reports"})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, h := range res.Hits {
		urls = append(urls, h.URL)
	}
	slices.Sort(urls)
	if !slices.Equal(urls, []string{"/reports/2024/", "/reports/2025/"}) {
		t.Errorf("reports found: %q, want both", urls)
	}
}

// TestReportFollowsEdits: the page and the files of a report are made
// again when what they show changes — a document of the year, or the
// report's data block — by a build and by an update in place (serve
// -watch); a data block that stops adding up fails the update at its line.
func TestReportFollowsEdits(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	e := New(opt)
	defer e.Close()
	ctx := context.Background()
	edit := func(rel, old, new string) string {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(rel))
		data, _ := os.ReadFile(p)
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", rel, old)
		}
		os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
		return rel
	}
	has := func(file, want string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(opt.Public, filepath.FromSlash(file)))
		if err != nil || !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s lacks %q (%v)", file, want, err)
		}
	}
	corrections := `更正、修訂已發布文件</th><td headers="t1-r%d" class="num">%d件</td>`
	if _, err := e.Build(ctx); err != nil {
		t.Fatal(err)
	}
	has("reports/2025/index.html", fmt.Sprintf(corrections, 13, 1))

	// A correction in 2025: a new build, then an update in place.
	edit("gazette/2025/01/2025-office-doc-5-fireworks-temporary.md", "normative: true\n",
		"normative: true\nhistory:\n  - {date: 2025-02-01, note: 更正附件中的電話號碼。}\n")
	if _, err := e.Build(ctx); err != nil {
		t.Fatal(err)
	}
	has("reports/2025/index.html", fmt.Sprintf(corrections, 13, 2))
	p := edit("reports/2025.md", "fees: 0 ", "fees: 0.5 ")
	if _, err := e.Update(ctx, []string{p}, nil); err != nil {
		t.Fatal(err)
	}
	has("reports/2025/table-2.csv", "行政事業性收費,本年收費金額（單位：萬元）,0.5,本機關填報")
	has("reports/2025/index.html", "0.5<sup")

	p = edit("reports/2025.md", "review:                  [2, 0, 0, 0, 2]", "review:                  [2, 0, 0, 0, 3]")
	if _, err := e.Update(ctx, []string{p}, nil); err == nil || !strings.Contains(err.Error(), "content/reports/2025.md:") {
		t.Errorf("an update with a wrong 總計 = %v, want an error at its line", err)
	}
}

// TestDeterministic builds twice and compares the sites byte for byte.
func TestDeterministic(t *testing.T) {
	a, b := buildSample(t, sampleTime), buildSample(t, sampleTime)
	ha, hb := hashTree(t, a), hashTree(t, b)
	if !maps.Equal(ha, hb) {
		for k, v := range ha {
			if hb[k] != v {
				t.Errorf("%s differs between two builds of the same input", k)
			}
		}
	}
}

// TestNoChangeRebuild: a build whose inputs are the live build's writes
// nothing; a changed file, a changed template or the clock passing an
// embargo rebuilds.
func TestNoChangeRebuild(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	live := func() string {
		p, _ := filepath.EvalSymlinks(opt.Public)
		return p
	}
	build := func(want bool) {
		t.Helper()
		before := live()
		sum, err := Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if rebuilt := !sum.Unchanged && live() != before; rebuilt != want {
			t.Errorf("rebuilt = %v, want %v (%s)", rebuilt, want, sum)
		}
	}
	build(true)
	build(false)
	os.WriteFile(filepath.Join(src, "news", "2026", "new.md"), []byte("---\ntitle: 新文件\ndate: 2026-01-02\n---\n"), 0o644)
	build(true)
	build(false)
	opt.Templates = fstest.MapFS{}
	names, _ := fs.Glob(templates.FS, "*.*")
	for _, name := range names {
		b, _ := fs.ReadFile(templates.FS, name)
		opt.Templates.(fstest.MapFS)[name] = &fstest.MapFile{Data: b}
	}
	opt.Templates.(fstest.MapFS)["style.css"].Data = append(opt.Templates.(fstest.MapFS)["style.css"].Data, "\n/* changed */\n"...)
	build(true)
	build(false)
	opt.Now = time.Date(2030, 1, 1, 9, 0, 0, 0, cst) // the embargoed news item comes out
	build(true)
}
