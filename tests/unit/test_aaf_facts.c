/*
 * test_aaf_facts.c: the AAF reader against the corpus' ground truth.
 *
 * For every $TURNOVER_SHARED/aaf/facts/NAME.json this reads the AAF the
 * facts describe, with the options the reference reader ran with (the
 * "ground truth options" column of aaf/README.md), and compares the
 * composition, the audio tracks, their clips and the essences the clips
 * play, under the rules of aaf/README.md:
 *
 *  - null in the facts means unknown: not tested;
 *  - clips with "units": "samples" (LibAAF dumps) are samples at
 *    composition.sample_rate with an absolute start; AAFTool converts with
 *    float rates and truncates, so +-1 sample is allowed (+-5 for absolute
 *    positions at 23.976 and 119.88 fps, see abs_tolerance());
 *  - clips with "units": "edit_units" are exact edit units of the track's
 *    rate; start = timecode start converted to the track rate + position;
 *  - clip sources are essence names that may carry _1, _2 suffixes, so a
 *    source is compared by the media it points to (the locator, the file
 *    found, or for embedded media the name without the suffix), never by
 *    string equality of names;
 *  - essences are compared with the media records the clips play.
 *
 * Every difference is one line; the test fails when any file has one that
 * is not in known_differences[].  Exits 77 when the corpus is absent.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aaf.h"
#include "conform.h"
#include "strbuf.h"
#include "timecode.h"
#include "xalloc.h"

/*
 * Differences the lead has accepted, each with its reason, e.g. from the
 * README's "Known differences": { "MC_Audio_Levels.aaf", "track 1 clip 2",
 * "source_offset", "LibAAF ignores the sub-clip's offset" }.  where NULL
 * matches any place in the file.
 */
static const struct conform_known known_differences[] = {
	{ NULL, NULL, NULL, NULL }
};

/*
 * Clip gain tolerances in dB.  AAFTool prints gains with one decimal
 * ("%+05.1lf dB" in LibAAF's tools/AAFTool.c), so a LibAAF fact of 1.5 dB
 * stands for anything from 1.45 to 1.55.
 */
#define GAIN_TOL 0.01
#define GAIN_TOL_LIBAAF (0.05 + 1e-9)

/* How the reference reader was run on one file. */
struct run_opts {
	char *file;
	bool pt_true_fades;
	bool pt_remove_sae;
	int sample_rate;	/* --samplerate; 0 = not forced */
};

struct run_table {
	struct run_opts *v;
	size_t n, alloc;
};

/* A clip source that matched: facts essence j is our media m. */
struct ess_use {
	size_t essence;
	int media;
};

/* What checking one facts file needs. */
struct facts_check {
	struct conform *c;
	const char *aaf_dir;		/* $TURNOVER_SHARED/aaf */
	const struct json_value *essences;
	const struct session *s;
	bool libaaf;			/* origin libaaf: AAFTool's float samples */
	int sample_rate;		/* composition.sample_rate; 0 when null */
	struct ess_use *uses;
	size_t n_uses, alloc_uses;
};

/* ---- the README's options column ----------------------------------------- */

/* Splits a Markdown table row into its trimmed cells (in place). */
static size_t split_row(char *line, char **cells, size_t max)
{
	size_t n = 0;
	char *p = strchr(line, '|');

	while (p && n < max) {
		char *start = p + 1, *end;

		p = strchr(start, '|');
		if (!p)
			break;
		end = p;
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		cells[n++] = start;
	}
	return n;
}

static void parse_options(struct run_opts *o, const char *cell)
{
	const char *sr = strstr(cell, "--samplerate");

	o->pt_true_fades = strstr(cell, "--pt-true-fades") != NULL;
	o->pt_remove_sae = strstr(cell, "--pt-remove-sae") != NULL;
	if (sr)
		o->sample_rate = atoi(sr + strlen("--samplerate"));
}

/* Reads the file table of aaf/README.md; false when it has none. */
static bool read_run_table(const char *readme, struct run_table *tab)
{
	FILE *f = fopen(readme, "r");
	char line[4096], *cells[16];
	long col = -1;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		size_t n;

		if (line[0] != '|') {
			if (col >= 0 && tab->n)
				break;	/* the table has ended */
			continue;
		}
		n = split_row(line, cells, 16);
		if (col < 0) {
			for (size_t i = 0; i < n; i++)
				if (!strcmp(cells[i], "ground truth options"))
					col = (long)i;
			continue;
		}
		if (n <= (size_t)col || !strstr(cells[0], ".aaf"))
			continue;	/* the |---| row */
		XGROW(tab->v, tab->n + 1, tab->alloc);
		memset(&tab->v[tab->n], 0, sizeof(tab->v[0]));
		tab->v[tab->n].file = xstrdup(cells[0]);
		parse_options(&tab->v[tab->n++], cells[col]);
	}
	fclose(f);
	return tab->n > 0;
}

