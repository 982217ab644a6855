/*
 * chain.c: following source clips through master mobs and sub-clips to
 * their file source mobs, and the media records those files become (see
 * chain.h).  Every hop converts the position between the slots' edit
 * rates exactly; hops and segment visits are bounded.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aaf/chain.h"
#include "aaf/descriptor.h"
#include "xalloc.h"

/* ---- mobs ------------------------------------------------------------------ */

static int mobrec_cmp(const void *a, const void *b)
{
	return memcmp(((const struct mobrec *)a)->id, ((const struct mobrec *)b)->id, 32);
}

void chain_index_mobs(struct tl *t, struct aaf_obj *content)
{
	struct aaf_obj **mobs;
	size_t n = aafobj_strong_list(content, PID_CONTENT_MOBS, &mobs);

	t->mobs = xcalloc(n ? n : 1, sizeof(*t->mobs));
	for (size_t i = 0; i < n; i++) {
		if (!aafobj_isa(mobs[i], AAF_CLASS_MOB) || !aafobj_mobid(mobs[i], PID_MOB_ID, t->mobs[t->n_mobs].id))
			continue;
		t->mobs[t->n_mobs].obj = mobs[i];
		mobs[t->n_mobs++] = mobs[i];
	}
	t->order = mobs;
	qsort(t->mobs, t->n_mobs, sizeof(*t->mobs), mobrec_cmp);
	t->n_essence = aafobj_strong_list(content, PID_CONTENT_ESSENCEDATA, &t->essence);
}

struct aaf_obj *chain_find_mob(const struct tl *t, const uint8_t id[32])
{
	struct mobrec key, *hit;

	memcpy(key.id, id, 32);
	hit = bsearch(&key, t->mobs, t->n_mobs, sizeof(*t->mobs), mobrec_cmp);
	return hit ? hit->obj : NULL;
}

struct aaf_obj *chain_find_slot(struct aaf_obj *mob, uint32_t slot_id)
{
	struct aaf_obj **slots, *found = NULL;
	size_t n = aafobj_strong_list(mob, PID_MOB_SLOTS, &slots);

	for (size_t i = 0; i < n && !found; i++) {
		uint32_t id;

		if (aafobj_u32(slots[i], PID_SLOT_ID, &id) && id == slot_id)
			found = slots[i];
	}
	free(slots);
	return found;
}

struct rational chain_slot_rate(const struct aaf_obj *slot)
{
	struct rational r = { 0, 1 };

	if (!aafobj_rational(slot, PID_TIMELINESLOT_EDIT_RATE, &r))
		aafobj_rational(slot, PID_EVENTSLOT_EDIT_RATE, &r);
	if (!rational_valid(r) || r.num > INT32_MAX || r.den > INT32_MAX)
		r = (struct rational){ 0, 1 };
	return r;
}

bool chain_is_kind(const struct aaf_obj *seg, const struct aaf_auid *a, const struct aaf_auid *b)
{
	struct aaf_auid dd;

	return aafobj_weak_auid(seg, PID_COMPONENT_DATADEF, &dd) &&
	       (aaf_auid_eq(&dd, a) || aaf_auid_eq(&dd, b));
}

bool chain_is_sound(const struct aaf_obj *seg)
{
	return chain_is_kind(seg, &AAF_DATADEF_SOUND, &AAF_DATADEF_LEGACY_SOUND);
}

bool chain_is_picture(const struct aaf_obj *seg)
{
	return chain_is_kind(seg, &AAF_DATADEF_PICTURE, &AAF_DATADEF_LEGACY_PICTURE);
}

int64_t chain_comp_length(const struct aaf_obj *c)
{
	int64_t len = 0;

	if (!aafobj_i64(c, PID_COMPONENT_LENGTH, &len) || len < 0)
		return 0;
	return len > ((int64_t)1 << 40) ? ((int64_t)1 << 40) : len;
}

/* ---- following a source clip to its file ----------------------------------- */

