package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// hookMark is in every hook gazette writes, so that it replaces only its own.
const hookMark = "# Written by gazette hook install"

// InstallHook writes the pre-receive hook of the repository at dir (bare,
// or a working tree's .git), which runs command — a shell command line —
// with the push on its input. A pre-receive hook gazette did not write is
// left as it is, and the error says so.
func InstallHook(dir, command string) error {
	gitDir := dir
	if info, err := os.Stat(filepath.Join(dir, ".git")); err == nil && info.IsDir() {
		gitDir = filepath.Join(dir, ".git")
	}
	if _, err := os.Stat(filepath.Join(gitDir, "objects")); err != nil {
		return fmt.Errorf("%s is not a git repository", dir)
	}
	file := filepath.Join(gitDir, "hooks", "pre-receive")
	old, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case !strings.Contains(string(old), hookMark):
		return fmt.Errorf("%s exists and was not written by gazette: merge it with this line, or move it away and run again:\n%s", file, command)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	script := "#!/bin/sh\n" + hookMark + ": every push passes the newsroom's gate (go doc gazette/cmd/gazette/internal/record).\n" +
		"exec " + command + "\n"
	tmp := file + ".new"
	if err := os.WriteFile(tmp, []byte(script), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

// ShellQuote quotes s for a POSIX shell.
func ShellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
