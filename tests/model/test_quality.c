/* The document's call-quality rule, at every threshold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/quality.h"

static void test_loss_thresholds(void **state)
{
    (void)state;
    assert_int_equal(quality_from_loss_jitter(0, 0), QUALITY_GOOD);
    assert_int_equal(quality_from_loss_jitter(0.99, 0), QUALITY_GOOD);
    assert_int_equal(quality_from_loss_jitter(1.0, 0), QUALITY_OK);
    assert_int_equal(quality_from_loss_jitter(2.99, 0), QUALITY_OK);
    assert_int_equal(quality_from_loss_jitter(3.0, 0), QUALITY_BAD);
    assert_int_equal(quality_from_loss_jitter(9.99, 0), QUALITY_BAD);
    assert_int_equal(quality_from_loss_jitter(10.0, 0), QUALITY_TERRIBLE);
    assert_int_equal(quality_from_loss_jitter(100, 0), QUALITY_TERRIBLE);
    assert_int_equal(quality_from_loss_jitter(-1, 0), QUALITY_UNKNOWN);
}

static void test_jitter_steps_down_one_level(void **state)
{
    (void)state;
    /* 40 ms exactly is not "> 40 ms". */
    assert_int_equal(quality_from_loss_jitter(0, 40.0), QUALITY_GOOD);
    assert_int_equal(quality_from_loss_jitter(0, 40.01), QUALITY_OK);
    assert_int_equal(quality_from_loss_jitter(1.5, 41), QUALITY_BAD);
    assert_int_equal(quality_from_loss_jitter(5, 41), QUALITY_TERRIBLE);
    assert_int_equal(quality_from_loss_jitter(50, 500), QUALITY_TERRIBLE);
    /* No jitter reading: no step-down. */
    assert_int_equal(quality_from_loss_jitter(0.5, -1), QUALITY_GOOD);
    /* No loss reading: unknown whatever the jitter. */
    assert_int_equal(quality_from_loss_jitter(-1, 100), QUALITY_UNKNOWN);
}

static void test_labels_and_parse(void **state)
{
    (void)state;
    assert_string_equal(quality_label(QUALITY_UNKNOWN), "unknown");
    assert_string_equal(quality_label(QUALITY_GOOD), "good");
    assert_string_equal(quality_label(QUALITY_OK), "ok");
    assert_string_equal(quality_label(QUALITY_BAD), "bad");
    assert_string_equal(quality_label(QUALITY_TERRIBLE), "terrible");
    assert_string_equal(quality_label((call_quality)42), "unknown");
    assert_int_equal(quality_parse("0_unknown"), QUALITY_UNKNOWN);
    assert_int_equal(quality_parse("1_good"), QUALITY_GOOD);
    assert_int_equal(quality_parse("2_ok"), QUALITY_OK);
    assert_int_equal(quality_parse("3_bad"), QUALITY_BAD);
    assert_int_equal(quality_parse("4_terrible"), QUALITY_TERRIBLE);
    assert_int_equal(quality_parse("BAD"), QUALITY_BAD);
    assert_int_equal(quality_parse("3"), QUALITY_BAD);
    assert_int_equal(quality_parse("7_weird"), QUALITY_UNKNOWN);
    assert_int_equal(quality_parse("33"), QUALITY_UNKNOWN);
    assert_int_equal(quality_parse(""), QUALITY_UNKNOWN);
    assert_int_equal(quality_parse(NULL), QUALITY_UNKNOWN);
}

static void test_participant_and_stream(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:s}", "call_quality", "3_bad");
    assert_int_equal(quality_of_participant(p), QUALITY_BAD);
    json_decref(p);
    p = json_pack("{s:i}", "call_quality", 2);
    assert_int_equal(quality_of_participant(p), QUALITY_UNKNOWN);
    json_decref(p);
    assert_int_equal(quality_of_participant(NULL), QUALITY_UNKNOWN);

    /* Max of rx/tx windowed loss (tx 3.5 -> bad), jitter max 45 -> terrible. */
    json_t *s = json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "rx_windowed_packet_loss", 0.2,
                          "tx_windowed_packet_loss", 3.5, "rx_jitter", 45.0, "tx_jitter", 1.0,
                          "rx_packet_loss", 50.0, "tx_packet_loss", 50.0);
    assert_int_equal(quality_of_stream(s), QUALITY_TERRIBLE);
    json_decref(s);
    /* Windowed figures win over cumulative ones. */
    s = json_pack("{s:f, s:f}", "rx_windowed_packet_loss", 0.0, "rx_packet_loss", 50.0);
    assert_int_equal(quality_of_stream(s), QUALITY_GOOD);
    json_decref(s);
    /* History streams: only cumulative loss, as numbers or numeric strings. */
    s = json_pack("{s:s, s:i}", "rx_packet_loss", "1.5", "tx_packet_loss", 0);
    assert_int_equal(quality_of_stream(s), QUALITY_OK);
    json_decref(s);
    s = json_pack("{s:n, s:s}", "rx_windowed_packet_loss", "tx_jitter", "x");
    assert_int_equal(quality_of_stream(s), QUALITY_UNKNOWN);
    json_decref(s);
}

static void test_worst(void **state)
{
    (void)state;
    assert_int_equal(quality_worst(QUALITY_UNKNOWN, QUALITY_GOOD), QUALITY_GOOD);
    assert_int_equal(quality_worst(QUALITY_BAD, QUALITY_OK), QUALITY_BAD);
    assert_int_equal(quality_worst(QUALITY_UNKNOWN, QUALITY_UNKNOWN), QUALITY_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loss_thresholds),
        cmocka_unit_test(test_jitter_steps_down_one_level),
        cmocka_unit_test(test_labels_and_parse),
        cmocka_unit_test(test_participant_and_stream),
        cmocka_unit_test(test_worst),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
