/* The ':' command line: a table of commands with Tab completion of command
 * names and of their argument (theme names). Every view's name is a
 * command as well (":conferences", ":participants", and any view added to
 * the registry later). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sanitize.h"
#include "ui/core/app.h"
#include "ui/input/commands.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ui_command {
    const char *name;
    const char *args; /* for the help text, NULL when none */
    bool (*complete_arg)(ui_app *app, const char *prefix, char ***out, size_t *n);
    void (*run)(ui_app *app, const char *arg);
    const char *help;  /* the help overlay's line */
    const char *alias; /* this row is another name of that command (help lists it there) */
} ui_command;

static void cmd_quit(ui_app *app, const char *arg)
{
    app_quit(app, 0);
}

static void cmd_theme(ui_app *app, const char *arg)
{
    if (!arg || !*arg) {
        app_message(app, MSG_INFO, "Theme: %s (:theme NAME to change)", app->theme.name);
        return;
    }
    app_set_theme(app, arg);
}

static void cmd_refresh(ui_app *app, const char *arg)
{
    char *end = NULL;
    double s = arg ? strtod(arg, &end) : 0;
    if (!arg || !*arg || end == arg || *end || s < 0.5 || s > 3600) {
        app_message(app, MSG_WARNING, "Usage: :refresh SECONDS (0.5 to 3600); now %.1f s",
                    app->refresh_s);
        return;
    }
    app->refresh_s = s;
    app_message(app, MSG_INFO, "Refreshing every %g s", s);
}

static void cmd_help(ui_app *app, const char *arg)
{
    app->help_open = true;
    app->help_scroll = 0;
}

static bool complete_theme(ui_app *app, const char *prefix, char ***out, size_t *n)
{
    *out = theme_list(n);
    return true;
}

static const ui_command commands[] = {
    {"quit", NULL, NULL, cmd_quit, "Quit pexcon", NULL},
    {"q", NULL, NULL, cmd_quit, NULL, "quit"},
    {"theme", "NAME", complete_theme, cmd_theme, "Switch theme", NULL},
    {"refresh", "SECONDS", NULL, cmd_refresh, "Change the refresh interval", NULL},
    {"help", NULL, NULL, cmd_help, "Show this help", NULL},
};

size_t commands_help(char (*keys)[64], const char **texts, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < COUNT(commands) && n < max; i++) {
        const ui_command *c = &commands[i];
        if (c->alias)
            continue;
        int len =
            snprintf(keys[n], 64, ":%s%s%s", c->name, c->args ? " " : "", c->args ? c->args : "");
        for (size_t j = 0; j < COUNT(commands) && len > 0 && len < 64; j++)
            if (commands[j].alias && strcmp(commands[j].alias, c->name) == 0)
                len += snprintf(keys[n] + len, 64 - (size_t)len, ", :%s", commands[j].name);
        texts[n++] = c->help;
    }
    return n;
}

bool commands_run(ui_app *app, const char *line)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", line);
    char *cmd = buf;
    while (isspace((unsigned char)*cmd))
        cmd++;
    char *arg = cmd;
    while (*arg && !isspace((unsigned char)*arg))
        arg++;
    if (*arg) {
        *arg++ = '\0';
        while (isspace((unsigned char)*arg))
            arg++;
        char *e = arg + strlen(arg);
        while (e > arg && isspace((unsigned char)e[-1]))
            *--e = '\0';
    }
    if (!*cmd)
        return true;
    for (size_t i = 0; i < COUNT(commands); i++) {
        if (strcmp(commands[i].name, cmd) == 0) {
            commands[i].run(app, arg);
            app_dirty(app);
            return true;
        }
    }
    for (size_t i = 0; i < ui_view_class_count; i++) {
        const ui_view_class *cls = ui_view_classes[i];
        if (!cls->sub_view && strcmp(cls->name, cmd) == 0) {
            nav_show_view(app, cls);
            ui_view *v = app_view(app, cls);
            if (v && cls->on_command)
                cls->on_command(app, v, arg);
            else if (*arg)
                app_message(app, MSG_WARNING, ":%s takes no argument", cls->name);
            app_dirty(app);
            return true;
        }
    }
    char shown[80];
    sanitize_into(shown, sizeof shown, cmd);
    app_message(app, MSG_WARNING, "Unknown command ':%s' (Tab completes, ? lists)", shown);
    return false;
}

