// Command mentorledger is the programme ledger: it records a mentoring
// programme as immutable events, keeps DuckDB views of them and answers the
// guidance's checklists from those views.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// MENTORLEDGER_CPUPROFILE=FILE writes a CPU profile of the whole run.
	if path := os.Getenv("MENTORLEDGER_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	// MENTORLEDGER_MEMPROFILE=FILE writes an allocation profile at the end.
	if path := os.Getenv("MENTORLEDGER_MEMPROFILE"); path != "" {
		defer writeHeapProfile(path)
	}
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ex *exitError
		if errors.As(err, &ex) {
			if ex.msg != "" {
				fmt.Fprintln(os.Stderr, ex.msg)
			}
			pprof.StopCPUProfile()
			os.Exit(ex.code)
		}
		fmt.Fprintln(os.Stderr, "mentorledger:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mentorledger: memory profile:", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, "mentorledger: memory profile:", err)
	}
}

// exitError ends the program with a code after printing msg (if any).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const usage = `usage: mentorledger VERB [flags]

verbs:
  demo      build the demo programme in the data directory and print its checklist 6 report
  import    append events from a JSON Lines file (validated as a whole first)
  export    write the ledger as JSON Lines to standard output
  rebuild   drop and rebuild every projection from the ledger
  verify    recompute the hash chain
  report    print a report: checklist-6
  status    print the ledger's head and each projection's checkpoint and lag
  participants  list participants with their (decrypted) names, or "erased"
  forget    destroy a person's key and record participant.personal_data_erased
  bench     measure append, import, rebuild and report speed
  migrate   copy the embedded ledger into EventStoreDB (--from DIR --to esdb://…)
  project   keep the views in --data up to date from the ledger published on NATS (--bus)
  serve     run the HTTP API and dashboard (--demo: with the demo programmes)
  token     create, list or revoke the API's bearer tokens

Every verb takes --data DIR (default $MENTORLEDGER_DATA or ./mentorledger-data).
Run 'mentorledger VERB -h' for a verb's flags.
`

// env is what every verb gets: where to write and what time it is.
type env struct {
	stdout, stderr io.Writer
	now            func() time.Time
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return &exitError{code: 2}
		}
		return nil
	}
	e := &env{stdout: stdout, stderr: stderr, now: time.Now}
	verbs := map[string]func(context.Context, *env, []string) error{
		"demo":         cmdDemo,
		"import":       cmdImport,
		"export":       cmdExport,
		"rebuild":      cmdRebuild,
		"verify":       cmdVerify,
		"report":       cmdReport,
		"status":       cmdStatus,
		"participants": cmdParticipants,
		"forget":       cmdForget,
		"bench":        cmdBench,
		"migrate":      cmdMigrate,
		"project":      cmdProject,
		"serve":        cmdServe,
		"token":        cmdToken,
	}
	verb, ok := verbs[args[0]]
	if !ok {
		fmt.Fprint(stderr, usage)
		return &exitError{code: 2, msg: fmt.Sprintf("mentorledger: unknown verb %q", args[0])}
	}
	err := verb(ctx, e, args[1:])
	if err != nil {
		var ex *exitError
		if errors.As(err, &ex) {
			return err
		}
		return fmt.Errorf("%s: %w", args[0], describe(err))
	}
	return nil
}

// describe keeps user-facing errors as they are and hides nothing: the CLI
// is run by the operator, so internal details are shown too.
func describe(err error) error {
	if events.ErrorCode(err) == events.ECONFLICT && errors.Is(err, events.ErrConcurrency) {
		return fmt.Errorf("%w (the stream changed since the expected version; nothing was appended)", err)
	}
	return err
}
