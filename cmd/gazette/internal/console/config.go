package console

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/zh"
)

// docNumberPattern is how a 文號 is written: an issuer's code and a number
// ending in 號, the number after 第 (國務院令第1號, 華總一義字第1號) or after a
// bracketed year (長府發〔2025〕3號, in any bracket). The console's form holds
// a 文號 to it before saving.
const docNumberPattern = `^\S+(第[0-9０-９]+|[〔［\[（(][0-9０-９]{4}[〕］\]）)][0-9０-９]+)[號号]$`

var docNumberRE = regexp.MustCompile(docNumberPattern)

// recentIssues is how many of the newest gazette issues get a collection of
// their own in the console; older issues' documents are found with the
// staff search and changed through git.
const recentIssues = 24

// listLimit is the most entries a folder listing answers: Decap lists a
// collection whole, which slows to a crawl at a thousand entries, so a
// collection shows its newest and the staff search finds the rest.
const listLimit = 200

// decapConfig is Decap CMS's config.yml.
type decapConfig struct {
	Backend          backend      `yaml:"backend"`
	PublishMode      string       `yaml:"publish_mode"`
	Locale           string       `yaml:"locale"`
	SiteURL          string       `yaml:"site_url,omitempty"`
	DisplayURL       string       `yaml:"display_url,omitempty"`
	MediaFolder      string       `yaml:"media_folder"`
	PublicFolder     string       `yaml:"public_folder"`
	ShowPreviewLinks bool         `yaml:"show_preview_links"`
	Slug             slugConfig   `yaml:"slug"`
	Collections      []collection `yaml:"collections"`
}

type backend struct {
	Name     string `yaml:"name"`
	ProxyURL string `yaml:"proxy_url"`
	Branch   string `yaml:"branch"`
}

type slugConfig struct {
	Encoding            string `yaml:"encoding"`
	CleanAccents        bool   `yaml:"clean_accents"`
	SanitizeReplacement string `yaml:"sanitize_replacement"`
}

type collection struct {
	Name          string     `yaml:"name"`
	Label         string     `yaml:"label"`
	LabelSingular string     `yaml:"label_singular,omitempty"`
	Description   string     `yaml:"description,omitempty"`
	Folder        string     `yaml:"folder,omitempty"`
	Path          string     `yaml:"path,omitempty"`
	Slug          string     `yaml:"slug,omitempty"`
	Extension     string     `yaml:"extension,omitempty"`
	Format        string     `yaml:"format"`
	Create        bool       `yaml:"create"`
	Delete        bool       `yaml:"delete"`
	MediaFolder   *string    `yaml:"media_folder,omitempty"`
	PublicFolder  *string    `yaml:"public_folder,omitempty"`
	Filter        *filter    `yaml:"filter,omitempty"`
	Summary       string     `yaml:"summary,omitempty"`
	Files         []fileSpec `yaml:"files,omitempty"`
	Fields        []field    `yaml:"fields,omitempty"`

	kind content.Kind // what its entries are
}

type filter struct {
	Field string `yaml:"field"`
	Value string `yaml:"value"`
}

type fileSpec struct {
	Name   string  `yaml:"name"`
	Label  string  `yaml:"label"`
	File   string  `yaml:"file"`
	Fields []field `yaml:"fields"`
}

type field struct {
	Label      string   `yaml:"label"`
	Name       string   `yaml:"name"`
	Widget     string   `yaml:"widget"`
	Required   bool     `yaml:"required"`
	Hint       string   `yaml:"hint,omitempty"`
	Default    any      `yaml:"default,omitempty"`
	Pattern    []string `yaml:"pattern,omitempty"`
	Options    []string `yaml:"options,omitempty"`
	Format     string   `yaml:"format,omitempty"`
	DateFormat string   `yaml:"date_format,omitempty"`
	TimeFormat any      `yaml:"time_format,omitempty"`
	ValueType  string   `yaml:"value_type,omitempty"`
	Field      *field   `yaml:"field,omitempty"`
	Fields     []field  `yaml:"fields,omitempty"`
	Collapsed  bool     `yaml:"collapsed,omitempty"`
}

