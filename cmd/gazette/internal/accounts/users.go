package accounts

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Role is what a person may do in the newsroom.
type Role string

// The roles, as the office names them.
const (
	Drafter  Role = "起草"
	Reviewer Role = "審核"
	Signer   Role = "簽發"
	Admin    Role = "管理"
)

// ParseRole reads a role written in either script or in English.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "起草", "drafter", "draft":
		return Drafter, nil
	case "審核", "审核", "reviewer", "review":
		return Reviewer, nil
	case "簽發", "签发", "signer", "sign":
		return Signer, nil
	case "管理", "admin":
		return Admin, nil
	}
	return "", fmt.Errorf("unknown role %q: one of 起草 (drafter), 審核 (reviewer), 簽發 (signer), 管理 (admin)", s)
}

// User is one account. Hash is never shown.
type User struct {
	Name     string `json:"name"`
	Display  string `json:"display"`
	Email    string `json:"email"`
	Roles    []Role `json:"roles"`
	Hash     string `json:"hash,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// Has reports whether u holds role r.
func (u User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// Ident is how u appears in the git history: "display <email>".
func (u User) Ident() string { return u.Display + " <" + u.Email + ">" }

// MinPassword is the shortest password accepted, in characters.
const MinPassword = 10

// Errors of Authenticate and of the file's changes.
var (
	errBadLogin = errors.New("wrong name or password")
	errNoUser   = errors.New("no such account")
	errExists   = errors.New("an account of that name already exists")
)

// Store is the file of accounts. It reads the file again when another
// process (gazette user) changed it, so the console needs no restart.
type Store struct {
	path   string
	params params

	mu    sync.Mutex
	users []User
	stamp fileStamp

	dummyOnce sync.Once
	dummyHash string
}

type fileStamp struct {
	size int64
	mod  time.Time
}

type usersFile struct {
	Users []User `json:"users"`
}

// Cost is the cost of the hashes a Store makes: argon2id's memory in KiB
// and its number of passes. The zero Cost is the default (64 MiB, 3
// passes); a smaller machine may lower it, at the price of cheaper guesses.
type Cost struct {
	Memory uint32
	Time   uint32
}

// Open reads the file of accounts at path. A missing file is an empty
// store, which the first Add creates.
func Open(path string, cost Cost) (*Store, error) {
	p := defaultParams
	if cost.Memory > 0 {
		p.memory = cost.Memory
	}
	if cost.Time > 0 {
		p.time = cost.Time
	}
	s := &Store{path: path, params: p}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s, s.reload()
}

// reload reads the file when it changed since the last read.
func (s *Store) reload() error {
	info, err := os.Stat(s.path)
	if errors.Is(err, os.ErrNotExist) {
		s.users, s.stamp = nil, fileStamp{}
		return nil
	}
	if err != nil {
		return err
	}
	st := fileStamp{info.Size(), info.ModTime()}
	if st == s.stamp && s.users != nil {
		return nil
	}
	data, err := os.ReadFile(s.path)
	if err != nil {
		return err
	}
	var f usersFile
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	s.users, s.stamp = f.Users, st
	if s.users == nil {
		s.users = []User{}
	}
	return nil
}

// Lookup finds an account by its login name.
func (s *Store) Lookup(name string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.reload() // an unreadable file keeps the accounts last read
	i := slices.IndexFunc(s.users, func(u User) bool { return u.Name == name })
	if i < 0 {
		return User{}, false
	}
	return s.users[i], true
}

// ByEmail finds an account by its email, case aside.
func (s *Store) ByEmail(email string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.reload()
	i := slices.IndexFunc(s.users, func(u User) bool { return strings.EqualFold(u.Email, email) })
	if i < 0 {
		return User{}, false
	}
	return s.users[i], true
}

// List returns every account, without hashes, sorted by name.
func (s *Store) List() ([]User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.reload(); err != nil {
		return nil, err
	}
	out := make([]User, len(s.users))
	for i, u := range s.users {
		u.Hash = ""
		out[i] = u
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Authenticate checks a login. A disabled account, an unknown name and a
// wrong password give the same error, so a guesser learns nothing of which.
func (s *Store) Authenticate(name, password string) (User, error) {
	u, ok := s.Lookup(name)
	hash := u.Hash
	if !ok {
		hash = s.dummy() // spend the same time on an unknown name
	}
	good, weak := verifyPassword(hash, password, s.params)
	if !ok || !good || u.Disabled {
		return User{}, errBadLogin
	}
	if weak {
		_ = s.SetPassword(name, password) // best effort: the login stands either way
	}
	u.Hash = ""
	return u, nil
}

// dummy is a hash at the store's cost, verified against when the name is
// unknown.
func (s *Store) dummy() string {
	s.dummyOnce.Do(func() { s.dummyHash, _ = hashPassword("gazette-unknown-account", s.params) })
	return s.dummyHash
}

// Add creates an account.
func (s *Store) Add(u User, password string) error {
	if err := validUser(u); err != nil {
		return err
	}
	if err := validPassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return err
	}
	u.Hash, u.Disabled = hash, false
	return s.change(func(users []User) ([]User, error) {
		for _, o := range users {
			switch {
			case o.Name == u.Name:
				return nil, fmt.Errorf("%w: %s", errExists, u.Name)
			case strings.EqualFold(o.Email, u.Email):
				return nil, fmt.Errorf("the email %s is already %s's: each person has their own", u.Email, o.Name)
			}
		}
		return append(users, u), nil
	})
}

// SetPassword replaces an account's password.
func (s *Store) SetPassword(name, password string) error {
	if err := validPassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.edit(name, func(u *User) { u.Hash = hash })
}

// SetDisabled disables or enables an account.
func (s *Store) SetDisabled(name string, disabled bool) error {
	return s.edit(name, func(u *User) { u.Disabled = disabled })
}

// SetRoles replaces an account's roles.
func (s *Store) SetRoles(name string, roles []Role) error {
	if len(roles) == 0 {
		return errors.New("an account needs at least one role")
	}
	return s.edit(name, func(u *User) { u.Roles = slices.Compact(slices.Sorted(slices.Values(roles))) })
}

func (s *Store) edit(name string, f func(*User)) error {
	return s.change(func(users []User) ([]User, error) {
		i := slices.IndexFunc(users, func(u User) bool { return u.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("%w: %s", errNoUser, name)
		}
		f(&users[i])
		return users, nil
	})
}

// change applies f to the accounts under a lock file that keeps two writers
// (the console rehashing, gazette user) from losing each other's change,
// and replaces the file whole.
func (s *Store) change(f func([]User) ([]User, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	lock := s.path + ".lock"
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	l, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("%s is being changed by another program (or %s was left behind: remove it if no gazette user or console is running): %w", s.path, lock, err)
	}
	l.Close()
	defer os.Remove(lock)
	s.stamp = fileStamp{} // read it fresh under the lock
	if err := s.reload(); err != nil {
		return err
	}
	users, err := f(slices.Clone(s.users))
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(usersFile{Users: users}, "", "  ")
	if err != nil {
		return err
	}
	tmp := s.path + ".new"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return err
	}
	s.stamp = fileStamp{}
	return s.reload()
}

func validUser(u User) error {
	switch {
	case u.Name == "" || strings.ContainsAny(u.Name, " \t\n:/<>\"'\\") || utf8.RuneCountInString(u.Name) > 64:
		return fmt.Errorf("account name %q: letters, digits, dots or dashes, at most 64", u.Name)
	case strings.TrimSpace(u.Display) == "" || strings.ContainsAny(u.Display, "<>\n"):
		return fmt.Errorf("display name %q: the person's name as the history shows it, without < > or line breaks", u.Display)
	case len(u.Roles) == 0:
		return errors.New("an account needs at least one role")
	}
	a, err := mail.ParseAddress(u.Email)
	if err != nil || a.Address != u.Email {
		return fmt.Errorf("email %q is not an address like name@office.example", u.Email)
	}
	return nil
}

func validPassword(p string) error {
	if utf8.RuneCountInString(p) < MinPassword {
		return fmt.Errorf("a password needs at least %d characters", MinPassword)
	}
	return nil
}
