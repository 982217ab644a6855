/*
 * sources.h: the real recordings the demo turnover is cut from, as Debian
 * packages install them: spoken words (ktuberling-data, full-band human
 * speech), sound effects (openttd-opensfx, a catalogue of WAV files) and
 * music (a7xpg-data).  Depends on demo/pcm.
 */
#ifndef TURNOVER_DEMO_SOURCES_H
#define TURNOVER_DEMO_SOURCES_H

#include "demo/pcm.h"
#include "err.h"

/* Where the packages put their files; overridable (tests) with the
 * environment variable TURNOVER_DEMO_ROOT, a folder that stands for /. */
#define SOURCES_WORDS "/usr/share/ktuberling/sounds"
#define SOURCES_SFX_CAT "/usr/share/games/openttd/baseset/opensfx/opensfx.cat"
#define SOURCES_MUSIC "/usr/share/games/a7xpg/sounds"

/* A spoken word: ktuberling's LANG/NAME.ogg, mixed to mono.
 * errors: ERR_NOT_FOUND (with the package to install), ERR_MEDIA_UNREADABLE. */
enum err sources_word(const char *lang, const char *name, struct pcm *out, struct errbuf *eb);

/* Sound number index (from 0) of the OpenSFX catalogue, mono.
 * errors: as sources_word(). */
enum err sources_sfx(int index, struct pcm *out, struct errbuf *eb);

/* A music file of a7xpg-data (e.g. "bgm1.ogg"), as it is (stereo).
 * errors: as sources_word(). */
enum err sources_music(const char *name, struct pcm *out, struct errbuf *eb);

#endif