// issueInfo is a gazette issue, for the collections made per issue.
type issueInfo struct {
	Year   int
	Folder string // "01", or "z01" for an extra edition
	Title  string
}

// generator makes the configuration from site.yaml and the archive.
type generator struct {
	cfg    content.Config
	branch string
	conv   func(string) string // labels into the site's script
}

// generateConfig is config.yml for the site: a collection per kind (gazette
// documents per recent issue, the issues themselves, 政務信息, 新聞, 政策解讀,
// standing pages, annual reports), every field of the content contract
// (content.Fields) with its widget.
func generateConfig(cfg content.Config, branch string, issues []issueInfo) (decapConfig, error) {
	g := &generator{cfg: cfg, branch: branch, conv: func(s string) string { return s }}
	locale := "zh_Hant"
	if cfg.Language == "zh-Hans" {
		locale = "zh_Hans"
		if c, err := zh.T2S(); err == nil {
			g.conv = c.String
		}
	}
	empty := ""
	dc := decapConfig{
		Backend:          backend{Name: "proxy", ProxyURL: "/api/v1", Branch: branch},
		PublishMode:      "editorial_workflow",
		Locale:           locale,
		SiteURL:          cfg.BaseURL,
		DisplayURL:       cfg.BaseURL,
		MediaFolder:      "media",
		PublicFolder:     "/media",
		ShowPreviewLinks: true,
		Slug:             slugConfig{Encoding: "unicode", SanitizeReplacement: "-"},
	}
	add := func(c collection) error {
		var err error
		if c.Files == nil {
			c.Fields, err = g.fields(c.kind, c.Name)
		} else {
			for i := range c.Files {
				if c.Files[i].Fields, err = g.fields(c.kind, c.Name); err != nil {
					break
				}
			}
		}
		c.Label, c.LabelSingular, c.Description = g.conv(c.Label), g.conv(c.LabelSingular), g.conv(c.Description)
		dc.Collections = append(dc.Collections, c)
		return err
	}
	beside := func(c collection) collection { c.MediaFolder, c.PublicFolder = &empty, &empty; return c }
	recent := issues
	if len(recent) > recentIssues {
		recent = recent[:recentIssues]
	}
	for _, is := range recent {
		if err := add(beside(collection{
			Name: issueCollection(is), Label: "公報 " + is.Title, LabelSingular: "公報文件",
			Folder: path.Join("gazette", fmt.Sprint(is.Year), is.Folder), Slug: "gazette-doc-{{year}}{{month}}{{day}}",
			Extension: "md", Format: "frontmatter", Create: true, Delete: true, Summary: "{{title}}", kind: content.KindGazette,
		})); err != nil {
			return dc, err
		}
	}
	issueFiles := collection{Name: "gazette-issues", Label: "公報各期", LabelSingular: "一期公報", Format: "frontmatter",
		Description: fmt.Sprintf("最近%d期的期號、總期號、日期與導讀。", recentIssues), kind: content.KindIssue}
	for _, is := range recent {
		issueFiles.Files = append(issueFiles.Files, fileSpec{Name: fmt.Sprintf("%d-%s", is.Year, is.Folder), Label: is.Title,
			File: path.Join("gazette", fmt.Sprint(is.Year), is.Folder, "index.md")})
	}
	if len(issueFiles.Files) > 0 {
		if err := add(issueFiles); err != nil {
			return dc, err
		}
	}
	for _, c := range sectionCollections() {
		if err := add(beside(c)); err != nil {
			return dc, err
		}
	}
	return dc, nil
}

