// Package accounts is who may use the newsroom: the people of the office, with
// their roles, in one file of argon2id password hashes; the console's login
// sessions; the throttle on wrong passwords; and the audit log of every
// action.
//
// # The file of accounts
//
// A JSON file (gazette user add|passwd|disable|list manages it; mode 0600,
// replaced whole by a rename on every change):
//
//	{"users": [{"name": "alice", "display": "王小明", "email": "alice@office.example",
//	            "roles": ["起草"], "hash": "$argon2id$v=19$m=65536,t=3,p=2$…$…",
//	            "disabled": false}]}
//
// name is the login; display and email are how the person appears in the git
// history (a commit's author is "display <email>"), so an email is one
// person's: two accounts may not share one. A disabled account cannot log
// in, push or be named as an approver, and stays in the file so that the
// history still resolves to a person.
//
// The hash is argon2id in the PHC string format. It carries its own
// parameters, so raising the default cost later keeps old hashes valid; a
// login with a hash made at a lower cost than today's rehashes it.
//
// # Roles
//
//	起草 (drafter)   creates drafts and edits their own
//	審核 (reviewer)  approves others' drafts, or returns them; may edit any draft
//	簽發 (signer)    signs off what was approved: it goes live (or at its date)
//	管理 (admin)     manages accounts
//
// One person may hold several roles, but the gate (package record) never
// lets one person be two of a change's author, approver and signer.
//
// # Sessions
//
// A session is a random 256-bit token in a cookie that is HttpOnly, Secure
// and SameSite=Strict, kept in memory only (a restart logs everyone out). It
// ends after 30 minutes without a request, and after 12 hours in any case.
// Each session has its own CSRF token, which every state-changing request
// must carry in the X-CSRF-Token header.
//
// # Wrong passwords
//
// Failures are counted per account name and per client address. From the
// third failure on, the next attempt must wait, 2 seconds doubling with each
// failure up to a minute; after ten failures within a quarter of an hour the
// name or address is locked out for a quarter of an hour, even with the right
// password. A success clears the account's count.
//
// # Audit
//
// Every action — login, logout, save, submit, approve, return, publish,
// delete, refusal — is one JSON line appended to the audit log: when, who
// (with their roles), from where, what, on what, and the outcome.
package accounts
