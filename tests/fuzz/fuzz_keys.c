/* Key names and [keys] lines, and theme files: the console's own parsers
 * of what a user writes. Checks: a parsed key's name parses back to the
 * same key; a binding line either binds or says why; a theme text never
 * leaves a style out of its slot range. */
#include <string.h>

#include "fuzz.h"
#include "ui/core/keymap.h"
#include "ui/theme/theme.h"

static void run(struct ui_app *app)
{
    (void)app;
}

static const keymap_action rows[] = {
    {"quit", "q", "global", "Quit", run},
    {"filter", "/", "list", "Filter", run},
    {"participant.mute", "m", "participants", "Mute", run},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size);
    ui_key k;
    if (keymap_parse_key(s, &k)) {
        char name[64];
        ui_key back;
        keymap_key_name(k, name, sizeof name);
        FUZZ_CHECK(keymap_parse_key(name, &back) && back == k);
    }
    keymap *km = keymap_new();
    FUZZ_CHECK(km && keymap_register(km, rows, sizeof rows / sizeof rows[0]));
    char *eq = strchr(s, '=');
    if (eq) {
        *eq = '\0';
        strbuf err = STRBUF_INIT;
        bool ok = keymap_bind_config(km, s, eq + 1, &err);
        FUZZ_CHECK(ok || err.len > 0);
        sb_free(&err);
        *eq = '=';
    }
    keymap_free(km);
    theme t;
    theme_builtin_default(&t);
    strbuf err = STRBUF_INIT;
    theme_parse_text(s, &t, &err, NULL, 0, NULL);
    for (int i = 0; i < SLOT_COUNT; i++)
        FUZZ_CHECK(t.slot[i].attrs < 0x10000u);
    sb_free(&err);
    free(s);
    return 0;
}
