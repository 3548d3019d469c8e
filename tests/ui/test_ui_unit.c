/* Unit tests of the console's curses-free parts: theme files and colour
 * mapping, key names and the keymap's rebinding rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "common/sanitize.h"
#include "ui/core/keymap.h"
#include "ui/core/lineedit.h"
#include "ui/theme/theme.h"

static void test_color_parse(void **state)
{
    theme_color c;
    assert_true(theme_parse_color("red", &c));
    assert_int_equal(c.kind, TC_INDEX);
    assert_int_equal(c.value, 1);
    assert_true(theme_parse_color("bright_blue", &c));
    assert_int_equal(c.value, 12);
    assert_true(theme_parse_color("brightblue", &c));
    assert_int_equal(c.value, 12);
    assert_true(theme_parse_color("208", &c));
    assert_int_equal(c.value, 208);
    assert_true(theme_parse_color("#ff8700", &c));
    assert_int_equal(c.kind, TC_RGB);
    assert_int_equal(c.value, 0xff8700);
    assert_true(theme_parse_color("default", &c));
    assert_int_equal(c.kind, TC_DEFAULT);
    assert_false(theme_parse_color("256", &c));
    assert_false(theme_parse_color("#12345", &c));
    assert_false(theme_parse_color("purple", &c));
}

static void test_style_parse(void **state)
{
    theme_style st;
    strbuf err = STRBUF_INIT;
    assert_true(theme_parse_style("black on cyan bold underline", &st, &err));
    assert_int_equal(st.fg.value, 0);
    assert_int_equal(st.bg.value, 6);
    assert_int_equal(st.attrs, TA_BOLD | TA_UNDERLINE);
    assert_true(theme_parse_style("reverse", &st, &err));
    assert_int_equal(st.fg.kind, TC_UNSET);
    assert_int_equal(st.attrs, TA_REVERSE);
    assert_false(theme_parse_style("black on", &st, &err));
    assert_false(theme_parse_style("red blue", &st, &err));
    sb_free(&err);
}

static void test_theme_text(void **state)
{
    theme t;
    theme_builtin_default(&t);
    strbuf err = STRBUF_INIT;
    const char *text = "# comment\n"
                       "; another\n"
                       "header = white on blue bold\n"
                       "quality_bad = #ff0000\n"
                       "nonsense = red\n"
                       "status = red on\n";
    assert_false(theme_parse_text(text, &t, &err, NULL, 0, NULL));
    assert_int_equal(t.slot[SLOT_HEADER].fg.value, 7);
    assert_int_equal(t.slot[SLOT_HEADER].bg.value, 4);
    assert_int_equal(t.slot[SLOT_QUALITY_BAD].fg.kind, TC_RGB);
    assert_non_null(strstr(sb_str(&err), "line 5: unknown slot 'nonsense'"));
    assert_non_null(strstr(sb_str(&err), "line 6"));
    sb_free(&err);
}

static void test_shipped_themes(void **state)
{
    /* Every shipped theme loads without a single complaint. */
    static const char *const names[] = {"dark", "light", "basic16", "colorblind", "mono"};
    setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        theme t;
        strbuf err = STRBUF_INIT;
        assert_true(theme_load(names[i], &t, &err));
        if (err.len)
            fail_msg("%s: %s", names[i], sb_str(&err));
        sb_free(&err);
    }
    theme t;
    strbuf err = STRBUF_INIT;
    assert_false(theme_load("../etc/passwd", &t, &err));
    sb_free(&err);
    size_t n;
    char **list = theme_list(&n);
    assert_true(n >= 5);
    theme_list_free(list, n);
}

