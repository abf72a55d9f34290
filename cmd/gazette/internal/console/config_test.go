package console

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"gazette/cmd/gazette/internal/content"
)

// sampleConfig is the configuration of the sample site of the repository.
func sampleConfig(t *testing.T) (decapConfig, []byte, content.Config) {
	t.Helper()
	s, err := content.Load(context.Background(), os.DirFS(filepath.Join("..", "..", "..", "..", "content")),
		content.Options{Now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	var issues []issueInfo
	for _, d := range s.All {
		if d.Kind == content.KindIssue {
			issues = append(issues, issueInfo{d.Year, filepath.Base(filepath.Dir(d.Path)), d.Title})
		}
	}
	dc, err := generateConfig(s.Config, "main", issues)
	if err != nil {
		t.Fatal(err)
	}
	data, err := dc.yaml()
	if err != nil {
		t.Fatal(err)
	}
	return dc, data, s.Config
}

// Every field of the content contract, as package content's decoder
// enforces it (content.Fields), is in the form of every collection of its
// kind, required exactly when the contract requires it; in config.yml as
// Decap reads it, not just in the Go value.
func TestConfigHasTheContract(t *testing.T) {
	dc, data, cfg := sampleConfig(t)
	var parsed struct {
		Collections []struct {
			Name   string `yaml:"name"`
			Folder string `yaml:"folder"`
			Fields []struct {
				Name     string   `yaml:"name"`
				Widget   string   `yaml:"widget"`
				Required bool     `yaml:"required"`
				Options  []string `yaml:"options"`
				Pattern  []string `yaml:"pattern"`
			} `yaml:"fields"`
			Files []struct {
				Fields []struct {
					Name     string `yaml:"name"`
					Required bool   `yaml:"required"`
				} `yaml:"fields"`
			} `yaml:"files"`
		} `yaml:"collections"`
	}
	if err := yaml.Unmarshal(data, &parsed); err != nil {
		t.Fatalf("config.yml does not parse: %v\n%s", err, data)
	}
	if len(parsed.Collections) != len(dc.Collections) {
		t.Fatalf("%d collections parsed, %d made", len(parsed.Collections), len(dc.Collections))
	}
	kinds := map[content.Kind]int{}
	for i, c := range dc.Collections {
		kinds[c.kind]++
		type f struct {
			name     string
			required bool
		}
		var got []f
		for _, pf := range parsed.Collections[i].Fields {
			got = append(got, f{pf.Name, pf.Required})
		}
		for _, file := range parsed.Collections[i].Files {
			for _, pf := range file.Fields {
				got = append(got, f{pf.Name, pf.Required})
			}
		}
		for _, want := range content.Fields(c.kind) {
			j := slices.IndexFunc(got, func(g f) bool { return g.name == want.Name })
			switch {
			case j < 0:
				t.Errorf("collection %s (%s) has no field %q", c.Name, c.kind, want.Name)
			case got[j].required != want.Required && !(c.Name == "interpretations" && want.Name == "interprets"):
				t.Errorf("collection %s: %q required %v, the contract says %v", c.Name, want.Name, got[j].required, want.Required)
			}
		}
	}
	for _, k := range []content.Kind{content.KindIssue, content.KindGazette, content.KindBriefing, content.KindNews, content.KindPage, content.KindReport} {
		if kinds[k] == 0 {
			t.Errorf("no collection of %s", k)
		}
	}
	// Select options are site.yaml's lists; the 文號 has its pattern.
	text := string(data)
	for _, want := range append(append([]string{cfg.Organ.Name}, cfg.Organs[:3]...), cfg.Topics[0], cfg.Categories[0]) {
		if !strings.Contains(text, want) {
			t.Errorf("config.yml lacks %q", want)
		}
	}
	patterns := 0
	for _, c := range parsed.Collections {
		for _, f := range c.Fields {
			if f.Name == "doc_number" {
				if len(f.Pattern) != 2 || f.Pattern[0] != docNumberPattern {
					t.Errorf("collection %s: doc_number's pattern %q", c.Name, f.Pattern)
				}
				patterns++
			}
		}
	}
	if patterns == 0 {
		t.Error("no doc_number field has the pattern")
	}
	if !strings.Contains(text, "name: gazette-2025-01") || !strings.Contains(text, "folder: gazette/2025/01") {
		t.Errorf("no collection for the issue 2025/01:\n%s", text[:min(len(text), 2000)])
	}
}

// The 文號 pattern takes what the archive holds and refuses what is not a 文號.
func TestDocNumberPattern(t *testing.T) {
	for _, ok := range []string{"長府發〔2025〕3號", "长府办发[2025]2号", "長府發(2025)3號", "國務院令第1號", "（67）台統（一）義字第0846號", "華總一義字第10400001號"} {
		if !docNumberRE.MatchString(ok) {
			t.Errorf("%s refused", ok)
		}
	}
	for _, bad := range []string{"長府發2026-3", "長府發〔2026〕", "3號", "長府發〔26〕3號", "長府 發〔2025〕3號"} {
		if docNumberRE.MatchString(bad) {
			t.Errorf("%s accepted", bad)
		}
	}
}