static const struct run_opts *find_run_opts(const struct run_table *tab, const char *file)
{
	for (size_t i = 0; i < tab->n; i++)
		if (!strcmp(tab->v[i].file, file))
			return &tab->v[i];
	return NULL;
}

static void free_run_table(struct run_table *tab)
{
	for (size_t i = 0; i < tab->n; i++)
		free(tab->v[i].file);
	free(tab->v);
}

/* ---- media ----------------------------------------------------------------- */

/* name is base, or base with a "_N" unique-name suffix. */
static bool same_name(const char *name, const char *base)
{
	size_t bl;

	if (!name || !base)
		return false;
	if (!strcmp(name, base))
		return true;
	bl = strlen(base);
	if (strncmp(name, base, bl) || name[bl] != '_' || !name[bl + 1])
		return false;
	for (const char *p = name + bl + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static bool same_url(const char *want, const char *got)
{
	char *a, *b;
	bool same;

	if (!got)
		return false;
	if (!strcmp(want, got))
		return true;
	a = conform_url_decode(want);
	b = conform_url_decode(got);
	same = !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

/* rel (relative to dir) and path name the same existing file. */
static bool same_file(const char *dir, const char *rel, const char *path)
{
	char *want = xasprintf("%s/%s", dir, rel);
	char *a = realpath(want, NULL), *b = path ? realpath(path, NULL) : NULL;
	bool same = a && b && !strcmp(a, b);

	free(want);
	free(a);
	free(b);
	return same;
}

/*
 * Whether media m is what essence e describes.  The facts' file is the
 * locator as written (a URI), a path relative to the AAF's folder where
 * LibAAF found the file, or null for embedded media.  A file decides on
 * its own: the essence's name is LibAAF's name for the master clip, and
 * several master clips (so several names) can play one file.  Embedded
 * media have only that name to go by.
 */
static bool essence_is_media(const struct facts_check *fc, const struct json_value *e,
			     const struct media *m)
{
	const char *name = json_as_string(json_get(e, "name"));
	const char *file = json_as_string(json_get(e, "file"));

	if (!file)
		return m->embedded && (!name || same_name(name, m->name));
	if (strstr(file, "://") || !strncmp(file, "file:", 5))
		return same_url(file, m->url);
	return same_file(fc->aaf_dir, file, m->path);
}

static const struct json_value *find_essence(const struct facts_check *fc, const char *name,
					     size_t *index)
{
	for (size_t i = 0; i < json_length(fc->essences); i++) {
		const struct json_value *e = json_at(fc->essences, i);
		const char *en = json_as_string(json_get(e, "name"));

		if (en && !strcmp(en, name)) {
			*index = i;
			return e;
		}
	}
	return NULL;
}

/* "m3 \"name\" (url or path)" for messages; a new string. */
static char *describe_media(const struct session *s, int i)
{
	const struct media *m;

	if (i < 0 || (size_t)i >= s->n_media)
		return xasprintf("media index %d (none)", i);
	m = &s->media[i];
	return xasprintf("%s \"%s\" (%s)", m->id ? m->id : "?", m->name ? m->name : "",
			 m->embedded ? "embedded" : m->path ? m->path : m->url ? m->url : "no locator");
}

static void note_use(struct facts_check *fc, size_t essence, int media)
{
	for (size_t i = 0; i < fc->n_uses; i++)
		if (fc->uses[i].essence == essence && fc->uses[i].media == media)
			return;
	XGROW(fc->uses, fc->n_uses + 1, fc->alloc_uses);
	fc->uses[fc->n_uses++] = (struct ess_use){ essence, media };
}

/* ---- composition --------------------------------------------------------- */

/*
 * How far an absolute position in samples may be from the exact value:
 * AAFTool converts with single-precision rates, which puts positions near
 * 01:00:00:00 up to 5 samples early at 23.976 and 119.88 fps (aaf/README:
 * composition start/end; turnovers/README: clip positions); elsewhere it
 * truncates, 1 sample at most.  pyaaf2 facts floor the exact value.
 */
static int64_t abs_tolerance(const struct facts_check *fc, struct rational rate)
{
	int fps = timecode_fps_for_rate(rate);
	bool whole = rational_valid(rate) && rate.num % rate.den == 0;

	if (fc->libaaf && !whole && (fps == 24 || fps == 120))
		return 5;
	return 1;
}

static void check_comp_samples(struct facts_check *fc, const struct json_value *comp)
{
	const struct session *s = fc->s;
	int64_t want, start = s->start, end = s->end;
	int64_t tol = abs_tolerance(fc, s->edit_rate);

	if (!fc->sample_rate)
		return;
	if (s->sample_rate != fc->sample_rate) {
		/* already reported; compare at the facts' rate all the same */
		start = conform_abs_samples(s, 0, s->edit_rate, fc->sample_rate);
		end = conform_abs_samples(s, s->length_eu, s->edit_rate, fc->sample_rate);
	}
	if (conform_get_int(fc->c, "", comp, "start_samples", &want))
		conform_int(fc->c, "", "start_samples", want, start, tol);
	if (conform_get_int(fc->c, "", comp, "end_samples", &want))
		conform_int(fc->c, "", "end_samples", want, end, tol);
}

static void check_composition(struct facts_check *fc, const struct json_value *facts)
{
	const struct json_value *comp = json_get(facts, "composition");
	const struct session *s = fc->s;
	struct conform *c = fc->c;
	struct rational rate;
	const char *str;
	int64_t n;
	bool b;

	if (conform_get_str(c, "", facts, "product", &str))
		conform_str(c, "", "product", str, s->product);
	if (!json_is_object(comp)) {
		conform_fail(c, "", "composition", "ground truth has no composition object");
		return;
	}
	if (conform_get_str(c, "", comp, "name", &str))
		conform_str(c, "", "composition name", str, s->composition_name);
	if (conform_get_rate(c, "", comp, "edit_rate", &rate))
		conform_rate(c, "", "edit_rate", rate, s->edit_rate);
	if (conform_get_int(c, "", comp, "tc_fps", &n))
		conform_int(c, "", "tc_fps", n, s->tc_fps, 0);
	if (conform_get_bool(c, "", comp, "drop_frame", &b))
		conform_bool(c, "", "drop_frame", b, s->drop_frame);
	if (conform_get_str(c, "", comp, "start_tc", &str)) {
		char tc[TIMECODE_BUFSZ];

		conform_start_tc(s, true, tc, sizeof(tc));	/* the facts always use ':' */
		conform_str(c, "", "start_tc", str, tc);
	}
	if (conform_get_int(c, "", comp, "sample_rate", &n)) {
		fc->sample_rate = n > 0 && n <= INT_MAX ? (int)n : 0;
		conform_int(c, "", "sample_rate", n, s->sample_rate, 0);
	}
	check_comp_samples(fc, comp);
}

/* ---- clips --------------------------------------------------------------- */

static void check_clip_samples(struct facts_check *fc, const char *where,
			       const struct json_value *jc, const struct track *t,
			       const struct clip *cl)
{
	const struct session *s = fc->s;
	int64_t tol = 1, want;
	int64_t start = cl->start, length = cl->length, offset = cl->source_offset;

	if (!fc->sample_rate) {
		conform_fail(fc->c, where, "units",
			     "ground truth gives samples without a composition sample_rate");
		return;
	}
	if (s->sample_rate != fc->sample_rate) {
		/* reported once for the composition; compare the exact values
		 * at the facts' rate instead of repeating it for every clip */
		start = conform_abs_samples(s, cl->pos_eu, t->edit_rate, fc->sample_rate);
		length = session_eu_to_samples(cl->length_eu, t->edit_rate, fc->sample_rate);
		offset = session_eu_to_samples(cl->source_offset_eu, t->edit_rate,
					       fc->sample_rate);
	}
	if (conform_get_int(fc->c, where, jc, "start", &want))
		conform_int(fc->c, where, "start", want, start,
			    abs_tolerance(fc, fc->s->edit_rate));
	if (conform_get_int(fc->c, where, jc, "length", &want))
		conform_int(fc->c, where, "length", want, length, tol);
	if (conform_get_int(fc->c, where, jc, "source_offset", &want))
		conform_int(fc->c, where, "source_offset", want, offset, tol);
}

static void check_clip_edit_units(struct facts_check *fc, const char *where,
				  const struct json_value *jc, const struct track *t,
				  const struct clip *cl)
{
	bool exact;
	int64_t tc = conform_tc_start_in(fc->s, t->edit_rate, &exact), want;

	/* a timecode start that is no whole number of track units could have
	 * been rounded either way by the reference */
	if (conform_get_int(fc->c, where, jc, "start", &want))
		conform_int(fc->c, where, "start", want, tc + cl->pos_eu, exact ? 0 : 1);
	if (conform_get_int(fc->c, where, jc, "length", &want))
		conform_int(fc->c, where, "length", want, cl->length_eu, 0);
	if (conform_get_int(fc->c, where, jc, "source_offset", &want))
		conform_int(fc->c, where, "source_offset", want, cl->source_offset_eu, 0);
}

static int64_t essence_channels(const struct facts_check *fc, const char *name,
				const char **file)
{
	size_t ei;
	const struct json_value *e = name ? find_essence(fc, name, &ei) : NULL;
	int64_t n;

	*file = json_as_string(json_get(e, "file"));
	return e && json_as_int64(json_get(e, "channels"), &n) ? n : 0;
}

/*
 * The channel of its file that source i of a clip must play, where the
 * facts imply it (they name essences, not channels): 1 of a mono file;
 * i + 1 when the clip's sources are as many different essences of one
 * file as that file has channels (a multichannel clip of a single
 * multichannel file).  0 when the facts do not tell.
 */
static int expected_channel(const struct facts_check *fc, const struct json_value *sources,
			    size_t i)
{
	size_t n = json_length(sources);
	const char *name = json_as_string(json_at(sources, i)), *file, *other;
	int64_t channels = essence_channels(fc, name, &file);

	if (channels == 1)
		return 1;
	if (!file || channels != (int64_t)n || n > INT_MAX)
		return 0;
	for (size_t j = 0; j < n; j++) {
		const char *nj = json_as_string(json_at(sources, j));

		if (essence_channels(fc, nj, &other) != channels || !other || strcmp(other, file))
			return 0;
		for (size_t k = 0; k < j; k++)
			if (!strcmp(nj, json_as_string(json_at(sources, k))))
				return 0;
	}
	return (int)i + 1;
}

static void check_source(struct facts_check *fc, const char *where, size_t i,
			 const struct json_value *sources, const struct clip *cl)
{
	const char *name = json_as_string(json_at(sources, i));
	int channel;
	const struct json_value *e;
	char field[32];
	size_t ei;
	int mi;

	snprintf(field, sizeof(field), "sources[%zu]", i);
	e = find_essence(fc, name, &ei);
	if (!e) {
		conform_fail(fc->c, where, field, "ground truth names \"%s\", not in its essences",
			     name);
		return;
	}
	if (i >= (size_t)(cl->channels > 0 ? cl->channels : 0)) {
		conform_fail(fc->c, where, field, "expected \"%s\", got no such channel", name);
		return;
	}
	mi = cl->sources[i].media;
	fc->c->checks++;
	if (mi >= 0 && (size_t)mi < fc->s->n_media && essence_is_media(fc, e, &fc->s->media[mi])) {
		note_use(fc, ei, mi);
		channel = expected_channel(fc, sources, i);
		if (channel) {
			snprintf(field, sizeof(field), "sources[%zu] channel", i);
			conform_int(fc->c, where, field, channel, cl->sources[i].channel, 0);
		}
	} else {
		const char *file = json_as_string(json_get(e, "file"));
		char *got = describe_media(fc->s, mi);

		conform_fail(fc->c, where, field, "expected \"%s\" (%s), got %s", name,
			     file ? file : "embedded", got);
		free(got);
	}
}

static void check_clip(struct facts_check *fc, const char *where, const struct json_value *jc,
		       const struct track *t, const struct clip *cl)
{
	struct conform *c = fc->c;
	const struct json_value *sources;
	const char *units;
	double gain;
	int64_t n;
	bool b;

	if (conform_get_str(c, where, jc, "units", &units)) {
		if (!strcmp(units, "samples"))
			check_clip_samples(fc, where, jc, t, cl);
		else if (!strcmp(units, "edit_units"))
			check_clip_edit_units(fc, where, jc, t, cl);
		else
			conform_fail(c, where, "units", "ground truth unit \"%s\" unknown", units);
	}
	if (conform_get_int(c, where, jc, "channels", &n))
		conform_int(c, where, "channels", n, cl->channels, 0);
	if (conform_get_double(c, where, jc, "gain_db", &gain))
		conform_double(c, where, "gain_db", gain, cl->gain_db,
			       fc->libaaf ? GAIN_TOL_LIBAAF : GAIN_TOL);
	if (conform_get_bool(c, where, jc, "mute", &b))
		conform_bool(c, where, "mute", b, cl->mute);
	if (!conform_get_array(c, where, jc, "sources", &sources))
		return;
	for (size_t i = 0; i < json_length(sources); i++) {
		if (json_is_string(json_at(sources, i)))
			check_source(fc, where, i, sources, cl);
		else
			conform_fail(c, where, "sources", "ground truth source %zu is not a string", i);
	}
}

/* ---- tracks -------------------------------------------------------------- */

static void check_track(struct facts_check *fc, size_t number, const struct json_value *jt,
			const struct track *t)
{
	struct conform *c = fc->c;
	const struct json_value *clips;
	struct rational rate;
	const char *str;
	char where[64];

	snprintf(where, sizeof(where), "track %zu", number);
	if (conform_get_str(c, where, jt, "name", &str))
		conform_str(c, where, "name", str, t->name);
	if (conform_get_str(c, where, jt, "format", &str))
		conform_str(c, where, "format", str, channel_format_name(t->format));
	if (conform_get_rate(c, where, jt, "edit_rate", &rate))
		conform_rate(c, where, "edit_rate", rate, t->edit_rate);
	if (!conform_get_array(c, where, jt, "clips", &clips))
		return;
	if (json_length(clips) != t->n_clips) {
		/* pairing clips by order would only report the shift */
		conform_fail(c, where, "clip count", "expected %zu, got %zu (clips not compared)",
			     json_length(clips), t->n_clips);
		return;
	}
	for (size_t j = 0; j < t->n_clips; j++) {
		char cw[96];

		snprintf(cw, sizeof(cw), "%s clip %zu", where, j + 1);
		check_clip(fc, cw, json_at(clips, j), t, &t->clips[j]);
	}
}

static void check_tracks(struct facts_check *fc, const struct json_value *facts)
{
	const struct json_value *tracks;
	size_t n_audio = session_audio_tracks(fc->s);

	if (!conform_get_array(fc->c, "", facts, "tracks", &tracks))
		return;
	if (json_length(tracks) != n_audio)
		conform_fail(fc->c, "", "audio tracks", "expected %zu, got %zu",
			     json_length(tracks), n_audio);
	for (size_t i = 0; i < json_length(tracks) && i < n_audio; i++) {
		const struct json_value *jt = json_at(tracks, i);
		int64_t index = (int64_t)i + 1;
		char where[32];

		snprintf(where, sizeof(where), "track %zu", i + 1);
		if (conform_get_int(fc->c, where, jt, "index", &index) && index != (int64_t)i + 1)
			conform_fail(fc->c, where, "index", "ground truth lists track %" PRId64
				     " in place %zu", index, i + 1);
		check_track(fc, i + 1, jt, conform_audio_track(fc->s, i + 1));
	}
}

/* ---- essences ------------------------------------------------------------- */

static void check_essence_media(struct facts_check *fc, const char *where,
				const struct json_value *e, const struct media *m)
{
	struct conform *c = fc->c;
	int64_t n;
	bool b;

	if (conform_get_int(c, where, e, "channels", &n))
		conform_int(c, where, "channels", n, m->channels, 0);
	if (conform_get_int(c, where, e, "sample_rate", &n))
		conform_int(c, where, "sample_rate", n, m->sample_rate, 0);
	if (conform_get_int(c, where, e, "bits", &n))
		conform_int(c, where, "bits", n, m->bits, 0);
	if (conform_get_int(c, where, e, "length", &n))
		conform_int(c, where, "length", n, m->length, 0);
	if (conform_get_bool(c, where, e, "embedded", &b))
		conform_bool(c, where, "embedded", b, m->embedded);
}

/*
 * An essence no compared clip plays (a Pro Tools fade render, say) is
 * checked against a media record that matches it, if the session kept
 * one: the model need not keep media that nothing plays.
 */
static int find_media(const struct facts_check *fc, const struct json_value *e)
{
	for (size_t i = 0; i < fc->s->n_media; i++)
		if (essence_is_media(fc, e, &fc->s->media[i]))
			return (int)i;
	return -1;
}

static void check_essences(struct facts_check *fc)
{
	for (size_t j = 0; j < json_length(fc->essences); j++) {
		const struct json_value *e = json_at(fc->essences, j);
		const char *name = json_as_string(json_get(e, "name"));
		char *where = xasprintf("essence %s", name ? name : "?");
		bool used = false;

		for (size_t u = 0; u < fc->n_uses; u++) {
			if (fc->uses[u].essence != j)
				continue;
			used = true;
			check_essence_media(fc, where, e, &fc->s->media[fc->uses[u].media]);
		}
		if (!used) {
			int mi = find_media(fc, e);

			if (mi >= 0)
				check_essence_media(fc, where, e, &fc->s->media[mi]);
		}
		free(where);
	}
}

/* ---- one file ------------------------------------------------------------- */

static void set_options(struct conform *c, struct aaf_options *opt, const struct run_opts *ro,
			const char *const *dirs)
{
	aaf_options_init(opt);
	/* files without these flags were dumped with the Pro Tools options off */
	opt->pt_true_fades = ro && ro->pt_true_fades;
	opt->pt_remove_sae = ro && ro->pt_remove_sae;
	opt->sample_rate = ro ? ro->sample_rate : 0;
	opt->media_dirs = dirs;
	opt->n_media_dirs = 2;
	if (!ro)
		conform_fail(c, "", "options", "file not in the README's table");
}

static void check_file(struct conform *c, const char *shared, const struct run_table *tab,
		       const char *facts_name)
{
	char *aaf_dir = xasprintf("%s/aaf", shared);
	char *res_dir = xasprintf("%s/res", shared);
	char *facts_path = xasprintf("%s/facts/%s", aaf_dir, facts_name);
	const char *const dirs[] = { aaf_dir, res_dir };
	struct facts_check fc = { .c = c, .aaf_dir = aaf_dir };
	struct json_value *facts = NULL;
	struct session *s = NULL;
	struct aaf_options opt;
	struct errbuf eb;
	const char *file = NULL, *origin;
	char *aaf_path = NULL;

	errbuf_init(&eb);
	conform_begin(c, facts_name);
	if (conform_load_json(facts_path, &facts, &eb)) {
		conform_fail(c, "", "facts", "cannot load: %s", errbuf_msg(&eb));
		goto out;
	}
	if (!conform_get_str(c, "", facts, "file", &file))
		goto out;
	c->file = file;
	if (conform_get_str(c, "", facts, "origin", &origin))
		fc.libaaf = !strcmp(origin, "libaaf");
	set_options(c, &opt, find_run_opts(tab, file), dirs);
	aaf_path = xasprintf("%s/%s", aaf_dir, file);
	if (aaf_read_file(aaf_path, &opt, &s, &eb)) {
		conform_fail(c, "", "read", "expected a session, got error: %s", errbuf_msg(&eb));
		goto out;
	}
	fc.s = s;
	fc.essences = json_get(facts, "essences");
	if (!json_is_array(fc.essences))
		conform_fail(c, "", "essences", "ground truth has no essences array");
	check_composition(&fc, facts);
	check_tracks(&fc, facts);
	check_essences(&fc);
out:
	conform_end(c);
	session_free(s);
	json_free(facts);
	free(fc.uses);
	free(aaf_path);
	free(facts_path);
	free(res_dir);
	free(aaf_dir);
}

int main(void)
{
	const char *shared = conform_shared_dir();
	struct run_table tab = { 0 };
	struct conform c;
	char **names;
	char *dir, *readme;
	size_t n;
	int status;

	if (!shared) {
		printf("skip: TURNOVER_SHARED is not set to the shared folder\n");
		return CONFORM_SKIP;
	}
	dir = xasprintf("%s/aaf/facts", shared);
	readme = xasprintf("%s/aaf/README.md", shared);
	names = conform_list(dir, ".json", &n);
	if (!names || !n) {
		printf("skip: no facts in '%s'\n", dir);
		conform_free_list(names, n);
		free(dir);
		free(readme);
		return CONFORM_SKIP;
	}
	if (!read_run_table(readme, &tab)) {
		printf("FAIL: no file table in '%s'\n", readme);
		status = 1;
		goto out;
	}
	conform_init(&c, known_differences);
	for (size_t i = 0; i < n; i++)
		check_file(&c, shared, &tab, names[i]);
	status = conform_finish(&c);
out:
	free_run_table(&tab);
	conform_free_list(names, n);
	free(readme);
	free(dir);
	return status;
}
