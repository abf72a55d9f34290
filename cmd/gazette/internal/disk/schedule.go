package disk

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// SiteFile is where the build leaves the site configuration for the
// server, inside the index directory: serve reads only public/ and index/.
const SiteFile = "site.json"

// ScheduleFile, in the index directory beside SiteFile, tells the server
// what the generation is waiting for, so that /healthz can say when the
// next change is due and which are late, reading only public/ and index/.
const ScheduleFile = "schedule.json"

// Schedule is the content of ScheduleFile.
type Schedule struct {
	BuiltAt   time.Time `json:"built_at"`  // the clock of the build
	Documents int       `json:"documents"` // published documents
	Pending   []Pending `json:"pending"`   // soonest first; every one was after BuiltAt
}

// Pending is one change the generation does not have yet. A publication
// carries only the ID of content.Event: nothing of an embargoed document
// may be in the generation before its time.
type Pending struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"` // content.EventPublish or content.EventExpire
	ID   string    `json:"id"`
	URL  string    `json:"url,omitempty"` // expiries only: that document is public already
}

// File is the schedule as ScheduleFile holds it.
func (sc Schedule) File() []byte {
	b, _ := json.MarshalIndent(sc, "", "  ") // times, strings and ints always marshal
	return append(b, '\n')
}

// Key is what of the schedule a build must notice a change in: not the
// clock of the build.
func (sc Schedule) Key() []byte {
	sc.BuiltAt = time.Time{}
	return sc.File()
}

// ReadSchedule reads the ScheduleFile the live build left in the index
// directory.
func ReadSchedule(index string) (Schedule, error) {
	var sc Schedule
	b, err := os.ReadFile(filepath.Join(index, ScheduleFile))
	if err != nil {
		return sc, err
	}
	if err := json.Unmarshal(b, &sc); err != nil {
		return sc, fmt.Errorf("%s: %w", ScheduleFile, err)
	}
	return sc, nil
}

// WriteServerFiles puts SiteFile (site, the configuration as JSON) and
// ScheduleFile into an index directory, each replacing any older one in
// one rename.
func WriteServerFiles(index string, site []byte, sc Schedule) error {
	if err := replace(filepath.Join(index, SiteFile), site); err != nil {
		return err
	}
	return replace(filepath.Join(index, ScheduleFile), sc.File())
}
