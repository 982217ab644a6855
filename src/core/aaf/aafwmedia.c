/*
 * aafwmedia.c: media mobs, descriptors, locators and embedded essence.
 *
 * A source clip's offset is exact: the composition's source clip holds
 * the whole edit units of its track (rounded down), the master mob's slot
 * the remainder in the file's own units.  Master mobs are shared by every
 * clip with the same media, name and remainder.  MobIDs are derived from
 * what a mob describes, never from the clock or a random source.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aaf/aafwmedia.h"
#include "strbuf.h"
#include "media/url.h"
#include "xalloc.h"

struct master {
	int media;
	char *name;
	int64_t delta;		/* StartTime into the file mob, slot units */
	uint8_t id[32];
};

struct wmedia {
	const struct media *m;
	struct rational rate;	/* edit rate of the media mobs' slots */
	int channels, sample_rate, bits;
	int64_t extent;		/* slots' length, slot units */
	char *seed;		/* what the media is, for its MobIDs */
	uint8_t file_id[32], import_id[32];
	struct aafwessence ess;
};

struct aafwmedia {
	const struct session *s;
	struct wmedia *media;
	struct master *masters;
	size_t n_masters, alloc_masters;
	uint8_t (*ids)[32];	/* every MobID given out */
	size_t n_ids, alloc_ids;
};

/* ---- MobIDs -------------------------------------------------------------------- */

static bool issued(const struct aafwmedia *mm, const uint8_t id[32])
{
	static const uint8_t zero[32];

	if (!memcmp(id, zero, 32))
		return true;
	for (size_t i = 0; i < mm->n_ids; i++)
		if (!memcmp(mm->ids[i], id, 32))
			return true;
	return false;
}

static void issue(struct aafwmedia *mm, const uint8_t id[32])
{
	XGROW(mm->ids, mm->n_ids + 1, mm->alloc_ids);
	memcpy(mm->ids[mm->n_ids++], id, 32);
}

/* A MobID for role + seed + extra, unique in this file. */
static void derive_id(struct aafwmedia *mm, uint8_t out[32], const char *role, const char *seed,
		      const char *extra)
{
	struct strbuf sb = STRBUF_INIT;

	for (int n = 0;; n++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "turnover\x1f%s\x1f%s\x1f%s\x1f%d", role, seed, extra ? extra : "", n);
		aafwrite_mobid_make(out, sb.buf, sb.len);
		if (!issued(mm, out))
			break;
	}
	strbuf_release(&sb);
	issue(mm, out);
}

/* The session's own MobID when it has a usable one, else a derived one. */
static void choose_id(struct aafwmedia *mm, uint8_t out[32], bool has, const uint8_t own[32],
		      const char *role, const char *seed)
{
	if (has && !issued(mm, own)) {
		memcpy(out, own, 32);
		issue(mm, out);
	} else {
		derive_id(mm, out, role, seed, NULL);
	}
}

static char *media_seed(const struct media *m)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%lld\x1f%d\x1f%d",
		    m->name ? m->name : "", m->url ? m->url : "", m->path ? m->path : "",
		    m->channels, m->sample_rate, m->bits, (long long)m->length, (int)m->container,
		    (int)m->embedded);
	return strbuf_detach(&sb);
}

/* ---- preparing ---------------------------------------------------------------- */

static bool rate_fits(struct rational r)
{
	return rational_valid(r) && r.num <= INT32_MAX && r.den <= INT32_MAX;
}

/* The slots' rate: the offsets' own rate as the session has it (the file
 * mob's slot rate where it was read from), else the sample rate. */
static void scan_sources(const struct session *s, int idx, struct wmedia *wm)
{
	bool have_rate = false;

	for (size_t t = 0; t < s->n_tracks; t++)
		for (size_t c = 0; c < s->tracks[t].n_clips; c++) {
			const struct clip *cl = &s->tracks[t].clips[c];

			for (int ch = 0; ch < cl->channels; ch++) {
				const struct clip_source *src = &cl->sources[ch];

				if (src->media != idx)
					continue;
				if (src->channel > wm->channels)
					wm->channels = src->channel;
				if (!have_rate && rate_fits(src->offset_rate)) {
					wm->rate = src->offset_rate;
					have_rate = true;
				}
			}
		}
}

