package feeds

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
)

// csvColumns is the header of documents.csv; the package comment documents
// each column, and record.row must list them in this order.
var csvColumns = []string{
	"url", "title", "section", "doc_number", "index_number", "organ", "category", "topic",
	"date", "written", "effective", "validity", "issue",
	"repeals", "repealed_by", "amends", "amended_by", "superseded_by", "interprets", "lang",
}

// DataColumns are the columns of documents.csv, in order (the fields of
// documents.json are these and more).
func DataColumns() []string { return append([]string(nil), csvColumns...) }

type dataFile struct {
	GeneratedFrom string   `json:"generated_from"` // base_url
	Title         string   `json:"title"`
	Updated       string   `json:"updated"`
	Count         int      `json:"count"`
	Documents     []record `json:"documents"`
}

// record is one document of the open data.
type record struct {
	URL             string       `json:"url"`
	Title           string       `json:"title"`
	Section         string       `json:"section"`
	DocNumber       string       `json:"doc_number"`
	IndexNumber     string       `json:"index_number"`
	ShortURL        string       `json:"short_url"`
	Organ           string       `json:"organ"`
	Category        string       `json:"category"`
	Topic           string       `json:"topic"`
	Tags            []string     `json:"tags"`
	Summary         string       `json:"summary"`
	Date            string       `json:"date"`
	Written         string       `json:"written"`
	Effective       string       `json:"effective"`
	Expires         string       `json:"expires"`
	Updated         string       `json:"updated"`
	Validity        string       `json:"validity"`
	Issue           string       `json:"issue"`
	IssueURL        string       `json:"issue_url"`
	Repeals         []ref        `json:"repeals"`
	RepealedBy      []ref        `json:"repealed_by"`
	Amends          []ref        `json:"amends"`
	AmendedBy       []ref        `json:"amended_by"`
	SupersededBy    []ref        `json:"superseded_by"`
	Interprets      []ref        `json:"interprets"`
	Interpretations []ref        `json:"interpretations"`
	Attachments     []attachment `json:"attachments"`
	Lang            string       `json:"lang"`
}

// ref names another document.
type ref struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	DocNumber string `json:"doc_number"`
}

type attachment struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Size int64  `json:"size"`
	Type string `json:"type"`
}

func (b *builder) openData() ([]publish.File, error) {
	var docs []*content.Document
	for _, d := range b.site.Documents {
		if d.IsDisclosure() {
			docs = append(docs, d)
		}
	}
	slices.SortFunc(docs, func(x, y *content.Document) int {
		return cmp.Or(y.Date.Compare(x.Date), cmp.Compare(x.URL, y.URL))
	})
	recs := make([]record, len(docs))
	for i, d := range docs {
		recs[i] = b.record(d)
	}

	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(dataFile{
		GeneratedFrom: b.cfg.BaseURL,
		Title:         b.cfg.Title,
		Updated:       b.day(b.newest),
		Count:         len(recs),
		Documents:     recs,
	})
	if err != nil {
		return nil, err
	}

	var cs bytes.Buffer
	cs.WriteString("\ufeff")
	w := csv.NewWriter(&cs)
	w.UseCRLF = true
	if err := w.Write(csvColumns); err != nil {
		return nil, err
	}
	for _, r := range recs {
		row := r.row()
		if len(row) != len(csvColumns) {
			return nil, fmt.Errorf("csv row of %s has %d fields, want %d", r.URL, len(row), len(csvColumns))
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return []publish.File{
		{Path: "data/documents.json", Data: js.Bytes()},
		{Path: "data/documents.csv", Data: cs.Bytes()},
	}, nil
}

func (b *builder) record(d *content.Document) record {
	refs := func(ds ...*content.Document) []ref {
		out := []ref{}
		for _, t := range ds {
			if t != nil {
				out = append(out, ref{URL: absURL(b.cfg.BaseURL, t.URL), Title: t.Title, DocNumber: t.DocNumber})
			}
		}
		return out
	}
	r := record{
		URL: absURL(b.cfg.BaseURL, d.URL), Title: d.Title, Section: d.Section,
		DocNumber: d.DocNumber, IndexNumber: d.IndexNumber, Organ: d.OrganName, Category: d.CategoryName, Topic: d.TopicName,
		Tags: append([]string{}, d.Tags...), Summary: b.facts.Of(d).Summary,
		Date: b.day(d.Date), Written: b.day(d.Written), Effective: b.day(d.Effective), Expires: b.day(d.Expires),
		Updated: b.day(b.updated[d]), Validity: d.Validity,
		Repeals: refs(d.RepealsDocs...), RepealedBy: refs(d.RepealedBy...),
		Amends: refs(d.AmendsDocs...), AmendedBy: refs(d.AmendedBy...),
		SupersededBy: refs(d.SupersededByDoc), Interprets: refs(d.InterpretsDoc),
		Interpretations: refs(d.Interpretations...), Attachments: []attachment{}, Lang: d.Lang,
	}
	if s := d.ShortURL(); s != "" {
		r.ShortURL = absURL(b.cfg.BaseURL, s)
	}
	if is := d.Issue; is != nil {
		w := wordsFor(is.Lang)
		r.Issue = fmt.Sprintf("%d年第%d期（%s%d期）", is.Year, is.Number, w.serial, is.Serial)
		if is.Extra {
			r.Issue = fmt.Sprintf("%d年增刊%d", is.Year, is.Number)
		}
		r.IssueURL = absURL(b.cfg.BaseURL, is.URL)
	}
	for _, a := range d.Attachments {
		r.Attachments = append(r.Attachments, attachment{Name: a.Name, URL: absURL(b.cfg.BaseURL, a.URL), Size: a.Size, Type: a.Type})
	}
	return r
}

// row is the record as a CSV row, in csvColumns order.
func (r record) row() []string {
	join := func(rs []ref) string {
		names := make([]string, len(rs))
		for i, t := range rs {
			names[i] = cmp.Or(t.DocNumber, t.URL)
		}
		return strings.Join(names, "; ")
	}
	return []string{
		r.URL, r.Title, r.Section, r.DocNumber, r.IndexNumber, r.Organ, r.Category, r.Topic,
		r.Date, r.Written, r.Effective, r.Validity, r.Issue,
		join(r.Repeals), join(r.RepealedBy), join(r.Amends), join(r.AmendedBy), join(r.SupersededBy), join(r.Interprets), r.Lang,
	}
}

// day is t as YYYY-MM-DD in the site time zone, or "" for no date.
func (b *builder) day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.loc).Format(time.DateOnly)
}
