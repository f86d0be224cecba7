// Package httpapi is payment-service's HTTP API: the routes of its OpenAPI document, their
// validation and authorization, problem+json errors, health, metrics and the document itself.
package httpapi

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem, as every service of the system answers errors.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance"`
	RequestID string         `json:"requestId"`
	Extra     map[string]any `json:"-"`
}

func (p Problem) Error() string { return p.Title + ": " + p.Detail }

func problem(status int, title, detail string) Problem {
	return Problem{Type: "about:blank", Title: title, Status: status, Detail: detail}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	p.Instance = r.URL.Path
	p.RequestID = w.Header().Get("X-Request-Id")
	body := map[string]any{}
	for k, v := range p.Extra {
		body[k] = v
	}
	raw, _ := json.Marshal(p)
	_ = json.Unmarshal(raw, &body)
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(body)
}
