package feeds

import (
	"fmt"
	"strings"
	"testing"
)

// TestLongBodyBounded: a document whose text is longer than feed_body_kib
// (site.yaml, 128 KiB by default) is carried in the full-text feeds (the
// site's, its section's and its month's archive) by its summary and a link
// to its page, in every format, so that a feed every reader polls stays
// bounded; a document under the bound keeps its full text there. Raising
// the bound brings the text back.
func TestLongBodyBounded(t *testing.T) {
	para := strings.Repeat("供熱保障工作全面展開，各部門密切配合。", 30)                                                        // 570 runes, about 1.7 KB
	long := "---\ntitle: 超長文件\ndate: 2025-01-25\nsummary: 一份很長的文件。\n---\n" + strings.Repeat(para+"\n\n", 90) // about 155 KiB rendered
	short := "---\ntitle: 普通文件\ndate: 2025-01-26\n---\n" + strings.Repeat(para+"\n\n", 30)                   // about 52 KiB
	files := map[string]string{"news/2025/long.md": long, "news/2025/short.md": short}

	marker := "供熱保障工作全面展開"
	for _, c := range []struct {
		name string
		site string
		full bool // the long document's text is in the feeds
	}{
		{"default", testContent["site.yaml"], false},
		{"raised", testContent["site.yaml"] + "feed_body_kib: 256\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			files["site.yaml"] = c.site
			out := build(t, loadSite(t, edit(files), after))
			n := 0
			for _, name := range []string{"feed.xml", "atom.xml", "feed.json", "news/feed.xml", "news/atom.xml", "news/feed.json", "feeds/archive/2025/01.xml"} {
				data := string(out[name])
				long, short := itemText(t, name, data, "超長文件"), itemText(t, name, data, "普通文件")
				if !strings.Contains(short, marker) {
					t.Errorf("%s: the document under the bound lost its text", name)
				}
				if got := strings.Count(long, marker); c.full != (got >= 90) {
					t.Errorf("%s: the long document's item holds its text %d times (full text %v)", name, got, c.full)
				}
				if !c.full && (!strings.Contains(long, "一份很長的文件。") || !strings.Contains(long, "https://gazette.example.org/news/2025/long/")) {
					t.Errorf("%s: the long document's item lacks its summary or the link to its page:\n%.600s", name, long)
				}
				if !c.full && len(data) > 200<<10 {
					t.Errorf("%s is %d KiB", name, len(data)>>10)
				}
				n++
			}
			if n != 7 {
				t.Fatalf("looked at %d feeds", n)
			}
		})
	}
}

// itemText is the part of a feed (any format) from the item titled title
// to the next item.
func itemText(t *testing.T, name, data, title string) string {
	t.Helper()
	i := strings.Index(data, title)
	if i < 0 {
		t.Fatalf("%s has no item %s", name, title)
	}
	rest := data[i:]
	end := len(rest)
	for _, sep := range []string{"<item>", "<entry>", `{"id":`} {
		if j := strings.Index(rest, sep); j >= 0 && j < end {
			end = j
		}
	}
	return fmt.Sprint(rest[:end])
}
