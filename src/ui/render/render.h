/* Drawing a frame (render.c): the only drawing of the screen besides the tty layer. */
#ifndef PEXCON_UI_RENDER_H
#define PEXCON_UI_RENDER_H

#include "ui/core/app.h"

/* ---- render.c ---- */
void render_frame(ui_app *app);

#endif
