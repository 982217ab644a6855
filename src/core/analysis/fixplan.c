/* fixplan.c: planning, writing and applying the channel fixes of a session
 * (see fixplan.h for what each fix does to the model). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/fixplan.h"
#include "analysis/pairname.h"
#include "media/probe.h"
#include "media/url.h"
#include "xalloc.h"

void fix_options_init(struct fix_options *o)
{
	o->fold_dual_mono = false;
	o->flip_polarity = false;
}

const char *fix_kind_name(enum fix_kind k)
{
	static const char *const names[FIX_KIND_COUNT] = {
		"interleave", "join", "fold_mono", "flip_polarity", "keep_side",
	};

	return (unsigned)k < FIX_KIND_COUNT ? names[k] : "";
}

void fixplan_release(struct fixplan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_outputs; i++) {
		free(p->outputs[i].name);
		free(p->outputs[i].path);
	}
	for (size_t i = 0; i < p->n_skipped; i++)
		free(p->skipped[i]);
	free(p->actions);
	free(p->outputs);
	free(p->skipped);
	memset(p, 0, sizeof(*p));
}

static void skip(struct fixplan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void skip(struct fixplan *p, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	XGROW(p->skipped, p->n_skipped + 1, p->alloc_skipped);
	p->skipped[p->n_skipped++] = xstrdup(buf);
}

/* ---- names ----------------------------------------------------------------------- */

static const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const char *media_base(const struct media *m)
{
	if (m->path)
		return base_of(m->path);
	return m->name ? base_of(m->name) : m->id;
}

/* name without its extension, plus suffix and ".wav"; a new string. */
static char *with_suffix(const char *name, const char *suffix)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);

	return xasprintf("%.*s%s.wav", (int)n, name, suffix);
}

static bool name_taken(const struct fixplan *p, const struct session *s, const char *name)
{
	for (size_t i = 0; i < p->n_outputs; i++)
		if (!strcmp(p->outputs[i].name, name))
			return true;
	for (size_t i = 0; i < s->n_media; i++)
		if (!strcmp(media_base(&s->media[i]), name))
			return true;
	return false;
}

/* name, or name-2, name-3, ... (before ".wav") if taken; takes name over. */
static char *unique_name(const struct fixplan *p, const struct session *s, char *name)
{
	for (int k = 2; name_taken(p, s, name); k++) {
		char *stem = xstrndup(name, strlen(name) - 4), *next;

		if (k > 2)
			*strrchr(stem, '-') = '\0';
		next = xasprintf("%s-%d.wav", stem, k);
		free(stem);
		free(name);
		name = next;
	}
	return name;
}

/* The output file's name for a fix of kind k from media m. */
static char *output_name(const struct fixplan *p, const struct session *s, enum fix_kind k,
			 const struct media *m)
{
	const char *base = media_base(m);
	char *joined = k == FIX_KIND_INTERLEAVE ? pairname_base(base) : NULL, *name;

	if (joined) {
		name = with_suffix(joined, "");
		free(joined);
	} else {
		name = with_suffix(base, k == FIX_KIND_INTERLEAVE ? "_stereo" :
				   k == FIX_KIND_FOLD_MONO ? "_mono" : "_polarity");
	}
	return unique_name(p, s, name);
}

/* ---- planning -------------------------------------------------------------------- */

static bool same_sources(const struct fix_output *o, const struct fix_source *in, int n)
{
	if (o->n_in != n)
		return false;
	for (int k = 0; k < n; k++)
		if (o->in[k].media != in[k].media || o->in[k].channel != in[k].channel ||
		    o->in[k].invert != in[k].invert)
			return false;
	return true;
}

/* The output with these sources, added if new; returns its index. */
static int find_output(struct fixplan *p, const struct session *s, enum fix_kind k,
		       const struct fix_source *in, int n)
{
	struct fix_output *o;

	for (size_t i = 0; i < p->n_outputs; i++)
		if (same_sources(&p->outputs[i], in, n))
			return (int)i;
	XGROW(p->outputs, p->n_outputs + 1, p->alloc_outputs);
	o = &p->outputs[p->n_outputs];
	memset(o, 0, sizeof(*o));
	o->name = output_name(p, s, k, &s->media[in[0].media]);
	o->n_in = n;
	memcpy(o->in, in, (size_t)n * sizeof(*in));
	return (int)p->n_outputs++;
}

