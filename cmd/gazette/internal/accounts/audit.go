package accounts

import (
	"encoding/json"
	"os"
	"sync"
	"time"
)

// Entry is one line of the audit log.
type Entry struct {
	Time   time.Time `json:"time"`
	Who    string    `json:"who"`             // the account, or "-" before a login
	Roles  []Role    `json:"roles,omitempty"` // the account's roles at the time
	From   string    `json:"from"`            // the client's address
	Action string    `json:"action"`          // login, save, submit, approve, return, publish, …
	Target string    `json:"target,omitempty"`
	Result string    `json:"result"` // ok, refused, failed
	Detail string    `json:"detail,omitempty"`
}

// Audit appends entries to a file, one JSON object a line.
type Audit struct {
	now func() time.Time
	mu  sync.Mutex
	f   *os.File
}

// OpenAudit opens (or creates) the audit log at path for appending.
func OpenAudit(path string, now func() time.Time) (*Audit, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &Audit{now: now, f: f}, nil
}

// Log appends e, timed now when it has no time. Each line is written by
// one write, so that lines from concurrent requests never interleave.
func (a *Audit) Log(e Entry) error {
	if e.Time.IsZero() {
		e.Time = a.now()
	}
	if e.Who == "" {
		e.Who = "-"
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	_, err = a.f.Write(append(line, '\n'))
	return err
}

// Close closes the file.
func (a *Audit) Close() error { return a.f.Close() }
