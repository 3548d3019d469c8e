/* Unit tests: config_load (profiles, flags, XDG path, permissions, password
 * sources, [keys], URL rules, sanitized messages). Each test gets its own temporary
 * XDG_CONFIG_HOME. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

typedef struct fixture {
    char dir[64];
    char path[128]; /* $dir/pexcon/config.ini */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        abort();
    strcpy(f->dir, "/tmp/pexcon-cfg-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char sub[100];
    snprintf(sub, sizeof sub, "%s/pexcon", f->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(f->path, sizeof f->path, "%s/config.ini", sub);
    setenv("XDG_CONFIG_HOME", f->dir, 1);
    unsetenv("PEXCON_PASSWORD");
    unsetenv("PEXCON_PROFILE");
    unsetenv("NO_COLOR");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    char sub[100];
    snprintf(sub, sizeof sub, "%s/pexcon", f->dir);
    rmdir(sub);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void write_config(const fixture *f, const char *text, mode_t mode)
{
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(f->path, mode), 0);
}

/* Run config_load over a NULL-terminated argument list. */
static int load(pexcon_config *cfg, strbuf *err, int *verb, ...)
{
    char *argv[32] = {"pexcon"};
    int argc = 1;
    va_list ap;
    va_start(ap, verb);
    for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 31;)
        argv[argc++] = a;
    va_end(ap);
    sb_reset(err);
    return config_load(cfg, argc, argv, verb, err);
}

static void test_defaults_without_file(void **state)
{
    (void)state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb = -1;
    assert_int_equal(load(&cfg, &err, &verb, "status", "--x", NULL), 0);
    assert_int_equal(verb, 1);
    assert_null(cfg.config_path);
    assert_null(cfg.profile);
    assert_null(cfg.url);
    assert_int_equal(cfg.page_size, 500);
    assert_true(cfg.refresh == 2.0);
    assert_true(cfg.timeout_s == 30.0);
    assert_false(cfg.insecure);
    config_free(&cfg);
    sb_free(&err);
}

static const char *two_profiles = "[pexcon]\n"
                                  "default_profile = lab\n"
                                  "\n"
                                  "[profile lab]\n"
                                  "url = mgr.lab.example.com:8443/\n"
                                  "user = admin\n"
                                  "page_size = 200\n"
                                  "read_only = yes\n"
                                  "refresh = 5\n"
                                  "theme = dark\n"
                                  "\n"
                                  "[prod]\n"
                                  "url = https://mgr.prod.example.com\n"
                                  "user = ops\n"
                                  "ca_file = /etc/prod-ca.pem\n"
                                  "timeout = 12.5\n"
                                  "\n"
                                  "[keys]\n"
                                  "m = participant.mute\n"
                                  "q = quit\n";

static void test_default_profile_and_keys(void **state)
{
    fixture *f = *state;
    write_config(f, two_profiles, 0644);
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, NULL), 0);
    assert_int_equal(verb, 1);
    assert_string_equal(cfg.config_path, f->path);
    assert_string_equal(cfg.profile, "lab");
    assert_string_equal(cfg.url, "https://mgr.lab.example.com:8443");
    assert_string_equal(cfg.user, "admin");
    assert_int_equal(cfg.page_size, 200);
    assert_true(cfg.read_only);
    assert_true(cfg.refresh == 5.0);
    assert_string_equal(cfg.theme, "dark");
    assert_null(cfg.ca_file);
    assert_int_equal(cfg.nkeys, 2);
    assert_string_equal(cfg.keys[0].key, "m");
    assert_string_equal(config_key_action(&cfg, "m"), "participant.mute");
    assert_string_equal(config_key_action(&cfg, "q"), "quit");
    assert_null(config_key_action(&cfg, "z"));
    config_free(&cfg);
    sb_free(&err);
}

