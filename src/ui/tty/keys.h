/* The keys the terminal delivers, in the console's own codes (no curses
 * header needed to name one), and the mapping from curses' codes. */
#ifndef PEXCON_UI_TTY_KEYS_H
#define PEXCON_UI_TTY_KEYS_H

#include <stdint.h>

/* A key: a Unicode code point, or one of the function keys below (with
 * UI_KEY_FN set). The console's own codes: no curses header is needed to
 * name a key; keymap_from_curses (keys.c) maps curses'
 * codes onto these. */
typedef uint32_t ui_key;
#define UI_KEY_FN 0x80000000u
#define UI_KEY_ENTER ((ui_key)'\r')
#define UI_KEY_ESC ((ui_key)27)
#define UI_KEY_TAB ((ui_key)'\t')
#define UI_KEY_UP ((ui_key)(UI_KEY_FN | 1u))
#define UI_KEY_DOWN ((ui_key)(UI_KEY_FN | 2u))
#define UI_KEY_LEFT ((ui_key)(UI_KEY_FN | 3u))
#define UI_KEY_RIGHT ((ui_key)(UI_KEY_FN | 4u))
#define UI_KEY_PGUP ((ui_key)(UI_KEY_FN | 5u))
#define UI_KEY_PGDN ((ui_key)(UI_KEY_FN | 6u))
#define UI_KEY_HOME ((ui_key)(UI_KEY_FN | 7u))
#define UI_KEY_END ((ui_key)(UI_KEY_FN | 8u))
#define UI_KEY_BACKSPACE ((ui_key)(UI_KEY_FN | 9u))
#define UI_KEY_DELETE ((ui_key)(UI_KEY_FN | 10u))
#define UI_KEY_INSERT ((ui_key)(UI_KEY_FN | 11u))
#define UI_KEY_BTAB ((ui_key)(UI_KEY_FN | 12u))
#define UI_KEY_OTHER ((ui_key)(UI_KEY_FN | 13u)) /* a function key the console gives no name */
#define UI_KEY_F0 (UI_KEY_FN | 0x100u)
#define UI_KEY_F(n) ((ui_key)(UI_KEY_F0 + (unsigned)(n))) /* F1 .. F24 */

/* What curses get_wch returned, as a ui_key (Enter variants to '\r',
 * Backspace variants to UI_KEY_BACKSPACE). */
ui_key keymap_from_curses(int status, unsigned wch);

#endif
