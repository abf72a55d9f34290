package console

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/record"
)

// persist saves an entry (and its attachments) to its draft, through the
// record's gate and checks. Every change goes through review: a save
// outside the editorial workflow is refused.
func (s *Server) persist(ctx context.Context, u accounts.User, prm params) (any, error) {
	if !prm.Options.UseWorkflow {
		return nil, fail(http.StatusForbidden, "every change is reviewed before it is published: save it as a draft (the editorial workflow)")
	}
	files := prm.DataFiles
	if prm.Entry != nil {
		files = append(files, *prm.Entry)
	}
	if len(files) == 0 {
		return nil, fail(http.StatusUnprocessableEntity, "nothing to save")
	}
	cfg, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	col, ok := cfg.collection(prm.Options.CollectionName)
	if !ok {
		return nil, fail(http.StatusUnprocessableEntity, "no collection %q", prm.Options.CollectionName)
	}
	inside := func(p string) error {
		if err := safePath(p); err != nil {
			return err
		}
		if !col.holds(p) {
			return fail(http.StatusForbidden, "%s is not in the collection %s", p, col.Name)
		}
		return nil
	}
	var changes []record.Change
	for _, f := range files {
		if err := inside(f.Path); err != nil {
			return nil, err
		}
		to := f.Path
		if f.NewPath != "" && f.NewPath != f.Path {
			if err := inside(f.NewPath); err != nil {
				return nil, err
			}
			changes, to = append(changes, record.Change{Path: f.Path, Delete: true}), f.NewPath
		}
		changes = append(changes, record.Change{Path: to, Data: []byte(f.Raw)})
	}
	assets := map[string]bool{}
	for _, a := range prm.Assets {
		if err := inside(a.Path); err != nil {
			return nil, err
		}
		if !slices.Contains(assetTypes, strings.ToLower(path.Ext(a.Path))) {
			return nil, fail(http.StatusUnprocessableEntity, "%s: attachments may be %s", a.Path, strings.Join(assetTypes, " "))
		}
		data, err := base64.StdEncoding.DecodeString(a.Content)
		if a.Encoding != "base64" || err != nil {
			return nil, fail(http.StatusUnprocessableEntity, "%s: the attachment is not in base64", a.Path)
		}
		if len(data) > maxAsset {
			return nil, fail(http.StatusRequestEntityTooLarge, "%s: an attachment may be at most %d MB", a.Path, maxAsset>>20)
		}
		assets[a.Path] = true
		changes = append(changes, record.Change{Path: a.Path, Data: data})
	}
	// An attachment the entry no longer carries leaves the draft, as in
	// decap-server: Decap sends every attachment the entry keeps.
	if d, err := s.opt.Repo.Draft(col.Name, files[0].Slug); err == nil {
		for _, f := range d.Files {
			if f.Binary && f.Status != "deleted" && !assets[f.Path] {
				changes = append(changes, record.Change{Path: f.Path, Delete: true})
			}
		}
	} else if !errors.Is(err, record.ErrNoDraft) {
		return nil, err
	}
	if _, err := s.opt.Repo.Save(ctx, u, col.Name, files[0].Slug, changes, prm.Options.CommitMessage); err != nil {
		return nil, err
	}
	return map[string]string{"message": "entry persisted"}, nil
}

// publish signs off a draft, then brings the live checkout up to it, so
// that the next build (serve -publish) makes it live.
func (s *Server) publish(ctx context.Context, u accounts.User, prm params) (any, error) {
	m, err := s.opt.Repo.Publish(ctx, u, prm.Collection, prm.Slug)
	if err != nil {
		return nil, err
	}
	msg := "branch " + record.Branch(prm.Collection, prm.Slug) + " merged to " + s.opt.Repo.Published() + " as " + m.String()
	if s.opt.Checkout != "" {
		if _, err := s.opt.Repo.Checkout(ctx, s.opt.Checkout); err != nil {
			// The sign-off stands in the record; the live site waits for
			// the checkout, which an administrator must see to.
			s.log.Error("updating the live checkout after a sign-off", "dir", s.opt.Checkout, "err", err)
			msg += "; the live content was NOT updated: " + err.Error()
		}
	}
	go s.staff.refresh(context.WithoutCancel(ctx))
	return map[string]string{"message": msg}, nil
}

// previewWait is how long a request waits for a preview before answering
// that it is not ready (Decap then offers to check again); the build goes
// on meanwhile.
const previewWait = 25 * time.Second

func (s *Server) deployPreview(ctx context.Context, prm params) (any, error) {
	ch := make(chan previewResult, 1)
	go func() {
		url, err := s.preview.build(context.WithoutCancel(ctx), prm.Collection, prm.Slug)
		ch <- previewResult{url, err}
	}()
	select {
	case res := <-ch:
		if res.err != nil {
			return nil, res.err
		}
		return map[string]string{"url": res.url, "status": "SUCCESS"}, nil
	case <-time.After(previewWait):
		return nil, nil // JSON null: not ready yet
	}
}

type previewResult struct {
	url string
	err error
}

// config is the configuration of the published head (cached by its tree).
func (s *Server) config(ctx context.Context) (decapConfig, error) {
	ix, err := s.staff.index(ctx)
	if err != nil {
		return decapConfig{}, err
	}
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	if s.cfgTree == ix.tree.String() {
		return s.cfgCache, nil
	}
	c, err := generateConfig(ix.cfg, s.opt.Repo.Published(), ix.issues)
	if err != nil {
		return decapConfig{}, err
	}
	s.cfgTree, s.cfgCache = ix.tree.String(), c
	return c, nil
}
