package main

import (
	"context"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
	"testing"
)

// TestUsageNamesEveryFlag: the usage line of every command (gazette help,
// and the command list in the package doc) names every flag the command
// takes, so that a flag is never known only to those who read the code.
func TestUsageNamesEveryFlag(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	doc := f.Doc.Text()
	flagLine := regexp.MustCompile(`(?m)^  (-[a-z][a-z-]*)`)
	cmds := commands()
	if len(cmds) < 10 {
		t.Fatalf("%d commands", len(cmds))
	}
	for _, c := range cmds {
		e, out, errb := testEnv()
		runEnv(context.Background(), e, []string{"help", c.name})
		_, flags, _ := strings.Cut(out.String()+errb.String(), "\nflags:\n")
		flags, _, _ = strings.Cut(flags, "\nexamples:")
		var docLine string
		in := false // in the command's lines
		for _, l := range strings.Split(doc, "\n") {
			fields := strings.Fields(l)
			switch {
			case len(fields) > 1 && fields[0] == "gazette":
				in = fields[1] == c.name
				if in {
					docLine = l
				}
			case in && strings.HasPrefix(strings.TrimSpace(l), "["):
				docLine += l // a continued line
			default:
				in = false
			}
		}
		if docLine == "" {
			t.Errorf("the package doc has no line for gazette %s", c.name)
		}
		for _, m := range flagLine.FindAllStringSubmatch(flags, -1) {
			named := regexp.MustCompile(regexp.QuoteMeta(m[1]) + `\b`)
			if !named.MatchString(c.args) {
				t.Errorf("gazette %s takes %s, but its usage line does not name it: %s", c.name, m[1], c.args)
			}
			if docLine != "" && !named.MatchString(docLine) {
				t.Errorf("gazette %s takes %s, but the package doc's line does not name it: %s", c.name, m[1], strings.TrimSpace(docLine))
			}
		}
	}
}
