/* Keys: the built-in actions and the key router (actions.c). */
#ifndef PEXCON_UI_ACTIONS_H
#define PEXCON_UI_ACTIONS_H

#include "ui/core/app.h"

/* ---- actions.c ---- */
void actions_register(ui_app *app);
void actions_handle_key(ui_app *app, ui_key key);

#endif
