package intelligencetest

import (
	"fmt"
	"slices"
	"sort"
	"sync"
)

// snapshot is an immutable view of the data set. Add builds a new one, so requests in
// flight keep a consistent view without holding a lock while they build pages.
type snapshot struct {
	recs  []*record // API order
	byID  map[string]*record
	cache filterCache
}

func newSnapshot(recs []*record) *snapshot {
	byID := make(map[string]*record, len(recs))
	for _, r := range recs {
		byID[r.id] = r
	}
	return &snapshot{recs: recs, byID: byID}
}

// with returns a snapshot that also holds r, in API order.
func (s *snapshot) with(r *record) *snapshot {
	if _, dup := s.byID[r.id]; dup {
		panic(fmt.Sprintf("intelligencetest: Add: conversation %s already exists", r.id))
	}
	i := sort.Search(len(s.recs), func(i int) bool { return !s.recs[i].before(r.created, r.id) })
	return newSnapshot(slices.Insert(slices.Clone(s.recs), i, r))
}

// filterCache remembers, per canonical filter, which positions of the snapshot match, so
// that paging through a 100,000-item result does not rescan the data set for every page.
type filterCache struct {
	mu sync.Mutex
	m  map[string][]int
}

// maxCachedFilters bounds the cache; a test suite uses a handful of filters, so dropping
// everything when a fuzzer or benchmark goes past it is simpler than an LRU and as good.
const maxCachedFilters = 256

func (s *snapshot) filtered(f *filter) []int {
	key := f.key()
	s.cache.mu.Lock()
	idx, ok := s.cache.m[key]
	s.cache.mu.Unlock()
	if ok {
		return idx
	}
	idx = f.apply(s.recs)
	s.cache.mu.Lock()
	if s.cache.m == nil || len(s.cache.m) >= maxCachedFilters {
		s.cache.m = make(map[string][]int)
	}
	s.cache.m[key] = idx
	s.cache.mu.Unlock()
	return idx
}
