package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// DefaultData is the data directory when neither --data nor
// MENTORLEDGER_DATA names one.
const DefaultData = "mentorledger-data"

// Files in the data directory.
const (
	LedgerFile = "ledger.db"
	ViewsFile  = "views.duckdb"
)

// newFlags returns a verb's flag set with its --data flag; usage is the
// verb's synopsis, printed above the flags by -h.
func newFlags(name, usage string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	def := os.Getenv("MENTORLEDGER_DATA")
	if def == "" {
		def = DefaultData
	}
	data := fs.String("data", def, "data directory holding "+LedgerFile+" and "+ViewsFile+" (env MENTORLEDGER_DATA)")
	return fs, data
}

// parse parses flags that may come before or after positional arguments.
func parse(fs *flag.FlagSet, args []string) error {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	if err := fs.Parse(append(flags, pos...)); err != nil {
		if err == flag.ErrHelp {
			return &exitError{code: 0}
		}
		return &exitError{code: 2, msg: fmt.Sprintf("mentorledger %s: %v", fs.Name(), err)}
	}
	return nil
}

// dataDir checks the data directory, creating it when create is set.
func dataDir(dir string, create bool) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data directory %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	switch {
	case err == nil && !st.IsDir():
		return "", fmt.Errorf("data directory %s: not a directory", abs)
	case err == nil:
		return abs, nil
	case os.IsNotExist(err) && create:
		if err := os.MkdirAll(abs, 0o750); err != nil {
			return "", fmt.Errorf("data directory %s: %w", abs, err)
		}
		return abs, nil
	case os.IsNotExist(err):
		return "", fmt.Errorf("data directory %s does not exist (run 'mentorledger demo' or 'mentorledger import' to create one)", abs)
	default:
		return "", fmt.Errorf("data directory %s: %w", abs, err)
	}
}
