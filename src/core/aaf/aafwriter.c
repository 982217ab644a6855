/*
 * aafwriter.c: the AAF writer's entry points: builds the object tree
 * (Header, Identification, ContentStorage, Dictionary, MetaDictionary)
 * and saves it through cfbw.  Must not depend on the reader: files are
 * checked against it, not built from it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aafwcomp.h"
#include "aaf/aafwdict.h"
#include "aaf/aafwmedia.h"
#include "aaf/aafwmeta.h"
#include "aaf/aafwrite.h"
#include "aaf/aafwriter.h"
#include "strbuf.h"
#include "xalloc.h"

/* turnover's ProductID ("turnover" in its bytes). */
static const struct aaf_auid PRODUCT_ID = {
	0x6e727574, 0x766f, 0x7265, { 0x8a, 0x1f, 0x74, 0x75, 0x72, 0x6e, 0x6f, 0x76 }
};

void aaf_write_options_init(struct aaf_write_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->sector_size = 4096;
}

/* ---- content digest --------------------------------------------------------------- */

static void digest_clip(struct strbuf *sb, const struct clip *c)
{
	strbuf_addf(sb, "C%s|%lld|%lld|%lld|%d|%.17g|%d|%.17g|%d|%lld/%d|%lld/%d|",
		    c->name ? c->name : "", (long long)c->pos_eu, (long long)c->length_eu,
		    (long long)c->source_offset_eu, c->channels, c->gain_db, c->has_pan, c->pan,
		    c->mute, (long long)c->fade_in.length_eu, (int)c->fade_in.shape,
		    (long long)c->fade_out.length_eu, (int)c->fade_out.shape);
	for (int ch = 0; ch < c->channels; ch++)
		strbuf_addf(sb, "%d:%d:%lld|", c->sources[ch].media, c->sources[ch].channel,
			    (long long)c->sources[ch].offset);
	for (size_t i = 0; i < c->n_volume; i++)
		strbuf_addf(sb, "%lld=%.17g|", (long long)c->volume[i].pos, c->volume[i].gain_db);
}

/* A text that differs whenever the written file would: the seed of the
 * composition's MobID and of the file's GenerationAUID. */
static char *digest(const struct session *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s|%lld/%lld|%lld|%d|%d|%lld|%d|", s->composition_name ? s->composition_name : "",
		    (long long)s->edit_rate.num, (long long)s->edit_rate.den, (long long)s->tc_start,
		    s->tc_fps, s->drop_frame, (long long)s->length_eu, s->sample_rate);
	for (size_t i = 0; i < s->n_tracks; i++) {
		const struct track *t = &s->tracks[i];

		strbuf_addf(&sb, "T%d|%s|%lld/%lld|", (int)t->kind, t->name ? t->name : "",
			    (long long)t->edit_rate.num, (long long)t->edit_rate.den);
		for (size_t j = 0; j < t->n_clips; j++)
			digest_clip(&sb, &t->clips[j]);
	}
	for (size_t i = 0; i < s->n_media; i++)
		strbuf_addf(&sb, "M%s|%s|%d|%d|%d|%lld|", s->media[i].name ? s->media[i].name : "",
			    s->media[i].url ? s->media[i].url : "", s->media[i].channels,
			    s->media[i].sample_rate, s->media[i].bits, (long long)s->media[i].length);
	for (size_t i = 0; i < s->n_markers; i++)
		strbuf_addf(&sb, "K%lld|%lld|%d|%s|%s|", (long long)s->markers[i].pos,
			    (long long)s->markers[i].length, s->markers[i].track,
			    s->markers[i].name ? s->markers[i].name : "",
			    s->markers[i].comment ? s->markers[i].comment : "");
	return strbuf_detach(&sb);
}

static void derive(uint8_t out[32], const char *role, const char *seed)
{
	char *text = xasprintf("turnover\x1f%s\x1f%s", role, seed);

	aafwrite_mobid_make(out, text, strlen(text));
	free(text);
}

/* ---- header ------------------------------------------------------------------------ */

static struct aafwrite_obj *identification(const char *seed)
{
	struct aafwrite_obj *id = aafwrite_obj_new(AAF_CLASS_IDENTIFICATION);
	unsigned major = 0, minor = 0, tertiary = 0;
	uint8_t v[10], gen[32];
	struct aaf_auid g;

