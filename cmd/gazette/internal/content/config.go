package content

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Config is content/site.yaml.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	BaseURL     string `yaml:"base_url"` // absolute, with a trailing slash
	Language    string `yaml:"language"` // zh-Hant or zh-Hans: the source script
	Timezone    string `yaml:"timezone"`
	Organ       struct {
		Name string `yaml:"name"`
		Code string `yaml:"code"` // the organ code that starts every generated 索引號
	} `yaml:"organ"`
	Gazette struct {
		Name string `yaml:"name"` // the gazette's masthead, on the cover and running heads of its PDF; default 政府公報
		PDF  bool   `yaml:"pdf"`  // the build makes each issue's PDF (an issue's own pdf: still wins); needs WeasyPrint
	} `yaml:"gazette"`
	// Organs, Topics and Categories are the office's names for what
	// documents are grouped under (see Names): a document's organ, topic
	// or category in any script, width or case is shown, and grouped, by
	// the name here. Categories are also the order of an issue's contents.
	Organs     []string `yaml:"organs"`
	Topics     []string `yaml:"topics"`
	Categories []string `yaml:"categories"`

	// EarliestDate is the first day a date in the front matter may name
	// (YYYY-MM-DD, in the site's zone): a date before it, as after
	// 9999-12-31, is a typing mistake the build refuses (a year 0 would
	// make /archive/0/ and a feed date in local mean time). The default,
	// 1912-01-01, is the year the first 政府公報 was issued, before which
	// no office's gazette could date a document; an office whose archive
	// starts later may set its own first day (e.g. 1949-10-01).
	EarliestDate string    `yaml:"earliest_date"`
	Earliest     time.Time `yaml:"-"` // EarliestDate, parsed

	FeedItems int `yaml:"feed_items"` // newest items per feed; default 50
	PageSize  int `yaml:"page_size"`  // items per list page; default 20
	// FeedBodyKiB bounds the text a full-text feed carries for one
	// document (its rendered HTML, in KiB): a longer document is carried by
	// its summary and a link to its page, and gazette check warns about
	// it. A feed is fetched whole by every subscriber at every poll, so
	// feed_items such bodies are the most it may weigh. Default
	// DefaultFeedBodyKiB.
	FeedBodyKiB int `yaml:"feed_body_kib"`

	// BothScripts writes the whole site a second time, converted into the
	// other script, under /zh-hans/ (or /zh-hant/); default true.
	BothScripts bool `yaml:"both_scripts"`
	Menus       struct {
		Main   []MenuItem `yaml:"main"`
		Footer []MenuItem `yaml:"footer"`
	} `yaml:"menus"`
	// Identity is the marks a government website shows in its footer
	// (國辦發〔2017〕47號), each shown only when set.
	Identity Identity `yaml:"identity"`
	// Accessibility is what the site's 無障礙聲明 (/accessibility/) says
	// beside what the templates say of themselves.
	Accessibility struct {
		// Exceptions are the site's known exceptions, in its words: parts
		// of it that do not meet the standards, and why (年份較早的公報只有掃描件).
		Exceptions []string `yaml:"exceptions"`
	} `yaml:"accessibility"`
	// Report is how the annual disclosure report counts (package report);
	// nil when site.yaml has no report section, and then gazette check
	// does not look for missing reports.
	Report *ReportConfig `yaml:"report"`

	Location *time.Location `yaml:"-"`
}

// ReportConfig is the report section of site.yaml.
type ReportConfig struct {
	// Level is department (a 縣級以上人民政府部門, whose report is due on
	// 31 January) or city (the report of a government, compiled by its
	// 主管部門 and due on 31 March): 《政府信息公開條例》第四十九條.
	Level string `yaml:"level"`
	// Rules are the categories (category:) whose documents are 規章,
	// e.g. [市政府令]. Without any, the report cannot count 規章.
	Rules []string `yaml:"rules"`
	// IssuedBy is the date that places a document in the year it was
	// issued (本年制發): written (成文日期) or date (發布日期).
	IssuedBy string `yaml:"issued_by"`
}

// Report levels and issue dates.
const (
	LevelDepartment = "department"
	LevelCity       = "city"
	IssuedByWritten = "written"
	IssuedByDate    = "date"
)

// DefaultFeedBodyKiB is feed_body_kib when site.yaml does not say: above
// all but the longest regulations (a few in a thousand documents of the
// real corpus), and 50 of them make a feed of a few MiB at most.
const DefaultFeedBodyKiB = 128

// Identity is the identity section of site.yaml: what identifies the site
// as a government website, as the rules for government websites ask every
// page to show.
type Identity struct {
	SiteCode string `yaml:"site_code"` // 網站標識碼, given to each government website when it is registered
	ICP      string `yaml:"icp"`       // ICP備案號 (吉ICP備05001234號-1), linked to the MIIT record search
	Police   string `yaml:"police"`    // 公安機關備案號 (吉公網安備22010202000123號), linked to its record
	// Organizer is the address of the site's record at the 黨政機關網站
	// registry (開辦者標識): the footer shows the 黨政機關 mark linked to it.
	Organizer string `yaml:"organizer"`
	// Corrections is the address of the national error-report form for
	// this site (網站糾錯); each page's link to it carries the page's address.
	Corrections string `yaml:"corrections"`
}

