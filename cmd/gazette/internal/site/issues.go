package site

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
)

// issueEntry is one issue in /gazette/issues.json. What is not known is
// null: an extra edition's serial, the PDF of an issue that has none, the
// page count of a PDF that could not be read.
type issueEntry struct {
	Issue    int     `json:"issue"`  // 期號, or the number of an extra edition among its year's
	Serial   *int    `json:"serial"` // 總第N期
	Title    string  `json:"title"`
	Date     string  `json:"date"`
	URL      string  `json:"url"`
	PDF      *string `json:"pdf"`
	PDFBytes *int64  `json:"pdf_bytes"`
	Pages    *int    `json:"pages"`
	Extra    bool    `json:"extra"` // 增刊: outside the numbering
}

// issuesJSON is the issue index as data, /gazette/issues.json: each year
// (a string key, in order) to its issues in order of publication, with
// absolute URLs — what the State Council gazette publishes as gbgl.json.
func (a *assembler) issuesJSON() publish.File {
	base := strings.TrimRight(a.site.Config.BaseURL, "/")
	years := map[string][]issueEntry{}
	var issues []*content.Document
	for _, d := range a.site.Documents {
		if d.Kind == content.KindIssue {
			issues = append(issues, d)
		}
	}
	slices.SortFunc(issues, func(x, y *content.Document) int {
		return cmp.Or(cmp.Compare(x.Year, y.Year), x.Date.Compare(y.Date), cmp.Compare(x.URL, y.URL))
	})
	for _, is := range issues {
		e := issueEntry{Issue: is.Number, Title: is.Title, Extra: is.Extra,
			Date: is.Date.In(a.site.Config.Location).Format(time.DateOnly), URL: base + Href(is.URL)}
		if !is.Extra {
			e.Serial = &is.Serial
		}
		if p := a.facts.Of(is).PDF; p != nil {
			u := base + Href(p.URL)
			e.PDF, e.PDFBytes = &u, &p.Size
			if p.Pages > 0 {
				e.Pages = &p.Pages
			}
		}
		y := strconv.Itoa(is.Year)
		years[y] = append(years[y], e)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	_ = enc.Encode(years) // strings, numbers and pointers to them cannot fail
	return publish.File{Path: "gazette/issues.json", Data: b.Bytes()}
}
