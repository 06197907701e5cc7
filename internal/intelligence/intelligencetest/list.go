package intelligencetest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sort"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// listRequest is a validated ListConversations request resolved against one snapshot.
type listRequest struct {
	*listQuery
	snap *snapshot
	idx  []int // positions in snap.recs the filter selects, in API order
	cur  cursor
	bind [8]byte
}

// resolveList validates the query and the page token.
func (s *Server) resolveList(q url.Values) (*listRequest, *apiError) {
	lq, apiErr := parseListQuery(q)
	if apiErr != nil {
		return nil, apiErr
	}
	lr := &listRequest{listQuery: lq, snap: s.snap.Load(), bind: binding(&lq.filter, lq.pageSize)}
	if lq.token != "" {
		if lr.cur, apiErr = s.tokens.decode(lq.token, lr.bind); apiErr != nil {
			return nil, apiErr
		}
	}
	lr.idx = lr.snap.filtered(&lq.filter)
	return lr, nil
}

// start is where the page the request asks for begins (forward) or ends (backward).
func (lr *listRequest) start() int {
	if !lr.cur.anchored {
		return 0
	}
	recs, c := lr.snap.recs, lr.cur
	k := sort.Search(len(lr.idx), func(i int) bool { return !recs[lr.idx[i]].before(c.created, c.id) })
	if !c.backward && k < len(lr.idx) && recs[lr.idx[k]].id == c.id {
		k++ // a forward cursor is the previous page's last item: start after it
	}
	return k
}

// bounds returns the positions [begin, end) of lr.idx the page shows.
func (lr *listRequest) bounds() (begin, end int) {
	k := lr.start()
	if lr.cur.backward {
		return max(k-lr.pageSize, 0), k
	}
	return k, min(k+lr.pageSize, len(lr.idx))
}

// token returns a token for the page after position pos of lr.idx (backward: the page
// before it). pos -1 is the start of the list. nonce > 0 makes a token that differs from
// every other one for the same place.
func (s *Server) token(lr *listRequest, pos int, backward bool, nonce uint32) string {
	c := cursor{backward: backward, nonce: nonce}
	if pos >= 0 {
		r := lr.snap.recs[lr.idx[pos]]
		c.anchored, c.created, c.id = true, r.created, r.id
	}
	return s.tokens.encode(c, lr.bind)
}

// page builds the response for lr; kind is the list-level fault to play, if any.
func (s *Server) page(lr *listRequest, kind FaultKind) response {
	begin, end := lr.bounds()
	items := lr.idx[begin:end]
	switch kind {
	case FaultEmptyPageWithToken:
		end = begin
		items = nil
	case FaultDuplicateItems:
		// What offset paging does when items arrive between two requests: the page starts
		// with the last items of the one before, and the client still gets a full page.
		n := min(2, begin)
		end = min(begin+max(lr.pageSize-n, 1), len(lr.idx))
		items = lr.idx[begin-n : end]
	}

	meta := intelligence.PageMeta{Key: "items", PageSize: len(items)}
	switch {
	case kind == FaultEmptyPageWithToken:
		// A fresh token for the place the client is at: a client that only looks for
		// repeated tokens keeps going; one that bounds empty pages stops.
		meta.NextToken = s.token(lr, begin-1, false, s.nonce.Add(1))
	case kind == FaultRepeatToken:
		meta.NextToken = lr.token
	case end < len(lr.idx):
		meta.NextToken = s.token(lr, end-1, false, 0)
	}
	if begin > 0 && begin < len(lr.idx) {
		meta.PreviousToken = s.token(lr, begin, true, 0)
	}
	return response{status: http.StatusOK, contentType: jsonType, page: newPageBody(lr.snap.recs, items, meta, kind)}
}

// pageBody is a list page kept as references to the pre-encoded items: serving a
// 1000-item page streams their bytes, with neither a json.Marshal per item nor a
// page-sized buffer, so a client's benchmark measures the client.
type pageBody struct {
	recs       []*record
	items      []int // positions in recs
	head, tail []byte
}

func newPageBody(recs []*record, items []int, meta intelligence.PageMeta, kind FaultKind) *pageBody {
	metaJSON, _ := marshal(meta) // strings and ints only: cannot fail
	p := &pageBody{recs: recs, items: items, head: []byte(`{"items":[`)}
	switch kind {
	case FaultMissingItems:
		p.head, p.items = []byte(`{`), nil
	case FaultItemsNotList:
		p.head, p.items = []byte(`{"items":{},`), nil
	}
	if len(p.head) > 1 && p.head[len(p.head)-1] == '[' {
		p.tail = append(p.tail, `],`...)
	}
	p.tail = append(p.tail, `"meta":`...)
	p.tail = append(p.tail, metaJSON...)
	p.tail = append(p.tail, '}')
	return p
}

func (p *pageBody) size() int {
	n := len(p.head) + len(p.tail) + max(len(p.items)-1, 0) // the commas
	for _, i := range p.items {
		n += len(p.recs[i].item)
	}
	return n
}

// writeTo writes the page through w, which should be buffered: it is written piecewise.
func (p *pageBody) writeTo(w io.Writer) error {
	if _, err := w.Write(p.head); err != nil {
		return err
	}
	for n, i := range p.items {
		if n > 0 {
			if _, err := w.Write(comma); err != nil {
				return err
			}
		}
		if _, err := w.Write(p.recs[i].item); err != nil {
			return err
		}
	}
	_, err := w.Write(p.tail)
	return err
}

var comma = []byte{','}

func (p *pageBody) bytes() []byte {
	b := bytes.NewBuffer(make([]byte, 0, p.size()))
	_ = p.writeTo(b) // a bytes.Buffer does not fail
	return b.Bytes()
}
