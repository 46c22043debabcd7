package schemas

import _ "embed"

// ViewsDDL creates the DuckDB tables the projections write and the reports
// read. Every statement is idempotent (CREATE … IF NOT EXISTS).
//
//go:embed views.sql
var ViewsDDL string
