#include "cli/args.h"

#include "common/sanitize.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void args_error(const char *verb, const char *what, const char *arg)
{
    char clean[256];
    sanitize_into(clean, sizeof clean, arg);
    fprintf(stderr, "pexcon %s: %s '%s' (see pexcon %s --help)\n", verb, what, clean, verb);
}

static const cli_option *find_long(const cli_option *spec, size_t nspec, const char *name,
                                   size_t len, size_t *index)
{
    for (size_t i = 0; i < nspec; i++) {
        if (strlen(spec[i].name) == len && strncmp(spec[i].name, name, len) == 0) {
            *index = i;
            return &spec[i];
        }
    }
    return NULL;
}

static const cli_option *find_short(const cli_option *spec, size_t nspec, char c, size_t *index)
{
    for (size_t i = 0; c && i < nspec; i++) {
        if (spec[i].short_name == c) {
            *index = i;
            return &spec[i];
        }
    }
    return NULL;
}

static int store_value(cli_option_value *v, const cli_option *opt, const char *verb,
                       const char *value)
{
    if (!opt->repeatable)
        v->count = 0;
    if (v->count == CLI_MAX_REPEAT) {
        args_error(verb, "too many uses of option", opt->name);
        return 2;
    }
    v->values[v->count++] = value;
    return 0;
}

/* One option at argv[*i]; may consume the next argument as its value. */
static int parse_option(cli_args *out, const cli_option *spec, size_t nspec, int argc, char **argv,
                        int *i)
{
    const char *verb = argv[0], *arg = argv[*i], *inline_value = NULL;
    const cli_option *opt;
    size_t index = 0;
    if (arg[1] == '-') {
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len == 4 && strncmp(name, "help", 4) == 0 && !eq) {
            out->help = true;
            return 0;
        }
        opt = find_long(spec, nspec, name, len, &index);
        inline_value = eq ? eq + 1 : NULL;
    } else {
        if (strcmp(arg, "-h") == 0) {
            out->help = true;
            return 0;
        }
        opt = arg[2] == '\0' ? find_short(spec, nspec, arg[1], &index) : NULL;
    }
    if (!opt) {
        args_error(verb, "unknown option", arg);
        return 2;
    }
    if (!opt->has_value) {
        if (inline_value) {
            args_error(verb, "option takes no value:", arg);
            return 2;
        }
        return store_value(&out->values[index], opt, verb, "");
    }
    if (!inline_value) {
        if (*i + 1 >= argc) {
            args_error(verb, "missing value for", arg);
            return 2;
        }
        inline_value = argv[++*i];
    }
    return store_value(&out->values[index], opt, verb, inline_value);
}

int cli_args_parse(cli_args *out, cli_option_value *values, const cli_option *spec, size_t nspec,
                   int argc, char **argv)
{
    memset(out, 0, sizeof *out);
    memset(values, 0, nspec * sizeof *values);
    out->values = values;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (!options_done && arg[0] == '-' && arg[1] != '\0') {
            int rc = parse_option(out, spec, nspec, argc, argv, &i);
            if (rc)
                return rc;
            continue;
        }
        if (out->npositional == CLI_MAX_POSITIONAL) {
            args_error(argv[0], "too many arguments at", arg);
            return 2;
        }
        out->positional[out->npositional++] = arg;
    }
    return 0;
}

const cli_option_value *cli_args_all(const cli_args *a, const cli_option *spec, size_t nspec,
                                     const char *name)
{
    for (size_t i = 0; i < nspec; i++) {
        if (strcmp(spec[i].name, name) == 0)
            return &a->values[i];
    }
    return NULL;
}

const char *cli_args_get(const cli_args *a, const cli_option *spec, size_t nspec, const char *name)
{
    const cli_option_value *v = cli_args_all(a, spec, nspec, name);
    return v && v->count ? v->values[v->count - 1] : NULL;
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
    char raw[512], clean[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    sanitize_into(clean, sizeof clean, raw);
    fprintf(stderr, "pexcon %s: %s (see pexcon %s --help)\n", verb, clean, verb);
    return 2;
}

#define HELP_COLUMN 26

/* The help text from `col` on, continuation lines indented to it. */
static void print_help_lines(FILE *f, int col, const char *help)
{
    for (const char *line = help; line && *line;) {
        const char *nl = strchr(line, '\n');
        int len = nl ? (int)(nl - line) : (int)strlen(line);
        fprintf(f, "%*s%.*s\n", line == help ? col : HELP_COLUMN, "", len, line);
        line = nl ? nl + 1 : NULL;
    }
}

static void print_option(FILE *f, const cli_option *o, const ops_choices *ch)
{
    char head[400], values[256] = "";
    if (o->has_value && !o->arg && ch)
        ops_choices_text(ch, "|", "|", values, sizeof values);
    const char *arg = o->has_value ? (o->arg ? o->arg : values) : "";
    if (o->short_name)
        snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->name, *arg ? " " : "",
                 arg);
    else
        snprintf(head, sizeof head, "  --%s%s%s", o->name, *arg ? " " : "", arg);
    fputs(head, f);
    int col = HELP_COLUMN - (int)strlen(head);
    if (col < 2) {
        fputc('\n', f);
        col = HELP_COLUMN;
    }
    print_help_lines(f, col, o->help);
    if (ch && !ch->strict && o->arg) {
        ops_choices_text(ch, ", ", " or ", values, sizeof values);
        fprintf(f, "%*sone of %s\n", HELP_COLUMN, "", values);
    }
    for (size_t i = 0; ch && ch->helps && !o->arg && i < ch->n; i++)
        fprintf(f, "%*s%s: %s\n", HELP_COLUMN, "", ch->values[i], ch->helps[i]);
}

void cli_print_options(FILE *f, const cli_option *spec, size_t nspec, cli_choices_fn choices,
                       const void *ctx)
{
    for (size_t i = 0; i < nspec; i++)
        print_option(f, &spec[i], choices ? choices(&spec[i], ctx) : NULL);
    static const cli_option help = {"help", 'h', false, false, NULL, "this help", NULL};
    print_option(f, &help, NULL);
}
