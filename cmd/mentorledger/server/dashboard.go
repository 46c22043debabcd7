package server

import "github.com/go-chi/chi/v5"

// dashboardRoutes adds the server-rendered pages.
func (s *Server) dashboardRoutes(r chi.Router) {}
