package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"gazette/cmd/gazette/internal/content"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("check", stderr)
	contentDir := fl.String("content", "content", "content `dir`ectory")
	format := fl.String("format", "text", "output format: text or json")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if *format != "text" && *format != "json" || fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	_, err := content.Load(os.DirFS(*contentDir), content.Options{Now: time.Now(), Root: *contentDir})
	var list content.ErrorList
	if err != nil && !errors.As(err, &list) {
		fmt.Fprintf(stderr, "gazette check: %v\n", err)
		return 1
	}
	if *format == "json" {
		type diag struct {
			Path     string `json:"path"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		out := []diag{}
		for _, e := range list {
			out = append(out, diag{e.Path, e.Line, e.Col, "error", e.Msg})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else if len(list) > 0 {
		reportError(stdout, list)
	}
	if len(list) > 0 {
		return 1
	}
	return 0
}
