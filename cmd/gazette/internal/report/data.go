package report

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	yamlparser "github.com/goccy/go-yaml/parser"

	"gazette/cmd/gazette/internal/content"
)

// parser reads a data block, collecting every error at its file line.
type parser struct {
	path string
	errs content.ErrorList
}

func (p *parser) errorAt(n ast.Node, format string, args ...any) {
	e := &content.Error{Path: p.path, Msg: fmt.Sprintf(format, args...)}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		e.Line, e.Col = content.FrontMatterLine(tk.Position.Line), tk.Position.Column
	}
	p.errs = append(p.errs, e)
}

// keyed is one key of a mapping with its value.
type keyed struct {
	key   ast.Node
	value ast.Node
}

// mapping returns the keys of a mapping node that are among want; any other
// key, or one given twice, is an error.
func (p *parser) mapping(n ast.Node, where string, want []string) map[string]keyed {
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		p.errorAt(n, "%s: want a mapping of %s", where, strings.Join(want, ", "))
		return nil
	}
	out := map[string]keyed{}
	for _, kv := range values {
		k := kv.Key.String()
		switch {
		case !slices.Contains(want, k):
			p.errorAt(kv.Key, "%s: unknown key %q (want %s)", where, k, strings.Join(want, ", "))
		case out[k].key != nil:
			p.errorAt(kv.Key, "%s: %q given twice", where, k)
		default:
			out[k] = keyed{kv.Key, kv.Value}
		}
	}
	return out
}

// count reads a whole number of at least zero.
func (p *parser) count(n ast.Node, where string) (int, bool) {
	if _, ok := n.(*ast.IntegerNode); !ok {
		p.errorAt(n, "%s: want a whole number, got %s", where, show(n))
		return 0, false
	}
	var v int
	if err := yaml.NodeToValue(n, &v); err != nil || v < 0 {
		p.errorAt(n, "%s: want a whole number of at least 0, got %s", where, show(n))
		return 0, false
	}
	return v, true
}

// amount reads a sum of money in 萬元: a number of at least zero.
func (p *parser) amount(n ast.Node, where string) (float64, bool) {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
	default:
		p.errorAt(n, "%s: want an amount in 萬元, got %s", where, show(n))
		return 0, false
	}
	var v float64
	if err := yaml.NodeToValue(n, &v); err != nil || v < 0 {
		p.errorAt(n, "%s: want an amount of at least 0, got %s", where, show(n))
		return 0, false
	}
	return v, true
}

// list reads a list of width whole numbers; nodes are the numbers' nodes.
func (p *parser) list(n ast.Node, where string, width int, columns string) (vals []int, nodes []ast.Node, ok bool) {
	seq, isSeq := n.(*ast.SequenceNode)
	if !isSeq || len(seq.Values) != width {
		got := show(n)
		if isSeq {
			got = strconv.Itoa(len(seq.Values)) + " numbers"
		}
		p.errorAt(n, "%s: want %d numbers (%s), got %s", where, width, columns, got)
		return nil, nil, false
	}
	ok = true
	for _, v := range seq.Values {
		c, good := p.count(v, where)
		ok = ok && good
		vals = append(vals, c)
		nodes = append(nodes, v)
	}
	return vals, nodes, ok
}

func show(n ast.Node) string {
	switch n.(type) {
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.NullNode:
		return "nothing"
	}
	return strconv.Quote(n.String())
}

// merge reads doc's data block into r: table 二's figures the archive cannot
// give, tables 三 and 四, each checked; a figure that contradicts the
// archive is an error naming both.
func merge(r *Report, doc *content.Document, root string) content.ErrorList {
	p := &parser{path: path.Join(root, doc.Path)}
	data := dataNode(doc.FrontMatter)
	if data == nil {
		return content.ErrorList{{Path: p.path, Line: 2, Msg: "an annual report needs its data block (data:)"}}
	}
	top := p.mapping(data, "data", []string{"active", "requests", "appeals"})
	missing := func(k string) {
		p.errs = append(p.errs, &content.Error{Path: p.path, Line: dataLine(data), Msg: fmt.Sprintf("data: %s is missing (%s)", k, blockName(r.labels, k))})
	}
	if kv, ok := top["active"]; ok {
		p.active(r, kv)
	} else if top != nil {
		missing("active")
	}
	if kv, ok := top["requests"]; ok {
		r.Requests = p.requests(r.labels, kv.value)
	} else if top != nil {
		missing("requests")
	}
	if kv, ok := top["appeals"]; ok {
		r.Appeals = p.appeals(r.labels, kv.value)
	} else if top != nil {
		missing("appeals")
	}
	return p.errs
}

