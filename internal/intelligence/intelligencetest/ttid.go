package intelligencetest

import (
	"math/rand/v2"
	"time"
)

// crockford is the lower-case Crockford base32 alphabet Twilio's TTIDs use. It is a subset
// of the spec's [0-9a-z], so a TTID built from it always matches the patterns.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// ttid returns prefix followed by a 26-character ULID-like suffix: 48 bits of the time in
// milliseconds, then 80 random bits. 128 bits in 26 base32 digits leave 3 bits for the
// first digit, which is why the spec's patterns start with [0-7]. Encoding the time makes
// ids created together share a prefix, as real ones do.
func ttid(prefix string, t time.Time, rng *rand.Rand) string {
	ms := uint64(t.UnixMilli()) & (1<<48 - 1) //nolint:gosec // masked to 48 bits: wrap-around is intended
	hi := ms<<16 | rng.Uint64()>>48
	lo := rng.Uint64()

	var digits [26]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return prefix + string(digits[:])
}

// hexID returns prefix followed by 32 lower-case hex digits: the shape of classic Twilio
// SIDs (CA for calls, SM for messages, AC for accounts...).
func hexID(prefix string, rng *rand.Rand) string {
	const hexdigits = "0123456789abcdef"
	var b [32]byte
	for i := 0; i < len(b); i += 16 {
		v := rng.Uint64()
		for j := range 16 {
			b[i+j] = hexdigits[v&15]
			v >>= 4
		}
	}
	return prefix + string(b[:])
}
