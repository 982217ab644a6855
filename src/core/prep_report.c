/* prep_report.c: report.json and report.txt of prep (see prep_report.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "prep_report.h"
#include "strbuf.h"
#include "timecode.h"
#include "xalloc.h"

void prep_report_push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void prep_report_release(struct prep_report *r)
{
	for (size_t i = 0; i < r->n_clips; i++) {
		struct prep_clip *c = &r->clips[i];

		free(c->name);
		free(c->media);
		free(c->template_track);
		free_list(c->problems, c->n_problems);
		for (size_t k = 0; k < c->n_fixes; k++) {
			free(c->fixes[k].fix);
			free(c->fixes[k].detail);
		}
		free(c->fixes);
	}
	free(r->clips);
	free_list(r->notes, r->n_notes);
	r->clips = NULL;
	r->notes = NULL;
	r->n_clips = r->n_notes = 0;
}

void prep_report_add_fix(struct prep_clip *c, const char *fix, bool applied, const char *by,
			 const char *detail)
{
	c->fixes = xreallocarray(c->fixes, c->n_fixes + 1, sizeof(*c->fixes));
	c->fixes[c->n_fixes++] = (struct prep_fix){ xstrdup(fix), applied, by,
						    detail ? xstrdup(detail) : NULL };
}

static void json_fixes(struct json_writer *w, const struct prep_clip *c)
{
	json_key(w, "fixes");
	json_begin_array(w);
	for (size_t i = 0; i < c->n_fixes; i++) {
		json_begin_object(w);
		json_key(w, "fix");
		json_string(w, c->fixes[i].fix);
		json_key(w, "applied");
		json_bool(w, c->fixes[i].applied);
		json_key(w, "by");
		json_string(w, c->fixes[i].by);
		json_key(w, "detail");
		json_string(w, c->fixes[i].detail);
		json_end_object(w);
	}
	json_end_array(w);
}

static void json_list(struct json_writer *w, const char *key, char *const *v, size_t n)
{
	json_key(w, key);
	json_begin_array(w);
	for (size_t i = 0; i < n; i++)
		json_string(w, v[i]);
	json_end_array(w);
}

static void json_clip(struct json_writer *w, const struct prep_clip *c)
{
	json_begin_object(w);
	json_key(w, "source_track");
	json_int(w, c->source_track);
	json_key(w, "source_index");
	json_int(w, (int64_t)c->source_index);
	json_key(w, "name");
	json_string(w, c->name);
	json_key(w, "start");
	json_int(w, c->start);
	json_key(w, "length");
	json_int(w, c->length);
	json_key(w, "media");
	json_string(w, c->media);
	json_key(w, "class");
	json_string(w, c->has_class ? clip_class_name(c->cls) : NULL);
	json_key(w, "confidence");
	if (c->has_confidence)
		json_double_prec(w, c->confidence, 4);
	else
		json_null(w);
	json_key(w, "decided_by");
	json_string(w, c->human ? "human" : "model");
	json_key(w, "reason");
	json_string(w, mapping_reason_name(c->reason));
	json_key(w, "template_track");
	json_string(w, c->template_track);
	json_list(w, "problems", c->problems, c->n_problems);
	json_fixes(w, c);
	json_end_object(w);
}

/* What the template says of a track beyond its name and kind. */
static void json_track_extras(struct json_writer *w, const struct template_track *tt, bool extra)
{
	json_key(w, "format");
	json_string(w, tt->format == CHANNEL_FORMAT_MONO ? "mono" :
		       tt->format == CHANNEL_FORMAT_STEREO ? "stereo" : channel_format_name(tt->format));
	json_key(w, "colour");
	json_string(w, tt->colour);
	json_key(w, "folder");
	json_string(w, tt->folder);
	json_key(w, "output");
	json_string(w, tt->output);
	json_key(w, "extra");
	json_bool(w, extra);
}

struct totals {
	size_t review, human, by_class[CLIP_CLASS_COUNT], extra;
};

static void count(const struct prep_report *r, struct totals *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < r->n_clips; i++) {
		const struct prep_clip *c = &r->clips[i];

		t->review += c->on_review;
		t->human += c->human;
		if (c->has_class && c->cls < CLIP_CLASS_COUNT)
			t->by_class[c->cls]++;
	}
	for (size_t i = 0; i < r->m->n_tracks; i++)
		t->extra += r->m->tracks[i].extra;
}

static void json_totals(struct json_writer *w, const struct prep_report *r)
{
	struct totals t;

	count(r, &t);
	json_key(w, "totals");
	json_begin_object(w);
	json_key(w, "clips");
	json_int(w, (int64_t)r->n_clips);
	for (int c = 0; c < CLIP_CLASS_COUNT; c++) {
		json_key(w, clip_class_name((enum clip_class)c));
		json_int(w, (int64_t)t.by_class[c]);
	}
	json_key(w, "review");
	json_int(w, (int64_t)t.review);
	json_key(w, "human");
	json_int(w, (int64_t)t.human);
	json_key(w, "fixes");
	json_int(w, (int64_t)r->fixes);
	json_key(w, "missing_media");
	json_int(w, (int64_t)r->missing_media);
	json_key(w, "tracks");
	json_int(w, (int64_t)r->m->n_tracks);
	json_key(w, "extra_tracks");
	json_int(w, (int64_t)t.extra);
	json_end_object(w);
}