// dataNode is the value of the data field of a front matter, or nil. The
// content stage has parsed the same text, so it parses.
func dataNode(fm []byte) ast.Node {
	file, err := yamlparser.ParseBytes(fm, 0)
	if err != nil || len(file.Docs) == 0 {
		return nil
	}
	var values []*ast.MappingValueNode
	switch m := file.Docs[0].Body.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	}
	for _, kv := range values {
		if kv.Key.String() == "data" {
			return kv.Value
		}
	}
	return nil
}

func dataLine(n ast.Node) int {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return content.FrontMatterLine(tk.Position.Line)
	}
	return 2
}

func blockName(l *Labels, k string) string {
	switch k {
	case "active":
		return l.Sections[1]
	case "requests":
		return l.Sections[2]
	}
	return l.Sections[3]
}

// active reads table 二.
func (p *parser) active(r *Report, kv keyed) {
	l := r.labels
	a := &r.Active
	m := p.mapping(kv.value, "data.active", []string{"rules", "normative", "licensing", "penalties", "enforcement", "fees"})
	for _, row := range []struct {
		key, label string
		row        *Row3
	}{{"rules", l.Rules, &a.Rules}, {"normative", l.Normative, &a.Normative}} {
		where := "data.active." + row.key
		var given map[string]keyed
		if v, ok := m[row.key]; ok {
			given = p.mapping(v.value, where, []string{"issued", "repealed", "in_force"})
		}
		for _, f := range []struct {
			key, label string
			fig        *Figure
		}{{"issued", l.Issued, &row.row.Issued}, {"repealed", l.Repealed, &row.row.Repealed}, {"in_force", l.InForce, &row.row.InForce}} {
			name := row.label + " " + f.label
			v, ok := given[f.key]
			if !ok {
				if !f.fig.Known() {
					p.errorAt(kv.key, "%s is not computable from the archive (%s): give it as %s.%s", name, f.fig.Why, where, f.key)
				}
				continue
			}
			n, good := p.count(v.value, where+"."+f.key)
			switch {
			case !good:
			case f.fig.Source == FromArchive && float64(n) != f.fig.Value:
				p.errorAt(v.value, "%s: the data block gives %d, but the archive counts %s%s", name, n, num(f.fig.Value), listed(f.fig.Docs))
			case f.fig.Source != FromArchive:
				*f.fig = Figure{Value: float64(n), Source: FromData, Why: f.fig.Why, line: dataLine(v.value)}
			}
		}
	}
	for _, f := range []struct {
		key, label string
		fig        *Figure
	}{{"licensing", l.Licensing, &a.Licensing}, {"penalties", l.Penalties, &a.Penalties}, {"enforcement", l.Enforcement, &a.Enforcement}, {"fees", l.FeesRow, &a.Fees}} {
		v, ok := m[f.key]
		if !ok {
			if m != nil {
				p.errorAt(kv.key, "data.active: %s (%s) is missing: the archive does not hold it", f.key, f.label)
			}
			continue
		}
		var val float64
		var good bool
		if f.key == "fees" {
			val, good = p.amount(v.value, "data.active.fees")
		} else {
			var n int
			n, good = p.count(v.value, "data.active."+f.key)
			val = float64(n)
		}
		if good {
			*f.fig = Figure{Value: val, Source: FromData, Why: f.fig.Why, line: dataLine(v.value)}
		}
	}
}

