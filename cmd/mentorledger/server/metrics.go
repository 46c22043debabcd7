package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mentorledger/mentorledger/events"
)

// metrics are the server's Prometheus metrics, on a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	appends  *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	reports  *prometheus.HistogramVec
	requests *prometheus.CounterVec
	feeds    prometheus.Gauge
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.appends = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mentorledger_commands_total", Help: "Commands run, by command and outcome (appended, duplicate-free or error code).",
	}, []string{"command", "outcome"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mentorledger_append_seconds", Help: "Time from a command's request to its events being durable in the ledger.",
		Buckets: []float64{.001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2},
	}, []string{"command"})
	m.reports = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mentorledger_report_seconds", Help: "Time to build and render a report.",
		Buckets: []float64{.005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
	}, []string{"report"})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mentorledger_http_requests_total", Help: "HTTP requests, by route pattern, method and status.",
	}, []string{"route", "method", "status"})
	m.feeds = prometheus.NewGauge(prometheus.GaugeOpts{Name: "mentorledger_feed_clients", Help: "Live feed connections open."})
	lag := prometheus.NewDesc("mentorledger_projection_lag_events", "Ledger positions each projection is behind the head.", []string{"projection"}, nil)
	head := prometheus.NewDesc("mentorledger_ledger_head_position", "The ledger's last position.", nil, nil)
	m.reg.MustRegister(m.appends, m.latency, m.reports, m.requests, m.feeds,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&lagCollector{s: s, lag: lag, head: head})
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (m *metrics) command(name string, d time.Duration, err error) {
	outcome := "appended"
	if err != nil {
		outcome = events.ErrorCode(err)
	} else {
		m.latency.WithLabelValues(name).Observe(d.Seconds())
	}
	m.appends.WithLabelValues(name, outcome).Inc()
}

func (m *metrics) report(name string, d time.Duration) {
	m.reports.WithLabelValues(name).Observe(d.Seconds())
}

// middleware counts requests by route pattern (not by path, which would
// make a series per id).
func (m *metrics) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		pattern := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			pattern = rc.RoutePattern()
		}
		m.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(sw.status)).Inc()
	})
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach the connection (flush,
// deadlines) through the wrapper.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// lagCollector reads the projections' lag when scraped.
type lagCollector struct {
	s         *Server
	lag, head *prometheus.Desc
}

func (c *lagCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.lag; ch <- c.head }

func (c *lagCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if c.s.cfg.Ledger == nil {
		return // a reports node has no ledger to lag behind
	}
	head, err := c.s.cfg.Ledger.Head(ctx)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.head, prometheus.GaugeValue, float64(head))
	lag, err := c.s.cfg.Views.Lag(ctx, head)
	if err != nil {
		return
	}
	for name, n := range lag {
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, float64(n), name)
	}
}
