package console

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/record"
)

// Limits on what a save may carry.
const (
	maxBody  = 40 << 20 // a request: an entry and its attachments, base64 in JSON
	maxAsset = 20 << 20 // one attachment, decoded
)

// assetTypes are the attachments a save may carry, by extension: documents,
// tables and pictures an office publishes. No HTML, SVG or script, which a
// browser would run from the site's origin.
var assetTypes = []string{".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ods", ".odt", ".csv", ".txt", ".zip",
	".ofd", ".wps", ".et", ".png", ".jpg", ".jpeg", ".gif", ".webp"}

// request is one call of Decap's proxy protocol.
type request struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

// params are every action's parameters (decap-server's joi schema).
type params struct {
	Branch         string `json:"branch"`
	Folder         string `json:"folder"`
	Extension      string `json:"extension"`
	Depth          int    `json:"depth"`
	Path           string `json:"path"`
	ID             string `json:"id"`
	Collection     string `json:"collection"`
	Slug           string `json:"slug"`
	NewStatus      string `json:"newStatus"`
	MediaFolder    string `json:"mediaFolder"`
	CMSLabelPrefix string `json:"cmsLabelPrefix"`
	Files          []struct {
		Path  string `json:"path"`
		Label string `json:"label"`
	} `json:"files"`
	Entry     *dataFile   `json:"entry"`
	DataFiles []dataFile  `json:"dataFiles"`
	Assets    []asset     `json:"assets"`
	Asset     *asset      `json:"asset"`
	Options   saveOptions `json:"options"`
}

type dataFile struct {
	Slug    string `json:"slug"`
	Path    string `json:"path"`
	Raw     string `json:"raw"`
	NewPath string `json:"newPath"`
}

type asset struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

type saveOptions struct {
	CollectionName string `json:"collectionName"`
	CommitMessage  string `json:"commitMessage"`
	UseWorkflow    bool   `json:"useWorkflow"`
	Status         string `json:"status"`
}

// apiError is an answer other than 200: its status and message, which
// Decap shows to the person.
type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string { return e.msg }

func fail(code int, format string, args ...any) error {
	return &apiError{code, fmt.Sprintf(format, args...)}
}

// proxy answers Decap's proxy protocol: the actions decap-server answers,
// through the record's gate, each one audited.
func (s *Server) proxy(w http.ResponseWriter, r *http.Request) {
	p := whoOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		s.refuse(w, r, p.user.Name, http.StatusUnprocessableEntity, "not a request of the proxy protocol: "+err.Error())
		return
	}
	var prm params
	if len(req.Params) > 0 {
		if err := json.Unmarshal(req.Params, &prm); err != nil {
			s.refuse(w, r, p.user.Name, http.StatusUnprocessableEntity, "bad params: "+err.Error())
			return
		}
	}
	target := prm.Path
	switch {
	case prm.Collection != "":
		target = record.Key(prm.Collection, prm.Slug)
	case prm.Options.CollectionName != "" && len(prm.DataFiles) > 0:
		target = record.Key(prm.Options.CollectionName, prm.DataFiles[0].Slug)
	case prm.Asset != nil:
		target = prm.Asset.Path
	}
	out, err := s.act(r.Context(), p.user, req.Action, prm)
	if err != nil {
		code, msg := http.StatusInternalServerError, "the console failed: see its log"
		var ae *apiError
		var ref *record.Refusal
		var ce *record.CheckError
		switch {
		case errors.As(err, &ae):
			code, msg = ae.code, ae.msg
		case errors.As(err, &ref):
			code, msg = http.StatusForbidden, ref.Reason
		case errors.As(err, &ce):
			code, msg = http.StatusUnprocessableEntity, "gazette check refuses the change:\n"+ce.Error()
		case errors.Is(err, record.ErrNoDraft):
			code, msg = http.StatusNotFound, "Not Found"
		case errors.Is(err, record.ErrMoved):
			code, msg = http.StatusConflict, err.Error()
		default:
			s.log.Error("console action", "action", req.Action, "target", target, "who", p.user.Name, "err", err)
		}
		result := "refused"
		if code >= 500 {
			result = "failed"
		}
		s.record(r, p.user, req.Action, target, result, msg)
		s.refuse(w, r, p.user.Name, code, msg)
		return
	}
	s.record(r, p.user, req.Action, target, "ok", prm.NewStatus)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(out)
}

