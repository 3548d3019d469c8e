/* The curses side of the keymap: get_wch's codes as the console's own. */
#include <curses.h>

#include "ui/tty/keys.h"

static const struct {
    int curses;
    ui_key key;
} curses_keys[] = {
    {KEY_UP, UI_KEY_UP},       {KEY_DOWN, UI_KEY_DOWN},  {KEY_LEFT, UI_KEY_LEFT},
    {KEY_RIGHT, UI_KEY_RIGHT}, {KEY_PPAGE, UI_KEY_PGUP}, {KEY_NPAGE, UI_KEY_PGDN},
    {KEY_HOME, UI_KEY_HOME},   {KEY_END, UI_KEY_END},    {KEY_BACKSPACE, UI_KEY_BACKSPACE},
    {KEY_DC, UI_KEY_DELETE},   {KEY_IC, UI_KEY_INSERT},  {KEY_BTAB, UI_KEY_BTAB},
    {KEY_ENTER, UI_KEY_ENTER},
};

ui_key keymap_from_curses(int status, unsigned wch)
{
    if (status == KEY_CODE_YES) {
        for (size_t i = 0; i < sizeof curses_keys / sizeof curses_keys[0]; i++)
            if ((unsigned)curses_keys[i].curses == wch)
                return curses_keys[i].key;
        if (wch >= (unsigned)KEY_F(1) && wch <= (unsigned)KEY_F(24))
            return UI_KEY_F(wch - (unsigned)KEY_F0);
        return UI_KEY_OTHER;
    }
    if (wch == '\n' || wch == '\r')
        return UI_KEY_ENTER;
    if (wch == 127 || wch == 8)
        return UI_KEY_BACKSPACE;
    return wch;
}