// listed names the documents an archive figure counts, a few of them.
func listed(docs []string) string {
	if len(docs) == 0 {
		return ""
	}
	const most = 5
	s := strings.Join(docs[:min(most, len(docs))], ", ")
	if len(docs) > most {
		s += fmt.Sprintf(" and %d more", len(docs)-most)
	}
	return " (" + s + ")"
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// requests reads table 三 and checks its sums: each row's 總計, the
// （七）總計 row, and 一 + 二 = 三（七）+ 四 in every column.
func (p *parser) requests(l *Labels, n ast.Node) *Requests {
	m := p.mapping(n, "data.requests", requestKeys)
	if m == nil {
		return nil
	}
	columns := strings.Join(append(append([]string{l.Natural}, l.Columns[:]...), l.Total), ", ")
	t := &Requests{Rows: make([][7]int, len(requestKeys)), Keys: requestKeys}
	nodes := make([][]ast.Node, len(requestKeys))
	complete := true
	for i, k := range requestKeys {
		v, ok := m[k]
		if !ok {
			p.errorAt(n, "data.requests: %s (%s) is missing", k, rowName(l, i))
			complete = false
			continue
		}
		vals, ns, good := p.list(v.value, "data.requests."+k, 7, columns)
		if !good {
			complete = false
			continue
		}
		copy(t.Rows[i][:], vals)
		nodes[i] = ns
		if sum := sumOf(vals[:6]); vals[6] != sum {
			p.errorAt(ns[6], "data.requests.%s (%s): %s is %d, but %s and the five columns of %s sum to %d",
				k, rowName(l, i), l.Total, vals[6], l.Natural, l.Legal, sum)
		}
	}
	if !complete {
		return t
	}
	colNames := append(append([]string{l.Natural}, l.Columns[:]...), l.Total)
	for c := range 7 {
		sum := 0
		for i := rowFirstResult; i < rowTotal; i++ {
			sum += t.Rows[i][c]
		}
		if got := t.Rows[rowTotal][c]; got != sum {
			p.errorAt(nodes[rowTotal][c], "data.requests.total (%s), %s: %d, but the rows of %s sum to %d",
				rowName(l, rowTotal), colNames[c], got, l.Rows[rowFirstResult].Group, sum)
		}
		in := t.Rows[rowNew][c] + t.Rows[rowCarriedOver][c]
		out := t.Rows[rowTotal][c] + t.Rows[rowCarryForward][c]
		if in != out {
			p.errorAt(nodes[rowCarryForward][c], "data.requests, %s: 一 + 二 must equal 三（七）+ 四, but %d + %d = %d and %d + %d = %d",
				colNames[c], t.Rows[rowNew][c], t.Rows[rowCarriedOver][c], in, t.Rows[rowTotal][c], t.Rows[rowCarryForward][c], out)
		}
	}
	return t
}

// rowName is a row of table 三 as the format labels it.
func rowName(l *Labels, i int) string {
	r := l.Rows[i]
	return strings.Join(slices.DeleteFunc([]string{r.Sub, r.Label}, func(s string) bool { return s == "" }), "")
}

func sumOf(vs []int) int {
	s := 0
	for _, v := range vs {
		s += v
	}
	return s
}

// appeals reads table 四 and checks each group's 總計.
func (p *parser) appeals(l *Labels, n ast.Node) *Appeals {
	m := p.mapping(n, "data.appeals", appealKeys)
	if m == nil {
		return nil
	}
	names := []string{l.Review, l.Litigation + " " + l.Direct, l.Litigation + " " + l.AfterReview}
	t := &Appeals{}
	for g, k := range appealKeys {
		v, ok := m[k]
		if !ok {
			p.errorAt(n, "data.appeals: %s (%s) is missing", k, names[g])
			continue
		}
		vals, ns, good := p.list(v.value, "data.appeals."+k, 5, strings.Join(l.Outcomes[:], ", "))
		if !good {
			continue
		}
		copy(t.Groups[g][:], vals)
		if sum := sumOf(vals[:4]); vals[4] != sum {
			p.errorAt(ns[4], "data.appeals.%s (%s): %s is %d, but %s sum to %d", k, names[g], l.Outcomes[4], vals[4],
				strings.Join(l.Outcomes[:4], ", "), sum)
		}
	}
	return t
}
