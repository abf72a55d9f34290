package search

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseQuery(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, tc := range []struct {
		in      string
		want    Query
		wantErr string // parameter named in the error
	}{
		{in: "", want: Query{In: InAll, Sort: SortRelevance, Page: 1, Size: DefaultSize}},
		{in: "q=+%E6%B8%AF+&page=2&size=20&sort=date",
			want: Query{Text: "港", In: InAll, Sort: SortDate, Page: 2, Size: 20}},
		{in: "section=news&organ=%E5%9B%BD%E5%8A%A1%E9%99%A2&topic=t&category=c&year=2024&validity=%E5%BA%9F%E6%AD%A2&from=2024-01-01&to=2024-12-31",
			want: Query{In: InAll, Section: "news", Organ: "国务院", Topic: "t", Category: "c", Year: 2024, Validity: "廢止",
				From: d("2024-01-01"), To: d("2024-12-31"), Sort: SortRelevance, Page: 1, Size: DefaultSize}},
		{in: "size=50", want: Query{In: InAll, Sort: SortRelevance, Page: 1, Size: MaxSize}},
		{in: "size=51", wantErr: "size"},
		{in: "size=0", wantErr: "size"},
		{in: "from=2024-02-01&to=2024-02-01", want: Query{In: InAll, From: d("2024-02-01"), To: d("2024-02-01"), Sort: SortRelevance, Page: 1, Size: DefaultSize}},
		{in: "q=%E5%88%91%E6%B3%95&in=title", want: Query{Text: "刑法", In: InTitle, Sort: SortRelevance, Page: 1, Size: DefaultSize}},
		{in: "in=number", want: Query{In: InNumber, Sort: SortRelevance, Page: 1, Size: DefaultSize}},
		{in: "in=body", wantErr: "in"},
		{in: "q=" + strings.Repeat("a", MaxQueryRunes+1), wantErr: "q"},
		{in: "q=" + strings.Repeat("%E5%AD%97", MaxQueryRunes+1), wantErr: "q"},
		{in: "year=abc", wantErr: "year"},
		{in: "year=0", wantErr: "year"},
		{in: "page=0", wantErr: "page"},
		{in: "page=-1", wantErr: "page"},
		{in: "page=300&size=50", wantErr: "page"},
		{in: "size=x", wantErr: "size"},
		{in: "from=2024-13-01", wantErr: "from"},
		{in: "to=yesterday", wantErr: "to"},
		{in: "from=2024-02-02&to=2024-02-01", wantErr: "to"},
		{in: "sort=random", wantErr: "sort"},
		{in: "section=blog", wantErr: "section"},
		{in: "validity=maybe", wantErr: "validity"},
	} {
		v, err := url.ParseQuery(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseQuery(v)
		if tc.wantErr != "" {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Param != tc.wantErr || !errors.Is(err, ErrBadQuery) {
				t.Errorf("ParseQuery(%s) error = %v, want a QueryError on %s", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseQuery(%s): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseQuery(%s)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		// Values is the inverse.
		back, err := ParseQuery(got.Values())
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Errorf("ParseQuery(%v.Values()) = %+v, %v", got, back, err)
		}
	}
}
