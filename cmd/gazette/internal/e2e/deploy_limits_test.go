package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// embargoProbe is a document scheduled hours ahead, at an instant with
// seconds no other date of the site has, so that any form of it found where
// the public can read it is a leak of when an embargoed release is due.
func embargoProbe() (name, doc string, due time.Time, title string) {
	due = time.Now().In(time.FixedZone("CST", 8*3600)).Add(3 * time.Hour).Truncate(time.Minute).Add(43 * time.Second)
	title = "禁發探針標題"
	doc = "---\ntitle: " + title + "\ndate: " + due.Format(time.RFC3339) + "\norgan: 長春市人民政府辦公廳\n---\n禁發探針正文。\n"
	return "news/2026/embargo-probe.md", doc, due, title
}

// publicSeesNoEmbargo reads, from an address that is neither the machine's
// nor the monitor's, everything the public can reach — every file of
// public/, a missing page, the searches in both scripts as HTML, JSON and
// Atom, the reading-mode switch, /healthz — and finds the instant of the
// embargoed release due next in no body and no header, in none of the forms
// a page, a feed or a header would give it. /healthz, which gives it to the
// monitor, is a missing page to the public.
func publicSeesNoEmbargo(t *testing.T, d *deployment, due time.Time, title string) {
	t.Helper()
	marks := []string{
		due.Format(time.RFC3339), due.UTC().Format(time.RFC3339),
		due.Format("15:04:05"), due.UTC().Format("15:04:05"),
		strconv.FormatInt(due.Unix(), 10), title,
	}
	if out := d.run("schedule"); !strings.Contains(out, marks[0]) {
		t.Fatalf("the probe is not in the schedule as %s: the search for it is void\n%s", marks[0], out)
	}
	if resp, _, err := d.get(t.Context(), d.client("127.0.0.1"), "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the monitor's /healthz: %v %v", resp, err)
	}

	public, err := filepath.EvalSymlinks(filepath.Join(d.dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	err = filepath.WalkDir(public, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(public, p)
			paths = append(paths, "/"+filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 300 {
		t.Fatalf("%d files in public/", len(paths))
	}
	// A search echoes its query: it asks for part of the title only.
	q := url.QueryEscape("探針")
	paths = append(paths, "/healthz", "/no/such/page/", "/mode/elder?to=/", "/mode/standard?to=/",
		"/search?q="+q, "/api/search?q="+q, "/search.atom?q="+q, "/zh-hans/search?q="+q, "/zh-hans/search.atom?q="+q,
		"/api/search?q=2026&sort=date", "/search.atom?q=長春&sort=date")

	c := d.client("127.0.0.2")
	for _, p := range paths {
		resp, body, err := d.get(t.Context(), c, p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		if p == "/healthz" && resp.StatusCode != 404 {
			t.Errorf("GET /healthz from a reader's address = %d, want 404 (the monitor's only)", resp.StatusCode)
		}
		var head strings.Builder
		for k, vs := range resp.Header {
			head.WriteString(k + ": " + strings.Join(vs, ", ") + "\n")
		}
		for _, m := range marks {
			for what, text := range map[string]string{"body": string(body), "headers": head.String()} {
				if i := strings.Index(text, m); i >= 0 {
					t.Errorf("GET %s from a reader's address: %q, of the next embargo, in its %s: %q", p, m, what, text[max(0, i-80):min(len(text), i+len(m)+20)])
				}
			}
		}
	}
	t.Logf("%d paths read from a reader's address, for the next embargo's instant", len(paths))
}

// slowClients attacks as slowloris does, from one address (127.0.0.2):
// slowHeld connections, half to plain HTTP and half to HTTPS, that send the
// start of a request a little every 2 s and never end it, each opened again
// as soon as nginx closes it, for slowFor. Meanwhile a reader at another address (127.0.0.3) reads pages,
// which must all answer. Slow bodies too, POSTs sending a byte a second,
// must each be cut off within bodyLimit: 20 to a search (127.0.0.4), which
// nginx used to read whole to pass on, and 80 to a page (127.0.0.7), past
// the 64 that limit_conn lets one address have refused at once. The attack
// must have held slowHeld connections at once, and nginx must have closed
// each within client_header_timeout and a margin.
func slowClients(t *testing.T, d *deployment) {
	t.Helper()
	const slowHeld, slowFor, headerLimit = 2000, 22 * time.Second, 10*time.Second + 5*time.Second
	raiseNoFile(t, 2*slowHeld+1024)
	ctx, stop := context.WithTimeout(t.Context(), slowFor)
	defer stop()
	var held, peak, cut, longest atomic.Int64 // longest: nanoseconds
	var wg sync.WaitGroup
	for i := range slowHeld {
		// Half to each server: they share the workers' connections.
		host, tls := d.plain, false
		if i%2 == 1 && d.tls != nil {
			host, tls = d.host, true
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				lived, closed := slowHeaders(ctx, host, "127.0.0.2", tls, &held, &peak)
				if closed {
					cut.Add(1)
					raise(&longest, int64(lived))
				}
			}
		}()
	}
	searchBodies, pageBodies := slowBodies(d, "/api/search?q=x", "127.0.0.4", 20), slowBodies(d, "/", "127.0.0.7", 80)

	reader := d.client("127.0.0.3")
	var read, failed int
	var failures []string
	time.Sleep(3 * time.Second) // the attack's connections are open
	for ctx.Err() == nil {
		resp, body, err := d.get(context.Background(), reader, "/")
		read++
		if err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), "</html>") {
			failed++
			if len(failures) < 5 {
				failures = append(failures, fmt.Sprintf("%v %v", resp, err))
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	wg.Wait()
	sb, pb := <-searchBodies, <-pageBodies
	t.Logf("slowloris: %d connections held at once from one address (%d cut by nginx, the longest after %v); a reader at another address read %d pages, %d failed",
		peak.Load(), cut.Load(), time.Duration(longest.Load()).Round(time.Millisecond), read, failed)
	t.Logf("slow bodies: %s; %s", sb, pb)
	if failed > 0 || read < 50 {
		t.Errorf("during the attack, %d of %d pages failed for a reader at another address: %q", failed, read, failures)
	}
	if peak.Load() < slowHeld {
		t.Errorf("the attack held only %d connections at once, not %d: the check is void", peak.Load(), slowHeld)
	}
	if cut.Load() < slowHeld || time.Duration(longest.Load()) > headerLimit {
		t.Errorf("nginx cut %d slow-header connections, the longest after %v: want all %d, each within %v", cut.Load(), time.Duration(longest.Load()), slowHeld, headerLimit)
	}
	if sb.open > 0 || sb.failed > 0 || sb.codes[403] != sb.n {
		t.Errorf("slow bodies: %s; want each refused (403) and cut within %v", sb, bodyLimit)
	}
	if pb.open > 0 || pb.failed > 0 || pb.codes[403] > 64 || pb.codes[429] < pb.n-64 {
		t.Errorf("slow bodies: %s; want each cut within %v, no more than 64 at once (limit_conn), the rest refused (429)", pb, bodyLimit)
	}
}

// raise makes a at least v.
func raise(a *atomic.Int64, v int64) {
	for old := a.Load(); v > old && !a.CompareAndSwap(old, v); old = a.Load() {
	}
}

// raiseNoFile lets the test process hold n files at once (the attack's
// connections), raising the hard limit too where it may (as root).
func raiseNoFile(t *testing.T, n uint64) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	if old.Cur >= n {
		return
	}
	lim := syscall.Rlimit{Cur: n, Max: max(old.Max, n)}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("the test needs %d open files at once, and may have %d (hard limit %d): %v", n, old.Cur, old.Max, err)
	}
	t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
}

// bodyLimit is how long a slow body may keep its connection: a site that
// takes no bodies reads one only to throw it away, for lingering_time.
const bodyLimit = 15 * time.Second

// bodies is what slowBodies found.
type bodies struct {
	path         string
	n            int
	codes        map[int]int // the statuses answered, of those nginx closed
	open, failed int
	err          error // the first failure
}

func (b bodies) String() string {
	return fmt.Sprintf("%d POSTs to %s: statuses %v, %d still open after %v, %d failed (%v)", b.n, b.path, b.codes, b.open, bodyLimit, b.failed, b.err)
}

// slowBodies sends n POSTs to path at once from the address from, each
// declaring a body of 100 kB and sending a byte of it a second, and
// reports how nginx answered and whether it closed each within bodyLimit.
func slowBodies(d *deployment, path, from string, n int) <-chan bodies {
	out := make(chan bodies, 1)
	go func() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		r := bodies{path: path, n: n, codes: map[int]int{}}
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, err := slowBody(d, path, from)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case errors.Is(err, errStillOpen):
					r.open++
				case err != nil:
					r.failed++
					if r.err == nil {
						r.err = err
					}
				default:
					r.codes[status]++
				}
			}()
		}
		wg.Wait()
		out <- r
	}()
	return out
}

