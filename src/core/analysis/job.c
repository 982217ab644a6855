/*
 * job.c: a session's clips classified on a pool of threads (see job.h).
 *
 * Workers take the next clip by an atomic counter, look it up in the
 * cache, classify it if needed and publish the finished record with a
 * release store of its done flag; readers load that flag with acquire.
 * Content hashes of media files are computed once per file: the first
 * worker that needs one computes it while the others wait on the file's
 * own mutex.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/cache.h"
#include "analysis/essence.h"
#include "analysis/job.h"
#include "xalloc.h"

#define MAX_THREADS 64

struct media_hash {
	pthread_mutex_t lock;
	bool tried;
	enum err err;
	uint64_t content[2];
};

struct work {
	size_t track, clip;
	struct clip_analysis rec;	/* rec.done is published last */
};

struct analysis_job {
	const struct session *s;
	const struct classifier *model;
	char *cache_dir;
	uint64_t version;
	int n_threads;
	pthread_t threads[MAX_THREADS];
	int started;
	struct work *work;		/* every clip, track by track */
	size_t n_work;
	size_t *first;			/* index of each track's first clip in work */
	struct media_hash *hashes;	/* one per session media */
	size_t next;			/* atomic: next work item to take */
	size_t n_done;			/* atomic */
	int cancel;			/* atomic */
};

void analysis_options_init(struct analysis_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->jobs = 0;
	opt->cache_dir = NULL;
}

int analysis_clip_range(const struct session *s, const struct clip *c, int64_t *start,
			int64_t *frames, uint64_t *channel_mask)
{
	const struct track *t = NULL;
	const struct media *m;
	const struct clip_source *src;
	int rate;

	*start = 0;
	*frames = 0;
	*channel_mask = 0;
	if (c->channels < 1 || c->sources[0].media < 0 || (size_t)c->sources[0].media >= s->n_media)
		return -1;
	src = &c->sources[0];
	m = &s->media[src->media];
	rate = m->file.probed && m->file.sample_rate > 0 ? m->file.sample_rate : m->sample_rate;
	if (rate <= 0)
		return -1;
	for (size_t i = 0; i < s->n_tracks && !t; i++)
		if (c >= s->tracks[i].clips && c < s->tracks[i].clips + s->tracks[i].n_clips)
			t = &s->tracks[i];
	*start = rational_valid(src->offset_rate) ?
		rational_rescale(src->offset, src->offset_rate, (struct rational){ rate, 1 }) : 0;
	*frames = t ? rational_rescale(c->length_eu, t->edit_rate, (struct rational){ rate, 1 }) :
		      c->length;
	for (int ch = 0; ch < c->channels; ch++)
		if (c->sources[ch].media == src->media && c->sources[ch].channel >= 1 &&
		    c->sources[ch].channel <= 64)
			*channel_mask |= (uint64_t)1 << (c->sources[ch].channel - 1);
	return src->media;
}

struct analysis_job *analysis_job_new(const struct session *s, const struct classifier *model,
				      const struct analysis_options *opt)
{
	struct analysis_job *j = xcalloc(1, sizeof(*j));
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	j->s = s;
	j->model = model;
	j->cache_dir = opt && opt->cache_dir ? xstrdup(opt->cache_dir) : NULL;
	j->version = cache_version(model);
	j->n_threads = opt && opt->jobs > 0 ? opt->jobs : (int)(cores > 0 ? cores : 1);
	if (j->n_threads > MAX_THREADS)
		j->n_threads = MAX_THREADS;
	j->first = xcalloc(s->n_tracks ? s->n_tracks : 1, sizeof(*j->first));
	for (size_t i = 0; i < s->n_tracks; i++) {
		j->first[i] = j->n_work;
		if (s->tracks[i].kind == TRACK_KIND_AUDIO)
			j->n_work += s->tracks[i].n_clips;
	}
	j->work = xcalloc(j->n_work ? j->n_work : 1, sizeof(*j->work));
	for (size_t i = 0, w = 0; i < s->n_tracks; i++)
		for (size_t k = 0; s->tracks[i].kind == TRACK_KIND_AUDIO && k < s->tracks[i].n_clips; k++) {
			j->work[w].track = i;
			j->work[w++].clip = k;
		}
	j->hashes = xcalloc(s->n_media ? s->n_media : 1, sizeof(*j->hashes));
	for (size_t i = 0; i < s->n_media; i++)
		pthread_mutex_init(&j->hashes[i].lock, NULL);
	return j;
}

static enum err media_hash(struct analysis_job *j, int media, uint64_t out[2], struct errbuf *eb)
{
	struct media_hash *h = &j->hashes[media];
	enum err e;

	pthread_mutex_lock(&h->lock);
	if (!h->tried) {
		h->err = cache_file_hash(j->cache_dir, j->s->media[media].path, h->content, NULL);
		h->tried = true;
	}
	e = h->err;
	memcpy(out, h->content, sizeof(h->content));
	pthread_mutex_unlock(&h->lock);
	if (e)
		err_set(eb, e, "cannot read '%s'", j->s->media[media].path);
	return e;
}

static void fail(struct clip_analysis *rec, enum err e, const char *msg)
{
	rec->err = e;
	rec->error = xstrdup(msg);
}

/* Why a clip has no range to read: no media, or media that is there but
 * unreadable (no rate known). */
