package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/report"
)

// runReport prints a year's annual report figures: those the archive
// computes (with the documents it counted), those the report file's data
// block gives, and why the archive cannot give the others.
func runReport(ctx context.Context, e *env, args []string) int {
	fl := e.flags("report")
	contentDir := fl.String("content", "content", "content `dir`ectory")
	year := fl.Int("year", 0, "the `year` reported on (default: last year)")
	format := fl.String("format", "text", "output `format`: text, json or csv")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if *format != "text" && *format != "json" && *format != "csv" || fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	s, err := content.Load(ctx, contentFS(*contentDir), content.Options{Now: e.now(), Root: *contentDir})
	if err != nil {
		reportError(e.stderr, err)
		return 1
	}
	y := *year
	if y == 0 {
		y = e.now().In(s.Config.Location).Year() - 1
	}
	if y < report.FirstYear {
		fmt.Fprintf(e.stderr, "gazette report: -year %d: the 2021 format starts with the %d report\n", y, report.FirstYear)
		return 2
	}
	var doc *content.Document
	for _, d := range s.All {
		if d.Kind == content.KindReport && d.Year == y {
			doc = d
		}
	}
	r, errs := report.Compute(s, y, doc, *contentDir)
	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(r)
	case "csv":
		err = r.WriteCSV(e.stdout)
	default:
		if doc == nil {
			fmt.Fprintf(e.stdout, "(no %s: the figures of the archive only)\n", filepath.Join(*contentDir, fmt.Sprintf("reports/%d.md", y)))
		}
		err = r.WriteText(e.stdout)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "gazette report: %v\n", err)
		return 1
	}
	if len(errs) > 0 {
		reportError(e.stderr, errs)
		return 1
	}
	return 0
}

// newReport writes content/reports/<year>.md: the figures the archive
// computes filled in, every other figure 0, the six section headings.
func newReport(ctx context.Context, dir, title string, year int, now time.Time) (string, error) {
	s, err := content.Load(ctx, contentFS(dir), content.Options{Now: now, Root: dir})
	if err != nil {
		return "", fmt.Errorf("the content has errors; fix them first (gazette check):\n%w", err)
	}
	today := now.In(s.Config.Location)
	if year == 0 {
		year = today.Year() - 1
	}
	if year < report.FirstYear {
		return "", fmt.Errorf("a report for %d: the 2021 format starts with the %d report", year, report.FirstYear)
	}
	r, _ := report.Compute(s, year, nil, dir) // without a data block there are no errors
	if title == "" {
		title = fmt.Sprintf(r.Labels().Figures.Title, s.Config.Organ.Name, year)
	}
	data, body := r.Scaffold()
	p := fmt.Sprintf("reports/%d.md", year)
	fm := fmt.Sprintf("title: %s\ndate: %s\n%s", quote(title), today.Format(time.DateOnly), data)
	return p, create(dir, p, fm, body)
}
