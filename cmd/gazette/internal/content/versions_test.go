package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// versionsSite is a work in four versions: 2019 (the first), 2022 naming
// it by 文號, a draft of 2024 naming 2022 by path, and 2025 naming the
// draft — and taking effect on effective.
func versionsSite(effective string) fstest.MapFS {
	issue := func(y, n string) string {
		return "---\ntitle: 公報\nyear: " + y + "\nissue: " + n + "\nserial: " + y + n + "\ndate: " + y + "-0" + n + "-01\n---\n"
	}
	doc := func(date, extra string) string {
		return "---\ntitle: 長春市道路運輸條例\ndate: " + date + "\norgan: 長春市人民政府\n" + extra + "---\n第一條 為了規範道路運輸。\n"
	}
	return fstest.MapFS{
		"site.yaml":                      {Data: []byte(siteYAML)},
		"gazette/2019/01/index.md":       {Data: []byte(issue("2019", "1"))},
		"gazette/2019/01/roads.md":       {Data: []byte(doc("2019-01-01", "doc_number: 長府發〔2019〕1號\n"))},
		"gazette/2022/03/index.md":       {Data: []byte(issue("2022", "3"))},
		"gazette/2022/03/roads.md":       {Data: []byte(doc("2022-03-01", "effective: 2022-05-01\nprevious: 長府发[2019]1号\n"))},
		"gazette/2024/02/index.md":       {Data: []byte(issue("2024", "2"))},
		"gazette/2024/02/roads-draft.md": {Data: []byte(doc("2024-02-01", "draft: true\nprevious: gazette/2022/03/roads.md\n"))},
		"gazette/2025/01/index.md":       {Data: []byte(issue("2025", "1"))},
		"gazette/2025/01/roads.md":       {Data: []byte(doc("2025-01-01", "effective: "+effective+"\nprevious: gazette/2024/02/roads-draft.md\n"))},
	}
}

// TestVersions: previous: links the versions of a work by 文號 (in either
// script) or path; a draft between two versions is left out and the chain
// closes over it; each version lists them all, in the order they took
// effect; a version superseded by one in force reads 已修改 by itself, and
// one whose successor has not yet taken effect stays 有效.
func TestVersions(t *testing.T) {
	for _, c := range []struct {
		effective string
		want      []string // validity of 2019, 2022, 2025
	}{
		{"2025-03-01", []string{Amended, Amended, Valid}}, // in force before now (2025-06-01)
		{"2025-07-01", []string{Amended, Valid, Valid}},   // not yet: 2022 is the text in force
	} {
		s, err := Load(context.Background(), versionsSite(c.effective), Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		byPath := map[string]*Document{}
		for _, d := range s.Documents {
			byPath[d.Path] = d
		}
		paths := []string{"gazette/2019/01/roads.md", "gazette/2022/03/roads.md", "gazette/2025/01/roads.md"}
		for i, p := range paths {
			d := byPath[p]
			if d == nil {
				t.Fatalf("%s not published", p)
			}
			if d.Validity != c.want[i] {
				t.Errorf("effective %s: %s reads %s, want %s", c.effective, p, d.Validity, c.want[i])
			}
			var got []string
			for _, v := range d.Versions() {
				got = append(got, v.Path)
			}
			if strings.Join(got, " ") != strings.Join(paths, " ") {
				t.Errorf("%s: versions %q, want %q (the draft left out)", p, got, paths)
			}
		}
		if byPath["gazette/2024/02/roads-draft.md"] != nil {
			t.Fatal("the draft is published")
		}
		if p := byPath[paths[2]].PreviousDoc; p != byPath[paths[1]] {
			t.Errorf("2025's previous is %v, want 2022's (over the draft)", p)
		}
	}
}

// TestInForceOn answers the version in force on either side of each
// effective date, and none before the first or after a repeal.
func TestInForceOn(t *testing.T) {
	s, err := Load(context.Background(), versionsSite("2025-03-01"), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var vs []*Document
	for _, d := range s.Documents {
		if d.Path == "gazette/2025/01/roads.md" {
			vs = d.Versions()
		}
	}
	if len(vs) != 3 {
		t.Fatalf("%d versions, want 3", len(vs))
	}
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, now.Location())
		return d
	}
	for _, c := range []struct {
		on   string
		want int // index in vs, -1 for none
	}{
		{"2018-12-31", -1}, {"2019-01-01", 0}, {"2022-04-30", 0}, {"2022-05-01", 1},
		{"2025-02-28", 1}, {"2025-03-01", 2}, {"2030-01-01", 2},
	} {
		got := InForceOn(vs, day(c.on))
		if (c.want < 0 && got != nil) || (c.want >= 0 && got != vs[c.want]) {
			t.Errorf("on %s: %v, want version %d", c.on, got, c.want)
		}
	}
	vs[2].RepealedOn = day("2026-01-01")
	if got := InForceOn(vs, day("2026-01-02")); got != nil {
		t.Errorf("after the repeal: %s in force, want none", got.Path)
	}
}

// TestVersionCycle: versions that name each other as previous are an
// error at the field's line, naming the file it leads back to.
func TestVersionCycle(t *testing.T) {
	fsys := versionsSite("2025-03-01")
	fsys["gazette/2019/01/roads.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 長春市道路運輸條例\ndate: 2019-01-01\norgan: 長春市人民政府\ndoc_number: 長府發〔2019〕1號\nprevious: gazette/2025/01/roads.md\n---\n第一條 為了規範道路運輸。\n")}
	_, err := Load(context.Background(), fsys, Options{Now: now})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load: %v, want an ErrorList", err)
	}
	found := false
	for _, e := range list {
		if strings.Contains(e.Msg, "cannot go round") && e.Line == 6 {
			found = true
		}
	}
	if !found {
		t.Errorf("no cycle error at the previous: line; got %v", list)
	}
}
