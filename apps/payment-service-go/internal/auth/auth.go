// Package auth verifies the system's access tokens against user-service's JWKS. A request
// without a valid bearer token is unauthenticated whatever identity headers it carries.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// The issuer and audience of every access token of the system (user-service signs them).
const (
	Issuer   = "ecommerce/user-service"
	Audience = "ecommerce"
)

// Identity is who a verified token says the caller is.
type Identity struct {
	UserID string
	Email  string
	Roles  []string
}

// IsAdmin reports whether the caller has the admin role.
func (i Identity) IsAdmin() bool { return slices.Contains(i.Roles, "admin") }

// OwnerOrAdmin reports whether the caller may see what belongs to owner.
func (i Identity) OwnerOrAdmin(owner string) bool { return i.UserID == owner || i.IsAdmin() }

type claims struct {
	jwt.RegisteredClaims
	Email string   `json:"email"`
	Roles []string `json:"roles"`
}

// ErrUnauthenticated is any reason a token is not accepted.
var ErrUnauthenticated = errors.New("unauthenticated")

// Verifier checks tokens with the keys at a JWKS URL, fetched on first use (so the service
// starts before user-service answers) and refetched when a token names an unknown key.
type Verifier struct {
	url  string
	ctx  context.Context
	mu   sync.Mutex
	keys keyfunc.Keyfunc
}

// NewVerifier returns a verifier of the keys at jwksURL; ctx ends its background refresh.
func NewVerifier(ctx context.Context, jwksURL string) *Verifier {
	return &Verifier{url: jwksURL, ctx: ctx}
}

func (v *Verifier) keyfunc() (keyfunc.Keyfunc, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		keys, err := keyfunc.NewDefaultCtx(v.ctx, []string{v.url})
		if err != nil {
			return nil, fmt.Errorf("fetch the JWKS at %s: %w", v.url, err)
		}
		v.keys = keys
	}
	return v.keys, nil
}

// Verify returns the identity of a bearer token.
func (v *Verifier) Verify(token string) (Identity, error) {
	keys, err := v.keyfunc()
	if err != nil {
		return Identity{}, errors.Join(ErrUnauthenticated, err)
	}
	var c claims
	if _, err := jwt.ParseWithClaims(token, &c, keys.Keyfunc,
		jwt.WithValidMethods([]string{"EdDSA", "RS256"}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
	); err != nil {
		return Identity{}, errors.Join(ErrUnauthenticated, err)
	}
	if c.Subject == "" || c.Email == "" {
		return Identity{}, fmt.Errorf("%w: missing sub or email", ErrUnauthenticated)
	}
	return Identity{UserID: c.Subject, Email: c.Email, Roles: c.Roles}, nil
}

// Bearer is the token of an Authorization: Bearer header, or "".
func Bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

type identityKey struct{}

// WithIdentity stores the caller's identity in ctx.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// From returns the identity stored by WithIdentity.
func From(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok
}
