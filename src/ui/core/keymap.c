#include "ui/core/keymap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/sanitize.h"
#include "common/xmalloc.h"

typedef struct binding {
    ui_key key;
    size_t action; /* index into rows */
} binding;

struct keymap {
    const keymap_action **rows;
    bool *rebound; /* per row: defaults already dropped by the config */
    size_t nrows, caprows;
    binding *bind;
    size_t nbind, capbind;
};

static const struct {
    const char *name;
    ui_key key;
} named_keys[] = {
    {"space", ' '},
    {"enter", UI_KEY_ENTER},
    {"return", UI_KEY_ENTER},
    {"esc", UI_KEY_ESC},
    {"escape", UI_KEY_ESC},
    {"tab", UI_KEY_TAB},
    {"S-tab", UI_KEY_BTAB},
    {"backtab", UI_KEY_BTAB},
    {"backspace", UI_KEY_BACKSPACE},
    {"delete", UI_KEY_DELETE},
    {"del", UI_KEY_DELETE},
    {"insert", UI_KEY_INSERT},
    {"up", UI_KEY_UP},
    {"down", UI_KEY_DOWN},
    {"left", UI_KEY_LEFT},
    {"right", UI_KEY_RIGHT},
    {"pgup", UI_KEY_PGUP},
    {"pageup", UI_KEY_PGUP},
    {"pgdn", UI_KEY_PGDN},
    {"pagedown", UI_KEY_PGDN},
    {"home", UI_KEY_HOME},
    {"end", UI_KEY_END},
};

keymap *keymap_new(void)
{
    return xcalloc(1, sizeof(keymap));
}

void keymap_free(keymap *km)
{
    if (!km)
        return;
    free(km->rows);
    free(km->rebound);
    free(km->bind);
    free(km);
}

static void bind_add(keymap *km, ui_key key, size_t action)
{
    for (size_t i = 0; i < km->nbind; i++)
        if (km->bind[i].key == key && km->bind[i].action == action)
            return;
    if (km->nbind == km->capbind) {
        size_t cap = km->capbind ? km->capbind * 2 : 64;
        km->bind = xrealloc(km->bind, cap * sizeof *km->bind);
        km->capbind = cap;
    }
    km->bind[km->nbind++] = (binding){key, action};
}

/* Remove bindings matching a predicate; keeps order of the rest. */
static void bind_remove_action(keymap *km, size_t action)
{
    size_t out = 0;
    for (size_t i = 0; i < km->nbind; i++)
        if (km->bind[i].action != action)
            km->bind[out++] = km->bind[i];
    km->nbind = out;
}

static void bind_remove_key_in_context(keymap *km, ui_key key, const char *context)
{
    size_t out = 0;
    for (size_t i = 0; i < km->nbind; i++) {
        const keymap_action *a = km->rows[km->bind[i].action];
        if (km->bind[i].key == key && strcmp(a->context, context) == 0)
            continue;
        km->bind[out++] = km->bind[i];
    }
    km->nbind = out;
}

/* Split a key list ("j, down" or "C-k F5") and call fn for each key name.
 * A lone "," is a key of its own. */
static bool for_each_key_name(const char *list, bool (*fn)(const char *, void *), void *ctx)
{
    if (strcmp(list, ",") == 0 || strcmp(list, " ") == 0)
        return fn(list, ctx);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    char *save = NULL;
    bool ok = true;
    for (char *w = strtok_r(buf, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save))
        ok = fn(w, ctx) && ok;
    return ok;
}

typedef struct bind_ctx {
    keymap *km;
    size_t action;
    bool replace_in_context;
    strbuf *err;
} bind_ctx;

static bool bind_one_name(const char *name, void *vctx)
{
    bind_ctx *c = vctx;
    ui_key key;
    if (!keymap_parse_key(name, &key)) {
        if (c->err)
            sb_printf(c->err, "unknown key name '%s'", name);
        return false;
    }
    if (c->replace_in_context)
        bind_remove_key_in_context(c->km, key, c->km->rows[c->action]->context);
    bind_add(c->km, key, c->action);
    return true;
}

bool keymap_register(keymap *km, const keymap_action *rows, size_t n)
{
    if (km->nrows + n > km->caprows) {
        size_t cap = km->caprows ? km->caprows : 32;
        while (cap < km->nrows + n)
            cap *= 2;
        km->rows = xrealloc(km->rows, cap * sizeof *km->rows);
        km->rebound = xrealloc(km->rebound, cap * sizeof *km->rebound);
        km->caprows = cap;
    }
    for (size_t i = 0; i < n; i++) {
        size_t idx = km->nrows++;
        km->rows[idx] = &rows[i];
        km->rebound[idx] = false;
        bind_ctx c = {km, idx, false, NULL};
        if (rows[i].keys && *rows[i].keys && !for_each_key_name(rows[i].keys, bind_one_name, &c))
            return false;
    }
    return true;
}

