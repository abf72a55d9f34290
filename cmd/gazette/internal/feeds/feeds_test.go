package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

var (
	before = day("2025-02-10") // 2025/02 issue and future.md still embargoed; temp.md expired
	after  = day("2025-03-02") // everything out
)

// repealed is the content once new.md is out: the editor marks old.md 廢止.
var repealed = edit(map[string]string{
	"gazette/2025/01/old.md": strings.Replace(testContent["gazette/2025/01/old.md"], "topic: 綜合政務\n", "topic: 綜合政務\nvalidity: 廢止\n", 1),
})

// wantTitles is every feed of the repealed site at after, its item titles in feed order.
var wantTitles = map[string][]string{
	"/":                 {"市政府召開新聞發布會（禁發至三月）", "長春市12345政務服務便民熱線管理辦法", "【已廢止】長春市市長公開電話受理辦理工作規定", "2025年1月市長信箱來信統計", "【已失效】春節期間煙花爆竹燃放臨時措施", "2025年第一季度市長公開電話受理情況", "《長春市政府信息公開規定》政策解讀", "長春市政府信息公開規定", "關於<草案>&「]]>」的說明"},
	"/gazette/":         {"長春市12345政務服務便民熱線管理辦法", "【已廢止】長春市市長公開電話受理辦理工作規定", "【已失效】春節期間煙花爆竹燃放臨時措施", "長春市政府信息公開規定", "關於<草案>&「]]>」的說明"},
	"/briefings/":       {"2025年1月市長信箱來信統計", "2025年第一季度市長公開電話受理情況"},
	"/news/":            {"市政府召開新聞發布會（禁發至三月）", "《長春市政府信息公開規定》政策解讀"},
	"/gazette/2025/01/": {"【已廢止】長春市市長公開電話受理辦理工作規定", "【已失效】春節期間煙花爆竹燃放臨時措施", "長春市政府信息公開規定", "關於<草案>&「]]>」的說明"},
	"/gazette/2025/02/": {"長春市12345政務服務便民熱線管理辦法"},
	"/organs/長春市人民政府/":  {"長春市政府信息公開規定", "關於<草案>&「]]>」的說明"},
	"/organs/長春市人民政府辦公廳/": {"長春市12345政務服務便民熱線管理辦法", "【已廢止】長春市市長公開電話受理辦理工作規定", "2025年1月市長信箱來信統計", "【已失效】春節期間煙花爆竹燃放臨時措施", "2025年第一季度市長公開電話受理情況"},
	"/organs/長春市司法局/":     {"《長春市政府信息公開規定》政策解讀"},
	"/topics/綜合政務/":       {"長春市12345政務服務便民熱線管理辦法", "【已廢止】長春市市長公開電話受理辦理工作規定", "2025年第一季度市長公開電話受理情況", "長春市政府信息公開規定"},
	"/topics/公安、安全、司法/":   {"【已失效】春節期間煙花爆竹燃放臨時措施"},
}

// fullText is the feeds whose items carry the body; the others carry the
// summary and the link.
var fullText = map[string]bool{"/": true, "/gazette/": true, "/briefings/": true, "/news/": true}

func parse(t *testing.T, name string, data []byte) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: gofeed: %v", name, err)
	}
	return f
}

// wellFormed decodes a whole XML or JSON file.
func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	if strings.HasSuffix(name, ".json") {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Errorf("%s: not JSON: %v", name, err)
		}
		return
	}
	if strings.HasSuffix(name, ".csv") {
		return
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", name, err)
			return
		}
	}
}

