package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/lint"
)

// scheduled is one line of gazette schedule -format json.
type scheduled struct {
	At          string `json:"at"` // RFC 3339 in the site's time zone
	Kind        string `json:"kind"`
	ID          string `json:"id"` // as /healthz names it
	Path        string `json:"path"`
	URL         string `json:"url"`
	Title       string `json:"title"`
	IndexNumber string `json:"index_number,omitempty"`
	Change      string `json:"change"`
}

// runSchedule lists what the clock will change, what it should have
// changed already and the live site lacks (overdue), and, beside them, the
// errors that keep the build from running: a file with an error does not
// hide the rest of the schedule. Exit 1 when there is an error.
func runSchedule(ctx context.Context, e *env, args []string) int {
	fl := e.flags("schedule")
	contentDir := fl.String("content", "content", "content `dir`ectory")
	public := fl.String("public", "public", "the live site `dir`ectory, to list what is due and not in it")
	format := fl.String("format", "text", "output `format`: text or json")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if *format != "text" && *format != "json" || fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	s, err := content.Load(ctx, contentFS(*contentDir), content.Options{Now: e.now(), Root: *contentDir, LeaveBodies: true, Partial: true})
	var errs content.ErrorList
	if err != nil && !errors.As(err, &errs) || s == nil {
		reportError(e.stderr, err)
		return 1
	}
	line := func(ev content.Event, change string) scheduled {
		d := ev.Doc
		return scheduled{At: ev.At.Format(time.RFC3339), Kind: ev.Kind, ID: ev.ID(), Path: path.Join(*contentDir, d.Path),
			URL: d.URL, Title: d.Title, IndexNumber: d.IndexNumber, Change: change}
	}
	list, overdue := []scheduled{}, []scheduled{}
	for _, ev := range s.Schedule() {
		change := "published: " + ev.Doc.URL
		if ev.Kind == content.EventExpire {
			change = "validity becomes " + content.Expired + ": " + ev.Doc.URL
		}
		list = append(list, line(ev, change))
	}
	for _, ev := range build.Overdue(s, *public) {
		change := fmt.Sprintf("due %v ago, and %s does not have it: the build fails, or has not run since", s.Now.Sub(ev.At).Round(time.Second), *public)
		overdue = append(overdue, line(ev, change))
	}
	diags := []lint.Diagnostic{}
	for _, e := range errs {
		diags = append(diags, lint.FromError(e))
	}
	code := 0
	if len(diags) > 0 {
		code = 1
	}
	if *format == "json" {
		out := struct {
			Now     string            `json:"now"`
			Next    *string           `json:"next"`
			Events  []scheduled       `json:"events"`
			Overdue []scheduled       `json:"overdue"`
			Errors  []lint.Diagnostic `json:"errors"`
		}{Now: s.Now.In(s.Config.Location).Format(time.RFC3339), Events: list, Overdue: overdue, Errors: diags}
		if len(list) > 0 {
			out.Next = &list[0].At
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(out)
		return code
	}
	writeSchedule(e.stdout, list, overdue, diags, *public)
	return code
}

// writeSchedule prints gazette schedule's text: the next instant, what is
// waiting, what is overdue, and the errors.
func writeSchedule(w io.Writer, list, overdue []scheduled, diags []lint.Diagnostic, public string) {
	if len(list) == 0 {
		fmt.Fprintln(w, "next: none (nothing is embargoed and nothing expires)")
	} else {
		fmt.Fprintf(w, "next: %s\n", list[0].At)
	}
	show := func(ls []scheduled) {
		for _, l := range ls {
			fmt.Fprintf(w, "%s  %-7s  %s  %s  (id %s)\n    %s\n", l.At, l.Kind, l.Path, l.Title, l.ID, l.Change)
		}
	}
	show(list)
	if len(overdue) > 0 {
		fmt.Fprintf(w, "overdue: due, and not in the live site (%s):\n", public)
		show(overdue)
	}
	if len(diags) > 0 {
		fmt.Fprintln(w, "errors: the build refuses to run until they are fixed (what of a file they leave unread is not listed above):")
		for _, d := range diags {
			fmt.Fprintln(w, d)
		}
	}
}
