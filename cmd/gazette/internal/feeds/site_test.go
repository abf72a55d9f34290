package feeds

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
)

const baseURL = "https://gazette.example.org/"

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// day is midnight of a date in the site time zone, as the loader reads "YYYY-MM-DD".
func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// The test site. Its clock matters: the 2025/02 issue (which repeals old.md)
// is out on 2025-02-15 and news/2025/future.md on 2025-03-01.
var testContent = map[string]string{
	"site.yaml": `title: 長春市人民政府辦公廳
description: 政府公報、政務信息與新聞發布
base_url: https://gazette.example.org/
language: zh-Hant
timezone: Asia/Shanghai
organ: {name: 長春市人民政府辦公廳, code: 11220100MB1979017X}
feed_items: 50
`,
	"gazette/2025/01/index.md": `---
title: 長春市人民政府公報 2025年第1期
year: 2025
issue: 1
serial: 301
date: 2025-01-20
---
本期導讀。
`,
	"gazette/2025/01/order.md": `---
title: 長春市政府信息公開規定
date: 2025-01-20
written: 2025-01-08
effective: 2025-03-01
organ: 長春市人民政府
doc_number: 長春市人民政府令第120號
category: 市政府令
topic: 綜合政務
attachments: [table.csv]
---
《長春市政府信息公開規定》現予公布，見[附表](table.csv)與[公報](/gazette/2025/01/)，
另見[上級文件](../../2024/12/x/)、[國務院](https://www.gov.cn/?a=1&b=2)、[條文](#第一條)、
[郵件](mailto:a@example.org)、[協議相對](//cdn.example.net/x.js)。

![印章](seal.png)

## 第一條

為保障公民依法獲取政府信息，制定本規定。
`,
	"gazette/2025/01/table.csv": "a,b\n1,2\n",
	"gazette/2025/01/old.md": `---
title: 長春市市長公開電話受理辦理工作規定
date: 2025-01-10T09:30:00+08:00
organ: 長春市人民政府辦公廳
doc_number: 長府辦發〔2024〕45號
category: 市政府辦公廳文件
topic: 綜合政務
---
舊規定正文。
`,
	"gazette/2025/01/special.md": `---
title: "關於<草案>&「]]>」的說明"
date: 2025-01-20
organ: 長春市人民政府
category: 市政府文件
summary: "摘要含 <b>標記</b> & ]]> 符號"
---
正文含 ]]> 與 <script>alert(1)</script> & 符號，還有 ` + "`href=\"/x\"`" + `。
`,
	"gazette/2025/01/temp.md": `---
title: 春節期間煙花爆竹燃放臨時措施
date: 2025-01-15
organ: 長春市人民政府辦公廳
category: 市政府辦公廳文件
topic: 公安、安全、司法
expires: 2025-01-31
---
臨時措施正文。
`,
	"gazette/2025/02/index.md": `---
title: 長春市人民政府公報 2025年第2期
year: 2025
issue: 2
serial: 302
date: 2025-02-15
---
第2期。
`,
	"gazette/2025/02/new.md": `---
title: 長春市12345政務服務便民熱線管理辦法
date: 2025-02-15
organ: 長春市人民政府辦公廳
doc_number: 長府辦發〔2025〕12號
category: 市政府辦公廳文件
topic: 綜合政務
repeals: [長府辦發〔2024〕45號]
---
新辦法正文。
`,
	"briefings/2025/hotline.md": `---
title: 2025年第一季度市長公開電話受理情況
date: 2025-01-25
organ: 長春市人民政府辦公廳
topic: 綜合政務
---
一季度共受理訴求。
`,
	"briefings/2025/utc.md": `---
title: 2025年1月市長信箱來信統計
date: 2025-01-31T20:00:00Z
organ: 長春市人民政府辦公廳
---
一月來信統計。
`,
	"news/2025/explain.md": `---
title: 《長春市政府信息公開規定》政策解讀
date: 2025-01-21
organ: 長春市司法局
category: 政策解讀
interprets: 長春市人民政府令第120號
lang: zh-Hans
---
解读正文。
`,
	"news/2025/future.md": `---
title: 市政府召開新聞發布會（禁發至三月）
date: 2025-03-01
---
尚未公開的新聞。
`,
	"pages/contact.md": `---
title: 聯繫我們
---
電話。
`,
}

// edit returns the test content with some files replaced.
func edit(files map[string]string) map[string]string {
	m := maps.Clone(testContent)
	maps.Copy(m, files)
	return m
}

// loadSite loads and renders files as the build would at now.
func loadSite(t testing.TB, files map[string]string, now time.Time) *content.Site {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	site, err := content.Load(context.Background(), fsys, content.Options{Now: now, Root: "content"})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	r := render.New()
	for _, d := range site.Documents {
		res, err := r.Render(d.Body)
		if err != nil {
			t.Fatalf("render %s: %v", d.Path, err)
		}
		bodies.Store(d, render.Body{HTML: res.HTML, Text: res.Text, Summary: res.Summary, Runes: res.Runes})
		if d.Summary == "" {
			d.Summary = res.Summary
		}
	}
	return site
}

// bodies holds the rendered body of every document loadSite rendered.
var bodies sync.Map // *content.Document → render.Body

func bodyOf(d *content.Document) (render.Body, error) {
	b, ok := bodies.Load(d)
	if !ok {
		return render.Body{}, fmt.Errorf("%s was not rendered", d.Path)
	}
	return b.(render.Body), nil
}

// makeAll makes every file Plan plans for site.
func makeAll(site *content.Site) ([]publish.File, error) {
	var files []publish.File
	for _, j := range Plan(site, [32]byte{}, content.Stamps(site.Documents, nil), bodyOf, nil) {
		fs, err := j.Make()
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	return files, nil
}

// build makes every file of site's feeds and open data, by path.
func build(t testing.TB, site *content.Site) map[string][]byte {
	t.Helper()
	files, err := makeAll(site)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if _, dup := out[f.Path]; dup {
			t.Errorf("Build wrote %s twice", f.Path)
		}
		if f.Src != "" || f.Data == nil {
			t.Errorf("%s: want generated data, got %+v", f.Path, publish.File{Path: f.Path, Src: f.Src})
		}
		out[f.Path] = f.Data
	}
	return out
}

// feedBases lists the feed directories among the files.
func feedBases(files map[string][]byte) []string {
	var bases []string
	for p := range files {
		if base, ok := strings.CutSuffix(p, "feed.xml"); ok {
			bases = append(bases, "/"+base)
		}
	}
	return bases
}