static void test_colorblind_has_no_red_green(void **state)
{
    theme t;
    strbuf err = STRBUF_INIT;
    setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
    assert_true(theme_load("colorblind", &t, &err));
    static const theme_slot states[] = {SLOT_QUALITY_GOOD,     SLOT_QUALITY_OK, SLOT_QUALITY_BAD,
                                        SLOT_QUALITY_TERRIBLE, SLOT_FLASH_NEW,  SLOT_FLASH_GONE};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        const theme_style *st = &t.slot[states[i]];
        const theme_color *cs[2] = {&st->fg, &st->bg};
        for (int k = 0; k < 2; k++) {
            if (cs[k]->kind != TC_INDEX && cs[k]->kind != TC_RGB)
                continue;
            int rgb = cs[k]->kind == TC_RGB ? cs[k]->value : theme_index_to_rgb(cs[k]->value);
            int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
            /* Pure greens (g high, r and b low) and pure reds are out. */
            assert_false(g > 150 && r < 100 && b < 100);
            assert_false(r > 150 && g < 60 && b < 60);
        }
    }
    sb_free(&err);
}

static void test_color_mapping(void **state)
{
    assert_int_equal(theme_rgb_to_256(0xff8700), 208);
    assert_int_equal(theme_rgb_to_256(0x000000), 16);
    assert_int_equal(theme_rgb_to_16(0xff0000, 16), 9);
    assert_int_equal(theme_rgb_to_16(0xcd0000, 8), 1);
    assert_int_equal(theme_index_to_rgb(196), 0xff0000);
    assert_int_equal(theme_index_to_rgb(232), 0x080808);
}

static void test_key_names(void **state)
{
    ui_key k;
    char name[32];
    assert_true(keymap_parse_key("q", &k));
    assert_int_equal(k, 'q');
    assert_true(keymap_parse_key("C-x", &k));
    assert_int_equal(k, 0x18);
    keymap_key_name(k, name, sizeof name);
    assert_string_equal(name, "C-x");
    assert_true(keymap_parse_key("F5", &k));
    assert_int_equal(k, UI_KEY_F(5));
    keymap_key_name(k, name, sizeof name);
    assert_string_equal(name, "F5");
    assert_true(keymap_parse_key("space", &k));
    assert_int_equal(k, ' ');
    assert_true(keymap_parse_key("enter", &k));
    assert_int_equal(k, UI_KEY_ENTER);
    assert_true(keymap_parse_key("S-tab", &k));
    assert_true(keymap_parse_key("\xc3\xa9", &k)); /* é */
    assert_int_equal(k, 0xe9);
    assert_false(keymap_parse_key("F99", &k));
    assert_false(keymap_parse_key("C-", &k));
    assert_false(keymap_parse_key("nonsense", &k));
    assert_int_equal(keymap_from_curses(OK, '\n'), UI_KEY_ENTER);
    assert_int_equal(keymap_from_curses(OK, 127), UI_KEY_BACKSPACE);
    /* curses' codes become the console's own */
    assert_int_equal(keymap_from_curses(KEY_CODE_YES, KEY_DOWN), UI_KEY_DOWN);
    assert_int_equal(keymap_from_curses(KEY_CODE_YES, KEY_F(5)), UI_KEY_F(5));
    assert_int_equal(keymap_from_curses(KEY_CODE_YES, KEY_BACKSPACE), UI_KEY_BACKSPACE);
    /* Every name the help shows parses back to its key (C-@ included). */
    const ui_key keys[] = {0,           0x18,         UI_KEY_UP,     UI_KEY_PGDN,
                           UI_KEY_BTAB, UI_KEY_F(12), UI_KEY_DELETE, UI_KEY_ESC,
                           ' ',         0xe9};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ui_key back;
        keymap_key_name(keys[i], name, sizeof name);
        assert_true(keymap_parse_key(name, &back));
        assert_int_equal(back, keys[i]);
    }
}

static int ran_quit, ran_down;
static void fn_quit(struct ui_app *app)
{
    ran_quit++;
}
static void fn_down(struct ui_app *app)
{
    ran_down++;
}
static const keymap_action rows[] = {
    {"quit", "q", "global", "Quit", fn_quit},
    {"down", "j, down", "list", "Down", fn_down},
    {"participant.mute", "m", "participants", "Mute", NULL},
};