static void add_action(struct fixplan *p, const struct fix_action *a)
{
	XGROW(p->actions, p->n_actions + 1, p->alloc_actions);
	p->actions[p->n_actions++] = *a;
}

static const struct clip *clip_of(const struct session *s, struct pair_clip c)
{
	return &s->tracks[c.track].clips[c.clip];
}

static const char *clip_name(const struct session *s, struct pair_clip c)
{
	const char *n = clip_of(s, c)->name;

	return n ? n : "";
}

/* Media m of a clip source, found and probed; NULL (with a reason) if not. */
static const struct media *usable(struct fixplan *p, const struct session *s, int m,
				  const char *what)
{
	const struct media *md = m >= 0 && (size_t)m < s->n_media ? &s->media[m] : NULL;

	if (md && md->status == MEDIA_STATUS_OK && md->path && md->file.probed)
		return md;
	skip(p, "%s: media %s cannot be read", what, md ? media_base(md) : "(none)");
	return NULL;
}

/* The first frame channel ch of clip c plays in its file. */
static int64_t file_offset(const struct session *s, struct pair_clip c, int ch, int rate)
{
	int64_t start, frames;

	clipread_clip_range(s, c.track, c.clip, ch, rate, &start, &frames);
	return start;
}

bool fixplan_add_pair(struct fixplan *p, const struct session *s, const struct pair *pr)
{
	const struct clip_source *sl = &clip_of(s, pr->left)->sources[0];
	const struct clip_source *sr = &clip_of(s, pr->right)->sources[0];
	const struct media *ml = usable(p, s, sl->media, clip_name(s, pr->left));
	const struct media *mr = usable(p, s, sr->media, clip_name(s, pr->right));
	struct fix_action a = { FIX_KIND_JOIN, pr->left, true, pr->right, -1, -1, 0 };
	struct fix_source in[2] = { { sl->media, sl->channel, false }, { sr->media, sr->channel, false } };

	if (!ml || !mr)
		return false;
	if (ml->file.sample_rate != mr->file.sample_rate || ml->file.bits != mr->file.bits) {
		skip(p, "pair '%s' + '%s': the halves differ in rate or bit depth",
		     clip_name(s, pr->left), clip_name(s, pr->right));
		return false;
	}
	if (file_offset(s, pr->left, 0, ml->file.sample_rate) !=
	    file_offset(s, pr->right, 0, mr->file.sample_rate)) {
		skip(p, "pair '%s' + '%s': the halves start at different source offsets",
		     clip_name(s, pr->left), clip_name(s, pr->right));
		return false;
	}
	if (sl->media == sr->media) {
		a.join_media = sl->media;
	} else {
		a.kind = FIX_KIND_INTERLEAVE;
		a.output = find_output(p, s, FIX_KIND_INTERLEAVE, in, 2);
	}
	add_action(p, &a);
	return true;
}

bool fixplan_add_clip(struct fixplan *p, const struct session *s, struct pair_clip c,
		      enum fix_kind k, int keep)
{
	const struct clip *cl;
	struct fix_action a = { k, c, false, { 0, 0 }, -1, -1, 0 };
	struct fix_source in[2];

	if (c.track >= s->n_tracks || c.clip >= s->tracks[c.track].n_clips ||
	    (k != FIX_KIND_FOLD_MONO && k != FIX_KIND_FLIP_POLARITY && k != FIX_KIND_KEEP_SIDE))
		return false;
	cl = clip_of(s, c);
	if (k == FIX_KIND_KEEP_SIDE) {
		if (cl->channels != 2 || keep < 1 || keep > 2) {
			skip(p, "clip '%s': not two channels", clip_name(s, c));
			return false;
		}
		a.keep_channel = keep;
		add_action(p, &a);
		return true;
	}
	if (cl->channels != 2 || cl->sources[0].media != cl->sources[1].media) {
		skip(p, "clip '%s': not two channels of one file", clip_name(s, c));
		return false;
	}
	if (!usable(p, s, cl->sources[0].media, clip_name(s, c)))
		return false;
	in[0] = (struct fix_source){ cl->sources[0].media, cl->sources[0].channel, false };
	in[1] = (struct fix_source){ cl->sources[1].media, cl->sources[1].channel, true };
	a.output = find_output(p, s, k, in, k == FIX_KIND_FOLD_MONO ? 1 : 2);
	add_action(p, &a);
	return true;
}

