/* The one line editor (lineedit.c). */
#ifndef PEXCON_UI_CORE_LINEEDIT_H
#define PEXCON_UI_CORE_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/tty/keys.h"

/* Edit `text` (size bytes, NUL-terminated UTF-8) with one key: Backspace
 * (the last character), C-u (everything), C-w (the last word) and
 * printable characters (dropped when the text is full). Returns false for
 * keys it does not handle. */
bool line_edit_key(char *text, size_t size, ui_key key);

#endif
