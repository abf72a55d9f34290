package search_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"gazette/cmd/gazette/internal/search"
)

// exampleIndex builds a small index in a temporary directory.
func exampleIndex() (ix *search.Index, cleanup func()) {
	tmp, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	recs := []search.Record{
		{
			ID: "/gazette/2024/01/heating/", Title: "長春市人民政府辦公廳關於做好冬季供暖工作的通知",
			Body:    "各區人民政府：為做好今冬明春供暖工作，保障群眾溫暖過冬，現將有關事項通知如下。",
			Section: "gazette", Organ: "長春市人民政府辦公廳", DocNumber: "長府發〔2024〕3號",
			Date: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC), Hash: "a1",
		},
		{
			ID: "/news/2024/hongkong/", Title: "香港特別行政區代表團到訪",
			Body:    "香港特區政府代表團今日到訪，雙方就經貿合作交換意見。<參觀>",
			Section: "news", Organ: "長春市人民政府辦公廳",
			Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Hash: "b1",
		},
	}
	dir := filepath.Join(tmp, "index")
	if _, err := search.Build(context.Background(), "", dir, recs); err != nil {
		log.Fatal(err)
	}
	ix, err = search.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	return ix, func() { ix.Close(); os.RemoveAll(tmp) }
}

// A Simplified query finds a Traditional document; the snippet is in the
// document's script.
func ExampleIndex_Search() {
	ix, cleanup := exampleIndex()
	defer cleanup()

	res, err := ix.Search(context.Background(), search.Query{Text: "供暖 温暖过冬"})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Title, h.DocNumber)
		fmt.Println(h.Snippet)
	}
	// Output:
	// 長春市人民政府辦公廳關於做好冬季供暖工作的通知 長府發〔2024〕3號
	// 各區人民政府：為做好今冬明春<mark>供暖</mark>工作，保障群眾<mark>溫暖過冬</mark>，現將有關事項通知如下。
}

// A single character finds the words that contain it; HTML in the text is
// escaped around the marks.
func ExampleIndex_Search_oneCharacter() {
	ix, cleanup := exampleIndex()
	defer cleanup()

	res, err := ix.Search(context.Background(), search.Query{Text: "港"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Total, res.Hits[0].URL)
	fmt.Println(res.Hits[0].Snippet)
	// Output:
	// 1 /news/2024/hongkong/
	// 香<mark>港</mark>特區政府代表團今日到訪，雙方就經貿合作交換意見。&lt;參觀&gt;
}

// Any spelling of a 文號 finds its document first.
func ExampleIndex_Search_docNumber() {
	ix, cleanup := exampleIndex()
	defer cleanup()

	for _, q := range []string{"长府发[2024]3号", "长府发2024年3号"} {
		res, err := ix.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(q, "→", res.Hits[0].URL)
	}
	// Output:
	// 长府发[2024]3号 → /gazette/2024/01/heating/
	// 长府发2024年3号 → /gazette/2024/01/heating/
}

// Facets count the values among the matching documents.
func ExampleIndex_Search_facets() {
	ix, cleanup := exampleIndex()
	defer cleanup()

	res, err := ix.Search(context.Background(), search.Query{Text: "政府", Section: "news"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total", res.Total)
	for _, f := range res.Facets {
		for _, v := range f.Values {
			fmt.Printf("%s=%s %d selected=%v\n", f.Field, v.Value, v.Count, v.Selected)
		}
	}
	// Output:
	// total 1
	// section=gazette 1 selected=false
	// section=news 1 selected=true
	// organ=長春市人民政府辦公廳 1 selected=false
	// year=2024 1 selected=false
}

func ExampleParseQuery() {
	q, err := search.ParseQuery(url.Values{"q": {"供暖"}, "organ": {"長春市人民政府辦公廳"}, "from": {"2024-01-01"}, "sort": {"date"}, "size": {"50"}})
	fmt.Println(q.Text, q.Organ, q.From.Format(time.DateOnly), q.Sort, q.Page, q.Size, err)

	_, err = search.ParseQuery(url.Values{"year": {"twenty"}})
	fmt.Println(err, errors.Is(err, search.ErrBadQuery))
	_, err = search.ParseQuery(url.Values{"size": {"500"}})
	fmt.Println(err)
	// Output:
	// 供暖 長春市人民政府辦公廳 2024-01-01 date 1 50 <nil>
	// parameter year="twenty": want a whole number from 1 to 9999 true
	// parameter size="500": want a whole number from 1 to 50
}