/* The leaf segment (source clip) found at pos in seg, and pos relative to
 * that leaf's start; NULL when there is none (filler, unknown). */
static struct aaf_obj *segment_at(struct tl *t, struct aaf_obj *seg, int64_t pos, int64_t *rel,
				  int depth)
{
	struct aaf_obj **items, *found = NULL;
	size_t n;

	if (!seg || depth > TL_MAX_DEPTH || !tl_spend(t))
		return NULL;
	if (aafobj_isa(seg, AAF_CLASS_SOURCE_CLIP)) {
		*rel = pos;
		return seg;
	}
	if (aafobj_isa(seg, AAF_CLASS_SEQUENCE)) {
		int64_t at = 0;

		n = aafobj_strong_list(seg, PID_SEQUENCE_COMPONENTS, &items);
		for (size_t i = 0; i < n && !found && at < TL_POS_LIMIT && at > -TL_POS_LIMIT; i++) {
			int64_t len = chain_comp_length(items[i]);

			if (aafobj_isa(items[i], AAF_CLASS_TRANSITION)) {
				at -= len;
				continue;
			}
			if (pos >= at && pos < at + len)
				found = segment_at(t, items[i], pos - at, rel, depth + 1);
			at += len;
		}
		free(items);
		return found;
	}
	if (aafobj_isa(seg, AAF_CLASS_OPERATION_GROUP)) {
		n = aafobj_strong_list(seg, PID_OPGROUP_INPUTS, &items);
		if (n)
			found = segment_at(t, items[0], pos, rel, depth + 1);
		free(items);
		return found;
	}
	if (aafobj_isa(seg, AAF_CLASS_SELECTOR))
		return segment_at(t, aafobj_strong(seg, PID_SELECTOR_SELECTED), pos, rel, depth + 1);
	if (aafobj_isa(seg, AAF_CLASS_ESSENCE_GROUP)) {
		n = aafobj_strong_list(seg, PID_ESSENCEGROUP_CHOICES, &items);
		if (n)
			found = segment_at(t, items[0], pos, rel, depth + 1);
		free(items);
		return found;
	}
	if (aafobj_isa(seg, AAF_CLASS_NESTED_SCOPE)) {
		n = aafobj_strong_list(seg, PID_NESTEDSCOPE_SLOTS, &items);
		if (n)
			found = segment_at(t, items[n - 1], pos, rel, depth + 1);
		free(items);
		return found;
	}
	return NULL;
}

static void note_name(struct source *src, const struct aaf_obj *mob)
{
	char *name;

	if (src->name)
		return;
	name = aafobj_string(mob, PID_MOB_NAME);
	if (name && *name)
		src->name = name;
	else
		free(name);
}

/*
 * Follows the source clip sc to a file source mob.  A source clip's
 * StartTime counts edit units of its context (the slot it sits in, at
 * ctx); pos is a further offset in those units.  At each hop the position
 * is converted to the referenced slot's rate, which becomes the context
 * of the next clip.  false when the chain ends elsewhere (missing mob,
 * original source, import only).
 */
