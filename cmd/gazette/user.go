package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"gazette/cmd/gazette/internal/accounts"
)

// runUser manages the newsroom's accounts: add, passwd, disable, enable,
// list. A password is read from the terminal without echo (twice), or as
// the first line of the input when it is not a terminal.
func runUser(_ context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: gazette user add|passwd|disable|enable|list [flags] [NAME]   (gazette help user)")
		return 2
	}
	sub := args[0]
	fl := e.flags("user")
	users := fl.String("users", defaultUsers, "the accounts `file`")
	roles := fl.String("role", "", "with add: comma-separated `roles`: 起草 (drafter), 審核 (reviewer), 簽發 (signer), 管理 (admin)")
	display := fl.String("display", "", "with add: the person's `name` as the history shows it")
	email := fl.String("email", "", "with add: the person's `email`, their identity in git")
	if c := parse(fl, args[1:]); c >= 0 {
		return c
	}
	fail := func(err error) int { fmt.Fprintf(e.stderr, "gazette user %s: %v\n", sub, err); return 1 }
	store, err := accounts.Open(*users, accounts.Cost{})
	if err != nil {
		return fail(err)
	}
	if sub == "list" {
		list, err := store.List()
		if err != nil {
			return fail(err)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tDISPLAY\tEMAIL\tROLES\tSTATE")
		for _, u := range list {
			state := "enabled"
			if u.Disabled {
				state = "disabled"
			}
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, string(r))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Display, u.Email, strings.Join(rs, ","), state)
		}
		tw.Flush()
		return 0
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	name := fl.Arg(0)
	switch sub {
	case "add":
		var rs []accounts.Role
		for _, s := range strings.Split(*roles, ",") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			r, err := accounts.ParseRole(s)
			if err != nil {
				return fail(err)
			}
			rs = append(rs, r)
		}
		var pw string
		if pw, err = e.password(); err != nil {
			return fail(err)
		}
		err = store.Add(accounts.User{Name: name, Display: *display, Email: *email, Roles: rs}, pw)
	case "passwd":
		var pw string
		if pw, err = e.password(); err == nil {
			err = store.SetPassword(name, pw)
		}
	case "disable", "enable":
		err = store.SetDisabled(name, sub == "disable")
	default:
		fmt.Fprintf(e.stderr, "gazette user: unknown subcommand %q: add, passwd, disable, enable or list\n", sub)
		return 2
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(e.stdout, "%s: %s done\n", name, sub)
	return 0
}

// password reads a new password: twice without echo from a terminal, or
// the first line of the input.
func (e *env) password() (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(e.stderr, "password (at least %d characters): ", accounts.MinPassword)
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
