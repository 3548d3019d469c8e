/* Times and durations: API timestamps, the --ended-after/--ended-before
 * and :history forms (HH:MM, 2h, 1e300d, ISO), formatting of any double.
 * Checks: a parsed time either formats and parses back to the same second
 * or is reported out of range (never garbage); durations never print a
 * wrapped negative number. */
#include <math.h>
#include <string.h>

#include "common/timeutil.h"
#include "fuzz.h"
#include "model/history.h"

static void check_formats(double epoch)
{
    char buf[48];
    bool ok = time_format_utc(epoch, true, buf, sizeof buf);
    FUZZ_CHECK(ok == time_epoch_in_range(epoch));
    FUZZ_CHECK(ok ? strlen(buf) == 26 : buf[0] == '\0');
    if (ok && time_format_utc(epoch, false, buf, sizeof buf)) {
        double back;
        FUZZ_CHECK(time_parse_utc(buf, &back));
        FUZZ_CHECK(back == floor(epoch));
    }
}

static void check_duration(double seconds)
{
    char buf[32];
    duration_format(seconds, buf, sizeof buf);
    FUZZ_CHECK(strchr(buf, '-') == NULL);
    FUZZ_CHECK(strlen(buf) <= 10);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double number = 0;
    if (size >= sizeof number) {
        memcpy(&number, data, sizeof number);
        check_formats(number);
        check_duration(number);
    }
    char *s = fuzz_text(data, size);
    FUZZ_CHECK(s != NULL);
    double epoch, window;
    if (time_parse_utc(s, &epoch))
        check_formats(epoch);
    if (history_parse_window(s, &window)) {
        /* "1e305d" is no window: at most a hundred years. */
        FUZZ_CHECK(window > 0 && window <= DURATION_MAX_S);
        check_duration(window);
    }
    if (history_parse_time(s, 1.7e9, &epoch))
        check_formats(epoch);
    free(s);
    return 0;
}
