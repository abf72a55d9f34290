package law

import (
	"path/filepath"
	"regexp"
	"testing"

	"golang.org/x/tools/txtar"
)

var anchorRe = regexp.MustCompile(`^a[1-9][0-9]*(-[1-9][0-9]*)?$`)

// FuzzParse checks that Parse never panics and that everything it returns
// lies in the body, in order: articles one after another, their marks,
// paragraphs and items inside them, no article across the signature, each
// citation inside the article it says it is in.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/parse/*.txtar")
	for _, name := range files {
		if a, err := txtar.ParseFile(name); err == nil {
			for _, file := range a.Files {
				if file.Name == "body.md" {
					f.Add(string(file.Data), "")
				}
			}
		}
	}
	f.Add("第一条 甲。 第二条 乙。\n\n第 3-1 條 丙\n\n前条第二款、第1、2条", "关于修改《某条例》的决定")
	f.Add("《X》（以下简称《Y》）《Y》第一条\n\n长府发〔2024〕3号\n\n甲\n2025年1月1日", "")
	f.Fuzz(func(t *testing.T, body, title string) {
		d := Parse(body, Options{Title: title})
		in := func(what string, s Span, outer Span) {
			if s.Start < outer.Start || s.End > outer.End || s.Start > s.End {
				t.Fatalf("%s %v outside %v (body %q)", what, s, outer, body)
			}
		}
		all := Span{0, len(body)}
		for i, p := range d.Parts {
			in("part", p.Span, all)
			if p.Parent >= i {
				t.Fatalf("part %d has parent %d", i, p.Parent)
			}
		}
		for i, a := range d.Articles {
			in("article", a.Span, all)
			in("mark", a.Mark, a.Span)
			if !anchorRe.MatchString(a.Num.Anchor()) {
				t.Fatalf("anchor %q", a.Num.Anchor())
			}
			if i > 0 && d.Articles[i-1].Span.End > a.Span.Start {
				t.Fatalf("articles %d and %d overlap (body %q)", i-1, i, body)
			}
			for _, p := range a.Paras {
				in("paragraph", p.Span, a.Span)
				for _, it := range p.Items {
					in("item", it.Span, p.Span)
				}
			}
			for _, k := range a.Path {
				if k < 0 || k >= len(d.Parts) {
					t.Fatalf("path %v", a.Path)
				}
			}
			if sg := d.Signature; sg != nil && a.Span.Start < sg.Span.Start && a.Span.End > sg.Span.Start {
				t.Fatalf("article %v runs over the signature %v (body %q)", a.Span, sg.Span, body)
			}
		}
		if d.Signature != nil {
			in("signature", d.Signature.Span, all)
		}
		for _, c := range d.Citations {
			in("citation", c.Span, all)
			if c.In >= len(d.Articles) || c.In >= 0 && (c.Span.Start < d.Articles[c.In].Span.Start || c.Span.Start >= d.Articles[c.In].Span.End) {
				t.Fatalf("citation %v in article %d (body %q)", c.Span, c.In, body)
			}
			if c.Article.N != 0 && !anchorRe.MatchString(c.Article.Anchor()) {
				t.Fatalf("citation anchor %q", c.Article.Anchor())
			}
		}
	})
}

// FuzzCite checks that Cite never panics and that its citations lie in the
// text, one after another.
func FuzzCite(f *testing.F) {
	for _, s := range []string{"依照《种子法》第十二条第二款、第三款和同法第五条", "根据長府發（2024）3號和国务院令第588号", "本法第5-1条", "第1、2、条"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, c := range Cite(text, Options{}) {
			if c.Span.Start < end || c.Span.End > len(text) || c.Span.Start > c.Span.End {
				t.Fatalf("citation %v after %d in %q", c.Span, end, text)
			}
			end = c.Span.End
		}
	})
}
