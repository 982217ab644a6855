/* inspect_text.c: the human-readable `turnover inspect` report. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_text.h"
#include "strbuf.h"
#include "timecode.h"
#include "utf8.h"
#include "xalloc.h"

#define LINE_WIDTH 100
#define CLIP_NAME_COLS 24
#define MEDIA_NAME_COLS 28
#define SOURCE_NAME_COLS 48

/* A line being built, with its width in terminal columns. */
struct line {
	struct strbuf sb;
	int cols;
};

/* Characters a terminal must not get raw: C0, DEL, C1 and the ones that
 * reorder text (bidi embeddings, overrides and isolates). */
static bool unsafe_char(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Columns a character takes: 0 for combining marks, 2 for the common
 * wide (CJK, Hangul, full-width, emoji) blocks, else 1.  No locale needed. */
static int char_cols(uint32_t cp)
{
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200D))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/*
 * The character at s (n bytes left) as safe bytes in out (returns how
 * many) with its width in *cols; *len gets the bytes consumed.
 */
static size_t safe_char(const char *s, size_t n, char out[UTF8_MAX], int *cols, size_t *len)
{
	uint32_t cp;

	*len = utf8_decode(s, n, &cp);
	*cols = 1;
	if (*len == 0) {
		*len = 1;
		memcpy(out, UTF8_REPLACEMENT, 3);
		return 3;
	}
	if (unsafe_char(cp)) {
		out[0] = '?';
		return 1;
	}
	*cols = char_cols(cp);
	memcpy(out, s, *len);
	return *len;
}

static int text_cols(const char *s)
{
	size_t n = strlen(s), len;
	char tmp[UTF8_MAX];
	int cols, total = 0;

	for (size_t i = 0; i < n; i += len) {
		safe_char(s + i, n - i, tmp, &cols, &len);
		total += cols;
	}
	return total;
}

/* Appends s made safe, cut to max columns (0: no limit) with a final '…'
 * when longer. */
static void line_add_safe(struct line *l, const char *s, int max)
{
	size_t n = strlen(s), len;
	char tmp[UTF8_MAX];
	int cols, used = 0, limit = max;

	if (max > 0 && text_cols(s) > max)
		limit = max - 1;
	for (size_t i = 0; i < n; i += len) {
		size_t k = safe_char(s + i, n - i, tmp, &cols, &len);

		if (max > 0 && used + cols > limit)
			break;
		strbuf_add(&l->sb, tmp, k);
		used += cols;
	}
	if (limit != max) {
		strbuf_addstr(&l->sb, "\xE2\x80\xA6");
		used++;
	}
	l->cols += used;
}

/* Appends s quoted, or nothing if s is NULL or empty. */
static void line_add_quoted(struct line *l, const char *s, int max)
{
	if (!s || !*s)
		return;
	strbuf_addch(&l->sb, '"');
	line_add_safe(l, s, max);
	strbuf_addch(&l->sb, '"');
	l->cols += 2;
}

