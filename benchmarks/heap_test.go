package benchmarks

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
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
