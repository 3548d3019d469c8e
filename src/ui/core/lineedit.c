/* The one line editor of the console: the ':' line, the filter and the
 * modal prompt's fields all edit their text with it. */
#include <string.h>

#include "common/sanitize.h"
#include "ui/core/lineedit.h"

static void text_backspace(char *text)
{
    size_t len = strlen(text);
    if (len == 0)
        return;
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    text[i] = '\0';
}

static bool text_insert(char *text, size_t size, ui_key key)
{
    if ((key & UI_KEY_FN) || key < 0x20 || key == 0x7f)
        return false;
    char u[5] = {0};
    size_t n = utf8_encode(key, u);
    size_t len = strlen(text);
    if (len + n + 1 > size)
        return true;
    memcpy(text + len, u, n);
    text[len + n] = '\0';
    return true;
}

bool line_edit_key(char *text, size_t size, ui_key key)
{
    if (key == (UI_KEY_BACKSPACE)) {
        text_backspace(text);
        return true;
    }
    if (key == 0x15) { /* C-u */
        text[0] = '\0';
        return true;
    }
    if (key == 0x17) { /* C-w */
        size_t len = strlen(text);
        while (len > 0 && text[len - 1] == ' ')
            len--;
        while (len > 0 && text[len - 1] != ' ')
            len--;
        text[len] = '\0';
        return true;
    }
    return text_insert(text, size, key);
}
