package disk

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// FailureFile, in the store beside the generations (publish.StoreDir), is
// left by a build that failed and removed by the next one that succeeds:
// how a server, which reads no content, learns that builds are failing
// and what waits on them. It is not in any generation, and names a
// publication's file only once it is due, so that nothing of an embargoed
// document is anywhere a reader or a copy of the site can reach before its
// time.
const FailureFile = "failed-build.json"

// Failure is the content of FailureFile.
type Failure struct {
	At      time.Time `json:"at"`      // the failed build's clock
	Errors  int       `json:"errors"`  // how many errors it reported
	Live    string    `json:"live"`    // the generation it left live (its folder's name)
	Waiting []Waiting `json:"waiting"` // soonest first
}

// Waiting is a change of the content that the live generation lacks, as
// the failed build found it: due already, or a publication to come.
type Waiting struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`           // content.EventPublish or content.EventExpire
	ID   string    `json:"id"`             // content.Event.ID
	Path string    `json:"path,omitempty"` // the file, e.g. content/news/2026/x.md: once due only
	URL  string    `json:"url,omitempty"`  // once due only
}

// WriteFailure records f in the store's folder, replacing any record.
func WriteFailure(store string, f Failure) error {
	data, _ := json.MarshalIndent(f, "", "  ") // times, strings and ints always marshal
	return replace(filepath.Join(store, FailureFile), append(data, '\n'))
}

// RemoveFailure removes the record of a failed build from the store's
// folder, if there is one.
func RemoveFailure(store string) error {
	file := filepath.Join(store, FailureFile)
	// Left by a build killed while it wrote the record (named so by
	// earlier versions too).
	os.Remove(filepath.Join(store, "."+FailureFile+".tmp"))
	os.Remove(file + ".tmp")
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// ReadFailure reads the FailureFile of the store behind public: ok is
// false when the last build succeeded (or there is no store).
func ReadFailure(public string) (f Failure, ok bool, err error) {
	gen, live := LiveGeneration(public)
	if !live {
		return f, false, nil
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(gen), FailureFile))
	if errors.Is(err, fs.ErrNotExist) {
		return f, false, nil
	}
	if err != nil {
		return f, false, err
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return f, false, fmt.Errorf("%s: %w", FailureFile, err)
	}
	return f, true, nil
}
