/* The modal prompt's state, shared by its key handling (prompt.c) and its
 * drawing (render_prompt.c). Private to those two files. */
#ifndef PEXCON_UI_PROMPT_INTERNAL_H
#define PEXCON_UI_PROMPT_INTERNAL_H

#include "ui/widgets/prompt.h"

#define CAND_MAX 1024   /* candidates one completion source may offer */
#define POPUP_LINES 8   /* matches listed above a form prompt */
#define PICKER_WIDTH 72 /* preferred width of a picker box */

typedef enum prompt_kind { PK_NONE, PK_CONFIRM, PK_FORM, PK_PICKER } prompt_kind;

typedef struct form_field {
    char label[200];
    char initial[PROMPT_TEXT_MAX];
    const char *const *choices;
    size_t nchoices;
    bool required;
    prompt_complete_fn complete;
} form_field;

typedef struct picker_entry {
    char *value, *label, *desc;
} picker_entry;

struct prompt_state {
    prompt_kind kind;
    void *ctx;
    prompt_confirm_cb confirm_cb;
    prompt_form_cb form_cb;
    prompt_pick_cb pick_cb;
    char question[400]; /* confirmation text, or picker title */

    /* form */
    form_field fields[PROMPT_MAX_FIELDS];
    size_t nfields, current;
    char values[PROMPT_MAX_FIELDS][PROMPT_TEXT_MAX];
    char text[PROMPT_TEXT_MAX];
    bool cycling; /* repeated Tab walks through the matches of cycle_base */
    char cycle_base[PROMPT_TEXT_MAX];
    size_t cycle_index;
    prompt_candidate *cands; /* every candidate of the current field */
    size_t ncands;
    size_t *match; /* indexes into cands matching the text (or cycle_base) */
    size_t nmatch;
    bool prefix_matches; /* the matches are prefix matches (Tab may extend) */
    char cand_status[160];

    /* picker (shown: indexes of the items matching the typed filter) */
    picker_entry *items;
    size_t nitems;
    size_t *shown;
    size_t nshown, sel, top;
};

/* The app's modal prompt state (app->modal). */
prompt_state *prompt_state_of(struct ui_app *app);

#endif
