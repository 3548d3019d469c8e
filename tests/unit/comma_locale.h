/* For unit tests: switch LC_NUMERIC to a locale whose decimal point is ','
 * (de_DE, built into a temporary directory with localedef, as none is
 * installed here), as pexcon's setlocale(LC_ALL, "") would under such a
 * locale. Returns false when the tools for that are missing (the caller
 * skips). Switch back with setlocale(LC_NUMERIC, "C"). */
#ifndef PEXCON_TEST_COMMA_LOCALE_H
#define PEXCON_TEST_COMMA_LOCALE_H

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static inline bool switch_to_comma_locale(void)
{
    char dir[] = "/tmp/pexcon-locale-XXXXXX";
    if (!mkdtemp(dir))
        return false;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
    int rc = system(cmd);
    setenv("LOCPATH", dir, 1);
    bool switched = rc == 0 && setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL;
    unsetenv("LOCPATH");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return switched;
}

#endif
