package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

// startNATS runs a NATS server with JetStream in-process on a free port.
func startNATS(t *testing.T) string {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats: not ready")
	}
	t.Cleanup(ns.Shutdown)
	return ns.ClientURL()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

var workerAt = regexp.MustCompile(`views at position (\d+)`)

// serve --bus publishes what the API records; a 'project' worker on
// another data directory follows it and ends with the same views as a
// rebuild from the ledger.
func TestServePublishesOnTheBusAndAWorkerFollows(t *testing.T) {
	bus := startNATS(t)
	c := newCLI(t)
	browserProgramme(t, c.dir)
	token := strings.TrimSpace(c.mustRun("token", "create", "--role", "coordinator", "--programme", "prog-b"))
	base, stopServe := startServe(t, c.dir, "--bus", bus)

	body := fmt.Sprintf(`{"relationship_id":"rel-b1","meeting_id":"m-bus","held_on":%q,"location":"library","location_kind":"neutral","minutes":45,"method":"face_to_face","topics":["plans"],"actions":[],"completed_by":"tee-1","completed_by_role":"mentee"}`,
		time.Now().UTC().Format(time.DateOnly))
	req, _ := http.NewRequest(http.MethodPost, base+"/api/commands/log-meeting", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("log-meeting: %d %s", resp.StatusCode, b)
	}
	head := lastPosition(t, b)

	workerDir := filepath.Join(t.TempDir(), "worker")
	wcli := &cli{tb: t, dir: workerDir}
	steering := strings.TrimSpace(wcli.mustRun("token", "create", "--role", "steering-group", "--programme", "prog-b"))
	health, reportsAddr := freeAddr(t), freeAddr(t)
	wctx, stopWorker := context.WithCancel(context.Background())
	var wout, werr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(wctx, []string{"project", "--bus", bus, "--data", workerDir, "--health", health, "--addr", reportsAddr}, &wout, &werr)
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		pos := uint64(0)
		if r, err := http.Get("http://" + health + "/healthz"); err == nil {
			hb, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if m := workerAt.FindSubmatch(hb); m != nil {
				pos, _ = strconv.ParseUint(string(m[1]), 10, 64)
			}
		}
		if pos >= head {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker did not reach position %d:\n%s%s", head, wout.String(), werr.String())
		}
		select {
		case err := <-done:
			t.Fatalf("worker ended: %v\n%s", err, werr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// The worker serves the reports its views can answer, the same as the
	// serving node; the ones that read the ledger are refused there.
	get := func(url, tok string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(b)
	}
	code, fromWorker := get("http://"+reportsAddr+"/api/reports/checklist-6?format=csv", steering)
	if code != http.StatusOK || !strings.Contains(fromWorker, "rel-b1") {
		t.Fatalf("checklist 6 from the worker: %d %s", code, fromWorker)
	}
	if _, fromServe := get(base+"/api/reports/checklist-6?format=csv", token); fromServe != fromWorker {
		t.Fatalf("checklist 6 differs between the worker and the serving node:\n%s\n%s", fromWorker, fromServe)
	}
	if code, body := get("http://"+reportsAddr+"/api/reports/audit", steering); code != http.StatusUnprocessableEntity || !strings.Contains(body, "reads the ledger") {
		t.Fatalf("audit from the worker: %d %s, want a refusal saying it reads the ledger", code, body)
	}
	if code, _ := get("http://"+reportsAddr+"/api/reports/checklist-6", "mlt_forged"); code != http.StatusUnauthorized {
		t.Fatalf("worker reports without a valid token: %d, want 401", code)
	}

	stopWorker()
	if err := <-done; err != nil {
		t.Fatalf("worker: %v\n%s", err, werr.String())
	}
	if err := stopServe(); err != nil {
		t.Fatalf("serve: %v", err)
	}

	// The worker's views equal a rebuild from the ledger, up to the same
	// position.
	led, err := sqlite.Open(filepath.Join(c.dir, LedgerFile))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	fresh, err := projections.Open(filepath.Join(t.TempDir(), "fresh.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	worker, err := projections.Open(filepath.Join(workerDir, ViewsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer worker.Close()
	ctx := context.Background()
	wcp, _ := worker.Checkpoint(ctx)
	// Closing serve's ledger records a digest after the publisher stopped;
	// the rebuild reads as far as the worker could.
	if _, err := fresh.Rebuild(ctx, upTo{led, wcp}, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	fcp, _ := fresh.Checkpoint(ctx)
	if wcp != fcp {
		t.Fatalf("worker at %d, rebuild at %d", wcp, fcp)
	}
	ws, err := worker.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fresh.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ws != fs {
		t.Fatal("the worker's views differ from a rebuild of the ledger")
	}
	if !strings.Contains(ws, "m-bus") {
		t.Fatal("the meeting recorded over the API is not in the worker's views")
	}
}

// upTo reads a ledger only as far as a position.
type upTo struct {
	events.Reader
	last events.Position
}

func (u upTo) ReadAll(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	page, err := u.Reader.ReadAll(ctx, after, limit)
	for i, e := range page {
		if e.Position > u.last {
			return page[:i], err
		}
	}
	return page, err
}

var positionField = regexp.MustCompile(`"position":(\d+)`)

func lastPosition(t *testing.T, body []byte) uint64 {
	t.Helper()
	m := positionField.FindAllSubmatch(body, -1)
	if len(m) == 0 {
		t.Fatalf("no position in %s", body)
	}
	n, _ := strconv.ParseUint(string(m[len(m)-1][1]), 10, 64)
	return n
}
