package intelligence

import (
	"testing"
	"time"
)

func TestSplitWindows(t *testing.T) {
	day := 24 * time.Hour
	before := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		span time.Duration
		want int
	}{
		{"one day", day, 1},
		{"exactly 31 days", MaxWindow, 1},
		{"31 days and a second", MaxWindow + time.Second, 2},
		{"70 days", 70 * day, 3},
		{"120 days", 120 * day, 4},
		{"a year", 365 * day, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := before.Add(-tc.span)
			ws := splitWindows(after, before)
			if len(ws) != tc.want {
				t.Fatalf("%d windows, want %d: %v", len(ws), tc.want, ws)
			}
			if !ws[0].before.Equal(before) || !ws[len(ws)-1].after.Equal(after) {
				t.Errorf("windows %v do not span %s..%s", ws, after, before)
			}
			for i, w := range ws {
				if w.before.Sub(w.after) > MaxWindow {
					t.Errorf("window %d is %s wide, over the API's limit", i, w.before.Sub(w.after))
				}
				if !w.after.Before(w.before) {
					t.Errorf("window %d is empty: %v", i, w)
				}
				// Newest first, each overlapping the next so that an instant on a boundary
				// is strictly inside one window even if both bounds are exclusive.
				if i > 0 {
					prev := ws[i-1]
					if !w.before.After(prev.after) || w.before.Sub(prev.after) != windowOverlap {
						t.Errorf("window %d (%v) does not overlap window %d (%v) by %s", i, w, i-1, prev, windowOverlap)
					}
				}
			}
		})
	}
}