static void test_profile_flag_and_overrides(void **state)
{
    fixture *f = *state;
    write_config(f, two_profiles, 0644);
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "prod", "--user=someone", "--page-size",
                          "50", "--read-only", "list", "participants", NULL),
                     0);
    assert_int_equal(verb, 7);
    assert_string_equal(cfg.profile, "prod");
    assert_string_equal(cfg.url, "https://mgr.prod.example.com");
    assert_string_equal(cfg.user, "someone"); /* flag beats file */
    assert_string_equal(cfg.ca_file, "/etc/prod-ca.pem");
    assert_true(cfg.timeout_s == 12.5);
    assert_int_equal(cfg.page_size, 50);
    assert_true(cfg.read_only);
    config_free(&cfg);

    setenv("PEXCON_PROFILE", "prod", 1);
    assert_int_equal(load(&cfg, &err, &verb, "--url", "https://other/", NULL), 0);
    assert_string_equal(cfg.profile, "prod");
    assert_string_equal(cfg.url, "https://other");
    config_free(&cfg);
    unsetenv("PEXCON_PROFILE");
    sb_free(&err);
}

static void test_unknown_profile(void **state)
{
    fixture *f = *state;
    write_config(f, two_profiles, 0644);
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "nope", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "profile 'nope' not found"));
    config_free(&cfg);
    sb_free(&err);
}

static void test_usage_errors(void **state)
{
    (void)state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--bogus", NULL), 2);
    assert_non_null(strstr(sb_str(&err), "unknown option '--bogus'"));
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--url", NULL), 2);
    assert_non_null(strstr(sb_str(&err), "needs a value"));
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--page-size", "0", NULL), 2);
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--timeout", "abc", NULL), 2);
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--insecure=1", NULL), 2);
    config_free(&cfg);
    /* No password on the command line, ever. */
    assert_int_equal(load(&cfg, &err, &verb, "--password", "x", NULL), 2);
    assert_non_null(strstr(sb_str(&err), "PEXCON_PASSWORD"));
    config_free(&cfg);
    /* "--" ends the options. */
    assert_int_equal(load(&cfg, &err, &verb, "--demo", "--", "--not-an-option", NULL), 0);
    assert_int_equal(verb, 3);
    assert_true(cfg.demo);
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--help", NULL), 0);
    assert_true(cfg.show_help);
    config_free(&cfg);
    sb_free(&err);
}

static void test_xdg_path(void **state)
{
    fixture *f = *state;
    char *p = config_default_path();
    assert_non_null(p);
    char want[160];
    snprintf(want, sizeof want, "%s/pexcon/config.ini", f->dir);
    assert_string_equal(p, want);
    free(p);

    unsetenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *saved = home ? strdup(home) : NULL;
    setenv("HOME", "/home/someone", 1);
    p = config_default_path();
    assert_string_equal(p, "/home/someone/.config/pexcon/config.ini");
    free(p);
    if (saved)
        setenv("HOME", saved, 1);
    free(saved);
    setenv("XDG_CONFIG_HOME", f->dir, 1);
}

static void test_explicit_config_file(void **state)
{
    fixture *f = *state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--config", "/nonexistent/pexcon.ini", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "/nonexistent/pexcon.ini"));
    config_free(&cfg);

    write_config(f, "[x]\nurl=https://x.example\n", 0600);
    unsetenv("XDG_CONFIG_HOME");
    assert_int_equal(load(&cfg, &err, &verb, "--config", f->path, "--profile", "x", NULL), 0);
    assert_string_equal(cfg.url, "https://x.example");
    config_free(&cfg);
    setenv("XDG_CONFIG_HOME", f->dir, 1);

    write_config(f, "[x]\nurl = https://x.example\nthis line is wrong\n", 0600);
    assert_int_equal(load(&cfg, &err, &verb, NULL), 1);
    assert_non_null(strstr(sb_str(&err), "line 3"));
    config_free(&cfg);
    sb_free(&err);
}

static void test_password_file_permissions(void **state)
{
    fixture *f = *state;
    const char *text = "[profile lab]\nurl = https://lab\nuser = admin\npassword = hunter2\n";
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;

    write_config(f, text, 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "lab", NULL), 1);
    char want[200];
    snprintf(want, sizeof want, "chmod 600 %s", f->path);
    assert_non_null(strstr(sb_str(&err), want));
    assert_null(strstr(sb_str(&err), "hunter2"));
    config_free(&cfg);

    write_config(f, text, 0640);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "lab", NULL), 1);
    config_free(&cfg);

    write_config(f, text, 0600);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "lab", NULL), 0);
    assert_string_equal(cfg.password, "hunter2");
    config_free(&cfg);
    assert_null(cfg.password);

    /* PEXCON_PASSWORD wins over the file. */
    setenv("PEXCON_PASSWORD", "from-env", 1);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "lab", NULL), 0);
    assert_string_equal(cfg.password, "from-env");
    config_free(&cfg);
    unsetenv("PEXCON_PASSWORD");
    sb_free(&err);
}

