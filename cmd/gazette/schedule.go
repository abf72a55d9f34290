package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"time"

	"gazette/cmd/gazette/internal/content"
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

func runSchedule(ctx context.Context, e *env, args []string) int {
	fl := e.flags("schedule")
	contentDir := fl.String("content", "content", "content `dir`ectory")
	format := fl.String("format", "text", "output `format`: text or json")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if *format != "text" && *format != "json" || fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	s, err := content.Load(ctx, contentFS(*contentDir), content.Options{Now: e.now(), Root: *contentDir, LeaveBodies: true})
	if err != nil {
		reportError(e.stderr, err)
		return 1
	}
	var list []scheduled
	for _, ev := range s.Schedule() {
		d := ev.Doc
		change := "published: " + d.URL
		if ev.Kind == content.EventExpire {
			change = "validity becomes " + content.Expired + ": " + d.URL
		}
		list = append(list, scheduled{At: ev.At.Format(time.RFC3339), Kind: ev.Kind, ID: ev.ID(), Path: path.Join(*contentDir, d.Path),
			URL: d.URL, Title: d.Title, IndexNumber: d.IndexNumber, Change: change})
	}
	if *format == "json" {
		out := struct {
			Now    string      `json:"now"`
			Next   *string     `json:"next"`
			Events []scheduled `json:"events"`
		}{Now: s.Now.In(s.Config.Location).Format(time.RFC3339), Events: list}
		if out.Events == nil {
			out.Events = []scheduled{}
		} else {
			out.Next = &list[0].At
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(out)
		return 0
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "next: none (nothing is embargoed and nothing expires)")
		return 0
	}
	fmt.Fprintf(e.stdout, "next: %s\n", list[0].At)
	for _, l := range list {
		fmt.Fprintf(e.stdout, "%s  %-7s  %s  %s  (id %s)\n    %s\n", l.At, l.Kind, l.Path, l.Title, l.ID, l.Change)
	}
	return 0
}