static enum err prepare(struct aafwmedia *mm, int idx, aaf_essence_fn fn, void *user,
			struct errbuf *eb)
{
	const struct media *m = &mm->s->media[idx];
	struct wmedia *wm = &mm->media[idx];
	int bits = m->bits;

	wm->m = m;
	wm->sample_rate = m->sample_rate > 0 ? m->sample_rate : 48000;
	wm->bits = bits == 8 || bits == 16 || bits == 24 || bits == 32 ? bits : 24;
	wm->channels = m->channels > 0 ? m->channels : 1;
	wm->rate = (struct rational){ wm->sample_rate, 1 };
	scan_sources(mm->s, idx, wm);
	wm->extent = m->length > 0 ? rational_rescale(m->length, (struct rational){ wm->sample_rate, 1 },
						      wm->rate) : 0;
	wm->seed = media_seed(m);
	if (m->embedded) {
		if (m->length < 0 || wm->bits != bits || wm->channels != m->channels)
			return err_set(eb, ERR_INVALID, "embedded media '%s' needs a length, a channel "
				       "count and 8, 16, 24 or 32 bits", m->name ? m->name : "");
		wm->ess = (struct aafwessence){ m, wm->channels, wm->sample_rate, wm->bits,
						m->container != MEDIA_CONTAINER_PCM,
						fn ? fn : aaf_essence_from_file, user };
	}
	choose_id(mm, wm->file_id, m->has_mob_id, m->mob_id, "file", wm->seed);
	derive_id(mm, wm->import_id, "import", wm->seed, NULL);
	return ERR_OK;
}

/* The master mob of media called name whose slots start delta into the
 * file mob; own: it takes the session's own MasterMobID when free. */
static struct master *master_for(struct aafwmedia *mm, int media, const char *name, int64_t delta,
				 bool own)
{
	struct master *ms;
	const struct media *m = &mm->s->media[media];
	char extra[64];

	for (size_t i = 0; i < mm->n_masters; i++) {
		ms = &mm->masters[i];
		if (ms->media == media && ms->delta == delta && !strcmp(ms->name, name))
			return ms;
	}
	XGROW(mm->masters, mm->n_masters + 1, mm->alloc_masters);
	ms = &mm->masters[mm->n_masters++];
	ms->media = media;
	ms->name = xstrdup(name);
	ms->delta = delta;
	snprintf(extra, sizeof(extra), "%lld", (long long)delta);
	if (own)
		choose_id(mm, ms->id, m->has_master_mob_id, m->master_mob_id, "master",
			  mm->media[media].seed);
	else
		derive_id(mm, ms->id, name, mm->media[media].seed, extra);
	return ms;
}

/*
 * Where channel ch of c lands in its media's file mob: *off in the file
 * mob slot's units, *start whole edit units of the track (rounded down)
 * and *delta the rest, which the master mob carries.  false when the
 * media is unknown.
 */
static bool locate(const struct aafwmedia *mm, const struct clip *c, int ch, struct rational tr,
		   int64_t *start, int64_t *delta, int64_t *off)
{
	const struct clip_source *src = &c->sources[ch];
	const struct wmedia *wm;

	*start = c->source_offset_eu;
	*delta = 0;
	*off = 0;
	if (src->media < 0 || (size_t)src->media >= mm->s->n_media)
		return false;
	wm = &mm->media[src->media];
	if (rate_fits(src->offset_rate)) {
		*off = rational_eq(src->offset_rate, wm->rate) ? src->offset :
		       rational_rescale(src->offset, src->offset_rate, wm->rate);
		*start = rational_rescale_floor(*off, wm->rate, tr);
		*delta = *off - rational_rescale(*start, tr, wm->rate);
	} else {
		*off = rational_rescale(*start, tr, wm->rate);
	}
	return true;
}