func TestFeedsReadByGofeed(t *testing.T) {
	files := build(t, loadSite(t, repealed, after))
	bases := feedBases(files)
	slices.Sort(bases)
	var want []string
	for b := range wantTitles {
		want = append(want, b)
	}
	slices.Sort(want)
	if !slices.Equal(bases, want) {
		t.Fatalf("feed directories:\n got %q\nwant %q", bases, want)
	}
	for name, data := range files {
		wellFormed(t, name, data)
	}

	for base, titles := range wantTitles {
		for _, format := range []string{"feed.xml", "atom.xml", "feed.json"} {
			name := strings.TrimPrefix(base, "/") + format
			f := parse(t, name, files[name])
			wantType := map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"}[format]
			if f.FeedType != wantType {
				t.Errorf("%s: gofeed reads it as %q, want %q", name, f.FeedType, wantType)
			}
			if f.Language != "zh-Hant" {
				t.Errorf("%s: language %q", name, f.Language)
			}
			if !strings.HasPrefix(f.Link, baseURL) {
				t.Errorf("%s: feed link %q is not absolute", name, f.Link)
			}
			var got []string
			for _, it := range f.Items {
				got = append(got, it.Title)
				checkItem(t, name, format, it, fullText[base])
			}
			if !slices.Equal(got, titles) {
				t.Errorf("%s: items\n got %q\nwant %q", name, got, titles)
			}
		}
	}

	// One item in detail, in every format.
	const order = baseURL + "gazette/2025/01/order/"
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		f := parse(t, name, files[name])
		var it *gofeed.Item
		for _, i := range f.Items {
			if i.Link == order {
				it = i
			}
		}
		if it == nil {
			t.Fatalf("%s: no item %s", name, order)
		}
		if it.GUID != order {
			t.Errorf("%s: id %q, want %q", name, it.GUID, order)
		}
		for _, want := range []string{
			`href="` + order + `table.csv"`,
			`href="` + baseURL + `gazette/2025/01/"`,
			`src="` + order + `seal.png"`,
			`href="https://www.gov.cn/?a=1&amp;b=2"`,
			`href="mailto:a@example.org"`,
			"為保障公民依法獲取政府信息，制定本規定。", // the last paragraph: the full body, not a summary
		} {
			if !strings.Contains(it.Content, want) {
				t.Errorf("%s: content lacks %s:\n%s", name, want, it.Content)
			}
		}
		if !strings.HasPrefix(it.Description, "《長春市政府信息公開規定》現予公布") {
			t.Errorf("%s: summary %q", name, it.Description)
		}
		if len(it.Authors) == 0 || it.Authors[0].Name != "長春市人民政府" {
			t.Errorf("%s: authors %v, want the organ", name, it.Authors)
		}
		if want := []string{"長春市人民政府令第120號", "長春市人民政府", "市政府令", "綜合政務"}; !slices.Equal(it.Categories, want) {
			t.Errorf("%s: categories %q, want %q", name, it.Categories, want)
		}
		if want := day("2025-01-20"); it.PublishedParsed == nil || !it.PublishedParsed.Equal(want) {
			t.Errorf("%s: published %v, want %v", name, it.PublishedParsed, want)
		}
	}
	if !bytes.Contains(files["feed.xml"], []byte("<pubDate>Fri, 10 Jan 2025 09:30:00 +0800</pubDate>")) {
		t.Errorf("feed.xml: no RFC 822 date with +0800 for old.md")
	}
}

