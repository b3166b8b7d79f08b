package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into cpuPath and arranges a memory
// profile (allocations, with what is live) into memPath, either empty for
// none; the returned stop ends them, reporting failures to stderr.
func startProfiles(cpuPath, memPath string, stderr io.Writer) (stop func(), err error) {
	stop = func() {}
	if cpuPath != "" {
		f, err := os.Create(cpuPath)
		if err != nil {
			return stop, fmt.Errorf("--cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return stop, fmt.Errorf("--cpuprofile: %v", err)
		}
		stop = func() { pprof.StopCPUProfile(); f.Close() }
	}
	if memPath == "" {
		return stop, nil
	}
	stopCPU := stop
	return func() {
		stopCPU()
		f, err := os.Create(memPath)
		if err != nil {
			fmt.Fprintf(stderr, "--memprofile: %v\n", err)
			return
		}
		defer f.Close()
		runtime.GC()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fmt.Fprintf(stderr, "--memprofile: %v\n", err)
		}
	}, nil
}