/* All names completing `prefix`, in table order; caller frees the array
 * (not the strings, which are static or owned by `owned`). */
static size_t command_candidates(const char *prefix, const char **out, size_t max)
{
    size_t n = 0, len = strlen(prefix);
    for (size_t i = 0; i < COUNT(commands) && n < max; i++)
        if (strncmp(commands[i].name, prefix, len) == 0 && strlen(commands[i].name) > 1)
            out[n++] = commands[i].name;
    for (size_t i = 0; i < ui_view_class_count && n < max; i++)
        if (!ui_view_classes[i]->sub_view && strncmp(ui_view_classes[i]->name, prefix, len) == 0)
            out[n++] = ui_view_classes[i]->name;
    return n;
}

/* Put the next of the n (> 0) candidates, cycling on repeated Tab, after
 * the first `keep` characters of the base text, followed by `suffix`; with
 * several, list them all on the status line. */
static void complete_pick(ui_app *app, int keep, const char *const *cands, size_t n,
                          const char *suffix)
{
    ui_prompt *p = &app->prompt;
    const char *pick = cands[p->completion_index % (int)n];
    snprintf(p->text, sizeof p->text, "%.*s%s%s", keep, p->completion_base, pick, suffix);
    p->len = strlen(p->text);
    p->completion_index++;
    if (n > 1) {
        char list[256] = "";
        for (size_t i = 0; i < n; i++) {
            strncat(list, cands[i], sizeof list - strlen(list) - 2);
            strncat(list, " ", sizeof list - strlen(list) - 1);
        }
        app_message(app, MSG_INFO, "%s", list);
    }
}

/* A view command's argument words (":history lo" -> ":history loss"). */
static void complete_view_argument(ui_app *app, const char *base, size_t cmdlen, const char *argp)
{
    for (size_t i = 0; i < ui_view_class_count; i++) {
        const ui_view_class *cls = ui_view_classes[i];
        if (!cls->arg_words || strlen(cls->name) != cmdlen || strncmp(cls->name, base, cmdlen) != 0)
            continue;
        const char *matches[16];
        size_t n = 0;
        for (const char *const *w = cls->arg_words; *w && n < COUNT(matches); w++)
            if (strncmp(*w, argp, strlen(argp)) == 0)
                matches[n++] = *w;
        if (n > 0)
            complete_pick(app, (int)cmdlen + 1, matches, n, "");
        return;
    }
}

void commands_complete(ui_app *app)
{
    ui_prompt *p = &app->prompt;
    /* Repeated Tab cycles through the candidates of the text as it was
     * before the first Tab. */
    if (p->completion_index == 0)
        snprintf(p->completion_base, sizeof p->completion_base, "%s", p->text);
    const char *base = p->completion_base;
    const char *space = strchr(base, ' ');
    if (!space) {
        const char *cands[64];
        size_t n = command_candidates(base, cands, COUNT(cands));
        if (n > 0)
            complete_pick(app, 0, cands, n, n == 1 ? " " : "");
        return;
    }
    size_t cmdlen = (size_t)(space - base);
    const char *argp = space + 1;
    while (*argp == ' ')
        argp++;
    for (size_t i = 0; i < COUNT(commands); i++) {
        if (strlen(commands[i].name) != cmdlen || strncmp(commands[i].name, base, cmdlen) != 0 ||
            !commands[i].complete_arg)
            continue;
        char **names = NULL;
        size_t count = 0;
        commands[i].complete_arg(app, argp, &names, &count);
        const char *matches[64];
        size_t n = 0;
        for (size_t k = 0; k < count && n < COUNT(matches); k++)
            if (strncmp(names[k], argp, strlen(argp)) == 0)
                matches[n++] = names[k];
        /* Keep the command and the one space after it. */
        if (n > 0)
            complete_pick(app, (int)cmdlen + 1, matches, n, "");
        theme_list_free(names, count);
        return;
    }
    complete_view_argument(app, base, cmdlen, argp);
}
