package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSSKiB returns this process's peak resident memory (VmHWM from
// /proc/self/status) in KiB, or 0 where the system does not report it.
// Unlike getrusage's ru_maxrss it covers only this program: a process
// started from a large parent does not inherit the parent's figure.
func peakRSSKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return 0
}
