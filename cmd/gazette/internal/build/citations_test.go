package build

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCitedBy: on the sample site, the regulation 長春市人民政府令第120號
// lists the documents that cite it, newest first, with the article they
// cite (the 政策解讀's 《規定》第七條), in both scripts; the citing page
// links the article; the open data carries the same citations, in JSON
// and CSV.
func TestCitedBy(t *testing.T) {
	public := buildSample(t, sampleTime)
	const rule = "/gazette/2025/01/2025-gov-order-120-information-disclosure/"
	const explain = "/news/2025/2025-interpretation-information-disclosure-rules/"
	for _, root := range []string{"", "zh-hans"} {
		page := read(t, filepath.Join(public, root, rule, "index.html"))
		i := strings.Index(page, `<section class="cited-by"`)
		if i < 0 {
			t.Fatalf("%s%s lists no document that cites it", root, rule)
		}
		section := page[i : i+strings.Index(page[i:], "</section>")]
		dates := regexp.MustCompile(`<time datetime="([0-9-]+)"`).FindAllStringSubmatch(section, -1)
		if len(dates) < 3 {
			t.Fatalf("%s%s: %d citing documents, want at least 3:\n%s", root, rule, len(dates), section)
		}
		for k := 1; k < len(dates); k++ {
			if dates[k][1] > dates[k-1][1] {
				t.Errorf("%s: cited by %s after %s: want newest first", root, dates[k][1], dates[k-1][1])
			}
		}
		if !regexp.MustCompile(`引用本文件<a href="#a7">第七[條条]</a>`).MatchString(section) {
			t.Errorf("%s%s: the article cited (第七條) is not shown:\n%s", root, rule, section)
		}
		if !strings.Contains(page, `id="a7"`) {
			t.Errorf("%s%s has no article a7", root, rule)
		}
		prefix := ""
		if root != "" {
			prefix = "/" + root
		}
		cites := read(t, filepath.Join(public, root, explain, "index.html"))
		if !regexp.MustCompile(`href="` + prefix + rule + `#a7" class="cite">《[規规]定》第七`).MatchString(cites) {
			t.Errorf("%s%s does not link 《規定》第七條 to %s#a7", root, explain, rule)
		}
	}

	var data struct {
		Count     int
		Citations []citationRecord
	}
	if err := json.Unmarshal([]byte(read(t, filepath.Join(public, "data", "citations.json"))), &data); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(read(t, filepath.Join(public, "data", "citations.csv")), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if data.Count == 0 || data.Count != len(data.Citations) || len(rows) != data.Count+1 {
		t.Fatalf("citations.json holds %d (count %d), citations.csv %d rows", len(data.Citations), data.Count, len(rows)-1)
	}
	found := false
	for i, c := range data.Citations {
		if strings.HasSuffix(c.CitingURL, explain) && strings.HasSuffix(c.CitedURL, rule) && c.CitedArticle == "a7" {
			found = true
			if rows[i+1][0] != c.CitingURL || rows[i+1][5] != "a7" {
				t.Errorf("citations.csv row %d = %q, want the JSON's record %+v", i+1, rows[i+1], c)
			}
		}
	}
	if !found {
		t.Errorf("the open data lacks %s → %s#a7", explain, rule)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