static void no_range(const struct session *s, const struct clip *c, struct clip_analysis *rec)
{
	const struct media *m = c->channels >= 1 && c->sources[0].media >= 0 &&
				(size_t)c->sources[0].media < s->n_media ?
				&s->media[c->sources[0].media] : NULL;

	if (!m)
		fail(rec, ERR_MEDIA_MISSING, "the clip plays no known media");
	else if (m->status == MEDIA_STATUS_MISSING)
		fail(rec, ERR_MEDIA_MISSING, m->status_detail ? m->status_detail : "media file not found");
	else
		fail(rec, ERR_MEDIA_UNREADABLE, m->status_detail ? m->status_detail :
		     "media file without a known sample rate");
}

/* Media inside the AAF: read from the AAF file, not cached (the cache is
 * keyed by the content of a media file). */
static void analyse_embedded(struct analysis_job *j, const struct media *m,
			     const struct cache_key *key, struct clip_analysis *rec)
{
	struct decode_reader r;
	struct errbuf eb;

	errbuf_init(&eb);
	rec->path = j->s->file;
	rec->err = essence_reader_open(j->s->file, m, &r, &eb);
	if (!rec->err)
		rec->err = classify_reader(&r, key->start, key->frames, key->channel_mask, j->model,
					   &rec->result, &eb);
	if (rec->err)
		rec->error = xstrdup(errbuf_msg(&eb));
}

static void analyse_one(struct analysis_job *j, struct work *w)
{
	const struct clip *c = &j->s->tracks[w->track].clips[w->clip];
	struct clip_analysis *rec = &w->rec;
	struct cache_key key;
	struct errbuf eb;
	int media;

	errbuf_init(&eb);
	memset(&key, 0, sizeof(key));
	media = analysis_clip_range(j->s, c, &key.start, &key.frames, &key.channel_mask);
	if (media < 0) {
		no_range(j->s, c, rec);
		return;
	}
	rec->path = j->s->media[media].path;
	if (j->s->media[media].embedded) {
		analyse_embedded(j, &j->s->media[media], &key, rec);
		return;
	}
	if (!rec->path || j->s->media[media].status != MEDIA_STATUS_OK) {
		fail(rec, ERR_MEDIA_MISSING, j->s->media[media].status_detail ?
		     j->s->media[media].status_detail : "media file not found");
		return;
	}
	key.version = j->version;
	if (j->cache_dir && media_hash(j, media, key.content, &eb) == ERR_OK &&
	    cache_get(j->cache_dir, &key, &rec->result)) {
		rec->from_cache = true;
		return;
	}
	errbuf_init(&eb);
	rec->err = classify_media_range(rec->path, key.start, key.frames, key.channel_mask,
					j->model, &rec->result, &eb);
	if (rec->err) {
		rec->error = xstrdup(errbuf_msg(&eb));
		return;
	}
	if (j->cache_dir && (key.content[0] || key.content[1]))
		cache_put(j->cache_dir, &key, &rec->result);
}

static void *worker(void *arg)
{
	struct analysis_job *j = arg;

	for (;;) {
		size_t i;

		if (__atomic_load_n(&j->cancel, __ATOMIC_RELAXED))
			break;
		i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
		if (i >= j->n_work)
			break;
		analyse_one(j, &j->work[i]);
		__atomic_store_n(&j->work[i].rec.done, true, __ATOMIC_RELEASE);
		__atomic_add_fetch(&j->n_done, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

enum err analysis_job_start(struct analysis_job *j, struct errbuf *eb)
{
	if (j->started)
		return err_set(eb, ERR_INVALID, "analysis already started");
	for (int i = 0; i < j->n_threads; i++) {
		if (pthread_create(&j->threads[i], NULL, worker, j) != 0)
			break;
		j->started++;
	}
	if (!j->started)
		return err_set(eb, ERR_IO, "cannot start an analysis thread");
	return ERR_OK;
}

static void join_all(struct analysis_job *j)
{
	for (int i = 0; i < j->started; i++)
		pthread_join(j->threads[i], NULL);
	j->started = -1;
}

enum err analysis_job_run(struct analysis_job *j, struct errbuf *eb)
{
	enum err e = ERR_OK;

	if (!j->started)
		e = analysis_job_start(j, eb);
	if (j->started > 0)
		join_all(j);
	return e;
}

void analysis_job_cancel(struct analysis_job *j)
{
	__atomic_store_n(&j->cancel, 1, __ATOMIC_RELAXED);
}

void analysis_job_progress(const struct analysis_job *j, size_t *done, size_t *total)
{
	*done = __atomic_load_n(&j->n_done, __ATOMIC_ACQUIRE);
	*total = j->n_work;
}

const struct clip_analysis *analysis_job_clip(const struct analysis_job *j, size_t track,
					      size_t clip)
{
	const struct work *w;

	if (track >= j->s->n_tracks || clip >= j->s->tracks[track].n_clips ||
	    j->s->tracks[track].kind != TRACK_KIND_AUDIO)
		return NULL;
	w = &j->work[j->first[track] + clip];
	return __atomic_load_n(&w->rec.done, __ATOMIC_ACQUIRE) ? &w->rec : NULL;
}

void analysis_job_free(struct analysis_job *j)
{
	if (!j)
		return;
	analysis_job_cancel(j);
	if (j->started > 0)
		join_all(j);
	for (size_t i = 0; i < j->n_work; i++)
		free(j->work[i].rec.error);
	for (size_t i = 0; i < j->s->n_media; i++)
		pthread_mutex_destroy(&j->hashes[i].lock);
	free(j->hashes);
	free(j->work);
	free(j->first);
	free(j->cache_dir);
	free(j);
}