/* The name a channel's master mob carries: the clip's for its first
 * channel (readers name a clip after it), the media's for the others. */
static const char *master_name(const struct aafwmedia *mm, const struct clip *c, int ch)
{
	const struct media *m = &mm->s->media[c->sources[ch].media];

	if (ch == 0 && c->name && *c->name)
		return c->name;
	return m->name ? m->name : "";
}

static int clip_order(const void *a, const void *b)
{
	const struct clip *x = *(const struct clip *const *)a, *y = *(const struct clip *const *)b;

	if (x->pos_eu != y->pos_eu)
		return x->pos_eu < y->pos_eu ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The master mob each media is first reached through (in timeline
 * order, as readers meet them) takes the session's own MasterMobID, so a
 * file written from a read session keeps its ids. */
static void first_masters(struct aafwmedia *mm, bool *seen)
{
	const struct session *s = mm->s;

	for (size_t t = 0; t < s->n_tracks; t++) {
		const struct track *tr = &s->tracks[t];
		const struct clip **order = xcalloc(tr->n_clips + 1, sizeof(*order));

		for (size_t j = 0; j < tr->n_clips; j++)
			order[j] = &tr->clips[j];
		qsort(order, tr->n_clips, sizeof(*order), clip_order);
		for (size_t j = 0; j < tr->n_clips && rate_fits(tr->edit_rate); j++)
			for (int ch = 0; ch < order[j]->channels; ch++) {
				int64_t start, delta, off;
				int m = order[j]->sources[ch].media;

				if (!locate(mm, order[j], ch, tr->edit_rate, &start, &delta, &off) || seen[m])
					continue;
				seen[m] = true;
				master_for(mm, m, master_name(mm, order[j], ch), delta, true);
			}
		free(order);
	}
}

enum err aafwmedia_new(const struct session *s, aaf_essence_fn fn, void *user,
		       struct aafwmedia **out, struct errbuf *eb)
{
	struct aafwmedia *mm = xcalloc(1, sizeof(*mm));
	bool *seen = xcalloc(s->n_media + 1, sizeof(*seen));
	enum err e = ERR_OK;

	mm->s = s;
	mm->media = xcalloc(s->n_media ? s->n_media : 1, sizeof(*mm->media));
	for (size_t i = 0; i < s->n_media && !e; i++)
		e = prepare(mm, (int)i, fn, user, eb);
	if (!e)
		first_masters(mm, seen);
	/* every media has a master mob named after it (Media Composer's
	 * master clip) */
	for (size_t i = 0; i < s->n_media && !e; i++)
		master_for(mm, (int)i, s->media[i].name ? s->media[i].name : "", 0, !seen[i]);
	free(seen);
	if (e) {
		aafwmedia_free(mm);
		mm = NULL;
	}
	*out = mm;
	return e;
}

void aafwmedia_free(struct aafwmedia *mm)
{
	if (!mm)
		return;
	for (size_t i = 0; i < mm->s->n_media; i++)
		free(mm->media[i].seed);
	for (size_t i = 0; i < mm->n_masters; i++)
		free(mm->masters[i].name);
	free(mm->media);
	free(mm->masters);
	free(mm->ids);
	free(mm);
}

/*
 * A source the session does not know (the reader could not resolve it):
 * a reference to a mob that is not in the file, as a file that leaves
 * its sources to others has, never a null SourceID (which would say the
 * composition is itself the original source; LibAAF fails on it).  The
 * MobID is derived from the clip, so it is the same in every run.
 */
static void unresolved_ref(struct aafwmedia *mm, const struct clip *c, int ch,
			   struct aafwmedia_ref *out)
{
	char seed[160];

	snprintf(seed, sizeof(seed), "%lld\x1f%lld\x1f%lld\x1f%d",
		 (long long)c->pos_eu, (long long)c->length_eu, (long long)c->source_offset_eu, ch);
	derive_id(mm, out->mob_id, "unresolved", seed, c->name);
	out->slot = c->sources[ch].channel > 0 ? (uint32_t)c->sources[ch].channel : 1;
}

void aafwmedia_ref(struct aafwmedia *mm, const struct clip *c, int ch, struct rational track_rate,
		   struct aafwmedia_ref *out)
{
	const struct clip_source *src = &c->sources[ch];
	struct wmedia *wm;
	int64_t delta, off, end;

	memset(out, 0, sizeof(*out));
	if (!locate(mm, c, ch, track_rate, &out->start, &delta, &off)) {
		unresolved_ref(mm, c, ch, out);
		return;
	}
	wm = &mm->media[src->media];
	end = off + rational_rescale(c->length_eu, track_rate, wm->rate);
	if (end > wm->extent)
		wm->extent = end;
	memcpy(out->mob_id, master_for(mm, src->media, master_name(mm, c, ch), delta, false)->id, 32);
	out->slot = src->channel > 0 ? (uint32_t)src->channel : 1;
}

/* ---- mobs ------------------------------------------------------------------------ */

static struct aafwrite_obj *mob_new(enum aaf_class k, const uint8_t id[32], const char *name)
{
	struct aafwrite_obj *mob = aafwrite_obj_new(k);

	aafwrite_mobid(mob, PID_MOB_ID, id);
	aafwrite_string(mob, PID_MOB_NAME, name ? name : "");
	aafwrite_fixed_date(mob, PID_MOB_LAST_MODIFIED);
	aafwrite_fixed_date(mob, PID_MOB_CREATION_TIME);
	return mob;
}

/* A sound slot i (1-based) of rate r playing slot ref_slot of mob ref from start. */
static void add_slot(struct aafwdict *d, struct aafwrite_obj *mob, uint32_t i, struct rational r,
		     int64_t length, const uint8_t ref[32], uint32_t ref_slot, int64_t start)
{
	static const uint8_t zero[32];
	struct aafwrite_obj *slot = aafwrite_obj_new(AAF_CLASS_TIMELINE_MOB_SLOT);
	struct aafwrite_obj *sc = aafwrite_obj_new(AAF_CLASS_SOURCE_CLIP);

	aafwdict_ref(d, sc, PID_COMPONENT_DATADEF, AAFWDICT_DATA_SOUND);
	aafwrite_i64(sc, PID_COMPONENT_LENGTH, length);
	aafwrite_mobid(sc, PID_SOURCEREF_SOURCE_ID, ref ? ref : zero);
	aafwrite_u32(sc, PID_SOURCEREF_SLOT_ID, ref ? ref_slot : 0);
	aafwrite_i64(sc, PID_SOURCECLIP_START, start);
	aafwrite_u32(slot, PID_SLOT_ID, i);
	aafwrite_strong(slot, PID_SLOT_SEGMENT, sc);
	aafwrite_u32(slot, PID_SLOT_PHYSICAL_TRACK, i);
	aafwrite_rational(slot, PID_TIMELINESLOT_EDIT_RATE, (int32_t)r.num, (int32_t)r.den);
	aafwrite_i64(slot, PID_TIMELINESLOT_ORIGIN, 0);
	aafwrite_append(mob, PID_MOB_SLOTS, slot);
}

static void add_locator(struct aafwrite_obj *desc, const struct media *m)
{
	struct aafwrite_obj *loc;
	char *url;

	if (!m->url && !m->path)
		return;
	url = m->url ? xstrdup(m->url) : url_from_path(m->path);
	loc = aafwrite_obj_new(AAF_CLASS_NETWORK_LOCATOR);
	aafwrite_string(loc, PID_NETLOCATOR_URL, url);
	aafwrite_append(desc, PID_DESCRIPTOR_LOCATOR, loc);
	free(url);
}

/* An 80-bit IEEE extended number holding an integer rate, big-endian. */
static void extended(uint8_t out[10], uint32_t rate)
{
	int top = 31;

	memset(out, 0, 10);
	if (!rate)
		return;
	while (!(rate & (1u << top)))
		top--;
	out[0] = (uint8_t)((16383 + top) >> 8);
	out[1] = (uint8_t)(16383 + top);
	for (int i = 0; i < 8; i++)
		out[2 + i] = (uint8_t)(((uint64_t)rate << (63 - top)) >> (56 - 8 * i));
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* FORM/AIFC, FVER, COMM and the SSND chunk header: an AIFC descriptor's
 * Summary. */
static size_t aifc_header(uint8_t out[80], const struct wmedia *wm, int64_t frames)
{
	uint32_t bytes = (uint32_t)frames * (uint32_t)wm->channels * (uint32_t)(wm->bits / 8);

	memcpy(out, "FORM", 4);
	be32(out + 4, 4 + 12 + 46 + 16 + bytes);
	memcpy(out + 8, "AIFCFVER", 8);
	be32(out + 16, 4);
	be32(out + 20, 0xA2805140u);	/* AIFC version 1 */
	memcpy(out + 24, "COMM", 4);
	be32(out + 28, 38);
	out[32] = (uint8_t)(wm->channels >> 8);
	out[33] = (uint8_t)wm->channels;
	be32(out + 34, (uint32_t)frames);
	out[38] = 0;
	out[39] = (uint8_t)wm->bits;
	extended(out + 40, (uint32_t)wm->sample_rate);
	memcpy(out + 50, "NONE\x0enot compressed\0", 20);
	memcpy(out + 70, "SSND", 4);
	be32(out + 74, 8 + bytes);
	return 78;
}

static void wave_summary(struct aafwrite_obj *desc, const struct wmedia *wm, int64_t frames)
{
	uint8_t head[44];

	if (!aafwessence_wave_header(head, wm->channels, wm->sample_rate, wm->bits, frames)) {
		/* too long for RIFF: sizes unknown, as RF64 files say */
		aafwessence_wave_header(head, wm->channels, wm->sample_rate, wm->bits, 0);
		memset(head + 4, 0xFF, 4);
		memset(head + 40, 0xFF, 4);
	}
	aafwrite_data(desc, PID_WAVEDESC_SUMMARY, head, sizeof(head));
}

/* PCM for everything that is neither WAVE nor AIFC: MXF, raw, unknown
 * (a plain SoundDescriptor would say "compressed", which readers such
 * as LibAAF do not take). */
static void sound_fields(struct aafwrite_obj *desc, const struct wmedia *wm)
{
	uint32_t align = (uint32_t)wm->channels * (uint32_t)(wm->bits / 8);

	aafwrite_rational(desc, PID_SOUNDDESC_AUDIO_SAMPLING_RATE, wm->sample_rate, 1);
	aafwrite_bool(desc, PID_SOUNDDESC_LOCKED, false);
	aafwrite_u32(desc, PID_SOUNDDESC_CHANNELS, (uint32_t)wm->channels);
	aafwrite_u32(desc, PID_SOUNDDESC_QUANTIZATION_BITS, (uint32_t)wm->bits);
	aafwrite_u16(desc, PID_PCMDESC_BLOCK_ALIGN, (uint16_t)align);
	aafwrite_u32(desc, PID_PCMDESC_AVERAGE_BPS, (uint32_t)wm->sample_rate * align);
}

static struct aafwrite_obj *descriptor(struct aafwdict *d, const struct wmedia *wm)
{
	const struct media *m = wm->m;
	enum media_container c = m->container;
	int64_t frames = m->length > 0 ? m->length : 0;
	struct aafwrite_obj *desc;
	uint8_t head[80];

	if (m->embedded)
		c = c == MEDIA_CONTAINER_PCM ? c : MEDIA_CONTAINER_WAVE;
	desc = aafwrite_obj_new(c == MEDIA_CONTAINER_WAVE ? AAF_CLASS_WAVE_DESCRIPTOR :
				c == MEDIA_CONTAINER_AIFC ? AAF_CLASS_AIFC_DESCRIPTOR :
				AAF_CLASS_PCM_DESCRIPTOR);
	if (!m->embedded)
		add_locator(desc, m);
	aafwrite_rational(desc, PID_FILEDESC_SAMPLE_RATE, wm->sample_rate, 1);
	aafwrite_i64(desc, PID_FILEDESC_LENGTH, frames);
	aafwdict_ref(d, desc, PID_FILEDESC_CONTAINER, m->embedded ? AAFWDICT_CONTAINER_AAF :
		     c == MEDIA_CONTAINER_MXF ? AAFWDICT_CONTAINER_AAF_KLV : AAFWDICT_CONTAINER_EXTERNAL);
	if (c == MEDIA_CONTAINER_WAVE)
		wave_summary(desc, wm, frames);
	else if (c == MEDIA_CONTAINER_AIFC)
		aafwrite_data(desc, PID_AIFCDESC_SUMMARY, head, aifc_header(head, wm, frames));
	else
		sound_fields(desc, wm);
	return desc;
}

static void emit_masters(struct aafwmedia *mm, struct aafwdict *d, int idx,
			 struct aafwrite_obj *content)
{
	const struct wmedia *wm = &mm->media[idx];

	for (size_t i = 0; i < mm->n_masters; i++) {
		const struct master *ms = &mm->masters[i];
		struct aafwrite_obj *mob;
		int64_t len = wm->extent - ms->delta;

		if (ms->media != idx)
			continue;
		mob = mob_new(AAF_CLASS_MASTER_MOB, ms->id, ms->name);
		for (int ch = 1; ch <= wm->channels; ch++)
			add_slot(d, mob, (uint32_t)ch, wm->rate, len > 0 ? len : 0, wm->file_id,
				 (uint32_t)ch, ms->delta);
		aafwrite_insert(content, PID_CONTENT_MOBS, mob, PID_MOB_ID);
	}
}

static void emit_sources(struct aafwmedia *mm, struct aafwdict *d, int idx,
			 struct aafwrite_obj *content)
{
	struct wmedia *wm = &mm->media[idx];
	const struct media *m = wm->m;
	struct aafwrite_obj *file = mob_new(AAF_CLASS_SOURCE_MOB, wm->file_id, m->name);
	struct aafwrite_obj *imp, *desc;

	for (int ch = 1; ch <= wm->channels; ch++)
		add_slot(d, file, (uint32_t)ch, wm->rate, wm->extent,
			 m->embedded ? NULL : wm->import_id, (uint32_t)ch, 0);
	aafwrite_strong(file, PID_SOURCEMOB_DESCRIPTOR, descriptor(d, wm));
	aafwrite_insert(content, PID_CONTENT_MOBS, file, PID_MOB_ID);
	if (m->embedded)
		return;
	imp = mob_new(AAF_CLASS_SOURCE_MOB, wm->import_id, m->name);
	for (int ch = 1; ch <= wm->channels; ch++)
		add_slot(d, imp, (uint32_t)ch, wm->rate, wm->extent, NULL, 0, 0);
	desc = aafwrite_obj_new(AAF_CLASS_IMPORT_DESCRIPTOR);
	add_locator(desc, m);
	aafwrite_strong(imp, PID_SOURCEMOB_DESCRIPTOR, desc);
	aafwrite_insert(content, PID_CONTENT_MOBS, imp, PID_MOB_ID);
}

void aafwmedia_emit(struct aafwmedia *mm, struct aafwdict *d, struct aafwrite_obj *content)
{
	aafwrite_empty_set(content, PID_CONTENT_ESSENCEDATA, PID_ESSENCEDATA_MOBID, 32);
	for (size_t i = 0; i < mm->s->n_media; i++) {
		struct wmedia *wm = &mm->media[i];

		emit_masters(mm, d, (int)i, content);
		emit_sources(mm, d, (int)i, content);
		if (wm->m->embedded) {
			struct aafwrite_obj *ed = aafwrite_obj_new(AAF_CLASS_ESSENCE_DATA);

			aafwrite_mobid(ed, PID_ESSENCEDATA_MOBID, wm->file_id);
			aafwrite_stream(ed, PID_ESSENCEDATA_DATA, aafwessence_write, &wm->ess);
			aafwrite_insert(content, PID_CONTENT_ESSENCEDATA, ed, PID_ESSENCEDATA_MOBID);
		}
	}
}
