#include "model/quality.h"

#include "common/jsonutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const quality_labels[] = {"unknown", "good", "ok", "bad", "terrible"};

const char *quality_label(call_quality q)
{
    return q >= QUALITY_UNKNOWN && q <= QUALITY_TERRIBLE ? quality_labels[q] : "unknown";
}

call_quality quality_parse(const char *s)
{
    if (!s)
        return QUALITY_UNKNOWN;
    /* "1_good": the digit is authoritative when present. */
    if (isdigit((unsigned char)s[0]) && (s[1] == '\0' || s[1] == '_')) {
        int n = s[0] - '0';
        return n <= QUALITY_TERRIBLE ? (call_quality)n : QUALITY_UNKNOWN;
    }
    for (int q = QUALITY_GOOD; q <= QUALITY_TERRIBLE; q++) {
        if (strcasecmp(s, quality_labels[q]) == 0)
            return (call_quality)q;
    }
    return QUALITY_UNKNOWN;
}

call_quality quality_from_loss_jitter(double loss_percent, double jitter_ms)
{
    if (loss_percent < 0)
        return QUALITY_UNKNOWN;
    call_quality q = loss_percent < QUALITY_LOSS_OK         ? QUALITY_GOOD
                     : loss_percent < QUALITY_LOSS_BAD      ? QUALITY_OK
                     : loss_percent < QUALITY_LOSS_TERRIBLE ? QUALITY_BAD
                                                            : QUALITY_TERRIBLE;
    if (jitter_ms > QUALITY_JITTER_LIMIT && q < QUALITY_TERRIBLE)
        q = (call_quality)(q + 1);
    return q;
}

call_quality quality_of_participant(const json_t *participant)
{
    return quality_parse(jget_str(participant, "call_quality"));
}

/* The larger of two readings; -1 when neither is present. */
static double max_reading(const json_t *obj, const char *a, const char *b)
{
    double va, vb;
    bool ha = jget_num(obj, a, &va), hb = jget_num(obj, b, &vb);
    if (ha && hb)
        return va > vb ? va : vb;
    return ha ? va : hb ? vb : -1;
}

call_quality quality_of_stream(const json_t *stream)
{
    double loss = max_reading(stream, "rx_windowed_packet_loss", "tx_windowed_packet_loss");
    if (loss < 0)
        loss = max_reading(stream, "rx_packet_loss", "tx_packet_loss");
    double jitter = max_reading(stream, "rx_jitter", "tx_jitter");
    return quality_from_loss_jitter(loss, jitter);
}

call_quality quality_worst(call_quality a, call_quality b)
{
    return a > b ? a : b;
}