// MenuItem is one link of a menu.
type MenuItem struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

// Default is the configuration every site.yaml starts from.
func Default() Config {
	return Config{
		Title:        "政府公報",
		EarliestDate: "1912-01-01",
		BaseURL:      "http://localhost:8080/",
		Language:     "zh-Hant",
		Timezone:     "Asia/Shanghai",
		FeedItems:    50,
		FeedBodyKiB:  DefaultFeedBodyKiB,
		BothScripts:  true,
		PageSize:     20,
	}
}

func parseConfig(path string, data []byte) (Config, ErrorList) {
	cfg := Default()
	data = normalize(data)
	if err := yaml.UnmarshalWithOptions(data, &cfg, yaml.DisallowUnknownField(), yaml.Strict()); err != nil {
		// The documents are still read, and their dates need a zone.
		cfg.Location = time.UTC
		return cfg, ErrorList{yamlError(path, 0, err)}
	}
	var errs ErrorList
	bad := func(msg string, args ...any) { errs = append(errs, &Error{Path: path, Msg: fmt.Sprintf(msg, args...)}) }
	if strings.TrimSpace(cfg.Title) == "" {
		bad("title is required")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("base_url %q must be an absolute http(s) URL", cfg.BaseURL)
	} else if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	if cfg.Language != "zh-Hant" && cfg.Language != "zh-Hans" {
		bad("language %q must be zh-Hant or zh-Hans", cfg.Language)
	}
	if cfg.Location, err = time.LoadLocation(cfg.Timezone); err != nil {
		bad("timezone %q: %v", cfg.Timezone, err)
		cfg.Location = time.UTC
	}
	if cfg.Earliest, err = ParseDate(cfg.EarliestDate, cfg.Location); err != nil {
		line, col := valueAt(data, "earliest_date")
		errs = append(errs, &Error{Path: path, Line: line, Col: col, Msg: "earliest_date: " + err.Error()})
	}
	if cfg.Organ.Code == "" || strings.ContainsAny(cfg.Organ.Code, "/ ") {
		bad("organ.code %q must be set, without spaces or slashes (it starts every 索引號)", cfg.Organ.Code)
	}
	if strings.TrimSpace(cfg.Gazette.Name) == "" {
		cfg.Gazette.Name = "政府公報"
	}
	checkNames(cfg, bad)
	for _, f := range []struct{ name, url string }{{"identity.organizer", cfg.Identity.Organizer}, {"identity.corrections", cfg.Identity.Corrections}} {
		if u, err := url.Parse(f.url); f.url != "" && (err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "") {
			bad("%s %q must be an absolute http(s) URL", f.name, f.url)
		}
	}
	if c := cfg.Identity.SiteCode; c != "" && strings.Trim(c, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		bad("identity.site_code %q must be the code as given: digits and capital letters", c)
	}
	if cfg.FeedItems <= 0 {
		cfg.FeedItems = 50
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 20
	}
	if cfg.FeedBodyKiB <= 0 {
		cfg.FeedBodyKiB = DefaultFeedBodyKiB
	}
	if r := cfg.Report; r != nil {
		if r.Level == "" {
			r.Level = LevelDepartment
		}
		if r.Level != LevelDepartment && r.Level != LevelCity {
			bad("report.level %q must be %s or %s", r.Level, LevelDepartment, LevelCity)
		}
		if r.IssuedBy == "" {
			r.IssuedBy = IssuedByWritten
		}
		if r.IssuedBy != IssuedByWritten && r.IssuedBy != IssuedByDate {
			bad("report.issued_by %q must be %s (成文日期) or %s (發布日期)", r.IssuedBy, IssuedByWritten, IssuedByDate)
		}
	}
	return cfg, errs
}

// valueAt is the line and column of a top-level key's value in a YAML
// file, for an error about a value that decoded well but means nothing;
// 0, 0 when the key is not at the start of a line.
func valueAt(data []byte, key string) (line, col int) {
	for i, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, key+":"); ok {
			return i + 1, len(l) - len(strings.TrimLeft(rest, " ")) + 1
		}
	}
	return 0, 0
}

// normalize drops a UTF-8 byte order mark and turns CRLF into LF.
func normalize(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.Contains(b, []byte("\r\n")) {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return b
}

// yamlError turns a YAML library error into an Error at a file line; offset
// is the file line on which the YAML starts, less one.
func yamlError(path string, offset int, err error) *Error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{Path: path, Msg: strings.TrimSpace(ye.GetMessage())}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line+offset, tk.Position.Column
		}
		return e
	}
	return &Error{Path: path, Line: offset + 1, Msg: err.Error()}
}
