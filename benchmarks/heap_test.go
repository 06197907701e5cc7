package benchmarks

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// heapPeak samples the heap while a benchmark's timed loop runs and reports the highest
// value above the heap at the start as "peak-heap-MB".
//
// What is sampled: runtime/metrics "/memory/classes/heap/objects:bytes", the bytes of
// live objects plus dead ones the collector has not freed yet (the same figure as
// runtime.MemStats.HeapAlloc, read without stopping the world), every millisecond from
// a goroutine. The baseline is read after a forced GC just before the loop, so the figure
// is what the operation adds to the process's heap, garbage included: the peak a user's
// process reaches with the default GOGC=100, not only the live result. A peak shorter
// than the 1 ms sampling period can be missed.
type heapPeak struct {
	base uint64
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func readHeap(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapPeak() *heapPeak {
	s := []metrics.Sample{{Name: heapMetric}}
	runtime.GC()
	h := &heapPeak{base: readHeap(s), stop: make(chan struct{}), done: make(chan struct{})}
	h.peak.Store(h.base)
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: heapMetric}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := readHeap(s); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// report stops the sampler and reports peak-heap-MB (10^6 bytes).
func (h *heapPeak) report(b *testing.B) {
	close(h.stop)
	<-h.done
	b.ReportMetric(float64(h.peak.Load()-h.base)/1e6, "peak-heap-MB")
}

// cpuMeter measures the CPU time (user + system) this process and the local API process
// use during a benchmark's timed loop, reported as "cpu-ms/op" and "server-cpu-ms/op".
// On this 2-core machine a listing whose cpu-ms/op + server-cpu-ms/op is close to twice
// its wall time is bound by the CPU, not by the API's latency.
type cpuMeter struct {
	self, server time.Duration
	pid          int
}

func startCPU(pid int) *cpuMeter {
	return &cpuMeter{self: selfCPU(), server: procCPU(pid), pid: pid}
}

func (m *cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64((selfCPU()-m.self).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	if m.pid > 0 {
		b.ReportMetric(float64((procCPU(m.pid)-m.server).Microseconds())/1e3/float64(b.N), "server-cpu-ms/op")
	}
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU reads utime + stime of a process from /proc/PID/stat (in clock ticks, which are
// 10 ms on Linux with USER_HZ = 100).
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) is in parentheses and may hold spaces: count from after it.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