bool chain_follow(struct tl *t, struct aaf_obj *sc, int64_t pos, struct rational ctx,
		   struct source *src)
{
	for (int hop = 0; hop < TL_MAX_DEPTH; hop++) {
		uint8_t id[32];
		uint32_t slot_id = 0;
		int64_t start = 0, rel = 0;
		struct aaf_obj *mob, *slot, *desc, *leaf;
		struct rational rate;

		if (!aafobj_mobid(sc, PID_SOURCEREF_SOURCE_ID, id) || !(mob = chain_find_mob(t, id)))
			return false;
		aafobj_u32(sc, PID_SOURCEREF_SLOT_ID, &slot_id);
		aafobj_i64(sc, PID_SOURCECLIP_START, &start);
		slot = chain_find_slot(mob, slot_id);
		if (!slot)
			return false;
		rate = chain_slot_rate(slot);
		if (start < -TL_POS_LIMIT || start > TL_POS_LIMIT || pos < -TL_POS_LIMIT || pos > TL_POS_LIMIT)
			return false;
		pos += start;
		if (rational_valid(ctx) && rational_valid(rate))
			pos = rational_rescale(pos, ctx, rate);
		note_name(src, mob);
		if (aafobj_isa(mob, AAF_CLASS_MASTER_MOB) && !src->master_mob) {
			src->master_mob = mob;
			src->master_slot = slot_id;
		}
		desc = aafobj_strong(mob, PID_SOURCEMOB_DESCRIPTOR);
		if (aafobj_isa(mob, AAF_CLASS_SOURCE_MOB) && descriptor_is_file(desc)) {
			src->file_mob = mob;
			src->slot_id = slot_id;
			src->offset = pos;
			src->rate = rate;
			return true;
		}
		leaf = segment_at(t, aafobj_strong(slot, PID_SLOT_SEGMENT), pos, &rel, 0);
		if (!leaf)
			return false;
		pos = rel;
		ctx = rate;
		sc = leaf;
	}
	return false;
}

/* ---- media ------------------------------------------------------------------ */

static struct aaf_obj *essence_for(const struct tl *t, const uint8_t id[32])
{
	for (size_t i = 0; i < t->n_essence; i++) {
		uint8_t eid[32];

		if (aafobj_mobid(t->essence[i], PID_ESSENCEDATA_MOBID, eid) && !memcmp(eid, id, 32))
			return t->essence[i];
	}
	return NULL;
}

static char *first_locator(struct aaf_obj *desc)
{
	struct aaf_obj **locs;
	size_t n = aafobj_strong_list(desc, PID_DESCRIPTOR_LOCATOR, &locs);
	char *url = NULL;

	for (size_t i = 0; i < n && !url; i++) {
		url = aafobj_string(locs[i], PID_NETLOCATOR_URL);
		if (url && !*url) {
			free(url);
			url = NULL;
		}
	}
	free(locs);
	return url;
}

static void remember(struct tl *t, struct aaf_obj *file_mob, int media)
{
	XGROW(t->mobmedia, t->n_mobmedia + 1, t->alloc_mobmedia);
	t->mobmedia[t->n_mobmedia].file_mob = file_mob;
	t->mobmedia[t->n_mobmedia++].media = media;
}

/*
 * The session media index for a file source mob, created on first use.
 * Source mobs that locate the same file (Resolve makes one per channel)
 * share one media: a media is a file.
 */
int chain_media_for(struct tl *t, struct source *src)
{
	struct media *m;
	struct aaf_obj *desc, *ess;
	char *url = NULL;
	int idx;

	for (size_t i = 0; i < t->n_mobmedia; i++)
		if (t->mobmedia[i].file_mob == src->file_mob)
			return t->mobmedia[i].media;
	desc = aafobj_strong(src->file_mob, PID_SOURCEMOB_DESCRIPTOR);
	{
		uint8_t id[32];

		ess = aafobj_mobid(src->file_mob, PID_MOB_ID, id) ? essence_for(t, id) : NULL;
	}
	if (!ess || !aafobj_stream(ess, PID_ESSENCEDATA_DATA)) {
		url = first_locator(desc);
		for (size_t i = 0; url && i < t->s->n_media; i++)
			if (t->s->media[i].url && !strcmp(t->s->media[i].url, url)) {
				remember(t, src->file_mob, (int)i);
				free(url);
				return (int)i;
			}
	}
	m = session_add_media(t->s);
	idx = (int)(t->s->n_media - 1);
	remember(t, src->file_mob, idx);
	m->has_mob_id = aafobj_mobid(src->file_mob, PID_MOB_ID, m->mob_id);
	if (src->master_mob)
		m->has_master_mob_id = aafobj_mobid(src->master_mob, PID_MOB_ID, m->master_mob_id);
	descriptor_read(desc, m);
	if (ess && aafobj_stream(ess, PID_ESSENCEDATA_DATA)) {
		m->embedded = true;
		m->essence_stream = cfb_path(aafobj_stream(ess, PID_ESSENCEDATA_DATA));
		m->status = MEDIA_STATUS_OK;
	} else {
		m->url = url;
	}
	/* the master clip's name (what the editor saw in the bin), else the
	 * file source's own, else the first name met on the way */
	m->name = src->master_mob ? aafobj_string(src->master_mob, PID_MOB_NAME) : NULL;
	if (!m->name || !*m->name) {
		free(m->name);
		m->name = aafobj_string(src->file_mob, PID_MOB_NAME);
	}
	if ((!m->name || !*m->name) && src->name) {
		free(m->name);
		m->name = xstrdup(src->name);
	}
	if (!m->name)
		m->name = xstrdup("");
	return idx;
}

