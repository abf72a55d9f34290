package content

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// split separates front matter from body. The YAML starts on file line 2;
// the body starts on the line after the closing "---".
func split(data []byte) (fm, body []byte, bodyLine int, ok bool) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, data, 1, false
	}
	rest := data[4:]
	var end int
	switch {
	case bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")):
		end = 0
	default:
		i := bytes.Index(rest, []byte("\n---\n"))
		if i < 0 {
			if !bytes.HasSuffix(rest, []byte("\n---")) {
				return nil, nil, 0, false
			}
			i = len(rest) - 4
		}
		end = i + 1
	}
	fm = rest[:end]
	body = rest[min(end+4, len(rest)):]
	bodyLine = 3 + bytes.Count(fm, []byte("\n"))
	return fm, body, bodyLine, true
}

// field describes one front-matter key: which kinds take it and how it is
// decoded into a Document.
type field struct {
	kinds  []Kind
	decode func(d *decoder, doc *Document, n ast.Node) error
}

var (
	docKinds  = []Kind{KindGazette, KindBriefing, KindNews}
	allKinds  = []Kind{KindIssue, KindGazette, KindBriefing, KindNews, KindPage, KindReport}
	textKinds = []Kind{KindGazette, KindBriefing, KindNews, KindPage}
)

var fields = map[string]field{
	"title":         {allKinds, str(func(d *Document) *string { return &d.Title })},
	"summary":       {allKinds, str(func(d *Document) *string { return &d.Summary })},
	"draft":         {allKinds, boolean(func(d *Document) *bool { return &d.Draft })},
	"aliases":       {allKinds, list(func(d *Document) *[]string { return &d.Aliases })},
	"date":          {[]Kind{KindIssue, KindGazette, KindBriefing, KindNews, KindReport}, date(func(d *Document) *time.Time { return &d.Date })},
	"slug":          {textKinds, str(func(d *Document) *string { return &d.Slug })},
	"lang":          {textKinds, str(func(d *Document) *string { return &d.Lang })},
	"written":       {docKinds, date(func(d *Document) *time.Time { return &d.Written })},
	"doc_number":    {docKinds, str(func(d *Document) *string { return &d.DocNumber })},
	"index_number":  {docKinds, str(func(d *Document) *string { return &d.IndexNumber })},
	"organ":         {docKinds, str(func(d *Document) *string { return &d.Organ })},
	"category":      {docKinds, str(func(d *Document) *string { return &d.Category })},
	"topic":         {docKinds, str(func(d *Document) *string { return &d.Topic })},
	"attachments":   {docKinds, list(func(d *Document) *[]string { return &d.attachmentNames })},
	"history":       {docKinds, history},
	"tags":          {docKinds, list(func(d *Document) *[]string { return &d.Tags })},
	"source":        {docKinds, str(func(d *Document) *string { return &d.Source })},
	"effective":     {[]Kind{KindGazette}, date(func(d *Document) *time.Time { return &d.Effective })},
	"validity":      {[]Kind{KindGazette}, str(func(d *Document) *string { return &d.Validity })},
	"expires":       {[]Kind{KindGazette}, date(func(d *Document) *time.Time { return &d.Expires })},
	"amends":        {[]Kind{KindGazette}, list(func(d *Document) *[]string { return &d.Amends })},
	"repeals":       {[]Kind{KindGazette}, list(func(d *Document) *[]string { return &d.Repeals })},
	"superseded_by": {[]Kind{KindGazette}, str(func(d *Document) *string { return &d.SupersededBy })},
	"previous":      {[]Kind{KindGazette}, str(func(d *Document) *string { return &d.Previous })},
	"normative":     {[]Kind{KindGazette}, boolean(func(d *Document) *bool { return &d.Normative })},
	"repealed_on":   {[]Kind{KindGazette}, date(func(d *Document) *time.Time { return &d.RepealedOn })},
	"data":          {[]Kind{KindReport}, data},
	"interprets":    {[]Kind{KindNews}, str(func(d *Document) *string { return &d.Interprets })},
	"year":          {[]Kind{KindIssue}, integer(func(d *Document) *int { return &d.Year })},
	"issue":         {[]Kind{KindIssue}, integer(func(d *Document) *int { return &d.Number })},
	"serial":        {[]Kind{KindIssue}, integer(func(d *Document) *int { return &d.Serial })},
	"pdf":           {[]Kind{KindIssue}, str(func(d *Document) *string { return &d.pdfName })},
	"extra":         {[]Kind{KindIssue}, boolean(func(d *Document) *bool { return &d.Extra })},
	"gap":           {[]Kind{KindIssue}, str(func(d *Document) *string { return &d.Gap })},
}