// sectionCollections are the collections of the sections other than the
// gazette: one folder each, newest first.
func sectionCollections() []collection {
	listed := fmt.Sprintf("列出最新的%d篇；其餘請在「檢索」中查找。", listLimit)
	cs := []collection{
		{Name: "briefings", Label: "政務信息", LabelSingular: "一條政務信息", Folder: "briefings", Path: "{{year}}/{{slug}}",
			Slug: "briefing-{{year}}{{month}}{{day}}", Create: true, kind: content.KindBriefing},
		{Name: "news", Label: "新聞發布", LabelSingular: "一條新聞", Folder: "news", Path: "{{year}}/{{slug}}",
			Slug: "news-{{year}}{{month}}{{day}}", Create: true, kind: content.KindNews},
		{Name: "interpretations", Label: "政策解讀", LabelSingular: "一篇政策解讀", Folder: "news", Path: "{{year}}/{{slug}}",
			Slug: "interpretation-{{year}}{{month}}{{day}}", Create: true, Filter: &filter{"category", interpretation}, kind: content.KindNews},
		{Name: "pages", Label: "機構概況", LabelSingular: "一個頁面", Folder: "pages", Slug: "page-{{year}}{{month}}{{day}}",
			Create: true, kind: content.KindPage},
		{Name: "reports", Label: "年度報告", LabelSingular: "一份年度報告", Folder: "reports", kind: content.KindReport,
			Description: "新一年的報告由 gazette new report 生成（填入檔案庫的數字），在此修改。"},
	}
	for i := range cs {
		cs[i].Extension, cs[i].Format, cs[i].Delete, cs[i].Summary = "md", "frontmatter", cs[i].Create, "{{title}}"
		if cs[i].Description == "" {
			cs[i].Description = listed
		}
	}
	return cs
}

// interpretation is the category of a 政策解讀.
const interpretation = "政策解讀"

func issueCollection(is issueInfo) string { return fmt.Sprintf("gazette-%d-%s", is.Year, is.Folder) }

// fields are the form of a kind: the body, and every field of the contract
// in the order the table below gives.
func (g *generator) fields(k content.Kind, coll string) ([]field, error) {
	contract := content.Fields(k)
	var out []field
	for _, w := range widgetTable {
		i := slices.IndexFunc(contract, func(f content.Field) bool { return f.Name == w.name })
		if i < 0 {
			continue
		}
		f := w.make(g, contract[i].Required)
		f.Name, f.Label, f.Required = w.name, g.conv(f.Label), contract[i].Required
		f.Hint = g.conv(f.Hint)
		if coll == "interpretations" {
			switch w.name {
			case "category":
				f = field{Label: f.Label, Name: "category", Widget: "hidden", Default: interpretation}
			case "interprets":
				f.Required = true
			}
		}
		out = append(out, f)
	}
	for _, f := range contract {
		if !slices.ContainsFunc(widgetTable, func(w widget) bool { return w.name == f.Name }) {
			return nil, fmt.Errorf("the console has no widget for the field %q of a %s: add it to widgetTable", f.Name, k)
		}
	}
	body := field{Label: g.conv("正文"), Name: "body", Widget: "markdown", Required: k != content.KindIssue}
	if k == content.KindReport {
		body.Hint = g.conv("六個部分的標題依次為：一、總體情況……六、其他需要報告的事項。")
	}
	return append(out, body), nil
}

// yaml writes the configuration as config.yml.
func (c decapConfig) yaml() ([]byte, error) {
	return yaml.MarshalWithOptions(c, yaml.UseLiteralStyleIfMultiline(true))
}

// collection finds a collection by name.
func (c decapConfig) collection(name string) (collection, bool) {
	i := slices.IndexFunc(c.Collections, func(col collection) bool { return col.Name == name })
	if i < 0 {
		return collection{}, false
	}
	return c.Collections[i], true
}

// holds reports whether a path belongs to the collection's entries.
func (col collection) holds(p string) bool {
	if col.Files != nil {
		return slices.ContainsFunc(col.Files, func(f fileSpec) bool { return path.Dir(f.File) == path.Dir(p) })
	}
	return strings.HasPrefix(p, col.Folder+"/")
}
