// Command gazette builds and serves a government gazette site.
//
//	gazette build   [-content content] [-templates templates] [-public public] [-index index] [-drafts]
//	gazette serve   [-addr 127.0.0.1:8080] [-public public] [-index index]
//	gazette check   [-content content] [-format text|json]
//	gazette search  [-index index] [-json] [filters] QUERY
//	gazette version
//
// Flags are parsed here and nowhere else; each stage takes explicit options.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/site"
	"gazette/templates"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "[-content dir] [-templates dir] [-public dir] [-index dir] [-drafts]", "build the site into public/ and the search index into index/", runBuild},
		{"serve", "[-addr host:port] [-public dir] [-index dir]", "serve public/ with search", runServe},
		{"check", "[-content dir] [-format text|json]", "check the content for errors without building", runCheck},
		{"search", "[-index dir] [-json] [-organ …] [-year …] QUERY", "search the index from a terminal", runSearch},
		{"version", "", "print the version", func(_ context.Context, _ []string, stdout, _ io.Writer) int {
			fmt.Fprintln(stdout, "gazette", version)
			return 0
		}},
	}
}

// run dispatches a command line and returns the exit code: 0 success,
// 1 failure, 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					return c.run(ctx, []string{"-h"}, stdout, stderr)
				}
			}
		}
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "gazette: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gazette COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'gazette help COMMAND' for a command's flags.")
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gazette "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, c := range commands() {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(stderr, "usage: gazette %s %s\n\n%s.\n\nflags:\n", c.name, c.args, c.summary)
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

// parse parses flags; it returns -1 to go on, or the exit code.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	return -1
}

// templateFS layers a templates folder on disk, when there is one, over the
// defaults compiled into the binary.
func templateFS(dir string) fs.FS {
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		return site.Overlay(os.DirFS(dir), templates.FS)
	}
	return templates.FS
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("build", stderr)
	contentDir := fl.String("content", "content", "content `dir`ectory (Markdown and site.yaml)")
	tmplDir := fl.String("templates", "templates", "templates `dir`ectory; files there override the built-in ones")
	public := fl.String("public", "public", "output `dir`ectory for the site")
	index := fl.String("index", "index", "output `dir`ectory for the search index")
	drafts := fl.Bool("drafts", false, "include drafts and embargoed documents (local preview only)")
	quiet := fl.Bool("q", false, "print nothing but errors")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	sum, err := build.Run(ctx, build.Options{
		Content: os.DirFS(*contentDir), ContentRoot: *contentDir, Templates: templateFS(*tmplDir),
		Public: *public, Index: *index, Now: time.Now(), Drafts: *drafts,
	})
	if err != nil {
		reportError(stderr, err)
		fmt.Fprintln(stderr, "gazette build: failed; public/ and index/ are unchanged")
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %s\n", sum)
	}
	return 0
}

// reportError prints content errors one per line, others as they are.
func reportError(w io.Writer, err error) {
	var list content.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(w, "%s: error: %s\n", position(e), e.Msg)
		}
		fmt.Fprintf(w, "%d error(s)\n", len(list))
		return
	}
	fmt.Fprintf(w, "gazette: %v\n", err)
}

func position(e *content.Error) string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Col)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	return e.Path
}