static long action_index(const keymap *km, const char *name)
{
    for (size_t i = 0; i < km->nrows; i++)
        if (strcmp(km->rows[i]->name, name) == 0)
            return (long)i;
    return -1;
}

const keymap_action *keymap_find_action(const keymap *km, const char *name)
{
    long i = action_index(km, name);
    return i < 0 ? NULL : km->rows[i];
}

bool keymap_bind_config(keymap *km, const char *lhs, const char *rhs, strbuf *err)
{
    long idx = action_index(km, rhs);
    const char *keys = lhs;
    if (idx < 0) {
        idx = action_index(km, lhs);
        keys = rhs;
    }
    if (idx < 0) {
        sb_printf(err, "[keys] %s = %s: unknown action", lhs, rhs);
        return false;
    }
    /* Validate every key name before changing anything. */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", keys);
    if (strcmp(keys, ",") != 0) {
        char *save = NULL;
        for (char *w = strtok_r(buf, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save)) {
            ui_key k;
            if (!keymap_parse_key(w, &k)) {
                sb_printf(err, "[keys] %s = %s: unknown key name '%s'", lhs, rhs, w);
                return false;
            }
        }
    }
    if (!km->rebound[idx]) {
        bind_remove_action(km, (size_t)idx);
        km->rebound[idx] = true;
    }
    bind_ctx c = {km, (size_t)idx, true, err};
    return for_each_key_name(keys, bind_one_name, &c);
}

const keymap_action *keymap_lookup(const keymap *km, ui_key key, const char *const *contexts,
                                   size_t ncontexts)
{
    for (size_t c = 0; c < ncontexts; c++) {
        for (size_t i = 0; i < km->nbind; i++) {
            const keymap_action *a = km->rows[km->bind[i].action];
            if (km->bind[i].key == key && strcmp(a->context, contexts[c]) == 0)
                return a;
        }
    }
    return NULL;
}

size_t keymap_count(const keymap *km)
{
    return km->nrows;
}

const keymap_action *keymap_at(const keymap *km, size_t index)
{
    return index < km->nrows ? km->rows[index] : NULL;
}

void keymap_keys_text(const keymap *km, const keymap_action *a, char *buf, size_t size)
{
    long idx = action_index(km, a->name);
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; idx >= 0 && i < km->nbind; i++) {
        if (km->bind[i].action != (size_t)idx)
            continue;
        char name[32];
        keymap_key_name(km->bind[i].key, name, sizeof name);
        int n = snprintf(buf + len, size - len, "%s%s", len ? "/" : "", name);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
}

bool keymap_parse_key(const char *name, ui_key *out)
{
    if (!name || !*name)
        return false;
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
        if (strcasecmp(name, named_keys[i].name) == 0) {
            *out = named_keys[i].key;
            return true;
        }
    }
    if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
        int c = tolower((unsigned char)name[2]);
        if (c >= 'a' && c <= 'z') {
            *out = (ui_key)(c & 0x1f);
            return true;
        }
        if (c == ' ' || c == '@') {
            *out = 0;
            return true;
        }
        return false;
    }
    if ((name[0] == 'F' || name[0] == 'f') && isdigit((unsigned char)name[1])) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (*end || n < 1 || n > 24)
            return false;
        *out = UI_KEY_F(n);
        return true;
    }
    /* A single printable character (UTF-8). */
    unsigned cp;
    size_t len = strlen(name);
    size_t used = utf8_decode(name, len, &cp);
    if (used != len || cp < 0x20 || cp == 0x7f || cp == 0xFFFD)
        return false;
    *out = cp;
    return true;
}

void keymap_key_name(ui_key key, char *buf, size_t size)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
        if (named_keys[i].key == key) {
            snprintf(buf, size, "%s", named_keys[i].name);
            return;
        }
    }
    if (key & UI_KEY_FN) {
        if (key > UI_KEY_F0 && key <= UI_KEY_F(24))
            snprintf(buf, size, "F%u", (unsigned)(key - UI_KEY_F0));
        else
            snprintf(buf, size, "key%u", (unsigned)(key & ~UI_KEY_FN));
        return;
    }
    if (key == 0) { /* C-@ / C-space: the name parses back */
        snprintf(buf, size, "C-@");
        return;
    }
    if (key < 0x20) {
        snprintf(buf, size, "C-%c", (char)('a' + key - 1));
        return;
    }
    char u[5] = {0};
    utf8_encode(key, u);
    snprintf(buf, size, "%s", u);
}
