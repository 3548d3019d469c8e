/* The libFuzzer entry point every harness here defines; replay.c feeds the
 * checked-in corpora through it in ordinary builds. A failed check aborts
 * (so libFuzzer saves the input, and the replay test fails). */
#ifndef PEXCON_FUZZ_H
#define PEXCON_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A NUL-terminated copy of fuzzer bytes (the text ends at the first NUL, as
 * with strndup, but without reading past `n`: ASan's strict string checks
 * flag strndup on an unterminated buffer). Aborts on out-of-memory. */
static inline char *fuzz_text(const void *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

#endif