static void plan_clip(struct fixplan *p, const struct session *s, const struct fix_relation *r,
		      const struct fix_options *o)
{
	if (r->relation == STEREO_RELATION_DUAL_MONO && o->fold_dual_mono)
		fixplan_add_clip(p, s, r->clip, FIX_KIND_FOLD_MONO, 0);
	else if (r->relation == STEREO_RELATION_POLARITY_INVERTED && o->flip_polarity)
		fixplan_add_clip(p, s, r->clip, FIX_KIND_FLIP_POLARITY, 0);
}

void fixplan_build(const struct session *s, const struct pairs *pairs,
		   const struct fix_relation *rel, size_t n_rel, const struct fix_options *o,
		   struct fixplan *out)
{
	struct fix_options def;

	memset(out, 0, sizeof(*out));
	if (!o) {
		fix_options_init(&def);
		o = &def;
	}
	for (size_t i = 0; pairs && i < pairs->n; i++)
		fixplan_add_pair(out, s, &pairs->v[i]);
	for (size_t i = 0; i < n_rel; i++)
		plan_clip(out, s, &rel[i], o);
}

/* ---- writing ------------------------------------------------------------------------ */

enum err fixplan_write_media(struct fixplan *p, const struct session *s, const char *out_dir,
			     struct errbuf *eb)
{
	if (p->n_outputs && mkdir(out_dir, 0777) != 0 && errno != EEXIST)
		return err_set(eb, ERR_IO, "cannot create '%s': %s", out_dir, strerror(errno));
	for (size_t i = 0; i < p->n_outputs; i++) {
		struct fix_output *o = &p->outputs[i];
		struct fixmedia_input in[2];
		char *path = xasprintf("%s/%s", out_dir, o->name);
		enum err e;

		for (int k = 0; k < o->n_in; k++)
			in[k] = (struct fixmedia_input){ s->media[o->in[k].media].path,
							 o->in[k].channel, o->in[k].invert };
		e = fixmedia_write(in, o->n_in, path, &o->info, eb);
		if (e) {
			free(path);
			return e;
		}
		free(o->path);
		o->path = path;
	}
	return ERR_OK;
}

/* ---- applying ---------------------------------------------------------------------- */

/* Adds the written file of o as a new media record; returns its index. */
static int add_media(struct session *s, const struct fix_output *o)
{
	struct media *m = session_add_media(s);
	int idx = (int)(s->n_media - 1);

	m->name = xstrdup(o->name);
	m->channels = o->info.channels;
	m->sample_rate = o->info.sample_rate;
	m->bits = o->info.bits;
	m->length = o->info.frames;
	m->container = MEDIA_CONTAINER_WAVE;
	m->url = url_from_path(o->path);
	probe_update_media(m, o->path, NULL, NULL);
	return idx;
}

/* Points channel ch of c at channel `channel` of media m, from the same
 * file position as the clip's first channel. */
static void point(struct clip *c, int ch, int m, int channel)
{
	c->sources[ch] = c->sources[0];
	c->sources[ch].media = m;
	c->sources[ch].channel = channel;
}

static void apply_action(const struct fix_action *a, const int *media_of, struct session *s)
{
	struct clip *c = &s->tracks[a->clip.track].clips[a->clip.clip];
	int other_ch = a->has_other ?
		s->tracks[a->other.track].clips[a->other.clip].sources[0].channel : 2;
	int m = a->output >= 0 ? media_of[a->output] : a->join_media;

	switch (a->kind) {
	case FIX_KIND_INTERLEAVE:
	case FIX_KIND_FLIP_POLARITY:
		clip_set_channels(c, 2);
		point(c, 0, m, 1);
		point(c, 1, m, 2);
		break;
	case FIX_KIND_JOIN:
		clip_set_channels(c, 2);
		point(c, 1, m, other_ch);
		break;
	case FIX_KIND_FOLD_MONO:
		clip_set_channels(c, 1);
		point(c, 0, m, 1);
		break;
	case FIX_KIND_KEEP_SIDE:
		c->sources[0] = c->sources[a->keep_channel - 1];
		clip_set_channels(c, 1);
		break;
	default:
		break;
	}
}

static int by_position_desc(const void *a, const void *b)
{
	const struct pair_clip *x = a, *y = b;

	if (x->track != y->track)
		return x->track < y->track ? 1 : -1;
	return x->clip < y->clip ? 1 : x->clip > y->clip ? -1 : 0;
}