// checkItem holds for every item of every feed; full says whether the
// item must carry the body or, instead, only the summary.
func checkItem(t *testing.T, name, format string, it *gofeed.Item, full bool) {
	t.Helper()
	if !strings.HasPrefix(it.Link, baseURL) || it.GUID != it.Link {
		t.Errorf("%s: %q: link %q, id %q: want one absolute URL", name, it.Title, it.Link, it.GUID)
	}
	if strings.Contains(it.Content, `href="/`) || strings.Contains(it.Content, `src="/`) {
		t.Errorf("%s: %q: site-absolute link left in content: %s", name, it.Title, it.Content)
	}
	if it.Description == "" {
		t.Errorf("%s: %q: no summary", name, it.Title)
	}
	switch {
	case full && !strings.HasPrefix(it.Content, "<p>"):
		t.Errorf("%s: %q: content %q, want the rendered body", name, it.Title, it.Content)
	case !full && format == "feed.json" && it.Content != it.Description:
		// JSON Feed requires content: the summary is the content_text.
		t.Errorf("%s: %q: content %q, want the summary %q", name, it.Title, it.Content, it.Description)
	case !full && format != "feed.json" && it.Content != "":
		t.Errorf("%s: %q: content %q, want none: this feed carries the summary and the link", name, it.Title, it.Content)
	}
	// gofeed hands back times in UTC, so the offset is checked in the text.
	offset := "+08:00"
	if format == "feed.xml" {
		offset = "+0800"
	}
	if it.PublishedParsed == nil || !strings.HasSuffix(it.Published, offset) {
		t.Errorf("%s: %q: published %q, want a date with %s", name, it.Title, it.Published, offset)
	}
	if format != "feed.xml" { // RSS has no updated date
		if it.UpdatedParsed == nil || !strings.HasSuffix(it.Updated, offset) || it.UpdatedParsed.Before(*it.PublishedParsed) {
			t.Errorf("%s: %q: updated %q, want RFC 3339 with %s, not before %q", name, it.Title, it.Updated, offset, it.Published)
		}
	}
}

// items returns the items of the site feed in one format, by id.
func items(t *testing.T, files map[string][]byte, name string) map[string]*gofeed.Item {
	t.Helper()
	m := map[string]*gofeed.Item{}
	for _, it := range parse(t, name, files[name]).Items {
		m[it.GUID] = it
	}
	return m
}

func TestEditKeepsIDAndMovesUpdated(t *testing.T) {
	const id = baseURL + "briefings/2025/hotline/"
	v1 := build(t, loadSite(t, testContent, before))
	v2 := build(t, loadSite(t, edit(map[string]string{"briefings/2025/hotline.md": `---
title: 2025年第一季度市長公開電話受理情況（更正）
date: 2025-01-25
organ: 長春市人民政府辦公廳
topic: 綜合政務
history:
  - date: 2025-02-03
    note: 更正受理件數。
---
一季度共受理訴求12,345件。
`}), before))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json", "briefings/feed.json", "organs/長春市人民政府辦公廳/atom.xml"} {
		a, b := items(t, v1, name)[id], items(t, v2, name)[id]
		if a == nil || b == nil {
			t.Fatalf("%s: item %s missing before (%v) or after (%v) the edit", name, id, a != nil, b != nil)
		}
		// The organ's feed carries the summary: the first paragraph, here the whole text.
		if b.Title != "2025年第一季度市長公開電話受理情況（更正）" || !strings.Contains(b.Content+b.Description, "12,345") {
			t.Errorf("%s: edited item shows %q / %q / %q", name, b.Title, b.Description, b.Content)
		}
		if !a.PublishedParsed.Equal(*b.PublishedParsed) {
			t.Errorf("%s: published moved from %v to %v", name, a.PublishedParsed, b.PublishedParsed)
		}
		if name == "feed.xml" {
			continue
		}
		if a.Updated != "2025-01-25T00:00:00+08:00" || b.Updated != "2025-02-03T00:00:00+08:00" {
			t.Errorf("%s: updated %s then %s, want 2025-01-25 then the history date 2025-02-03", name, a.Updated, b.Updated)
		}
	}
}

