package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// step is one measured operation at one size: several runs of one process.
type step struct {
	runs   []time.Duration
	rss    int64  // bytes, the largest of the runs
	status string // "" when every run succeeded; else "timeout", "failed", "skipped: why"
	detail string // what went wrong, or a note (the build's summary line)
}

func (s *step) ok() bool { return s.status == "" && len(s.runs) > 0 }

// median is the median wall time of the runs.
func (s *step) median() time.Duration {
	if len(s.runs) == 0 {
		return 0
	}
	r := slices.Clone(s.runs)
	slices.Sort(r)
	if len(r)%2 == 1 {
		return r[len(r)/2]
	}
	return (r[len(r)/2-1] + r[len(r)/2]) / 2
}

// max is the longest wall time of the runs.
func (s *step) max() time.Duration {
	if len(s.runs) == 0 {
		return 0
	}
	return slices.Max(s.runs)
}

func skipped(why string) step { return step{status: "skipped: " + why} }

// errTimeout marks a process killed for running past the step's timeout.
var errTimeout = errors.New("timeout")

// proc describes one timed process.
type proc struct {
	dir  string
	env  []string // added to the environment
	log  string   // file for its stdout and stderr
	name string
	args []string
}

// timeProc runs p to completion and returns its wall time and peak resident
// memory in bytes. The process runs in its own process group, so a timeout
// kills whatever it started too.
func timeProc(ctx context.Context, timeout time.Duration, p proc) (time.Duration, int64, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, p.name, p.args...)
	cmd.Dir = p.dir
	cmd.Env = append(os.Environ(), p.env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if p.log != "" {
		_ = os.WriteFile(p.log, out.Bytes(), 0o644)
	}
	var rss int64
	if cmd.ProcessState != nil {
		rss = maxRSS(cmd.ProcessState)
	}
	switch {
	case tctx.Err() == context.DeadlineExceeded && ctx.Err() == nil:
		return wall, rss, errTimeout
	case err != nil:
		return wall, rss, fmt.Errorf("%s: %v: %s", p.name, err, tail(out.String(), 6))
	}
	return wall, rss, nil
}

// maxRSS is the peak resident set of a finished process and the children it
// waited for (wait4's rusage), in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes there, KiB on Linux
	}
	return int64(ru.Maxrss) * 1024
}

// runner times the steps of one size.
type runner struct {
	ctx     context.Context
	timeout time.Duration
	logw    io.Writer
	n       int
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.logw, "%s [%d] %s\n", time.Now().Format("15:04:05"), r.n, fmt.Sprintf(format, args...))
}

// repeat times runs of one process; before runs before each of them (to
// empty the output for a cold run, say) and after checks its result.
func (r *runner) repeat(label string, runs int, mk func(i int) proc, before, after func(i int) error) step {
	var s step
	for i := range runs {
		if before != nil {
			if err := before(i); err != nil {
				return step{status: "failed", detail: err.Error()}
			}
		}
		wall, rss, err := timeProc(r.ctx, r.timeout, mk(i))
		s.rss = max(s.rss, rss)
		r.logf("%s, run %d/%d: %v, %s%s", label, i+1, runs, wall.Round(time.Millisecond), bytesIEC(rss), errSuffix(err))
		if errors.Is(err, errTimeout) {
			s.status, s.detail = "timeout", "killed after "+dur(r.timeout)
			return s
		}
		if err != nil {
			s.status, s.detail = "failed", err.Error()
			return s
		}
		s.runs = append(s.runs, wall)
		if after != nil {
			if err := after(i); err != nil {
				r.logf("%s, run %d/%d: %v", label, i+1, runs, err)
				s.status, s.detail = "failed", err.Error()
				return s
			}
		}
	}
	return s
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return " — " + err.Error()
}

// tail is the last n lines of s, on one line.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