// required lists the fields each kind must have.
var required = map[Kind][]string{
	KindIssue:    {"title", "year", "issue", "serial", "date"},
	KindGazette:  {"title", "date", "organ"},
	KindBriefing: {"title", "date", "organ"},
	KindNews:     {"title", "date"},
	KindPage:     {"title"},
	KindReport:   {"title", "date", "data"},
}

// allowed is the sorted list of fields a kind takes.
func allowed(k Kind) []string {
	var names []string
	for name, f := range fields {
		if slices.Contains(f.kinds, k) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// decoder holds what decoding one file's front matter needs.
type decoder struct {
	path     string
	offset   int // file line of YAML line 1, less one
	loc      *time.Location
	earliest time.Time // the first day a date may name (Config.Earliest)
	errs     ErrorList
	lines    map[string]int // field → file line, for errors found later
}

func (d *decoder) errorAt(n ast.Node, format string, args ...any) {
	e := &Error{Path: d.path, Msg: fmt.Sprintf(format, args...)}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		e.Line, e.Col = tk.Position.Line+d.offset, tk.Position.Column
	}
	d.errs = append(d.errs, e)
}

// frontMatter decodes fm into doc, collecting every error.
func (d *decoder) frontMatter(doc *Document, fm []byte) {
	d.lines = map[string]int{}
	if !utf8.Valid(fm) {
		d.errs = append(d.errs, &Error{Path: d.path, Line: 2, Msg: "front matter is not valid UTF-8"})
		return
	}
	file, err := parser.ParseBytes(fm, 0)
	if err != nil {
		d.errs = append(d.errs, yamlError(d.path, d.offset, err))
		return
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		d.missing(doc, d.offset+1)
		return
	}
	m, ok := file.Docs[0].Body.(*ast.MappingNode)
	if !ok {
		if mv, ok1 := file.Docs[0].Body.(*ast.MappingValueNode); ok1 {
			m = &ast.MappingNode{Values: []*ast.MappingValueNode{mv}}
		} else {
			d.errorAt(file.Docs[0].Body, "front matter must be a mapping of field: value")
			return
		}
	}
	kinds := allowed(doc.Kind)
	for _, kv := range m.Values {
		name := kv.Key.String()
		f, known := fields[name]
		switch {
		case !known:
			msg := fmt.Sprintf("unknown field %q", name)
			if s := suggest(name, kinds); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorAt(kv.Key, "%s", msg)
			continue
		case !slices.Contains(f.kinds, doc.Kind):
			d.errorAt(kv.Key, "field %q is not used by a %s", name, doc.Kind)
			continue
		}
		if _, dup := d.lines[name]; dup {
			d.errorAt(kv.Key, "field %q given twice", name)
			continue
		}
		d.lines[name] = kv.Key.GetToken().Position.Line + d.offset
		if isNull(kv.Value) {
			if slices.Contains(required[doc.Kind], name) {
				d.errorAt(kv.Key, "required field %q is empty", name)
			}
			continue
		}
		if err := f.decode(d, doc, kv.Value); err != nil {
			d.errorAt(kv.Value, "%s: %v", name, err)
		} else if name == "title" && doc.Title == "" {
			d.errorAt(kv.Value, "title is empty")
		}
	}
	d.missing(doc, d.offset+1)
}

// missing reports required fields that were not given.
func (d *decoder) missing(doc *Document, line int) {
	for _, name := range required[doc.Kind] {
		if name == "serial" && doc.Extra {
			continue // an extra edition is outside the numbering
		}
		if _, ok := d.lines[name]; !ok {
			d.errs = append(d.errs, &Error{Path: d.path, Line: line, Msg: fmt.Sprintf("missing required field %q for a %s", name, doc.Kind)})
		}
	}
}

func isNull(n ast.Node) bool {
	_, ok := n.(*ast.NullNode)
	return ok
}

func str(dst func(*Document) *string) func(*decoder, *Document, ast.Node) error {
	return func(_ *decoder, doc *Document, n ast.Node) error {
		switch n.(type) {
		case *ast.StringNode, *ast.LiteralNode, *ast.IntegerNode, *ast.FloatNode:
		default:
			return fmt.Errorf("want text, got %s", describe(n))
		}
		var s string
		if err := yaml.NodeToValue(n, &s); err != nil {
			return err
		}
		*dst(doc) = strings.TrimSpace(s)
		return nil
	}
}

func list(dst func(*Document) *[]string) func(*decoder, *Document, ast.Node) error {
	return func(_ *decoder, doc *Document, n ast.Node) error {
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			return fmt.Errorf("want a list, got %s", describe(n))
		}
		out := make([]string, 0, len(seq.Values))
		for _, v := range seq.Values {
			switch v.(type) {
			case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode:
			default:
				return fmt.Errorf("want a list of text, got %s", describe(v))
			}
			var s string
			if err := yaml.NodeToValue(v, &s); err != nil {
				return err
			}
			out = append(out, strings.TrimSpace(s))
		}
		*dst(doc) = out
		return nil
	}
}

