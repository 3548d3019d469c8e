/* One allocation policy for the tree, as tmux and redis have it: memory
 * that cannot be had ends the process with a message (abort), so no caller
 * carries an untested "out of memory" branch and nothing degrades silently
 * (a listing that lost rows to a failed allocation never reports success).
 * xmalloc_install_json() gives Jansson the same policy; main() calls it
 * before any JSON is built. */
#ifndef PEXCON_XMALLOC_H
#define PEXCON_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* At most the first n bytes of s (fewer if it ends first), NUL-terminated. */
char *xstrndup(const char *s, size_t n);

/* Jansson allocates through xmalloc from now on (call once, first). */
void xmalloc_install_json(void);

#endif
