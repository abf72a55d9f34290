package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gazette/cmd/gazette/internal/content"
)

// ScheduleFile, in the index directory beside SiteFile, tells the server
// what the generation is waiting for, so that /healthz can say when the
// next change is due and which are late, reading only public/ and index/.
const ScheduleFile = "schedule.json"

// Schedule is the content of ScheduleFile.
type Schedule struct {
	BuiltAt   time.Time `json:"built_at"`  // the clock of the build (Options.Now)
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

// schedule is the Schedule of s.
func schedule(s *content.Site) Schedule {
	sc := Schedule{BuiltAt: s.Now.In(s.Config.Location), Documents: len(s.Documents), Pending: []Pending{}}
	public := map[*content.Document]bool{}
	for _, d := range s.Documents {
		public[d] = true
	}
	for _, e := range s.Schedule() {
		p := Pending{At: e.At, Kind: e.Kind, ID: e.ID()}
		if e.Kind == content.EventExpire && public[e.Doc] {
			p.URL = e.Doc.URL
		}
		sc.Pending = append(sc.Pending, p)
	}
	return sc
}

// file is the schedule as ScheduleFile holds it.
func (sc Schedule) file() []byte {
	b, _ := json.MarshalIndent(sc, "", "  ") // times, strings and ints always marshal
	return append(b, '\n')
}

// key is what of the schedule a build must notice a change in: not the
// clock of the build.
func (sc Schedule) key() []byte {
	sc.BuiltAt = time.Time{}
	return sc.file()
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