static void line_addf(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends our own (ASCII) text. */
static void line_addf(struct line *l, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	strbuf_add(&l->sb, buf, (size_t)n);
	l->cols += n;
}

static void line_pad(struct line *l, int col)
{
	while (l->cols < col)
		line_addf(l, " ");
}

/* Appends other (a finished piece) to l. */
static void line_append(struct line *l, const struct line *other)
{
	strbuf_add(&l->sb, other->sb.buf ? other->sb.buf : "", other->sb.len);
	l->cols += other->cols;
}

/* Prints l and empties it. */
static void line_print(FILE *fp, struct line *l)
{
	fputs(strbuf_str(&l->sb), fp);
	fputc('\n', fp);
	strbuf_reset(&l->sb);
	l->cols = 0;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* ---- header ---------------------------------------------------------- */

static void count_clips(const struct session *s, size_t *clips, size_t *video)
{
	*clips = *video = 0;
	for (size_t i = 0; i < s->n_tracks; i++) {
		if (s->tracks[i].kind == TRACK_KIND_AUDIO)
			*clips += s->tracks[i].n_clips;
		else
			(*video)++;
	}
}

static void print_field(FILE *fp, struct line *l, const char *label, const char *value)
{
	line_addf(l, "%-13s", label);
	if (value)
		line_add_safe(l, value, 0);
	else
		line_addf(l, "-");
	line_print(fp, l);
}

static void print_header(FILE *fp, struct line *l, const struct session *s)
{
	struct timecode_fmt tc = { s->tc_fps, s->drop_frame };
	char buf[TIMECODE_BUFSZ];
	size_t clips, video, tracks = session_audio_tracks(s);

	print_field(fp, l, "File", s->file);
	line_addf(l, "%-13s", "Product");
	line_add_safe(l, s->product ? s->product : "-", 0);
	if (s->product_version) {
		line_addf(l, " ");
		line_add_safe(l, s->product_version, 0);
	}
	line_print(fp, l);
	line_addf(l, "%-13s", "Composition");
	if (s->composition_name && *s->composition_name)
		line_add_quoted(l, s->composition_name, 0);
	else
		line_addf(l, "-");
	line_print(fp, l);
	line_addf(l, "%-13s%lld/%lld (%.3f fps)", "Edit rate", (long long)s->edit_rate.num,
		  (long long)s->edit_rate.den, rational_to_double(s->edit_rate));
	line_print(fp, l);
	timecode_format(tc, s->tc_start, buf, sizeof(buf));
	line_addf(l, "%-13s%s (%d fps%s)", "Start", buf, s->tc_fps,
		  timecode_drop_frames(tc) ? " drop-frame" : "");
	line_print(fp, l);
	line_addf(l, "%-13s%d Hz", "Sample rate", s->sample_rate);
	line_print(fp, l);
	count_clips(s, &clips, &video);
	line_addf(l, "%-13s%zu audio track%s, %zu clip%s, %zu media", "Contents", tracks,
		  plural(tracks), clips, plural(clips), s->n_media);
	if (video)
		line_addf(l, " (%zu video track%s not listed)", video, plural(video));
	line_print(fp, l);
}

/* ---- tracks and clips ------------------------------------------------ */

/* How clip positions are shown: the composition's edit rate. */
struct tc_view {
	struct timecode_fmt fmt;
	struct rational rate;
	int sample_rate;
	int width;	/* columns of a label */
};

static void add_tc(struct line *l, const struct tc_view *v, int64_t samples)
{
	char buf[TIMECODE_BUFSZ];

	timecode_format_samples(v->fmt, v->rate, samples, v->sample_rate, buf, sizeof(buf));
	line_addf(l, "%-*s", v->width, buf);
}

static void add_fade_shape(struct line *l, enum fade_shape shape)
{
	if (shape != FADE_SHAPE_LINEAR)
		line_addf(l, " (%s)", fade_shape_name(shape));
}

/* "fades 166/333 ms" when both ends fade alike, else one or two
 * "fade in/out N ms"; a shape other than linear is named. */
static void add_fades(struct line *l, const struct clip *c, int sample_rate)
{
	const struct fade *in = &c->fade_in, *out = &c->fade_out;

	if (sample_rate <= 0)
		return;
	if (in->length > 0 && out->length > 0 && in->shape == out->shape) {
		line_addf(l, "  fades %lld/%lld ms", (long long)(in->length * 1000 / sample_rate),
			  (long long)(out->length * 1000 / sample_rate));
		add_fade_shape(l, in->shape);
		return;
	}
	if (in->length > 0) {
		line_addf(l, "  fade in %lld ms", (long long)(in->length * 1000 / sample_rate));
		add_fade_shape(l, in->shape);
	}
	if (out->length > 0) {
		line_addf(l, "  fade out %lld ms", (long long)(out->length * 1000 / sample_rate));
		add_fade_shape(l, out->shape);
	}
}

static void add_clip_details(struct line *l, const struct clip *c, int sample_rate)
{
	if (c->gain_db != 0)
		line_addf(l, "  gain %+.1f dB", c->gain_db);
	if (c->mute)
		line_addf(l, "  muted");
	add_fades(l, c, sample_rate);
	if (c->has_pan) {
		if (c->pan == 0)
			line_addf(l, "  pan C");
		else
			line_addf(l, "  pan %c%.0f", c->pan < 0 ? 'L' : 'R',
				  (c->pan < 0 ? -c->pan : c->pan) * 100);
	}
	if (c->n_volume)
		line_addf(l, "  volume %zu point%s", c->n_volume, plural(c->n_volume));
}

/* Channels first .. last-1 of c, which all play one media: "1-2", "2,1". */
static void add_channels(struct line *l, const struct clip *c, int first, int last)
{
	for (int i = first; i < last;) {
		int j = i + 1;

		while (j < last && c->sources[j].channel == c->sources[j - 1].channel + 1)
			j++;
		line_addf(l, "%s%d", i > first ? "," : "", c->sources[i].channel);
		if (j - i > 1)
			line_addf(l, "-%d", c->sources[j - 1].channel);
		i = j;
	}
}

/* "m2 a.wav": the id ties it to the media list (names repeat: the two
 * files of a split stereo pair often share one). */
static void add_media_ref(struct line *l, const struct media *m)
{
	line_add_safe(l, m->id ? m->id : "?", 0);
	if (m->name && *m->name) {
		line_addf(l, " ");
		line_add_safe(l, m->name, SOURCE_NAME_COLS);
	}
}

/*
 * One source entry, "m1 a.wav:1-2", for the run of channels from i that
 * play one media; returns the index after the run.
 */
static int source_entry(struct line *e, const struct session *s, const struct clip *c, int i)
{
	int m = c->sources[i].media, j = i + 1;

	while (j < c->channels && c->sources[j].media == m)
		j++;
	if (m >= 0 && (size_t)m < s->n_media)
		add_media_ref(e, &s->media[m]);
	else
		line_addf(e, "?");
	line_addf(e, ":");
	add_channels(e, c, i, j);
	return j;
}

/*
 * "  <- m1 a.wav:1, m2 b.wav:1" after the clip line, going on to lines of
 * their own under the clip name when they do not fit.
 */
static void print_sources(FILE *fp, struct line *l, const struct session *s,
			  const struct clip *c, int name_col)
{
	for (int i = 0; i < c->channels;) {
		struct line e = { STRBUF_INIT, 0 };
		bool first = i == 0;

		i = source_entry(&e, s, c, i);
		if (l->cols + (first ? 5 : 2) + e.cols <= LINE_WIDTH) {
			line_addf(l, first ? "  <- " : ", ");
		} else if (first) {
			line_print(fp, l);
			line_pad(l, name_col);
			line_addf(l, "<- ");
		} else {
			line_addf(l, ",");
			line_print(fp, l);
			line_pad(l, name_col + 3);
		}
		line_append(l, &e);
		strbuf_release(&e.sb);
	}
}

static void print_clip(FILE *fp, struct line *l, const struct session *s,
		       const struct tc_view *v, const struct clip *c)
{
	int name_col = 2 + 2 * (v->width + 2);

	line_addf(l, "  ");
	add_tc(l, v, c->start);
	line_addf(l, "  ");
	add_tc(l, v, c->start + c->length);
	line_addf(l, "  ");
	line_add_safe(l, c->name && *c->name ? c->name : "(unnamed)", CLIP_NAME_COLS);
	line_pad(l, name_col + CLIP_NAME_COLS);
	line_addf(l, " %2dch", c->channels);
	add_clip_details(l, c, s->sample_rate);
	print_sources(fp, l, s, c, name_col);
	line_print(fp, l);
}

static void print_track(FILE *fp, struct line *l, const struct session *s,
			const struct tc_view *v, const struct track *t)
{
	const char *format = channel_format_name(t->format);

	line_addf(l, "A%d", t->index);
	if (t->name && *t->name) {
		line_addf(l, " ");
		line_add_quoted(l, t->name, 40);
	}
	if (t->n_clips == 0)
		line_addf(l, " (no clips)");
	else
		line_addf(l, " (%s%s%zu clip%s)", format, *format ? ", " : "", t->n_clips,
			  plural(t->n_clips));
	if (t->mute)
		line_addf(l, " muted");
	if (t->solo)
		line_addf(l, " solo");
	line_print(fp, l);
	for (size_t i = 0; i < t->n_clips; i++)
		print_clip(fp, l, s, v, &t->clips[i]);
}

static void print_tracks(FILE *fp, struct line *l, const struct session *s)
{
	struct tc_view v;

	v.fmt.fps = timecode_fps_for_rate(s->edit_rate);
	v.fmt.drop = s->drop_frame;
	v.rate = s->edit_rate;
	v.sample_rate = s->sample_rate;
	v.width = v.fmt.fps > 100 ? 12 : 11;
	for (size_t i = 0; i < s->n_tracks; i++) {
		if (s->tracks[i].kind != TRACK_KIND_AUDIO)
			continue;
		line_print(fp, l);
		print_track(fp, l, s, &v, &s->tracks[i]);
	}
}

/* ---- media ----------------------------------------------------------- */

/* Prints text word-wrapped at LINE_WIDTH, each line indented; a word
 * longer than a line goes out whole. */
static void print_wrapped(FILE *fp, struct line *l, const char *text, int indent)
{
	const char *p = text;

	line_pad(l, indent);
	for (p += strspn(p, " "); *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		char *word = xstrndup(p, n);
		int cols = text_cols(word);

		if (l->cols > indent && l->cols + 1 + cols > LINE_WIDTH) {
			line_print(fp, l);
			line_pad(l, indent);
		}
		if (l->cols > indent)
			line_addf(l, " ");
		line_add_safe(l, word, 0);
		free(word);
		p += n;
	}
	line_print(fp, l);
}

static int id_width(const struct session *s)
{
	int w = 2;

	for (size_t i = 0; i < s->n_media; i++) {
		int n = s->media[i].id ? (int)strlen(s->media[i].id) : 0;

		if (n > w)
			w = n;
	}
	return w;
}

static void add_media_format(struct line *l, const struct media *m)
{
	if (m->channels > 0)
		line_addf(l, " %2dch", m->channels);
	else
		line_addf(l, "  ?ch");
	if (m->sample_rate > 0)
		line_addf(l, " %6d Hz", m->sample_rate);
	else
		line_addf(l, "      ? Hz");
	if (m->bits > 0)
		line_addf(l, " %2d-bit", m->bits);
	else
		line_addf(l, "  ?-bit");
}

static void print_media(FILE *fp, struct line *l, const struct media *m, int idw)
{
	const char *where = m->embedded ? "embedded" : m->path ? m->path : m->url;
	int status_col;

	line_addf(l, "  %-*s  ", idw, m->id ? m->id : "");
	line_add_safe(l, m->name && *m->name ? m->name : "(unnamed)", MEDIA_NAME_COLS);
	line_pad(l, 4 + idw + MEDIA_NAME_COLS);
	add_media_format(l, m);
	line_addf(l, "  ");
	status_col = l->cols;
	line_addf(l, "%s", media_status_name(m->status));
	if (where) {
		/* a long path goes whole on a line of its own: it is the clue
		 * for finding the file */
		if (status_col + 10 + text_cols(where) > LINE_WIDTH) {
			line_print(fp, l);
			line_pad(l, 6);
		} else {
			line_pad(l, status_col + 10);
		}
		line_add_safe(l, where, 0);
	}
	line_print(fp, l);
	/* for a file that was found the detail is a warning (truncated,
	 * not what the AAF says): show it just the same */
	if (m->status_detail)
		print_wrapped(fp, l, m->status_detail, 6);
}

static void print_summary(FILE *fp, struct line *l, const struct session *s)
{
	size_t n[MEDIA_STATUS_COUNT] = { 0 }, notes = 0;

	for (size_t i = 0; i < s->n_media; i++) {
		if ((unsigned)s->media[i].status < MEDIA_STATUS_COUNT)
			n[s->media[i].status]++;
		if (s->media[i].status == MEDIA_STATUS_OK && s->media[i].status_detail)
			notes++;
	}
	if (n[MEDIA_STATUS_MISSING] + n[MEDIA_STATUS_UNREADABLE] == 0) {
		line_addf(l, "No missing or unreadable media");
		if (n[MEDIA_STATUS_UNCHECKED])
			line_addf(l, " (%zu not checked)", n[MEDIA_STATUS_UNCHECKED]);
		line_addf(l, ".");
	} else {
		line_addf(l, "Media problems: %zu missing, %zu unreadable (of %zu)",
			  n[MEDIA_STATUS_MISSING], n[MEDIA_STATUS_UNREADABLE], s->n_media);
		if (n[MEDIA_STATUS_UNCHECKED])
			line_addf(l, "; %zu not checked", n[MEDIA_STATUS_UNCHECKED]);
		line_addf(l, ".");
	}
	if (notes)
		line_addf(l, " %zu found with warnings (see above).", notes);
	line_print(fp, l);
}

void inspect_print_text(FILE *fp, const struct session *s)
{
	struct line l = { STRBUF_INIT, 0 };
	int idw = id_width(s);

	print_header(fp, &l, s);
	print_tracks(fp, &l, s);
	line_print(fp, &l);
	line_addf(&l, "Media (%zu)", s->n_media);
	line_print(fp, &l);
	for (size_t i = 0; i < s->n_media; i++)
		print_media(fp, &l, &s->media[i], idw);
	line_print(fp, &l);
	print_summary(fp, &l, s);
	strbuf_release(&l.sb);
}
