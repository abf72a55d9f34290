package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"gazette/cmd/gazette/internal/lint"
)

func runCheck(ctx context.Context, env *env, args []string) int {
	fl := env.flags("check")
	contentDir := fl.String("content", "content", "content `dir`ectory")
	format := fl.String("format", "text", "output `format`: text or json")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if *format != "text" && *format != "json" || fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	ds, err := lint.Check(ctx, contentFS(*contentDir), lint.Options{Now: env.now(), Root: *contentDir})
	if err != nil {
		fmt.Fprintf(env.stderr, "gazette check: %v\n", err)
		return 1
	}
	writeDiagnostics(env.stdout, ds, *format)
	if lint.HasErrors(ds) {
		return 1
	}
	return 0
}

func writeDiagnostics(w io.Writer, ds []lint.Diagnostic, format string) {
	if format == "json" {
		if ds == nil {
			ds = []lint.Diagnostic{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(ds)
		return
	}
	counts := map[string]int{}
	for _, d := range ds {
		fmt.Fprintln(w, d)
		counts[d.Severity]++
	}
	if len(ds) > 0 {
		fmt.Fprintf(w, "%d error(s), %d warning(s), %d info\n", counts[lint.Error], counts[lint.Warning], counts[lint.Info])
	}
}
