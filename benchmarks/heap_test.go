package benchmarks

import (
	"fmt"
	"os"
	"path/filepath"
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

// cpuMeter measures, during a benchmark's timed loop, the CPU time (user + system) this
// process and the local API process use, as "cpu-ms/op" and "server-cpu-ms/op", and how
// long their threads were ready to run but waiting for a CPU, as "runq-ms/op" and
// "server-runq-ms/op" (Linux schedstat, summed over threads). On 2 cores a listing whose
// client and server CPU add up to about twice its wall time is CPU-bound; run-queue time
// means some thread waited for a CPU, taken by another of its threads or another process.
type cpuMeter struct {
	self, server         time.Duration
	selfWait, serverWait time.Duration
	pid                  int
}

func startCPU(pid int) *cpuMeter {
	return &cpuMeter{self: selfCPU(), server: procCPU(pid), selfWait: runqWait("self"), serverWait: runqWait(strconv.Itoa(pid)), pid: pid}
}

func (m *cpuMeter) report(b *testing.B) {
	perOp := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 / float64(b.N) }
	b.ReportMetric(perOp(selfCPU()-m.self), "cpu-ms/op")
	b.ReportMetric(perOp(runqWait("self")-m.selfWait), "runq-ms/op")
	if m.pid > 0 {
		b.ReportMetric(perOp(procCPU(m.pid)-m.server), "server-cpu-ms/op")
		b.ReportMetric(perOp(runqWait(strconv.Itoa(m.pid))-m.serverWait), "server-runq-ms/op")
	}
}

// runqWait is the time the threads of process pid ("self" for this one) have spent
// runnable but not running: the second field of /proc/PID/task/TID/schedstat, summed. 0
// where the kernel does not provide it.
func runqWait(pid string) time.Duration {
	tasks, _ := filepath.Glob("/proc/" + pid + "/task/*/schedstat")
	var sum time.Duration
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the thread ended
		}
		if fields := strings.Fields(string(b)); len(fields) >= 2 {
			ns, _ := strconv.ParseInt(fields[1], 10, 64)
			sum += time.Duration(ns)
		}
	}
	return sum
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
