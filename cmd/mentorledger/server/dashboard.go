package server

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
)

// The dashboard is server-rendered HTML: Go templates, inline CSS and SVG,
// no scripts, so it works with a keyboard alone and prints cleanly. It
// signs in with an API token kept in an HttpOnly, SameSite=Strict cookie,
// and every page applies the same access rules as the API.

//go:embed templates/*.html
var templateFS embed.FS

// The one script: live.js follows the feed and offers a refresh.
//
//go:embed static/live.js
var liveJS []byte

var pages = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

func (s *Server) dashboardRoutes(r chi.Router) {
	r.Get("/", s.home)
	r.Get("/static/live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=300")
		_, _ = w.Write(liveJS)
	})
	r.Get("/signin", s.signinForm)
	r.Post("/signin", s.signin)
	r.Post("/signout", s.signout)
	r.Group(func(r chi.Router) {
		r.Use(s.session, sameOrigin)
		r.Get("/dashboard", s.overview)
		r.Get("/relationships", s.relationshipList)
		r.Get("/relationships/{id}", s.relationshipPage)
		r.Get("/relationships/{id}/record/{command}", s.recordForm)
		r.Post("/relationships/{id}/record/{command}", s.record)
		r.Get("/reports", s.reportsPage)
		r.Get("/reports/{name}", s.reportPage)
	})
}

// render writes a page; a template error is the server's fault.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	p := principalOf(r.Context())
	data["Principal"] = p
	data["Nav"] = map[string]bool{"Overview": seesOverview(p), "Relationships": seesRelationships(p)}
	if data["Live"] == true {
		head, err := s.cfg.Ledger.Head(r.Context())
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["LiveAfter"] = uint64(head)
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pageError renders an error page for the dashboard's own pages.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	if d, ok := err.(*deniedError); ok {
		s.render(w, r, http.StatusForbidden, "error.html", map[string]any{"Title": "Not allowed",
			"Problem": "Your role (" + principalOf(r.Context()).Role + ") may not " + d.what + "."})
		return
	}
	p := problemFor(err)
	s.render(w, r, p.Status, "error.html", map[string]any{"Title": http.StatusText(p.Status), "Problem": p.Detail})
}

func seesOverview(p access.Principal) bool {
	return p.Role == access.Coordinator || p.Role == access.SteeringGroup || p.Role == access.Auditor
}

func seesRelationships(p access.Principal) bool {
	return p.Role == access.Coordinator || p.Role == access.Mentor || p.Role == access.Mentee
}

// session authenticates a dashboard page from its cookie, sending the
// signed-out to the sign-in page.
func (s *Server) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		p, err := s.cfg.Tokens.Authenticate(r.Context(), c.Value)
		if err != nil {
			clearSession(w)
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), p)))
	})
}

// sameOrigin refuses state-changing requests from other origins (the
// cookie is SameSite=Strict too; this also covers older browsers).
func sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if o := r.Header.Get("Origin"); o != "" && o != "null" {
				u, err := url.Parse(o)
				if err != nil || u.Host != r.Host {
					http.Error(w, "cross-origin form refused", http.StatusForbidden)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	p, err := s.cfg.Tokens.Authenticate(r.Context(), c.Value)
	if err != nil {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, landing(p), http.StatusSeeOther)
}

// landing is where a role starts.
func landing(p access.Principal) string {
	switch {
	case seesOverview(p):
		return "/dashboard"
	case seesRelationships(p):
		return "/relationships"
	case p.Role == access.Funder:
		return "/reports/funder"
	}
	return "/reports"
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signin.html", map[string]any{"Title": "Sign in"})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	token := strings.TrimSpace(r.PostFormValue("token"))
	p, err := s.cfg.Tokens.Authenticate(r.Context(), token)
	if err != nil {
		s.render(w, r, http.StatusUnauthorized, "signin.html", map[string]any{"Title": "Sign in",
			"Problem": "That token is not valid (unknown, revoked or mistyped)."})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil, Expires: time.Now().Add(12 * time.Hour)})
	next := r.URL.Query().Get("next")
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = landing(p)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	clearSession(w)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

func clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}
