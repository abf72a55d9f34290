package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// AuditFile is the record of the last automated accessibility run over the
// templates, beside them: the browser tests write it (go test
// ./cmd/gazette/internal/e2e -update runs axe-core, html-validate and
// Lighthouse over every kind of page of the sample site), and the build
// shows it on the 無障礙聲明. A static site cannot run a browser as it is
// built; what it can say honestly is what the last run found, when, and
// whether the templates it ran on are the ones this site is built with.
const AuditFile = "accessibility.json"

// Audit is AuditFile.
type Audit struct {
	Templates string     `json:"templates"` // TemplatesFingerprint of the templates audited
	Runs      []AuditRun `json:"runs"`
}

// AuditRun is one tool's run.
type AuditRun struct {
	Tool     string `json:"tool"`     // name and version: axe-core 4.14.1
	Checks   string `json:"checks"`   // what it checks, in the statement's words
	Scope    string `json:"scope"`    // what it ran on
	Date     string `json:"date"`     // YYYY-MM-DD
	Pages    int    `json:"pages"`    // pages checked
	Problems int    `json:"problems"` // what it found wrong on them
}

// Statement is what the 無障礙聲明 shows: the last run, if there is a
// record, and whether it ran on this site's templates.
type Statement struct {
	Audit      *Audit
	Current    bool     // the record's templates are this site's
	Exceptions []string // the site's own known exceptions (site.yaml)
}

// TemplatesFingerprint identifies a set of templates by what the site
// reads of them: base.html, every page template and every asset. Files on
// disk that override the defaults give another fingerprint.
func TemplatesFingerprint(fsys fs.FS) (string, error) {
	h := sha256.New()
	names := append([]string{"base.html"}, pageTemplates...)
	for _, a := range assets {
		names = append(names, a[0])
	}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("templates: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readAudit reads the record beside the templates, if there is one, and
// whether it is of these templates.
func readAudit(fsys fs.FS) (*Audit, bool, error) {
	b, err := fs.ReadFile(fsys, AuditFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("templates: %w", err)
	}
	var a Audit
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, false, fmt.Errorf("templates: %s: %w", AuditFile, err)
	}
	for _, r := range a.Runs {
		if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
			return nil, false, fmt.Errorf("templates: %s: run of %s: date %q is not YYYY-MM-DD", AuditFile, r.Tool, r.Date)
		}
	}
	fp, err := TemplatesFingerprint(fsys)
	if err != nil {
		return nil, false, err
	}
	return &a, a.Templates == fp, nil
}

// statement adds /accessibility/, the 無障礙聲明.
func (a *assembler) statement() {
	title := "無障礙聲明"
	a.add("accessibility.html", &Page{Kind: "accessibility", Title: title, URL: "/accessibility/", Crumbs: []Crumb{home, {Title: title}},
		Data: Statement{Audit: a.tmpl.audit, Current: a.tmpl.auditCurrent, Exceptions: a.site.Config.Accessibility.Exceptions}})
}
