/* Decimal text to double for jsonload.c (included from there only): the
 * same correctly rounded value strtod gives in the "C" locale, whatever
 * locale the program runs under, without strtod for the common short
 * numbers. */
#ifndef PEXCON_JSONLOAD_REAL_H
#define PEXCON_JSONLOAD_REAL_H

#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

/* The "C" locale, for strtod_l: pexcon runs under setlocale(LC_ALL, ""), and
 * a locale whose decimal point is ',' would misread "1.5". Created once and
 * kept for the life of the process. */
static inline locale_t jsonload_c_locale(void)
{
    static _Atomic(locale_t) cached;
    locale_t loc = atomic_load_explicit(&cached, memory_order_acquire);
    if (loc)
        return loc;
    loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!loc)
        return NULL;
    locale_t expected = (locale_t)0;
    if (!atomic_compare_exchange_strong(&cached, &expected, loc)) {
        freelocale(loc); /* another thread won the race */
        loc = expected;
    }
    return loc;
}

/* Clinger's fast path: a mantissa below 2^53 scaled by an exactly
 * representable power of ten takes one correctly rounded operation, so the
 * result is the same double strtod gives. Returns false when it does not
 * apply (too many digits or a large exponent). */
static inline bool jsonload_real_fast_path(const unsigned char *p, const unsigned char *end,
                                           bool negative, double *out)
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    static const double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    uint64_t mantissa = 0;
    int digits = 0, scale = 0;
    for (; p < end && (*p >= '0' && *p <= '9'); p++) {
        if (digits || *p != '0')
            digits++;
        mantissa = mantissa * 10 + (uint64_t)(*p - '0');
        if (digits > 15)
            return false;
    }
    if (p < end && *p == '.') {
        for (p++; p < end && (*p >= '0' && *p <= '9'); p++) {
            if (digits || *p != '0')
                digits++;
            mantissa = mantissa * 10 + (uint64_t)(*p - '0');
            scale--;
            if (digits > 15)
                return false;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool exp_negative = *p == '-';
        if (*p == '+' || *p == '-')
            p++;
        int exponent = 0;
        for (; p < end && (*p >= '0' && *p <= '9'); p++) {
            exponent = exponent * 10 + (*p - '0');
            if (exponent > 1000)
                return false;
        }
        scale += exp_negative ? -exponent : exponent;
    }
    double value = (double)mantissa; /* exact: at most 15 significant digits */
    if (mantissa != 0) {
        if (scale < -22 || scale > 22)
            return false;
        value = scale < 0 ? value / powers[-scale] : value * powers[scale];
    }
    *out = negative ? -value : value;
    return true;
#else
    (void)p, (void)end, (void)negative, (void)out;
    return false;
#endif
}

typedef enum jsonload_real_result {
    JSONLOAD_REAL_OK,
    JSONLOAD_REAL_OVERFLOW,  /* beyond the range of a double */
    JSONLOAD_REAL_NO_MEMORY, /* the "C" locale could not be created */
} jsonload_real_result;

/* The number whose text is [at, end), sign included; `digits` is where the
 * digits start (after the sign) and `negative` tells the sign. */
static inline jsonload_real_result jsonload_real(const unsigned char *at,
                                                 const unsigned char *digits,
                                                 const unsigned char *end, bool negative,
                                                 double *out)
{
    if (jsonload_real_fast_path(digits, end, negative, out))
        return JSONLOAD_REAL_OK;
    locale_t loc = jsonload_c_locale();
    if (!loc)
        return JSONLOAD_REAL_NO_MEMORY;
    char small[64];
    size_t len = (size_t)(end - at);
    char *text = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(text, at, len);
    text[len] = '\0';
    errno = 0;
    *out = strtod_l(text, NULL, loc);
    int conversion_errno = errno;
    if (text != small)
        free(text);
    return conversion_errno == ERANGE && isinf(*out) ? JSONLOAD_REAL_OVERFLOW : JSONLOAD_REAL_OK;
}

#endif
