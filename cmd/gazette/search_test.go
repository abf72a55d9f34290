package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/internal/golden"
)

// TestSearchOutput runs gazette search on a terminal and piped, against
// testdata/search/*.golden: matches in bold on a terminal, plain text when
// piped, and never an HTML reference (&lt;) in either.
func TestSearchOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	recs := []search.Record{
		{ID: "/gazette/2024/01/heating/", URL: "/gazette/2024/01/heating/", Title: "長春市人民政府辦公廳關於做好冬季供暖工作的通知",
			Body:    "為做好今冬明春供暖工作，保障群眾溫暖過冬，室溫不得 <18℃，供暖單位 & 熱用戶應當配合。",
			Section: "gazette", Organ: "長春市人民政府辦公廳", DocNumber: "長府發〔2024〕3號", Validity: "有效",
			Date: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC), Hash: "a"},
		{ID: "/news/2024/weather/", URL: "/news/2024/weather/", Title: "今冬气温偏低",
			Body: "气象部门预计今冬气温偏低，请市民注意保暖，供暖单位提前做好准备。", Section: "news",
			Date: time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC), Hash: "b"},
	}
	if _, err := search.Build(context.Background(), "", dir, recs); err != nil {
		t.Fatal(err)
	}
	took := regexp.MustCompile(`results \([^)]*\)`)
	for _, tc := range []struct {
		name     string
		terminal bool
		env      map[string]string
	}{
		{"terminal", true, nil},
		{"piped", false, nil},
		{"no-color", true, map[string]string{"NO_COLOR": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, out, errb := testEnv()
			e.terminal = func(io.Writer) bool { return tc.terminal }
			e.getenv = func(k string) string { return tc.env[k] }
			if code := runEnv(context.Background(), e, []string{"search", "-index", dir, "供暖"}); code != 0 {
				t.Fatalf("exit %d: %s", code, errb)
			}
			got := took.ReplaceAllString(out.String(), "results (…)")
			file := "plain"
			if tc.terminal && tc.env == nil {
				file = "terminal"
			}
			path := filepath.Join("testdata", "search", file+".golden")
			golden.Check(t, path, []byte(got))
		})
	}
}

// TestSearchLimitsAsDocumented: docs/search.md states the limits of a search
// as the program applies them, and a query past either is refused (exit 2,
// a 400 from the server), not cut short.
func TestSearchLimitsAsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "docs", "search.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("`q` (the query, at most %d characters)", search.MaxQueryRunes),
		fmt.Sprintf("`size` (hits per page, 1 to %d, default %d)", search.MaxSize, search.DefaultSize),
	} {
		if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), want) {
			t.Errorf("docs/search.md does not say %s", want)
		}
	}
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := search.Build(context.Background(), "", dir, []search.Record{{ID: "/a/", URL: "/a/", Title: "甲", Section: "news", Hash: "a"}}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"search", "-index", dir, strings.Repeat("字", search.MaxQueryRunes+1)},
		{"search", "-index", dir, "-size", fmt.Sprint(search.MaxSize + 1), "甲"},
	} {
		e, _, errb := testEnv()
		if code := runEnv(context.Background(), e, args); code != 2 || !strings.Contains(errb.String(), "at most") && !strings.Contains(errb.String(), fmt.Sprintf("1 to %d", search.MaxSize)) {
			t.Errorf("%s: exit %d, %s", args[len(args)-1][:min(len(args[len(args)-1]), 12)], code, errb)
		}
	}
	e, out, errb := testEnv()
	if code := runEnv(context.Background(), e, []string{"search", "-index", dir, "-size", fmt.Sprint(search.MaxSize), strings.Repeat("甲", search.MaxQueryRunes)}); code != 0 {
		t.Errorf("a query at both limits: exit %d, %s%s", code, out, errb)
	}
}