/* Removes the right clips of pairs (the last first, so indices hold). */
static void remove_others(const struct fixplan *p, struct session *s)
{
	struct pair_clip *rm = xcalloc(p->n_actions ? p->n_actions : 1, sizeof(*rm));
	size_t n = 0;

	for (size_t i = 0; i < p->n_actions; i++)
		if (p->actions[i].has_other)
			rm[n++] = p->actions[i].other;
	qsort(rm, n, sizeof(*rm), by_position_desc);
	for (size_t i = 0; i < n; i++)
		track_remove_clip(&s->tracks[rm[i].track], rm[i].clip);
	free(rm);
}

/* A track whose clips are now all stereo becomes a stereo track. */
static void update_format(struct track *t)
{
	for (size_t i = 0; i < t->n_clips; i++)
		if (t->clips[i].channels != 2)
			return;
	if (t->n_clips)
		t->format = CHANNEL_FORMAT_STEREO;
}

enum err fixplan_apply(const struct fixplan *p, struct session *s, struct errbuf *eb)
{
	int *media_of;

	for (size_t i = 0; i < p->n_outputs; i++)
		if (!p->outputs[i].path)
			return err_set(eb, ERR_INVALID, "'%s' has not been written", p->outputs[i].name);
	media_of = xcalloc(p->n_outputs ? p->n_outputs : 1, sizeof(*media_of));
	for (size_t i = 0; i < p->n_outputs; i++)
		media_of[i] = add_media(s, &p->outputs[i]);
	for (size_t i = 0; i < p->n_actions; i++)
		apply_action(&p->actions[i], media_of, s);
	remove_others(p, s);
	for (size_t i = 0; i < p->n_actions; i++)
		if (p->actions[i].has_other)
			update_format(&s->tracks[p->actions[i].clip.track]);
	free(media_of);
	return ERR_OK;
}

enum err fixplan_run(struct fixplan *p, struct session *s, const char *out_dir,
		     struct errbuf *eb)
{
	enum err e = fixplan_write_media(p, s, out_dir, eb);

	return e ? e : fixplan_apply(p, s, eb);
}

/* ---- JSON -------------------------------------------------------------------------- */

static void clip_json(struct json_writer *w, const struct session *s, struct pair_clip c)
{
	json_begin_object(w);
	json_key(w, "track");
	json_int(w, s->tracks[c.track].index);
	json_key(w, "index");
	json_int(w, (int64_t)c.clip + 1);
	json_end_object(w);
}

static void action_json(struct json_writer *w, const struct session *s,
			const struct fixplan *p, const struct fix_action *a)
{
	json_begin_object(w);
	json_key(w, "kind");
	json_string(w, fix_kind_name(a->kind));
	json_key(w, "clip");
	clip_json(w, s, a->clip);
	json_key(w, "removes");
	if (a->has_other)
		clip_json(w, s, a->other);
	else
		json_null(w);
	json_key(w, "output");
	json_string(w, a->output >= 0 ? p->outputs[a->output].name : NULL);
	json_end_object(w);
}

static void output_json(struct json_writer *w, const struct session *s,
			const struct fix_output *o)
{
	json_begin_object(w);
	json_key(w, "name");
	json_string(w, o->name);
	json_key(w, "path");
	json_string(w, o->path);
	json_key(w, "channels");
	json_int(w, o->n_in);
	json_key(w, "sources");
	json_begin_array(w);
	for (int k = 0; k < o->n_in; k++) {
		json_begin_object(w);
		json_key(w, "media");
		json_string(w, media_base(&s->media[o->in[k].media]));
		json_key(w, "channel");
		json_int(w, o->in[k].channel);
		json_key(w, "invert");
		json_bool(w, o->in[k].invert);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

void fixplan_json_write(struct json_writer *w, const struct session *s,
			const struct fixplan *p)
{
	json_begin_object(w);
	json_key(w, "actions");
	json_begin_array(w);
	for (size_t i = 0; i < p->n_actions; i++)
		action_json(w, s, p, &p->actions[i]);
	json_end_array(w);
	json_key(w, "outputs");
	json_begin_array(w);
	for (size_t i = 0; i < p->n_outputs; i++)
		output_json(w, s, &p->outputs[i]);
	json_end_array(w);
	json_key(w, "skipped");
	json_begin_array(w);
	for (size_t i = 0; i < p->n_skipped; i++)
		json_string(w, p->skipped[i]);
	json_end_array(w);
	json_end_object(w);
}
