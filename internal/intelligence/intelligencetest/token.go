package intelligencetest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strconv"
	"strings"
)

// Page tokens are opaque to clients but carry, authenticated with an HMAC, everything
// needed to serve the next page: a cursor (the item the page starts after, or ends
// before) and a digest of the query they were issued for. A cursor rather than an offset
// keeps paging exact when a test adds conversations between pages, and the digest makes
// a token replayed with other filters or another pageSize a 400 instead of a silently
// different result set.

// tokenSuffix ends every token. It holds characters that must be escaped in a query
// (+ / = & ?), whatever the base64 payload happens to contain, so that a client that does
// not escape the token breaks on the first page rather than on a rare one.
const tokenSuffix = "+/=&?"

const tokenVersion = 1

// token flags.
const (
	flagAnchored = 1 << iota // the cursor names an item; otherwise it is the start of the list
	flagBackward             // previousToken: the page ends before the anchor
)

// cursor is the decoded content of a page token.
type cursor struct {
	anchored bool
	backward bool
	created  int64  // anchor's createdAt in Unix nanoseconds
	id       string // anchor's id
	// nonce tells apart tokens for the same place (FaultEmptyPageWithToken issues fresh
	// ones that lead back to where the client already is).
	nonce uint32
}

// tokenCodec signs and checks tokens with a key derived from the data seed, so that two
// servers with the same seed issue byte-identical tokens, and a token from another seed's
// server is refused like a forged one.
type tokenCodec struct {
	key []byte
}

const macLen = 12

// binding is the digest of everything a token is only valid with: the canonical filter
// and the page size.
func binding(f *filter, pageSize int) [8]byte {
	sum := sha256.Sum256([]byte(f.key() + "\x00pageSize=" + strconv.Itoa(pageSize)))
	var b [8]byte
	copy(b[:], sum[:])
	return b
}

func (tc tokenCodec) encode(c cursor, bind [8]byte) string {
	var flags byte
	if c.anchored {
		flags |= flagAnchored
	}
	if c.backward {
		flags |= flagBackward
	}
	buf := make([]byte, 0, 64)
	buf = append(buf, tokenVersion, flags)
	buf = append(buf, bind[:]...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(c.created)) //nolint:gosec // a bit-for-bit round trip, not arithmetic
	buf = binary.BigEndian.AppendUint32(buf, c.nonce)
	buf = append(buf, c.id...)
	buf = append(buf, tc.mac(buf)...)
	return base64.StdEncoding.EncodeToString(buf) + tokenSuffix
}

// errBadToken is the one answer to any token the server will not honor. It does not say
// why (forged, garbled, or issued for another query), as real APIs do not either; the
// hint covers the likely client bug.
var errBadToken = &apiError{
	status:  http.StatusBadRequest,
	message: "Invalid parameter 'pageToken': invalid pageToken (a token is only valid with the exact query parameters, including pageSize, of the request that returned it)",
	param:   pPageToken,
}

func (tc tokenCodec) decode(s string, bind [8]byte) (cursor, *apiError) {
	payload, ok := strings.CutSuffix(s, tokenSuffix)
	if !ok {
		return cursor{}, errBadToken
	}
	buf, err := base64.StdEncoding.Strict().DecodeString(payload)
	const header = 2 + 8 + 8 + 4
	if err != nil || len(buf) < header+macLen {
		return cursor{}, errBadToken
	}
	body, mac := buf[:len(buf)-macLen], buf[len(buf)-macLen:]
	if !hmac.Equal(mac, tc.mac(body)) || body[0] != tokenVersion || !hmac.Equal(body[2:10], bind[:]) {
		return cursor{}, errBadToken
	}
	return cursor{
		anchored: body[1]&flagAnchored != 0,
		backward: body[1]&flagBackward != 0,
		created:  int64(binary.BigEndian.Uint64(body[10:18])), //nolint:gosec // a bit-for-bit round trip, not arithmetic
		nonce:    binary.BigEndian.Uint32(body[18:22]),
		id:       string(body[header:]),
	}, nil
}

func (tc tokenCodec) mac(b []byte) []byte {
	h := hmac.New(sha256.New, tc.key)
	h.Write(b)
	return h.Sum(nil)[:macLen]
}
