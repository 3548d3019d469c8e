/* Word-at-a-time byte scans (SWAR): eight bytes per step for the scans that
 * dominate JSON loading, JSON writing and sanitizing, where almost every
 * byte is plain printable text and the only question is where the first
 * byte of interest sits.
 *
 * A word test returns a word with the high bit set in flagged bytes. Only
 * the lowest flagged byte is exact (a borrow can flag bytes above a true
 * hit), which is all a "find the first" scan needs. bytescan_find() runs
 * such a test over a range where the word layout is known (BYTESCAN_SWAR:
 * GCC/Clang, little-endian); elsewhere, and for ranges under eight bytes,
 * the byte test does the work. */
#ifndef PEXCON_BYTESCAN_H
#define PEXCON_BYTESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BYTESCAN_ONES 0x0101010101010101ULL
#define BYTESCAN_HIGHS 0x8080808080808080ULL

/* Bytes equal to c. */
static inline uint64_t bytescan_eq(uint64_t x, unsigned char c)
{
    uint64_t d = x ^ (BYTESCAN_ONES * c);
    return (d - BYTESCAN_ONES) & ~d & BYTESCAN_HIGHS;
}

/* Bytes below n (1 <= n <= 0x80). */
static inline uint64_t bytescan_below(uint64_t x, unsigned char n)
{
    return (x - BYTESCAN_ONES * n) & ~x & BYTESCAN_HIGHS;
}

/* Bytes from n up (0x01 <= n <= 0x80); exact in every byte. */
static inline uint64_t bytescan_at_least(uint64_t x, unsigned char n)
{
    return (((x & ~BYTESCAN_HIGHS) + BYTESCAN_ONES * (unsigned char)(0x80 - n)) | x) &
           BYTESCAN_HIGHS;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BYTESCAN_SWAR 1

static inline uint64_t bytescan_load(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* Index of the first flagged byte; `found` must not be 0. */
static inline size_t bytescan_first(uint64_t found)
{
    return (size_t)__builtin_ctzll(found) >> 3;
}
#endif

#ifdef __GNUC__
#define BYTESCAN_INLINE inline __attribute__((always_inline))
#else
#define BYTESCAN_INLINE inline
#endif

typedef uint64_t (*bytescan_word_fn)(uint64_t x);
typedef bool (*bytescan_byte_fn)(unsigned char c);

/* The first byte of [p, end) that `byte_hit` accepts, or end; `word_hits`
 * flags the same bytes in a word (unused without BYTESCAN_SWAR). Always
 * inlined, so that both tests are inlined into the loops. The last partial
 * word is read again as the eight bytes ending at `end`: its bytes before
 * p were found clean, so no borrow from them can flag a byte. */
static BYTESCAN_INLINE const unsigned char *bytescan_find(const unsigned char *p,
                                                          const unsigned char *end,
                                                          bytescan_word_fn word_hits,
                                                          bytescan_byte_fn byte_hit)
{
#ifdef BYTESCAN_SWAR
    if (end - p >= 8) {
        for (; end - p >= 8; p += 8) {
            uint64_t found = word_hits(bytescan_load(p));
            if (found)
                return p + bytescan_first(found);
        }
        if (p == end)
            return end;
        size_t left = (size_t)(end - p);
        uint64_t found = word_hits(bytescan_load(end - 8)) >> (8 * (8 - left));
        return found ? p + bytescan_first(found) : end;
    }
#else
    (void)word_hits;
#endif
    while (p < end && !byte_hit(*p))
        p++;
    return p;
}

#endif
