package script

import (
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"
)

func copyTo(t *testing.T, lang, root string) *Copy {
	t.Helper()
	conf := "t2s"
	if lang == "zh-Hant" {
		conf = "s2t"
	}
	cc, err := opencc.New(conf)
	if err != nil {
		t.Fatal(err)
	}
	return &Copy{Lang: lang, Root: root, BaseURL: "https://example.org/", Text: func(s string) string {
		out, err := cc.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}}
}

func TestHTML(t *testing.T) {
	c := copyTo(t, "zh-Hans", "/zh-hans")
	src := `<!DOCTYPE html>
<html lang="zh-Hant">
<head><title>關於發布機構的通知 - 長春市</title>
<meta name="description" content="機構說明">
<link rel="canonical" href="https://example.org/gazette/2025/01/x/">
<link rel="alternate" hreflang="zh-Hant" href="https://example.org/gazette/2025/01/x/">
<link rel="stylesheet" href="/assets/style.css">
<script type="application/ld+json">{"name":"長府發"}</script></head>
<body><p class="script-switch" translate="no"><a href="/gazette/2025/01/x/" hreflang="zh-Hant" lang="zh-Hant" aria-current="page">繁體</a><a href="/zh-hans/gazette/2025/01/x/" hreflang="zh-Hans" lang="zh-Hans">简体</a></p>
<a href="/gazette/" title="政府公報">政府公報</a> <a href="/gazette/2025/01/x/附件.pdf">附件.pdf</a>
<a href="/mode/elder?to=/gazette/2025/01/x/">長輩版</a> <a href="/search?q=%E7%99%BC">檢索</a>
<td translate="no"><span>長府發〔2025〕3號</span></td><code>發</code><span translate="no">-臺灣-</span>
<article lang="zh-Hant"><p>關於發展</p></article><p lang="zh-Hans">发展</p><img alt="圖表" src="/gazette/x.png">
<p title="「一件事」">推行「一件事一次辦」，『一網通辦』</p><span translate="no">「原文」</span>
<button type="button" data-stop="停止朗讀" hidden>朗讀</button><img alt="" src="/x.png" title="圖">
</body></html>`
	out, err := c.HTML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		`<html lang="zh-Hans">`, `<title>关于发布机构的通知 - 长春市</title>`, `content="机构说明"`,
		`<link rel="canonical" href="https://example.org/zh-hans/gazette/2025/01/x/">`,
		`hreflang="zh-Hant" href="https://example.org/gazette/2025/01/x/"`, `href="/assets/style.css"`,
		`{"name":"長府發"}`, `<a href="/gazette/2025/01/x/" hreflang="zh-Hant" lang="zh-Hant">繁體</a>`, `translate="no"><a`,
		`hreflang="zh-Hans" lang="zh-Hans" aria-current="page">简体</a>`,
		`<a href="/zh-hans/gazette/" title="政府公报">政府公报</a>`, `<a href="/gazette/2025/01/x/附件.pdf">附件.pdf</a>`,
		`href="/mode/elder?to=/zh-hans/gazette/2025/01/x/">长辈版</a>`, `href="/zh-hans/search?q=%E7%99%BC">检索</a>`,
		`<td translate="no"><span>長府發〔2025〕3號</span></td>`, `<code>發</code>`, `<span translate="no">-臺灣-</span>`,
		`<article lang="zh-Hans"><p>关于发展</p></article>`,
		`<p title="“一件事”">推行“一件事一次办”，‘一网通办’</p>`, `<span translate="no">「原文」</span>`, `<p lang="zh-Hans">发展</p>`, `alt="图表" src="/gazette/x.png"`,
		`<button type="button" data-stop="停止朗读" hidden>`, `<img alt="" src="/x.png" title="图">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s\nin %s", want, got)
		}
	}
}

func TestXMLFeed(t *testing.T) {
	c := copyTo(t, "zh-Hans", "/zh-hans")
	src := `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hant"><title>長春市 - 政府公報</title><id>https://example.org/</id>
<link href="https://example.org/gazette/feed.xml" rel="self"></link>
<entry><title>關於發展的通知</title><id>https://example.org/gazette/2025/01/x/</id>
<content type="html"><![CDATA[<p>發展<a href="https://example.org/news/2025/y/">新聞</a></p>]]></content>
<category term="長府發〔2025〕3號" scheme="https://example.org/data/documents.json#doc_number"></category>
<category term="長春市人民政府辦公廳" scheme="https://example.org/data/documents.json#organ"></category></entry></feed>`
	out, err := c.XML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{`xml:lang="zh-Hans"`, `<title>长春市 - 政府公报</title>`, `<id>https://example.org/zh-hans/</id>`,
		`href="https://example.org/zh-hans/gazette/feed.xml"`, `<title>关于发展的通知</title>`,
		`<![CDATA[<p>发展<a href="https://example.org/zh-hans/news/2025/y/">新闻</a></p>]]>`,
		`term="長府發〔2025〕3號"`, `term="长春市人民政府办公厅"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s\nin %s", want, got)
		}
	}
}

func TestJSONAndCSV(t *testing.T) {
	c := copyTo(t, "zh-Hans", "/zh-hans")
	out, err := c.JSON([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"政府公報","language":"zh-Hant","items":[{"id":"https://example.org/x/","content_html":"<p>發展</p>","tags":["長府發〔2025〕3號"],"doc_number":"長府發〔2025〕3號","count":3,"ok":true,"none":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"version":"https://jsonfeed.org/version/1.1","title":"政府公报","language":"zh-Hans","items":[{"id":"https://example.org/zh-hans/x/","content_html":"<p>发展</p>","tags":["长府发〔2025〕3号"],"doc_number":"長府發〔2025〕3號","count":3,"ok":true,"none":null}]}` + "\n"
	if string(out) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", out, want)
	}
	// A value after an object in an array belongs to the array's field;
	// escapes are read; what is not JSON is an error.
	out, err = c.JSON([]byte(`{"doc_number": [{"title": "發展"}, "長府發"], "title": "\u767c \"x\"", "n": [1, 2]}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"doc_number": [{"title": "发展"}, "長府發"], "title": "发 \"x\"", "n": [1, 2]}` + "\n"; string(out) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", out, want)
	}
	if _, err := c.JSON([]byte(`{"a": "b"`)); err == nil {
		t.Error("a JSON text cut short was converted")
	}
	out, err = c.CSV([]byte("\ufeffurl,title,doc_number,repeals\r\nhttps://example.org/x/,關於發展,長府發〔2025〕3號,長府發〔2024〕18號\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "\ufeffurl,title,doc_number,repeals\r\nhttps://example.org/zh-hans/x/,关于发展,長府發〔2025〕3號,長府發〔2024〕18號\r\n"; string(out) != want {
		t.Errorf("CSV:\n%q\nwant\n%q", out, want)
	}
}

// TestHTMLOwnScript: on the site's own pages only what is marked as the
// other script is converted; text already in the site's script is left as
// written, where converting it again could change it (s2t reads 干預 as 幹預).
func TestHTMLOwnScript(t *testing.T) {
	c := copyTo(t, "zh-Hant", "")
	src := `<html lang="zh-Hant"><body><p>干預與發展</p><a href="/news/x/">新聞</a>` +
		`<article lang="zh-Hans"><h1>干部发展的决定</h1><p>以后<code>发</code><span translate="no">长府发〔2025〕3号</span></p></article>` +
		`<li><a href="/news/y/" lang="zh-Hans">头发</a></li></body></html>`
	out, err := c.HTML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := `<html lang="zh-Hant"><body><p>干預與發展</p><a href="/news/x/">新聞</a>` +
		`<article lang="zh-Hant"><h1>幹部發展的決定</h1><p>以後<code>发</code><span translate="no">长府发〔2025〕3号</span></p></article>` +
		`<li><a href="/news/y/" lang="zh-Hant">頭髮</a></li></body></html>`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
