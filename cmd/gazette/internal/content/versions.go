package content

import (
	"cmp"
	"slices"
	"time"
)

// InForceFrom is when a version takes effect: its 施行日期, else its
// 發布日期.
func (d *Document) InForceFrom() time.Time {
	if !d.Effective.IsZero() {
		return d.Effective
	}
	return d.Date
}

// Versions lists the published versions of the work d is a version of —
// every document linked to it through previous:, either way — in the order
// they took effect (then by path); nil when d stands alone. It reads the
// relations the loader resolved and changes nothing.
func (d *Document) Versions() []*Document {
	if d.PreviousDoc == nil && len(d.NextVersions) == 0 {
		return nil
	}
	seen := map[*Document]bool{d: true}
	queue := []*Document{d}
	for k := 0; k < len(queue); k++ {
		v := queue[k]
		for _, t := range append([]*Document{v.PreviousDoc}, v.NextVersions...) {
			if t != nil && !seen[t] {
				seen[t] = true
				queue = append(queue, t)
			}
		}
	}
	slices.SortFunc(queue, func(a, b *Document) int {
		return cmp.Or(a.InForceFrom().Compare(b.InForceFrom()), cmp.Compare(a.Path, b.Path))
	})
	return queue
}

// InForceOn returns, among versions (as Versions gives them), the one in
// force at t: the latest that took effect by then and was not repealed or
// expired before it; nil when none was.
func InForceOn(versions []*Document, t time.Time) *Document {
	var in *Document
	for _, v := range versions {
		if v.InForceFrom().After(t) {
			break
		}
		in = v
	}
	if in == nil {
		return nil
	}
	if e := in.ExpiresAt(); !e.IsZero() && !e.After(t) {
		return nil
	}
	if !in.RepealedOn.IsZero() && !in.RepealedOn.After(t) {
		return nil
	}
	for _, r := range in.RepealedBy {
		if !r.InForceFrom().After(t) {
			return nil
		}
	}
	return in
}