func (s *Server) act(ctx context.Context, u accounts.User, action string, prm params) (any, error) {
	if !u.Has(accounts.Drafter) && !u.Has(accounts.Reviewer) && !u.Has(accounts.Signer) {
		return nil, fail(http.StatusForbidden, "%s has no role that edits (起草, 審核 or 簽發)", u.Name)
	}
	if action == "info" {
		return map[string]any{"repo": "content", "publish_modes": []string{"editorial_workflow"}, "type": "local_git"}, nil
	}
	if prm.Branch != s.opt.Repo.Published() {
		return nil, fail(http.StatusUnprocessableEntity, "Default branch '%s' doesn't exist", prm.Branch)
	}
	switch action {
	case "entriesByFolder":
		return s.entriesByFolder(prm)
	case "entriesByFiles":
		var out []entryOut
		for _, f := range prm.Files {
			e, err := s.entry(f.Path, f.Label)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return orEmpty(out), nil
	case "getEntry":
		return s.entry(prm.Path, "")
	case "unpublishedEntries":
		keys, err := s.opt.Repo.Drafts()
		return orEmpty(keys), err
	case "unpublishedEntry":
		return s.unpublishedEntry(prm)
	case "unpublishedEntryDataFile":
		data, err := s.draftFile(prm)
		if err != nil {
			return nil, err
		}
		return map[string]any{"data": string(data)}, nil
	case "unpublishedEntryMediaFile":
		data, err := s.draftFile(prm)
		if err != nil {
			return nil, err
		}
		return mediaOut(prm.Path, data), nil
	case "deleteUnpublishedEntry":
		if err := s.opt.Repo.Delete(ctx, u, prm.Collection, prm.Slug); err != nil {
			return nil, err
		}
		return map[string]string{"message": "deleted branch: " + record.Branch(prm.Collection, prm.Slug)}, nil
	case "persistEntry":
		return s.persist(ctx, u, prm)
	case "updateUnpublishedEntryStatus":
		st, err := record.ParseStatus(prm.NewStatus)
		if err != nil {
			return nil, fail(http.StatusUnprocessableEntity, "%v", err)
		}
		if _, err := s.opt.Repo.SetStatus(ctx, u, prm.Collection, prm.Slug, st); err != nil {
			return nil, err
		}
		return map[string]string{"message": "status of " + record.Key(prm.Collection, prm.Slug) + " is " + prm.NewStatus}, nil
	case "publishUnpublishedEntry":
		return s.publish(ctx, u, prm)
	case "getMedia":
		return s.media(prm.MediaFolder)
	case "getMediaFile":
		data, ok, err := s.headFile(prm.Path)
		if err != nil || !ok {
			return nil, orNotFound(err)
		}
		return mediaOut(prm.Path, data), nil
	case "persistMedia":
		return nil, fail(http.StatusForbidden, "files are attached to a document (its 附件 field) and reviewed with it; the media library takes none")
	case "deleteFile", "deleteFiles":
		return nil, fail(http.StatusForbidden, "a published document is withdrawn through review: open it, tick 草稿 (draft), and have the change approved and signed off")
	case "getDeployPreview":
		return s.deployPreview(ctx, prm)
	}
	return nil, fail(http.StatusUnprocessableEntity, "Unknown action %s", action)
}

func orNotFound(err error) error {
	if err == nil {
		return fail(http.StatusNotFound, "Not Found")
	}
	return err
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// entryOut is an entry as decap-server answers it.
type entryOut struct {
	Data *string  `json:"data"`
	File fileInfo `json:"file"`
}

type fileInfo struct {
	Path  string  `json:"path"`
	Label string  `json:"label,omitempty"`
	ID    *string `json:"id"`
}

func sha(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// safePath refuses a path that leaves the content or hides in it.
func safePath(p string) error {
	if err := record.ValidPath(p); err != nil {
		return fail(http.StatusUnprocessableEntity, "%v", err)
	}
	return nil
}

func (s *Server) headFile(p string) ([]byte, bool, error) {
	if err := safePath(p); err != nil {
		return nil, false, err
	}
	head, err := s.opt.Repo.Head()
	if err != nil {
		return nil, false, err
	}
	return s.opt.Repo.File(head, p)
}

func (s *Server) entry(p, label string) (entryOut, error) {
	data, ok, err := s.headFile(p)
	if err != nil {
		return entryOut{}, err
	}
	e := entryOut{File: fileInfo{Path: p, Label: label}}
	if ok {
		str, id := string(data), sha(data)
		e.Data, e.File.ID = &str, &id
	}
	return e, nil
}

// entriesByFolder lists a collection's folder, newest first and at most
// listLimit entries; an issue's own index.md is not one of its documents.
func (s *Server) entriesByFolder(prm params) ([]entryOut, error) {
	if err := safePath(prm.Folder + "/x"); err != nil {
		return nil, err
	}
	head, err := s.opt.Repo.Head()
	if err != nil {
		return nil, err
	}
	paths, err := s.opt.Repo.List(head, prm.Folder, prm.Extension, max(prm.Depth, 1))
	if err != nil {
		return nil, err
	}
	paths = slices.DeleteFunc(paths, func(p string) bool { return strings.HasPrefix(p, "gazette/") && path.Base(p) == "index.md" })
	slices.Reverse(paths) // the newest year's folder first
	out := []entryOut{}
	for _, p := range paths[:min(len(paths), listLimit)] {
		e, err := s.entry(p, "")
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Server) unpublishedEntry(prm params) (any, error) {
	coll, slug := prm.Collection, prm.Slug
	if prm.ID != "" {
		coll, slug, _ = strings.Cut(prm.ID, "/")
	}
	d, err := s.opt.Repo.Draft(coll, slug)
	if err != nil {
		return nil, err
	}
	type diff struct {
		OldPath string `json:"oldPath"`
		NewPath string `json:"newPath"`
		Status  string `json:"status"`
		NewFile bool   `json:"newFile"`
		Path    string `json:"path"`
		ID      string `json:"id"`
		Binary  bool   `json:"binary"`
	}
	diffs := []diff{}
	for _, f := range d.Files {
		diffs = append(diffs, diff{OldPath: f.Path, NewPath: f.Path, Status: f.Status, NewFile: f.Status == "added",
			Path: f.Path, ID: f.Path, Binary: f.Binary})
	}
	return map[string]any{"collection": coll, "slug": slug, "status": string(d.Status), "diffs": diffs, "updatedAt": d.Updated}, nil
}

func (s *Server) draftFile(prm params) ([]byte, error) {
	if err := safePath(prm.Path); err != nil {
		return nil, err
	}
	d, err := s.opt.Repo.Draft(prm.Collection, prm.Slug)
	if err != nil {
		return nil, err
	}
	data, ok, err := s.opt.Repo.File(d.Tip, prm.Path)
	if err != nil || !ok {
		return nil, orNotFound(err)
	}
	return data, nil
}

func mediaOut(p string, data []byte) map[string]string {
	return map[string]string{"id": sha(data), "content": base64.StdEncoding.EncodeToString(data), "encoding": "base64",
		"path": p, "name": path.Base(p)}
}

func (s *Server) media(folder string) ([]map[string]string, error) {
	out := []map[string]string{}
	if safePath(folder+"/x") != nil {
		return out, nil // the global media folder is outside the content: empty
	}
	head, err := s.opt.Repo.Head()
	if err != nil {
		return nil, err
	}
	paths, err := s.opt.Repo.List(head, folder, "", 1)
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		data, _, err := s.opt.Repo.File(head, p)
		if err != nil {
			return nil, err
		}
		out = append(out, mediaOut(p, data))
	}
	return out, nil
}