/* Rank (from 1) of slot slot_id among mob's sound slots; 0 when absent. */
static int sound_rank(struct aaf_obj *mob, uint32_t slot_id, int *n_sound)
{
	struct aaf_obj **slots;
	size_t n = aafobj_strong_list(mob, PID_MOB_SLOTS, &slots);
	int rank = 0, found = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t id;
		struct aaf_obj *seg = aafobj_strong(slots[i], PID_SLOT_SEGMENT);

		if (!seg || !chain_is_sound(seg))
			continue;
		rank++;
		if (aafobj_u32(slots[i], PID_SLOT_ID, &id) && id == slot_id)
			found = rank;
	}
	free(slots);
	if (n_sound)
		*n_sound = rank;
	return found;
}

/*
 * Channel of the file that a source chain ends on.  A multichannel file
 * described by a mob with one slot per channel: the slot's rank among its
 * sound slots.  One mob per channel (Resolve): the rank of the master mob
 * slot the chain went through, else of the physical (tape, import) source
 * slot the file mob derives from.  Else 1.
 */
int chain_channel_of(struct tl *t, int media, const struct source *src)
{
	int n_sound = 0, rank, channels;
	struct aaf_obj *slot, *seg, *phys;
	uint8_t id[32];
	uint32_t pslot = 0;

	if (media < 0 || (channels = t->s->media[media].channels) <= 1)
		return 1;
	rank = sound_rank(src->file_mob, src->slot_id, &n_sound);
	if (n_sound > 1)
		return rank > 0 && rank <= channels ? rank : 1;
	if (src->master_mob) {
		rank = sound_rank(src->master_mob, src->master_slot, &n_sound);
		if (n_sound > 1 && rank > 0 && rank <= channels)
			return rank;
	}
	slot = chain_find_slot(src->file_mob, src->slot_id);
	seg = slot ? aafobj_strong(slot, PID_SLOT_SEGMENT) : NULL;
	if (!seg || !aafobj_isa(seg, AAF_CLASS_SOURCE_CLIP) ||
	    !aafobj_mobid(seg, PID_SOURCEREF_SOURCE_ID, id) || !(phys = chain_find_mob(t, id)) ||
	    !aafobj_u32(seg, PID_SOURCEREF_SLOT_ID, &pslot))
		return 1;
	rank = sound_rank(phys, pslot, &n_sound);
	return n_sound > 1 && rank > 0 && rank <= channels ? rank : 1;
}

void chain_note_essence(struct tl *t, const struct source *src, int media)
{
	for (size_t i = 0; i < t->n_uses; i++)
		if (t->uses[i].file_mob == src->file_mob && t->uses[i].slot_id == src->slot_id)
			return;
	XGROW(t->uses, t->n_uses + 1, t->alloc_uses);
	t->uses[t->n_uses].file_mob = src->file_mob;
	t->uses[t->n_uses].slot_id = src->slot_id;
	t->uses[t->n_uses++].rate = t->s->media[media].sample_rate;
}
