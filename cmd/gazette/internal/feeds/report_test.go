package feeds

import (
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// An annual report is an item of the site's feed and of /reports/, in each
// format as gofeed reads it, and never an open-data record.
func TestReportInFeeds(t *testing.T) {
	files := build(t, loadSite(t, edit(map[string]string{"reports/2024.md": `---
title: 長春市人民政府辦公廳2024年政府信息公開工作年度報告
date: 2025-01-24
data: {}
---
本報告根據《條例》編制。
`}), after))
	const link = "https://gazette.example.org/reports/2024/"
	for _, base := range []string{"", "reports/"} {
		for _, format := range []string{"feed.xml", "atom.xml", "feed.json"} {
			f := parse(t, base+format, files[base+format])
			i := slices.IndexFunc(f.Items, func(it *gofeed.Item) bool { return it.Link == link })
			if i < 0 {
				t.Errorf("%s%s has no item %s", base, format, link)
				continue
			}
			if it := f.Items[i]; it.Title != "長春市人民政府辦公廳2024年政府信息公開工作年度報告" || !strings.Contains(it.Content, "本報告根據") {
				t.Errorf("%s%s: the report item is %q with %q", base, format, it.Title, it.Content)
			}
		}
	}
	if n := len(parse(t, "reports/feed.xml", files["reports/feed.xml"]).Items); n != 1 {
		t.Errorf("reports/feed.xml has %d items, want the one report", n)
	}
	if strings.Contains(string(files["data/documents.csv"]), "/reports/") {
		t.Error("the report is in the open data of documents")
	}
}