	sscanf(PACKAGE_VERSION, "%u.%u.%u", &major, &minor, &tertiary);
	aafwrite_put16(v, (uint16_t)major);
	aafwrite_put16(v + 2, (uint16_t)minor);
	aafwrite_put16(v + 4, (uint16_t)tertiary);
	aafwrite_put16(v + 6, 0);
	v[8] = 1;	/* type: VersionReleased (one byte) */
	derive(gen, "generation", seed);
	aaf_auid_decode(&g, gen + 16);
	aafwrite_string(id, PID_IDENT_COMPANY, PACKAGE_NAME);
	aafwrite_string(id, PID_IDENT_PRODUCT_NAME, PACKAGE_NAME);
	aafwrite_data(id, PID_IDENT_PRODUCT_VERSION, v, 9);
	aafwrite_data(id, PID_IDENT_TOOLKIT_VERSION, v, 9);	/* the writer is ours */
	aafwrite_string(id, PID_IDENT_PRODUCT_VERSION_STRING, PACKAGE_VERSION);
	aafwrite_auid(id, PID_IDENT_PRODUCT_ID, &PRODUCT_ID);
	aafwrite_fixed_date(id, PID_IDENT_DATE);
	aafwrite_string(id, PID_IDENT_PLATFORM, PACKAGE_NAME);
	aafwrite_auid(id, PID_IDENT_GENERATION, &g);
	return id;
}

static struct aafwrite_obj *header(struct aafwrite_obj *content, struct aafwdict *d,
				   const char *seed)
{
	struct aafwrite_obj *h = aafwrite_obj_new(AAF_CLASS_HEADER);
	static const uint8_t version[2] = { 1, 1 };

	aafwrite_u16(h, PID_HEADER_BYTEORDER, 0x4949);	/* 'II': little-endian */
	aafwrite_fixed_date(h, PID_HEADER_LAST_MODIFIED);
	aafwrite_strong(h, PID_HEADER_CONTENT, content);
	aafwrite_strong(h, PID_HEADER_DICTIONARY, aafwdict_build(d));
	aafwrite_data(h, PID_HEADER_VERSION, version, sizeof(version));
	aafwrite_append(h, PID_HEADER_IDENTIFICATIONS, identification(seed));
	aafwrite_u32(h, PID_HEADER_OBJECT_MODEL_VERSION, 1);
	aafwrite_auid(h, PID_HEADER_OPERATIONAL_PATTERN, &AAF_OP_EDIT_PROTOCOL);
	aafwdict_containers(d, h, PID_HEADER_ESSENCE_CONTAINERS);
	return h;
}

/* The whole object tree of s into *root; *mm must outlive the save. */
static enum err build(const struct session *s, const struct aaf_write_options *opt,
		      struct aafwrite_obj **root, struct aafwmedia **mm, struct errbuf *eb)
{
	struct aafwdict d;
	struct aafwrite_obj *comp, *content, *h;
	uint8_t comp_id[32];
	char *seed = digest(s);
	enum err e;

	*root = NULL;
	aafwdict_init(&d);
	e = aafwmedia_new(s, opt->essence, opt->essence_user, mm, eb);
	if (!e) {
		derive(comp_id, "composition", seed);
		e = aafwcomp_build(s, comp_id, *mm, &d, &comp, eb);
	}
	if (e) {
		free(seed);
		return e;
	}
	content = aafwrite_obj_new(AAF_CLASS_CONTENT_STORAGE);
	aafwrite_insert(content, PID_CONTENT_MOBS, comp, PID_MOB_ID);
	aafwmedia_emit(*mm, &d, content);
	h = header(content, &d, seed);
	*root = aafwrite_root_new();
	aafwrite_strong(*root, PID_ROOT_METADICTIONARY, aafwmeta_build(h));
	aafwrite_strong(*root, PID_ROOT_HEADER, h);
	free(seed);
	return ERR_OK;
}

static enum err write_to(const struct session *s, const char *path,
			 const struct aaf_write_options *opt, uint8_t **data, size_t *len,
			 struct errbuf *eb)
{
	struct aaf_write_options defaults;
	struct aafwrite_obj *root = NULL;
	struct aafwmedia *mm = NULL;
	struct cfbw *w = NULL;
	enum err e;

	if (!opt) {
		aaf_write_options_init(&defaults);
		opt = &defaults;
	}
	e = build(s, opt, &root, &mm, eb);
	if (!e)
		e = path ? cfbw_open_file(path, opt->sector_size, &w, eb) :
			   cfbw_open_memory(opt->sector_size, &w, eb);
	if (!e)
		e = aafwrite_save(root, w, eb);
	if (!e)
		e = cfbw_commit(w, eb);
	if (!e && !path && !cfbw_take_memory(w, data, len))
		e = err_set(eb, ERR_IO, "compound file bytes not available");
	cfbw_free(w);
	aafwrite_obj_free(root);
	aafwmedia_free(mm);
	return e;
}

enum err aaf_write_file(const struct session *s, const char *path,
			const struct aaf_write_options *opt, struct errbuf *eb)
{
	return write_to(s, path, opt, NULL, NULL, eb);
}

enum err aaf_write_memory(const struct session *s, const struct aaf_write_options *opt,
			  uint8_t **data, size_t *len, struct errbuf *eb)
{
	*data = NULL;
	*len = 0;
	return write_to(s, NULL, opt, data, len, eb);
}
