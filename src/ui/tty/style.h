/* A theme turned into curses attributes for the terminal at hand. */
#ifndef PEXCON_UI_STYLE_H
#define PEXCON_UI_STYLE_H

#include <curses.h>

#include "ui/tty/term.h"
#include "ui/theme/theme.h"

/* Allocate colour pairs for every slot of `t`. With caps->color false (no
 * colour terminal, NO_COLOR, --no-color) only attributes are used, and
 * slots that would otherwise be indistinguishable from normal text take a
 * fallback attribute (reverse, bold, underline) so nothing relies on colour. */
void style_apply(const theme *t, const term_caps *caps);

/* The attributes (colour pair included) of one slot. */
attr_t style_attr(theme_slot s);

/* Colour pair number of one slot (0 without colour). */
short style_pair(theme_slot s);

#endif
