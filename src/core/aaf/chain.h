/*
 * chain.h: the timeline layer's shared state, and following a source clip
 * down its chain of mobs (master mob, sub-clips) to the file source mob
 * that holds its media, with the media record that file becomes.  Private
 * to src/core/aaf (timeline.c and chain.c); not part of the reader's API.
 */
#ifndef TURNOVER_CHAIN_H
#define TURNOVER_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaf/aaf.h"
#include "aaf/aafobj.h"
#include "aaf/vendor.h"
#include "session.h"

#define TL_MAX_DEPTH 48		/* nesting of segments and mob hops */
#define TL_POS_LIMIT ((int64_t)1 << 50)	/* positions beyond are damage */
/* Segments visited in all: real timelines need a few hundred thousand;
 * a file that asks for more is built to make the reader spin. */
#define TL_WORK_BUDGET 5000000L

struct mobrec {
	uint8_t id[32];
	struct aaf_obj *obj;
};

struct tl {
	struct aaf_file *f;
	struct session *s;
	const struct aaf_options *opt;
	struct mobrec *mobs;		/* sorted by id */
	size_t n_mobs;
	struct aaf_obj **order;		/* the mobs in stored order */
	struct aaf_obj **essence;	/* EssenceData objects */
	size_t n_essence;
	struct mobmedia {
		struct aaf_obj *file_mob;
		int media;
	} *mobmedia;			/* which media each file source mob became */
	size_t n_mobmedia, alloc_mobmedia;
	struct essence_use {
		struct aaf_obj *file_mob;
		uint32_t slot_id;
		int rate;
	} *uses;			/* every (file mob, slot) a clip plays */
	size_t n_uses, alloc_uses;
	enum vendor vendor;
	long work;			/* segment visits left */
};

/* Spends one unit of work; false (for good) once the budget is gone. */
static inline bool tl_spend(struct tl *t)
{
	if (t->work <= 0)
		return false;
	t->work--;
	return true;
}


/* The end of a source chain: a file source mob slot and the offset in it. */
struct source {
	struct aaf_obj *file_mob;
	uint32_t slot_id;
	int64_t offset;			/* in the file mob slot's edit units */
	struct rational rate;
	struct aaf_obj *master_mob;	/* first master mob met, if any */
	uint32_t master_slot;		/* and the slot of it the chain used */
	char *name;			/* name of the first named mob met; owned */
};

/* Indexes the mobs of the content storage (sorted by id, and in stored
 * order) and its essence data. */
void chain_index_mobs(struct tl *t, struct aaf_obj *content);

/* The mob with this MobID, or NULL; the slot of mob with this id, or NULL. */
struct aaf_obj *chain_find_mob(const struct tl *t, const uint8_t id[32]);
struct aaf_obj *chain_find_slot(struct aaf_obj *mob, uint32_t slot_id);

/* A slot's edit rate; {0, 1} when absent or unusable. */
struct rational chain_slot_rate(const struct aaf_obj *slot);

/* Whether a segment carries data of kind a or b; sound; picture. */
bool chain_is_kind(const struct aaf_obj *seg, const struct aaf_auid *a, const struct aaf_auid *b);
bool chain_is_sound(const struct aaf_obj *seg);
bool chain_is_picture(const struct aaf_obj *seg);

/* A component's length, clamped to what a real timeline can hold. */
int64_t chain_comp_length(const struct aaf_obj *c);

/* Follows source clip sc (at pos more edit units of its context rate ctx)
 * to a file source mob; false when the chain ends elsewhere. */
bool chain_follow(struct tl *t, struct aaf_obj *sc, int64_t pos, struct rational ctx,
		  struct source *src);

/* The session media for the file the chain ended on (made on first use). */
int chain_media_for(struct tl *t, struct source *src);

/* The channel of that file the chain plays. */
int chain_channel_of(struct tl *t, int media, const struct source *src);

/* Counts the essence for the session's dominant sample rate. */
void chain_note_essence(struct tl *t, const struct source *src, int media);

#endif
