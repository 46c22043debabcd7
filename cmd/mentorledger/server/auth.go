package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/events"
)

type principalKey struct{}

// principalOf returns the authenticated caller.
func principalOf(ctx context.Context) access.Principal {
	p, _ := ctx.Value(principalKey{}).(access.Principal)
	return p
}

func withPrincipal(ctx context.Context, p access.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// sessionCookie holds the dashboard's token after sign-in.
const sessionCookie = "mentorledger_session"

// bearer returns the request's token: the Authorization header, or for the
// dashboard the session cookie. The cookie is taken only for reads (GET,
// HEAD: the report frame, the live feed): a browser sends it with any
// request to the site, so an API write authorised by it alone could be
// forged by another site in a browser that ignores SameSite.
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
		return ""
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// authenticate lets through only requests with a valid token and puts its
// principal in the context.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.cfg.Tokens.Authenticate(r.Context(), bearer(r))
		if err != nil {
			if !errors.Is(err, access.ErrUnauthenticated) {
				s.log.Error("authenticate", "err", err)
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="mentorledger"`)
			writeProblem(w, r, Problem{Type: problemType + "unauthenticated", Status: http.StatusUnauthorized,
				Detail: "Authorization: must be \"Bearer <token>\" with a token from 'mentorledger token create'"})
			return
		}
		next.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), p)))
	})
}

// forbidden refuses a request the caller's role does not allow.
func forbidden(w http.ResponseWriter, r *http.Request, what string) {
	p := principalOf(r.Context())
	writeProblem(w, r, Problem{Type: problemType + events.EFORBIDDEN, Status: http.StatusForbidden,
		Detail: "role " + p.Role + " may not " + what})
}