func TestRepealedComesBackUpdated(t *testing.T) {
	const id = baseURL + "gazette/2025/01/old/"
	v1 := build(t, loadSite(t, testContent, before))
	v2 := build(t, loadSite(t, repealed, after))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json", "gazette/2025/01/atom.xml", "topics/綜合政務/feed.json"} {
		a, b := items(t, v1, name)[id], items(t, v2, name)[id]
		if a == nil || b == nil {
			t.Fatalf("%s: item %s missing before (%v) or after (%v) the repeal", name, id, a != nil, b != nil)
		}
		if a.Title != "長春市市長公開電話受理辦理工作規定" || b.Title != "【已廢止】長春市市長公開電話受理辦理工作規定" {
			t.Errorf("%s: title %q then %q", name, a.Title, b.Title)
		}
		if name == "feed.xml" {
			continue
		}
		if a.Updated != "2025-01-10T09:30:00+08:00" || b.Updated != "2025-02-15T00:00:00+08:00" {
			t.Errorf("%s: updated %s then %s, want the repealer's date 2025-02-15", name, a.Updated, b.Updated)
		}
	}
	// Expiry counts as an update too: expires: 2025-01-31 is the last day
	// in force, so the document turns 失效 as February begins.
	temp := items(t, v1, "atom.xml")[baseURL+"gazette/2025/01/temp/"]
	if temp == nil || temp.Title != "【已失效】春節期間煙花爆竹燃放臨時措施" || temp.Updated != "2025-02-01T00:00:00+08:00" {
		t.Errorf("expired temp.md: %+v", temp)
	}
}

func TestEmbargoedAbsentUntilItsTime(t *testing.T) {
	secret := []string{"禁發至三月", "news/2025/future", "尚未公開的新聞", "熱線管理辦法", "長府辦發〔2025〕12號", "gazette/2025/02"}
	early := build(t, loadSite(t, testContent, before))
	for name, data := range early {
		for _, s := range secret {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s leaks %q before its date", name, s)
			}
		}
	}
	// One second before its date the news item is still out of sight.
	almost := build(t, loadSite(t, testContent, day("2025-03-01").Add(-time.Second)))
	for name, data := range almost {
		if bytes.Contains(data, []byte("禁發至三月")) {
			t.Errorf("%s leaks future.md a second before its date", name)
		}
	}
	late := build(t, loadSite(t, testContent, after))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json", "news/feed.xml", "news/atom.xml", "news/feed.json", "data/documents.json", "data/documents.csv",
		"feeds/archive/2025/03.xml"} {
		if !bytes.Contains(late[name], []byte("市政府召開新聞發布會（禁發至三月）")) {
			t.Errorf("%s: future.md absent after its date", name)
		}
	}
	for _, name := range []string{"gazette/feed.xml", "gazette/2025/02/feed.xml", "data/documents.csv", "feeds/archive/2025/02.xml"} {
		if !bytes.Contains(late[name], []byte("長春市12345政務服務便民熱線管理辦法")) {
			t.Errorf("%s: new.md absent after its date", name)
		}
	}
}

func TestEmptyFeedIsValid(t *testing.T) {
	files := build(t, loadSite(t, map[string]string{"site.yaml": testContent["site.yaml"], "pages/contact.md": testContent["pages/contact.md"]}, after))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json", "gazette/feed.xml", "briefings/atom.xml", "news/feed.json", "feeds.opml", "data/documents.json", "data/documents.csv"} {
		data, ok := files[name]
		if !ok {
			t.Errorf("%s not written for an empty site", name)
			continue
		}
		wellFormed(t, name, data)
		if strings.HasPrefix(name, "feed") && !strings.HasSuffix(name, ".opml") || strings.Contains(name, "/feed") || strings.Contains(name, "/atom") {
			if f := parse(t, name, data); len(f.Items) != 0 {
				t.Errorf("%s: %d items, want none", name, len(f.Items))
			}
		}
	}
	if a := archives(files); len(a) != 0 {
		t.Errorf("archives of a site with no documents: %q", a)
	}
	var jf map[string]any
	if err := json.Unmarshal(files["feed.json"], &jf); err != nil {
		t.Fatal(err)
	}
	if items, ok := jf["items"].([]any); !ok || len(items) != 0 {
		t.Errorf(`feed.json: "items" is %v, want []`, jf["items"])
	}
	if !bytes.Contains(files["atom.xml"], []byte("<updated>1970-01-01T08:00:00+08:00</updated>")) {
		t.Errorf("atom.xml of an empty site lacks its fixed updated date:\n%s", files["atom.xml"])
	}
}

