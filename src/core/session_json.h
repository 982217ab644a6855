/*
 * session_json.h: the session model as the JSON document of
 * `turnover inspect --json`.
 *
 * The document is deterministic (same session, same bytes), with keys in
 * a fixed order and every position in samples at the session's sample
 * rate:
 *
 *   {"file", "product",
 *    "composition": {"name", "edit_rate": "num/den", "tc_fps", "drop_frame",
 *                    "start_tc", "sample_rate"},
 *    "media": [{"id", "name", "channels", "sample_rate", "bits", "length",
 *               "embedded", "url", "path", "status"}],
 *    "tracks": [{"index", "name", "format",
 *                "clips": [{"name", "start", "length", "source_offset",
 *                           "channels", "gain_db", "mute", "fade_in",
 *                           "fade_out", "sources", "source_channels", "pan",
 *                           "volume"}]}],
 *    "markers": [{"pos", "length", "track", "name", "comment"}]}
 *
 * Unknown values are null: a NULL string, media length -1, bits, channels
 * or sample rate 0, a track format that is unknown or a track with no
 * clips, a fade of length 0 (else {"length", "shape"}), a clip without pan,
 * a source with no media (media index -1).  "volume" ([{"pos",
 * "gain_db"}], pos from the clip's start) is left out when the clip has no
 * automation.  Only audio tracks are listed.  Clip "start" and marker
 * "pos" are absolute (they include the timecode start).
 *
 * Depends on session, json and timecode.
 */
#ifndef TURNOVER_SESSION_JSON_H
#define TURNOVER_SESSION_JSON_H

#include <stdbool.h>

#include "session.h"
#include "strbuf.h"

/* Appends the document for s to out, followed by a newline; pretty gives
 * a two-space indent, else it is all on one line. */
void session_json_write(const struct session *s, struct strbuf *out, bool pretty);

#endif
