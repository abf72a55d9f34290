package law

import (
	"testing"
	"time"

	"gazette/cmd/gazette/internal/zh"
)

// archive is an Index over a few documents, as the build would make one.
type archive map[string][]Version

func (a archive) Titled(key string) []Version   { return a["t:"+key] }
func (a archive) Numbered(key string) []Version { return a["n:"+key] }

func (a archive) add(title, number string, v Version) {
	a["t:"+TitleKey(title)] = append(a["t:"+TitleKey(title)], v)
	if number != "" {
		a["n:"+zh.DocNumberKey(number)] = append(a["n:"+zh.DocNumberKey(number)], v)
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestResolve(t *testing.T) {
	a := archive{}
	a.add("中华人民共和国种子法", "", Version{ID: "seed-2015", Date: day("2016-01-01"), Articles: []string{"a1", "a12"}})
	a.add("中华人民共和国种子法", "", Version{ID: "seed-2021", Date: day("2022-03-01"), Articles: []string{"a1", "a12", "a12-1"}})
	a.add("長春市城市道路挖掘管理辦法", "長府發〔2024〕3號", Version{ID: "dig", Date: day("2024-02-01"), Articles: []string{"a5", "a5-1"}})
	a.add("某市规定", "", Version{ID: "twin-a", Date: day("2020-01-01")})
	a.add("某市规定", "", Version{ID: "twin-b", Date: day("2020-01-01")})
	a.add("考試法", "", Version{ID: "exam", Date: day("2019-01-01"), Articles: []string{"a26"}})
	self := func(date string) Version {
		return Version{ID: "self", Date: day(date), Articles: []string{"a1", "a2", "a5"}}
	}
	for _, tc := range []struct {
		text, at string
		want     string // status|id|article|text linked
	}{
		// The version in force at the citing document's date.
		{"依照《中华人民共和国种子法》第十二条", "2020-05-01", "linked|seed-2015|a12|《中华人民共和国种子法》第十二条"},
		{"依照《種子法》第十二條", "2023-05-01", "linked|seed-2021|a12|《種子法》第十二條"},
		// Before any version took effect: the earliest.
		{"依照《种子法》第十二条", "2010-05-01", "linked|seed-2015|a12|《种子法》第十二条"},
		// An article the version in force does not have: no link.
		{"依照《种子法》第十二条之一", "2020-05-01", "noarticle|seed-2015|a12-1|《种子法》第十二条之一"},
		{"依照《种子法》第十二条之一", "2023-05-01", "linked|seed-2021|a12-1|《种子法》第十二条之一"},
		// A 文號 in another spelling, with words before it.
		{"根据长府发[2024]3号文件", "2024-05-01", "linked|dig||长府发[2024]3号"},
		{"依照長府發(2024)第3號", "2024-05-01", "linked|dig||長府發(2024)第3號"},
		// A name without 《》: the link starts where the title does.
		{"依照種子法第十二條處罰", "2023-05-01", "linked|seed-2021|a12|種子法第十二條"},
		{"由工業主管機關依考試法第二十六條辦理", "2023-05-01", "linked|exam|a26|考試法第二十六條"},
		// Two documents of one title and date.
		{"依照《某市规定》", "2023-05-01", "ambiguous|||《某市规定》"},
		{"依照《某省规定》第三条", "2023-05-01", "unresolved||a3|《某省规定》第三条"},
		// The citing document itself.
		{"违反本办法第五条", "2023-05-01", "linked|self|a5|本办法第五条"},
		{"违反本办法第九条", "2023-05-01", "noarticle|self|a9|本办法第九条"},
		{"依照第二条", "2023-05-01", "linked|self|a2|第二条"},
	} {
		cs := Cite(tc.text, Options{})
		if len(cs) != 1 {
			t.Errorf("%s: %d citations, want 1", tc.text, len(cs))
			continue
		}
		l := Resolve(a, cs[0], self(tc.at))
		got := [...]string{"linked", "unresolved", "ambiguous", "noarticle"}[l.Status] + "|" + l.ID + "|" + l.Article + "|" + tc.text[l.Span.Start:l.Span.End]
		if got != tc.want {
			t.Errorf("%s at %s: got %s, want %s", tc.text, tc.at, got, tc.want)
		}
		if l.Status == Ambiguous && len(l.Candidates) != 2 {
			t.Errorf("%s: %d candidates, want 2", tc.text, len(l.Candidates))
		}
	}
}