func TestJSONFeedIsVersion11(t *testing.T) {
	files := build(t, loadSite(t, repealed, after))
	var jf struct {
		Version, Title, Language, HomePageURL, FeedURL string
		Authors                                        []struct{ Name, URL string }
		Items                                          []map[string]any
	}
	dec := json.NewDecoder(bytes.NewReader(files["news/feed.json"]))
	if err := dec.Decode(&jf); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	_ = json.Unmarshal(files["news/feed.json"], &raw)
	if jf.Version != "https://jsonfeed.org/version/1.1" || jf.Language != "zh-Hant" || raw["feed_url"] != baseURL+"news/feed.json" || raw["home_page_url"] != baseURL+"news/" {
		t.Errorf("feed header: %+v", raw)
	}
	if len(jf.Authors) != 1 || jf.Authors[0].Name != "長春市人民政府辦公廳" {
		t.Errorf("authors %+v", jf.Authors)
	}
	explain := jf.Items[1]
	if explain["language"] != "zh-Hans" || explain["summary"] != "解读正文。" || explain["date_published"] != "2025-01-21T00:00:00+08:00" {
		t.Errorf("item: %v", explain)
	}
}

func TestSpecialCharactersStayWellFormed(t *testing.T) {
	site := loadSite(t, testContent, after)
	for _, d := range site.Documents {
		if d.Path == "gazette/2025/01/special.md" {
			// What the renderer never writes, but a feed must survive:
			// a CDATA end, a control character, a stray '<' and '&'.
			b, _ := bodyOf(d)
			b.HTML = "<p>x]]>y \x0b < & z</p>"
			bodies.Store(d, b)
			d.Summary = "s]]>\x01<&"
		}
	}
	files := build(t, site)
	const id = baseURL + "gazette/2025/01/special/"
	names := []string{"feed.xml", "atom.xml", "feed.json", "feeds/archive/2025/01.xml", // full text
		"gazette/2025/01/feed.xml", "organs/長春市人民政府/atom.xml", "organs/長春市人民政府/feed.json"} // summaries
	for i, name := range names {
		wellFormed(t, name, files[name])
		it := items(t, files, name)[id]
		if it == nil {
			t.Fatalf("%s: no item %s", name, id)
		}
		if it.Title != "關於<草案>&「]]>」的說明" {
			t.Errorf("%s: title %q", name, it.Title)
		}
		// The summary is HTML in RSS and Atom, plain text in JSON Feed.
		summary := "s]]&gt;\uFFFD&lt;&amp;"
		if strings.HasSuffix(name, ".json") {
			summary = "s]]>\uFFFD<&"
		}
		if it.Description != summary {
			t.Errorf("%s: summary %q, want %q", name, it.Description, summary)
		}
		if i < 4 && it.Content != "<p>x]]>y \uFFFD < & z</p>" {
			t.Errorf("%s: content %q", name, it.Content)
		}
	}
	if !bytes.Contains(files["feed.xml"], []byte("<![CDATA[<p>x]]]]><![CDATA[>y")) {
		t.Errorf("feed.xml: CDATA end not split")
	}
}

func TestFeedItemsLimit(t *testing.T) {
	files := build(t, loadSite(t, edit(map[string]string{"site.yaml": strings.Replace(testContent["site.yaml"], "feed_items: 50", "feed_items: 2", 1)}), after))
	f := parse(t, "feed.json", files["feed.json"])
	if len(f.Items) != 2 || f.Items[0].Title != "市政府召開新聞發布會（禁發至三月）" {
		t.Errorf("feed_items: 2 gives %d items, first %q", len(f.Items), f.Items[0].Title)
	}
}