char *prep_report_json(const struct prep_report *r, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, true);
	json_begin_object(&w);
	json_key(&w, "version");
	json_int(&w, 1);
	json_key(&w, "template");
	json_string(&w, r->t->name);
	json_key(&w, "input");
	json_string(&w, r->input);
	json_key(&w, "threshold");
	json_double_prec(&w, r->t->threshold, 4);
	json_key(&w, "clips");
	json_begin_array(&w);
	for (size_t i = 0; i < r->n_clips; i++)
		json_clip(&w, &r->clips[i]);
	json_end_array(&w);
	json_key(&w, "tracks");
	json_begin_array(&w);
	for (size_t i = 0; i < r->m->n_tracks; i++) {
		json_begin_object(&w);
		json_key(&w, "name");
		json_string(&w, r->m->tracks[i].name);
		json_key(&w, "kind");
		json_string(&w, template_kind_name(r->t->tracks[r->m->tracks[i].tmpl].kind));
		json_key(&w, "clips");
		json_int(&w, (int64_t)r->m->tracks[i].n_clips);
		json_track_extras(&w, &r->t->tracks[r->m->tracks[i].tmpl], r->m->tracks[i].extra);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_list(&w, "notes", r->notes, r->n_notes);
	json_totals(&w, r);
	json_end_object(&w);
	strbuf_addch(&sb, '\n');
	*len = sb.len;
	return strbuf_detach(&sb);
}

static void text_clip(struct strbuf *sb, const struct prep_report *r, const struct prep_clip *c)
{
	char tc[TIMECODE_BUFSZ] = "";
	char conf[16] = "-";

	timecode_format_samples((struct timecode_fmt){ r->tc_fps, r->drop_frame }, r->edit_rate,
				c->start, r->sample_rate, tc, sizeof(tc));
	if (c->has_confidence)
		snprintf(conf, sizeof(conf), "%.2f", c->confidence);
	strbuf_addf(sb, "A%d.%-4zu %-11s %-28.28s %-9s %5s %-6s -> %s\n", c->source_track,
		    c->source_index, tc, c->name ? c->name : "",
		    c->has_class ? clip_class_name(c->cls) : "-", conf,
		    c->human ? "human" : mapping_reason_name(c->reason),
		    c->template_track ? c->template_track : "");
	for (size_t i = 0; i < c->n_problems; i++)
		strbuf_addf(sb, "           problem: %s\n", c->problems[i]);
	for (size_t i = 0; i < c->n_fixes; i++)
		strbuf_addf(sb, "           fix: %s %s (%s)%s%s\n", c->fixes[i].fix,
			    c->fixes[i].applied ? "applied" : "declined", c->fixes[i].by,
			    c->fixes[i].detail ? ": " : "", c->fixes[i].detail ? c->fixes[i].detail : "");
}

char *prep_report_text(const struct prep_report *r, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct totals t;

	count(r, &t);
	strbuf_addf(&sb, "turnover prep report\n\ninput:     %s\ntemplate:  %s\n"
			 "threshold: %.2f\n\n", r->input, r->t->name, r->t->threshold);
	strbuf_addf(&sb, "%zu clips: %zu dialogue, %zu music, %zu sfx; %zu on the review "
			 "track, %zu decided by a person\n%zu fixes, %zu media files missing, "
			 "%zu tracks (%zu beyond the template's overflow)\n\ntracks:\n",
		    r->n_clips, t.by_class[CLIP_CLASS_DIALOGUE], t.by_class[CLIP_CLASS_MUSIC],
		    t.by_class[CLIP_CLASS_SFX], t.review, t.human, r->fixes, r->missing_media,
		    r->m->n_tracks, t.extra);
	for (size_t i = 0; i < r->m->n_tracks; i++)
		strbuf_addf(&sb, "  %-16s %-12s %zu clips%s\n", r->m->tracks[i].name,
			    template_kind_name(r->t->tracks[r->m->tracks[i].tmpl].kind),
			    r->m->tracks[i].n_clips, r->m->tracks[i].extra ? " (extra)" : "");
	strbuf_addf(&sb, "\nclips:\n");
	for (size_t i = 0; i < r->n_clips; i++)
		text_clip(&sb, r, &r->clips[i]);
	if (r->n_notes)
		strbuf_addf(&sb, "\nnotes:\n");
	for (size_t i = 0; i < r->n_notes; i++)
		strbuf_addf(&sb, "  %s\n", r->notes[i]);
	*len = sb.len;
	return strbuf_detach(&sb);
}
