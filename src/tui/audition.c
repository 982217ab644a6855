/* audition.c: play keys and playback on the status line. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/audition.h"
#include "tui/cliplist.h"
#include "tui/text.h"

#define SEEK_SECONDS 2.0

static const double prerolls[] = { 0, 1, 2, 5 };

/* The player's id of a clip: session and clip, both + 1 so 0 is none. */
static uint64_t clip_id(size_t sess, size_t clip)
{
	return ((uint64_t)(sess + 1) << 32) | (uint64_t)(clip + 1);
}

bool audition_playing(const struct app *a, size_t sess, size_t clip)
{
	return a->ps.state == PLAYER_PLAYING && a->ps.id == clip_id(sess, clip);
}

bool audition_make_clip(struct app *a, size_t clip, struct audio_clip *ac)
{
	const struct review *rv = app_open_session(a)->rv;
	struct review_source s0, s1;
	struct strbuf why = STRBUF_INIT;

	memset(ac, 0, sizeof(*ac));
	if (!review_source(rv, clip, 0, &s0)) {
		review_describe_problems(rv, clip, &why);
		app_error(a, "cannot play: %s", why.len ? strtok(why.buf, "\n") : "no media");
		strbuf_release(&why);
		return false;
	}
	ac->n_src = 1;
	ac->src[0] = (struct audio_source){ s0.path, s0.channel, s0.start };
	if (review_clip(rv, clip)->channels > 1 && review_source(rv, clip, 1, &s1) &&
	    s1.rate == s0.rate)
		ac->src[ac->n_src++] = (struct audio_source){ s1.path, s1.channel, s1.start };
	ac->rate = s0.rate;
	ac->frames = s0.frames;
	ac->preroll = a->preroll;
	ac->id = clip_id(a->open, clip);
	return true;
}

static void play(struct app *a)
{
	struct audio_clip ac;
	struct errbuf eb;
	size_t clip;

	if (a->view == VIEW_SESSIONS || !cliplist_selected(a, &clip)) {
		app_message(a, "open a session and select a clip to play it");
		return;
	}
	if (audition_playing(a, a->open, clip)) {
		player_stop(a->player);
		return;
	}
	if (!audition_make_clip(a, clip, &ac))
		return;
	player_set_fix(a->player, AUDIO_FIX_NONE);
	errbuf_init(&eb);
	if (player_play(a->player, &ac, &eb) != ERR_OK)
		app_error(a, "%s", errbuf_msg(&eb));
}

void audition_play(struct app *a, const struct audio_clip *ac, enum audio_channels ch,
		   enum audio_fix f)
{
	struct errbuf eb;

	a->channels = ch;
	player_set_channels(a->player, ch);
	player_set_fix(a->player, f);
	errbuf_init(&eb);
	if (player_play(a->player, ac, &eb) != ERR_OK)
		app_error(a, "%s", errbuf_msg(&eb));
}

/* The selected clip with one channel choice. */
static void play_channels(struct app *a, enum audio_channels ch)
{
	struct audio_clip ac;
	size_t clip;

	if (a->view == VIEW_SESSIONS || !cliplist_selected(a, &clip)) {
		app_message(a, "open a session and select a clip to play it");
		return;
	}
	if (audition_make_clip(a, clip, &ac))
		audition_play(a, &ac, ch, AUDIO_FIX_NONE);
}

static void cycle_preroll(struct app *a)
{
	size_t n = sizeof(prerolls) / sizeof(prerolls[0]), i = 0;

	while (i < n && prerolls[i] != a->preroll)
		i++;
	a->preroll = prerolls[(i + 1) % n];
	app_message(a, a->preroll ? "pre-roll %.0f s (from the next play)" : "no pre-roll",
		    a->preroll);
}