/* The one line editor of the ':' line, the filter and the prompt fields. */
static void test_line_edit(void **state)
{
    (void)state;
    char t[16] = "";
    const char *typed = "theme d\xc3\xa9 x";
    for (const char *p = typed; *p;) {
        unsigned cp;
        size_t n = utf8_decode(p, strlen(p), &cp);
        assert_true(line_edit_key(t, sizeof t, cp));
        p += n;
    }
    assert_string_equal(t, "theme d\xc3\xa9 x");
    assert_true(line_edit_key(t, sizeof t, 0x17)); /* C-w: the last word */
    assert_string_equal(t, "theme d\xc3\xa9 ");
    assert_true(line_edit_key(t, sizeof t, UI_KEY_BACKSPACE));
    assert_true(line_edit_key(t, sizeof t, UI_KEY_BACKSPACE)); /* a whole é */
    assert_string_equal(t, "theme d");
    assert_true(line_edit_key(t, sizeof t, 0x15)); /* C-u */
    assert_string_equal(t, "");
    for (int i = 0; i < 40; i++) /* full: the rest is dropped */
        assert_true(line_edit_key(t, sizeof t, 'a'));
    assert_int_equal(strlen(t), sizeof t - 1);
    assert_false(line_edit_key(t, sizeof t, UI_KEY_UP));
    assert_false(line_edit_key(t, sizeof t, UI_KEY_ENTER));
}

static void test_keymap_rebind(void **state)
{
    keymap *km = keymap_new();
    assert_true(keymap_register(km, rows, 3));
    const char *ctx[] = {"participants", "list", "global"};
    assert_ptr_equal(keymap_lookup(km, 'q', ctx, 3), &rows[0]);
    assert_ptr_equal(keymap_lookup(km, UI_KEY_DOWN, ctx, 3), &rows[1]);
    assert_ptr_equal(keymap_lookup(km, 'm', ctx, 3), &rows[2]);
    /* Outside the participants pane, m means nothing. */
    assert_null(keymap_lookup(km, 'm', ctx + 1, 2));

    strbuf err = STRBUF_INIT;
    /* "quit = Q" (action = key) replaces the default key... */
    assert_true(keymap_bind_config(km, "quit", "Q", &err));
    assert_null(keymap_lookup(km, 'q', ctx, 3));
    assert_ptr_equal(keymap_lookup(km, 'Q', ctx, 3), &rows[0]);
    /* ...and "C-c = quit" (key = action) adds to it. */
    assert_true(keymap_bind_config(km, "C-c", "quit", &err));
    assert_ptr_equal(keymap_lookup(km, 0x03, ctx, 3), &rows[0]);
    assert_ptr_equal(keymap_lookup(km, 'Q', ctx, 3), &rows[0]);
    char text[64];
    keymap_keys_text(km, &rows[0], text, sizeof text);
    assert_string_equal(text, "Q/C-c");
    /* A key moves from one action to another of the same context. */
    assert_true(keymap_bind_config(km, "down", "n", &err));
    assert_ptr_equal(keymap_lookup(km, 'n', ctx, 3), &rows[1]);
    assert_null(keymap_lookup(km, 'j', ctx, 3));
    /* Errors are reported and change nothing. */
    assert_false(keymap_bind_config(km, "frobnicate", "x", &err));
    assert_non_null(strstr(sb_str(&err), "unknown action"));
    sb_reset(&err);
    assert_false(keymap_bind_config(km, "quit", "C-", &err));
    assert_non_null(strstr(sb_str(&err), "unknown key name"));
    assert_ptr_equal(keymap_lookup(km, 'Q', ctx, 3), &rows[0]);
    sb_free(&err);
    keymap_free(km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_color_parse),
        cmocka_unit_test(test_style_parse),
        cmocka_unit_test(test_theme_text),
        cmocka_unit_test(test_shipped_themes),
        cmocka_unit_test(test_colorblind_has_no_red_green),
        cmocka_unit_test(test_color_mapping),
        cmocka_unit_test(test_key_names),
        cmocka_unit_test(test_keymap_rebind),
        cmocka_unit_test(test_line_edit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