func TestDeterministic(t *testing.T) {
	a := build(t, loadSite(t, repealed, after))
	b := build(t, loadSite(t, repealed, after))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds of the same content", name)
		}
	}
}

func TestLinksForAndDirectory(t *testing.T) {
	links := LinksFor("/organs/長春市司法局/", "長春市司法局")
	want := []Link{
		{"長春市司法局 (RSS)", "/organs/長春市司法局/feed.xml", "application/rss+xml"},
		{"長春市司法局 (Atom)", "/organs/長春市司法局/atom.xml", "application/atom+xml"},
		{"長春市司法局 (JSON Feed)", "/organs/長春市司法局/feed.json", "application/feed+json"},
	}
	if !slices.Equal(links, want) {
		t.Errorf("LinksFor: %v", links)
	}

	site := loadSite(t, repealed, after)
	files := build(t, site)
	groups := Directory(site)
	var titles []string
	n := 0
	for _, g := range groups {
		titles = append(titles, g.Title)
		for _, f := range g.Feeds {
			for _, l := range f.Links {
				if _, ok := files[strings.TrimPrefix(l.URL, "/")]; !ok {
					t.Errorf("Directory lists %s, which Build does not write", l.URL)
				}
			}
			if g.Title == "全文歸檔" {
				continue
			}
			n++
			if f.Count != len(wantTitles[f.Base]) {
				t.Errorf("%s: count %d, want %d", f.Base, f.Count, len(wantTitles[f.Base]))
			}
		}
	}
	if want := []string{"全站", "欄目", "公報各期", "發布機構", "主題分類", "全文歸檔"}; !slices.Equal(titles, want) {
		t.Fatalf("groups %q, want %q", titles, want)
	}
	if n != len(wantTitles) {
		t.Errorf("Directory lists %d feeds, want %d", n, len(wantTitles))
	}
	// The archives, newest first, each with its one Atom file.
	var archives []string
	for _, f := range groups[5].Feeds {
		if len(f.Links) != 1 || f.Links[0].Type != "application/atom+xml" {
			t.Errorf("archive %s: links %v, want one Atom link", f.Title, f.Links)
		}
		archives = append(archives, fmt.Sprintf("%s %d %s", f.Title, f.Count, f.Links[0].URL))
	}
	if want := []string{"2025年3月 1 /feeds/archive/2025/03.xml", "2025年2月 2 /feeds/archive/2025/02.xml", "2025年1月 6 /feeds/archive/2025/01.xml"}; !slices.Equal(archives, want) {
		t.Errorf("archives %q, want %q", archives, want)
	}
	if f := groups[2].Feeds[0]; f.Base != "/gazette/2025/02/" || f.Title != "長春市人民政府公報 2025年第2期 - 長春市人民政府辦公廳" {
		t.Errorf("newest issue feed: %+v", f)
	}

	var opml struct {
		Groups []struct {
			Text  string `xml:"text,attr"`
			Feeds []struct {
				XMLURL string `xml:"xmlUrl,attr"`
			} `xml:"outline"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(files["feeds.opml"], &opml); err != nil {
		t.Fatal(err)
	}
	m := 0
	// The OPML file lists the subscriptions only, not the archives.
	if len(opml.Groups) != len(titles)-1 {
		t.Errorf("opml: %d groups, want %d", len(opml.Groups), len(titles)-1)
	}
	for i, g := range opml.Groups {
		if g.Text != titles[i] {
			t.Errorf("opml group %d: %q", i, g.Text)
		}
		for _, f := range g.Feeds {
			m++
			if !strings.HasPrefix(f.XMLURL, baseURL) || !strings.HasSuffix(f.XMLURL, "/feed.xml") {
				t.Errorf("opml feed %q", f.XMLURL)
			}
		}
	}
	if m != n {
		t.Errorf("feeds.opml lists %d feeds, Directory %d", m, n)
	}
}