bool audition_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_PLAY: play(a); break;
	case ACTION_SEEK_BACK: player_seek(a->player, -SEEK_SECONDS); break;
	case ACTION_SEEK_FORWARD: player_seek(a->player, SEEK_SECONDS); break;
	case ACTION_LOOP:
		a->loop = !a->loop;
		player_set_loop(a->player, a->loop);
		app_message(a, "loop %s", a->loop ? "on" : "off");
		break;
	case ACTION_CHANNELS:
		a->channels = (a->channels + 1) % AUDIO_CHANNELS_COUNT;
		player_set_channels(a->player, a->channels);
		app_message(a, "listening to %s", a->channels == AUDIO_CHANNELS_BOTH ? "both channels" :
			    a->channels == AUDIO_CHANNELS_LEFT ? "the left channel only" :
			    "the right channel only");
		break;
	case ACTION_PREROLL: cycle_preroll(a); break;
	case ACTION_PLAY_LEFT: play_channels(a, AUDIO_CHANNELS_LEFT); break;
	case ACTION_PLAY_RIGHT: play_channels(a, AUDIO_CHANNELS_RIGHT); break;
	case ACTION_PLAY_BOTH: play_channels(a, AUDIO_CHANNELS_BOTH); break;
	default: return false;
	}
	return true;
}

static void format_time(double s, char *buf, size_t n)
{
	const char *sign = s < 0 ? "-" : "";

	if (s < 0)
		s = -s;
	snprintf(buf, n, "%s%d:%04.1f", sign, (int)(s / 60), s - 60 * (int)(s / 60));
}

void audition_notice(struct app *a, const char *msg)
{
	if (a->remote_port <= 0)
		return;
	/* "remote audio: back on 127.0.0.1:PORT" after a reconnection; the
	 * network output's other notices ("remote audio: the listener went
	 * away", "the listener on ... refused") say it is gone; playback
	 * errors say nothing about it */
	if (!strncmp(msg, "remote audio: back on", 21))
		a->remote_absent = false;
	else if (!strncmp(msg, "remote audio:", 13) || !strncmp(msg, "the listener", 12))
		a->remote_absent = true;
}

/* "  remote 127.0.0.1:PORT" or "  listener absent" with --remote (the
 * message line says which port and what to run); "" without. */
static void remote_text(const struct app *a, char *buf, size_t n)
{
	buf[0] = '\0';
	if (a->remote_port <= 0)
		return;
	if (a->ps.state == PLAYER_NO_DEVICE || a->remote_absent)
		snprintf(buf, n, "  listener absent");
	else
		snprintf(buf, n, "  remote 127.0.0.1:%d", a->remote_port);
}

int audition_draw_status(struct app *a, int y, int x, int w)
{
	const struct player_status *ps = &a->ps;
	const struct glyphs *g = text_glyphs();
	char pos[32], len[32], buf[200], remote[64];

	remote_text(a, remote, sizeof(remote));
	if (ps->state == PLAYER_NO_DEVICE && *remote)
		return text_put(stdscr, y, x, remote + 2, w, 0, a->attr[THEME_STATUS_LINE]);
	if (ps->state == PLAYER_NO_DEVICE)
		return text_put(stdscr, y, x, "no audio device", w, 0, a->attr[THEME_STATUS_LINE]);
	if (ps->state != PLAYER_PLAYING) {
		snprintf(buf, sizeof(buf), "%s stopped  %s%s%s", g->stop,
			 audio_channels_name(ps->channels), ps->loop ? " loop" : "", remote);
		return text_put(stdscr, y, x, buf, w, 0, a->attr[THEME_STATUS_LINE]);
	}
	format_time(ps->position, pos, sizeof(pos));
	format_time(ps->length, len, sizeof(len));
	snprintf(buf, sizeof(buf), " %s %s / %s  %s%s%s%s%s ", g->play, pos, len,
		 audio_channels_name(ps->channels), ps->loop ? " loop" : "",
		 ps->fix != AUDIO_FIX_NONE ? "  fixed: " : "",
		 ps->fix != AUDIO_FIX_NONE ? audio_fix_name(ps->fix) : "", remote);
	return text_put(stdscr, y, x, buf, w, 0, a->attr[THEME_STATUS_PLAYING]);
}
