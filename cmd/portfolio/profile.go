package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into cpuPath and opens memPath for a
// memory profile (allocations, with what is live) taken when stop is
// called; either path may be empty for none. Both files are created first,
// so that one that cannot be written fails the run before it starts. stop
// ends the profiles and says whether they were written.
func startProfiles(cpuPath, memPath string) (stop func() error, err error) {
	stop = func() error { return nil }
	var cpu, mem *os.File
	if cpuPath != "" {
		if cpu, err = os.Create(cpuPath); err != nil {
			return stop, fmt.Errorf("--cpuprofile: %v", err)
		}
	}
	if memPath != "" {
		if mem, err = os.Create(memPath); err != nil {
			if cpu != nil {
				cpu.Close()
			}
			return stop, fmt.Errorf("--memprofile: %v", err)
		}
	}
	if cpu != nil {
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			if mem != nil {
				mem.Close()
			}
			return stop, fmt.Errorf("--cpuprofile: %v", err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				errs = append(errs, fmt.Errorf("--cpuprofile: %v", err))
			}
		}
		if mem != nil {
			runtime.GC()
			err := pprof.Lookup("allocs").WriteTo(mem, 0)
			if cerr := mem.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("--memprofile: %v", err))
			}
		}
		return errors.Join(errs...)
	}, nil
}