static void test_password_command(void **state)
{
    fixture *f = *state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;

    /* A world-readable file is fine when it holds no password. */
    write_config(f, "[a]\nurl = https://a\npassword_command = printf 's3cret\\nline2\\n'\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 0);
    assert_string_equal(cfg.password, "s3cret");
    config_free(&cfg);

    write_config(f, "[a]\nurl = https://a\npassword_command = exit 3\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "exit status 3"));
    config_free(&cfg);

    write_config(f, "[a]\npassword_command = true\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "no password"));
    config_free(&cfg);

    /* With PEXCON_PASSWORD set, the command is not run at all. */
    setenv("PEXCON_PASSWORD", "env", 1);
    write_config(f, "[a]\npassword_command = exit 3\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 0);
    assert_string_equal(cfg.password, "env");
    config_free(&cfg);
    unsetenv("PEXCON_PASSWORD");

    /* No password anywhere: NULL, so the HTTP engine reads ~/.netrc. */
    write_config(f, "[a]\nurl = https://a\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 0);
    assert_null(cfg.password);
    config_free(&cfg);
    sb_free(&err);
}

/* A file that names a command must not be one others can change: neither
 * the file nor a directory above it that we own may be writable by them. */
static void test_command_file_permissions(void **state)
{
    fixture *f = *state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    char marker[128], text[300], want[200], sub[100];
    snprintf(marker, sizeof marker, "%s/ran", f->dir);
    snprintf(text, sizeof text, "[a]\nurl = https://a\npassword_command = touch %s; echo pw\n",
             marker);
    snprintf(sub, sizeof sub, "%s/pexcon", f->dir);

    const mode_t loose[] = {0664, 0646, 0622};
    for (size_t i = 0; i < 3; i++) {
        write_config(f, text, loose[i]);
        assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
        snprintf(want, sizeof want, "chmod go-w %s", f->path);
        assert_non_null(strstr(sb_str(&err), want));
        assert_non_null(strstr(sb_str(&err), "password_command"));
        assert_int_equal(access(marker, F_OK), -1); /* the command never ran */
        config_free(&cfg);
    }

    /* Any *_command key counts, in any profile. */
    write_config(f, "[a]\nurl = https://a\n[b]\nother_command = true\n", 0666);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "other_command"));
    config_free(&cfg);

    /* A directory above it that we own, writable by the group. */
    write_config(f, text, 0644);
    assert_int_equal(chmod(sub, 0770), 0);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    snprintf(want, sizeof want, "chmod go-w %s", sub);
    assert_non_null(strstr(sb_str(&err), want));
    assert_int_equal(access(marker, F_OK), -1);
    config_free(&cfg);
    assert_int_equal(chmod(sub, 0700), 0);
    assert_int_equal(chmod(f->dir, 0777), 0);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    snprintf(want, sizeof want, "chmod go-w %s", f->dir);
    assert_non_null(strstr(sb_str(&err), want));
    config_free(&cfg);
    /* Sticky, as /tmp is: others cannot replace what is ours. */
    assert_int_equal(chmod(f->dir, 01777), 0);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 0);
    assert_string_equal(cfg.password, "pw");
    config_free(&cfg);
    assert_int_equal(chmod(f->dir, 0700), 0);
    unlink(marker);

    /* Without a command key, a loose file is only a loose file. */
    write_config(f, "[a]\nurl = https://a\n", 0666);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 0);
    config_free(&cfg);
    sb_free(&err);
}

static void assert_url(const char *given, const char *want)
{
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--url", given, NULL), 0);
    assert_string_equal(cfg.url, want);
    config_free(&cfg);
    sb_free(&err);
}

static void assert_url_refused(const char *given, const char *why, const char *extra)
{
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--url", given, extra, NULL), 2);
    assert_non_null(strstr(sb_str(&err), why));
    assert_null(strstr(sb_str(&err), "s3cret")); /* never echoed */
    config_free(&cfg);
    sb_free(&err);
}

static void test_url_scheme_and_plain_http(void **state)
{
    (void)state;
    /* No scheme means https, even with "://" further on. */
    assert_url("mgr.example.com:8443/x://y", "https://mgr.example.com:8443/x://y");
    assert_url("HTTPS://Mgr.example.com/", "https://Mgr.example.com");
    /* Plain http only to loopback (pexsim, tests), or with --allow-http. */
    assert_url("http://127.0.0.1:8080", "http://127.0.0.1:8080");
    assert_url("http://127.3.4.5", "http://127.3.4.5");
    assert_url("http://localhost:1/", "http://localhost:1");
    assert_url("http://[::1]:8080", "http://[::1]:8080");
    assert_url_refused("http://mgr.example.com", "--allow-http", NULL);
    assert_url_refused("http://127.0.0.1.evil.example", "--allow-http", NULL);
    assert_url_refused("http://128.0.0.1/", "--allow-http", NULL);
    assert_url_refused("http://[::2]/", "--allow-http", NULL);
    assert_url_refused("ftp://mgr.example.com", "unsupported URL scheme 'ftp'", NULL);
    assert_url_refused("https://", "no host", NULL);

    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(
        load(&cfg, &err, &verb, "--allow-http", "--url", "http://mgr.example.com/", NULL), 0);
    assert_true(cfg.allow_http);
    assert_string_equal(cfg.url, "http://mgr.example.com");
    config_free(&cfg);
    sb_free(&err);

    /* Credentials inside the URL are refused and not echoed. */
    assert_url_refused("https://admin:s3cret@mgr.example.com", "must not hold credentials", NULL);
    assert_url_refused("admin:s3cret@mgr.example.com", "must not hold credentials", NULL);
    assert_url_refused("http://admin:s3cret@mgr.example.com", "must not hold credentials",
                       "--allow-http");
    assert_url("https://mgr.example.com/a@b", "https://mgr.example.com/a@b"); /* path, not user */
}

/* Values quoted in messages reach the terminal sanitized. */
static void test_messages_are_sanitized(void **state)
{
    fixture *f = *state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    assert_int_equal(load(&cfg, &err, &verb, "--page-size",
                          "\x1b[2J\x1b]0;pwned\x07"
                          "5",
                          NULL),
                     2);
    assert_non_null(strstr(sb_str(&err), "--page-size"));
    assert_null(strpbrk(sb_str(&err), "\x1b\x07"));
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--bo\x1b[31mgus", NULL), 2);
    assert_null(strchr(sb_str(&err), '\x1b'));
    config_free(&cfg);
    assert_int_equal(load(&cfg, &err, &verb, "--url", "https://a\x1b[0m", NULL), 2);
    assert_null(strchr(sb_str(&err), '\x1b'));
    config_free(&cfg);
    write_config(f, "[a]\ntimeout = \x1b[5m9\n", 0600);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "timeout"));
    assert_null(strchr(sb_str(&err), '\x1b'));
    config_free(&cfg);
    sb_free(&err);
}

static void test_bad_values_and_bools(void **state)
{
    fixture *f = *state;
    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    write_config(f, "[a]\npage_size = lots\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    assert_non_null(strstr(sb_str(&err), "page_size"));
    config_free(&cfg);

    write_config(f, "[a]\ninsecure = maybe\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, "--profile", "a", NULL), 1);
    config_free(&cfg);

    write_config(f, "[default]\ninsecure = on\nread_only = 0\n", 0644);
    assert_int_equal(load(&cfg, &err, &verb, NULL), 0);
    assert_string_equal(cfg.profile, "default"); /* used when nothing else is chosen */
    assert_true(cfg.insecure);
    assert_false(cfg.read_only);
    config_free(&cfg);

    setenv("NO_COLOR", "1", 1);
    assert_int_equal(load(&cfg, &err, &verb, NULL), 0);
    assert_true(cfg.no_color);
    config_free(&cfg);
    unsetenv("NO_COLOR");
    sb_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults_without_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_profile_and_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_profile_flag_and_overrides, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_profile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xdg_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explicit_config_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_file_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_values_and_bools, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_file_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_url_scheme_and_plain_http, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_are_sanitized, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