func integer(dst func(*Document) *int) func(*decoder, *Document, ast.Node) error {
	return func(_ *decoder, doc *Document, n ast.Node) error {
		if _, ok := n.(*ast.IntegerNode); !ok {
			return fmt.Errorf("want a whole number, got %s", describe(n))
		}
		return yaml.NodeToValue(n, dst(doc))
	}
}

func boolean(dst func(*Document) *bool) func(*decoder, *Document, ast.Node) error {
	return func(_ *decoder, doc *Document, n ast.Node) error {
		if _, ok := n.(*ast.BoolNode); !ok {
			return fmt.Errorf("want true or false, got %s", describe(n))
		}
		return yaml.NodeToValue(n, dst(doc))
	}
}

func date(dst func(*Document) *time.Time) func(*decoder, *Document, ast.Node) error {
	return func(d *decoder, doc *Document, n ast.Node) error {
		var s string
		switch n.(type) {
		case *ast.StringNode:
		default:
			return fmt.Errorf("want a date (YYYY-MM-DD), got %s", describe(n))
		}
		if err := yaml.NodeToValue(n, &s); err != nil {
			return err
		}
		t, err := d.date(s)
		if err != nil {
			return err
		}
		*dst(doc) = t
		return nil
	}
}

// lastDay is the last day any date may name: a year of five digits is a
// typing mistake, and neither URLs (/archive/YYYY/) nor feeds can show it.
const lastDay = "9999-12-31"

// date parses a front-matter date and holds it to the site's range.
func (d *decoder) date(s string) (time.Time, error) {
	t, err := ParseDate(s, d.loc)
	if err != nil {
		return t, err
	}
	switch day := t.In(d.loc).Format(time.DateOnly); {
	case t.Before(d.earliest):
		return t, fmt.Errorf("%s is before %s, the earliest date this site takes (site.yaml's earliest_date): is the year mistyped?",
			day, d.earliest.Format(time.DateOnly))
	case t.In(d.loc).Year() > 9999:
		return t, fmt.Errorf("%s is after %s, the last date a site can take: is the year mistyped?", day, lastDay)
	}
	return t, nil
}

// data is a report's figures: package report reads them from the front
// matter (Document.FrontMatter), knowing the national format; here they need
// only be a mapping.
func data(_ *decoder, _ *Document, n ast.Node) error {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return nil
	}
	return fmt.Errorf("want a mapping of the report's figures, got %s", describe(n))
}

func history(d *decoder, doc *Document, n ast.Node) error {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		return fmt.Errorf("want a list of {date, note}, got %s", describe(n))
	}
	for _, v := range seq.Values {
		m, ok := v.(*ast.MappingNode)
		if !ok {
			if mv, ok1 := v.(*ast.MappingValueNode); ok1 {
				m = &ast.MappingNode{Values: []*ast.MappingValueNode{mv}}
			} else {
				d.errorAt(v, "history: want {date, note}, got %s", describe(v))
				continue
			}
		}
		var r Revision
		dated := false // a date was given, well or not: a bad one is reported already
		for _, kv := range m.Values {
			switch kv.Key.String() {
			case "date":
				dated = true
				var s string
				if err := yaml.NodeToValue(kv.Value, &s); err != nil {
					d.errorAt(kv.Value, "history date: %v", err)
				} else if t, err := d.date(s); err != nil {
					d.errorAt(kv.Value, "history date: %v", err)
				} else {
					r.Date = t
				}
			case "note":
				if err := yaml.NodeToValue(kv.Value, &r.Note); err != nil {
					d.errorAt(kv.Value, "history note: %v", err)
				}
			default:
				d.errorAt(kv.Key, "history: unknown field %q (want date and note)", kv.Key.String())
			}
		}
		if r.Date.IsZero() || strings.TrimSpace(r.Note) == "" {
			if !dated || strings.TrimSpace(r.Note) == "" {
				d.errorAt(v, "history: every entry needs a date and a note")
			}
			continue
		}
		doc.History = append(doc.History, r)
	}
	slices.SortStableFunc(doc.History, func(a, b Revision) int { return b.Date.Compare(a.Date) })
	return nil
}

func describe(n ast.Node) string {
	switch n := n.(type) {
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.BoolNode:
		return "true/false"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.StringNode:
		// The value, not the source: quotes the editor wrote are not part
		// of it, and %q adds its own.
		return fmt.Sprintf("%q", n.Value)
	case *ast.LiteralNode:
		return fmt.Sprintf("%q", n.Value.Value)
	}
	return n.Type().String()
}

// ParseDate reads YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (both in loc) or RFC 3339.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range []string{time.DateOnly, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid date %q (want YYYY-MM-DD or RFC 3339)", s)
}
