package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"
)

// Session lifetimes: an office day, and a coffee break.
const (
	idleTimeout = 30 * time.Minute
	maxAge      = 12 * time.Hour
)

// maxSessions bounds the sessions held in memory; the oldest go first.
const maxSessions = 10000

// Session is one login.
type Session struct {
	Name string // the account
	CSRF string // the token every state-changing request carries
	From string // the client address it was made from

	created, seen time.Time
}

// Sessions are the console's logins, in memory. The zero value is not
// usable: NewSessions.
type Sessions struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[[32]byte]*Session // by the hash of the token, so a lookup's timing says nothing of tokens
}

// NewSessions makes an empty set of sessions on the clock now.
func NewSessions(now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	return &Sessions{now: now, m: map[[32]byte]*Session{}}
}

func token() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Create starts a session for the account name, and returns its token.
func (s *Sessions) Create(name, from string) (string, Session) {
	t := token()
	now := s.now()
	sess := &Session{Name: name, CSRF: token(), From: from, created: now, seen: now}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(now)
	s.m[sha256.Sum256([]byte(t))] = sess
	return t, *sess
}

// Get finds the session of a token and marks it used; an expired session is
// ended and not found.
func (s *Sessions) Get(token string) (Session, bool) {
	if token == "" {
		return Session{}, false
	}
	k := sha256.Sum256([]byte(token))
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.m[k]
	if !ok {
		return Session{}, false
	}
	if expired(sess, now) {
		delete(s.m, k)
		return Session{}, false
	}
	sess.seen = now
	return *sess, true
}

// End ends the session of a token.
func (s *Sessions) End(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, sha256.Sum256([]byte(token)))
}

func expired(sess *Session, now time.Time) bool {
	return now.Sub(sess.seen) >= idleTimeout || now.Sub(sess.created) >= maxAge
}

// prune drops expired sessions, and the oldest when there are too many.
func (s *Sessions) prune(now time.Time) {
	var oldest [32]byte
	var oldestAt time.Time
	for k, sess := range s.m {
		if expired(sess, now) {
			delete(s.m, k)
			continue
		}
		if oldestAt.IsZero() || sess.seen.Before(oldestAt) {
			oldest, oldestAt = k, sess.seen
		}
	}
	if len(s.m) >= maxSessions {
		delete(s.m, oldest)
	}
}
