/* pexcon: with a verb, batch mode (`pexcon get conferences`); without one,
 * the live console. Global options come before the verb. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "config/config.h"
#include "demo/demo.h"
#include "ui/ui.h"

/* The console; with --demo against a simulated node started here first
 * (a copy of the config carries its URL and credentials). */
static int run_console(const pexcon_config *cfg)
{
    if (!cfg->demo)
        return ui_run(cfg);
    pexcon_config effective = *cfg;
    strbuf err = STRBUF_INIT;
    demo *d = demo_start(&effective, &err);
    if (!d) {
        fprintf(stderr, "pexcon: demo: %s\n", sb_str(&err));
        sb_free(&err);
        return 1;
    }
    sb_free(&err);
    int status = ui_run(&effective);
    demo_stop(d);
    return status;
}

int main(int argc, char **argv)
{
    xmalloc_install_json(); /* before any JSON: one allocation policy */
    setlocale(LC_ALL, "");
    pexcon_config cfg;
    memset(&cfg, 0, sizeof cfg);
    strbuf err = STRBUF_INIT;
    int verb_index = argc;
    int status;

    if (config_load(&cfg, argc, argv, &verb_index, &err) != 0) {
        fprintf(stderr, "pexcon: %s\n", sb_str(&err));
        status = 2; /* usage or configuration: nothing was sent */
    } else if (cfg.show_version) {
        printf("pexcon %s\n", PEXCON_VERSION);
        status = 0;
    } else if (cfg.show_help && verb_index >= argc) {
        cli_usage(stdout);
        status = 0;
    } else if (cfg.show_help) {
        /* `pexcon --help get` means `pexcon get --help`. */
        char *help_argv[] = {argv[verb_index], "--help", NULL};
        status = cli_run(&cfg, 2, help_argv);
    } else if (verb_index < argc) {
        status = cli_run(&cfg, argc - verb_index, argv + verb_index);
    } else {
        status = run_console(&cfg);
    }
    sb_free(&err);
    config_free(&cfg);
    return status;
}