var errStillOpen = errors.New("still open")

// slowBody POSTs to path from the address from, declaring a body of 100 kB
// and sending a byte a second, until nginx closes the connection; it
// returns the status nginx answered with, or errStillOpen after bodyLimit.
func slowBody(d *deployment, path, from string) (int, error) {
	conn, err := d.dial(context.Background(), from)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "POST "+path+" HTTP/1.1\r\nHost: localhost\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"); err != nil {
		return 0, err
	}
	var status atomic.Int32
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		br := bufio.NewReader(conn)
		if line, err := br.ReadString('\n'); err == nil {
			if f := strings.Fields(line); len(f) > 1 {
				code, _ := strconv.Atoi(f[1])
				status.Store(int32(code))
			}
		}
		io.Copy(io.Discard, br)
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-closed:
			return int(status.Load()), nil
		case <-tick.C:
			if time.Since(start) > bodyLimit {
				return int(status.Load()), errStillOpen
			}
			conn.Write([]byte("a")) // once nginx has closed, the reader sees it
		}
	}
}

// slowHeaders opens one connection from the address from, to host, and
// sends the start of a request a little every 2 s without ever ending it,
// until nginx closes it (closed) or ctx ends; it says how long the
// connection lived. To plain HTTP it sends a request's header lines; to
// HTTPS, a TLS record's header and then its bytes (a ClientHello that never
// ends), which costs neither side a handshake.
func slowHeaders(ctx context.Context, host, from string, tls bool, held, peak *atomic.Int64) (lived time.Duration, closed bool) {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	conn, err := dialer.DialContext(ctx, "tcp", host)
	if err != nil {
		time.Sleep(100 * time.Millisecond)
		return 0, false
	}
	defer conn.Close()
	start := time.Now()
	raise(peak, held.Add(1))
	defer held.Add(-1)
	first, more := "GET / HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: 1\r\n"
	if tls {
		first, more = "\x16\x03\x01\x02\x00", "\x01"
	}
	buf := make([]byte, 512)
	for line := first; ctx.Err() == nil; line = more {
		if _, err := io.WriteString(conn, line); err != nil {
			return time.Since(start), true
		}
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		if _, err := conn.Read(buf); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return time.Since(start), true
		}
	}
	return time.Since(start), false
}

// searchRate searches from one reader's address (127.0.0.5) faster than a
// person could: after a burst, searches are refused with 429 (limit_req),
// while the same address still gets pages and another still searches.
func searchRate(t *testing.T, d *deployment) {
	t.Helper()
	c := d.client("127.0.0.5")
	codes := map[int]int{}
	for range 80 {
		resp, _, err := d.get(t.Context(), c, "/api/search?q=供熱")
		if err != nil {
			t.Fatal(err)
		}
		codes[resp.StatusCode]++
	}
	if codes[200] < 20 || codes[429] == 0 || codes[200]+codes[429] != 80 {
		t.Errorf("80 searches at once from one address: %v, want a burst of 20 or more answered, then 429", codes)
	}
	if resp, _, err := d.get(t.Context(), c, "/"); err != nil || resp.StatusCode != 200 {
		t.Errorf("a page for the address that searched too fast: %v %v", resp, err)
	}
	if resp, _, err := d.get(t.Context(), d.client("127.0.0.6"), "/api/search?q=供熱"); err != nil || resp.StatusCode != 200 {
		t.Errorf("a search from another address: %v %v", resp, err)
	}
	t.Logf("80 searches at once from one address: %v", codes)
}
