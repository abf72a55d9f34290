package build

import (
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
)

// schedule is the Schedule of s.
func schedule(s *content.Site) disk.Schedule {
	sc := disk.Schedule{BuiltAt: s.Now.In(s.Config.Location), Documents: len(s.Documents), Pending: []disk.Pending{}}
	public := map[*content.Document]bool{}
	for _, d := range s.Documents {
		public[d] = true
	}
	for _, e := range s.Schedule() {
		p := disk.Pending{At: e.At, Kind: e.Kind, ID: e.ID()}
		if e.Kind == content.EventExpire && public[e.Doc] {
			p.URL = e.Doc.URL
		}
		sc.Pending = append(sc.Pending, p)
	}
	return sc
}
