/* Unit tests: pexcon's own ~/.netrc reader (host and login matching, the
 * default entry, quoting, macros, refusing a file others can read), the URL
 * host it matches against, and the TLS hints. */
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

#include "net/http.h"

static char netrc_path[64];

static int setup(void **state)
{
    strcpy(netrc_path, "/tmp/pexcon-netrc-XXXXXX");
    int fd = mkstemp(netrc_path);
    assert_true(fd >= 0);
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    unlink(netrc_path);
    return 0;
}

static void write_netrc(const char *text, mode_t mode)
{
    FILE *f = fopen(netrc_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(netrc_path, mode), 0);
}

/* Look up host/user; expect login and password (NULL: no entry). */
static void expect_entry(const char *host, const char *user, const char *login,
                         const char *password)
{
    char *got_login, *got_password;
    strbuf err = STRBUF_INIT;
    int rc = net_netrc_lookup(netrc_path, host, user, &got_login, &got_password, &err);
    assert_int_equal(rc, password ? 1 : 0);
    if (password) {
        assert_string_equal(got_password, password);
        if (login)
            assert_string_equal(got_login, login);
        else
            assert_null(got_login);
    }
    free(got_login);
    free(got_password);
    sb_free(&err);
}

static void test_host_and_login_match(void **state)
{
    write_netrc("# lab nodes\n"
                "machine other.example login admin password wrong\n"
                "machine mgr.example login ops password ops-pw\n"
                "machine MGR.example\n  login admin\n  password admin-pw\n"
                "default login anon password anon-pw\n",
                0600);
    /* A user given (--user or a profile's user): that login's entry. */
    expect_entry("mgr.example", "admin", "admin", "admin-pw");
    expect_entry("mgr.example", "ops", "ops", "ops-pw");
    /* No user: the first entry for the host, and its login. */
    expect_entry("mgr.example", NULL, "ops", "ops-pw");
    /* Nothing for this host: the default entry, if its login fits. */
    expect_entry("elsewhere.example", NULL, "anon", "anon-pw");
    expect_entry("elsewhere.example", "anon", "anon", "anon-pw");
    expect_entry("elsewhere.example", "admin", NULL, NULL);

    write_netrc("machine mgr.example password only-pw\n", 0600);
    expect_entry("mgr.example", "admin", "admin", "only-pw"); /* any login */
    expect_entry("mgr.example", NULL, NULL, "only-pw");
    expect_entry("other.example", NULL, NULL, NULL);
}

static void test_syntax(void **state)
{
    write_netrc("macdef init\ncd /pub\nmachine mgr.example login evil password macro\n\n"
                "machine mgr.example account x login \"ad min\" password \"p w\\\"q\"\n",
                0600);
    expect_entry("mgr.example", "ad min", "ad min", "p w\"q");
    write_netrc("machine mgr.example login admin password", 0600); /* cut short */
    expect_entry("mgr.example", "admin", NULL, NULL);
    write_netrc("", 0600);
    expect_entry("mgr.example", NULL, NULL, NULL);
}

static void test_permissions(void **state)
{
    const mode_t loose[] = {0644, 0640, 0604, 0620, 0602};
    for (size_t i = 0; i < sizeof loose / sizeof loose[0]; i++) {
        write_netrc("machine mgr.example login admin password s3cret\n", loose[i]);
        char *login, *password;
        strbuf err = STRBUF_INIT;
        assert_int_equal(
            net_netrc_lookup(netrc_path, "mgr.example", "admin", &login, &password, &err), -1);
        char want[120];
        snprintf(want, sizeof want, "chmod 600 %s", netrc_path);
        assert_non_null(strstr(sb_str(&err), want));
        assert_null(strstr(sb_str(&err), "s3cret"));
        assert_null(password);
        sb_free(&err);
    }
    char *login, *password;
    strbuf err = STRBUF_INIT;
    assert_int_equal(
        net_netrc_lookup("/nonexistent/.netrc", "mgr.example", NULL, &login, &password, &err), 0);
    sb_free(&err);
}

static void test_url_host(void **state)
{
    char host[64];
    assert_true(net_url_host("https://mgr.example.com:8443/api", host, sizeof host));
    assert_string_equal(host, "mgr.example.com");
    assert_true(net_url_host("http://127.0.0.1:8080", host, sizeof host));
    assert_string_equal(host, "127.0.0.1");
    assert_true(net_url_host("https://[::1]:8443/", host, sizeof host));
    assert_string_equal(host, "::1");
    assert_true(net_url_host("https://u@mgr?x", host, sizeof host));
    assert_string_equal(host, "mgr");
    assert_false(net_url_host("https:///path", host, sizeof host));
    assert_false(net_url_host("https://[::1/", host, sizeof host));
    assert_false(net_url_host(NULL, host, sizeof host));
}

static void test_tls_hint(void **state)
{
    const char *mismatch = "SSL: no alternative certificate subject name matches target host "
                           "name 'mgr.example'";
    assert_null(strstr(net_tls_hint(mismatch, false), "--ca-file"));
    assert_null(strstr(net_tls_hint(mismatch, true), "--ca-file"));
    assert_non_null(strstr(net_tls_hint(mismatch, true), "host name"));
    const char *issuer = "SSL certificate problem: unable to get local issuer certificate";
    assert_non_null(strstr(net_tls_hint(issuer, false), "use --ca-file FILE"));
    assert_null(strstr(net_tls_hint(issuer, true), "use --ca-file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_host_and_login_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syntax, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
        cmocka_unit_test(test_url_host),
        cmocka_unit_test(test_tls_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
