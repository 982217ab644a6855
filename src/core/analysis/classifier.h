/*
 * classifier.h: the model that turns a clip's feature vector (features.h)
 * into calibrated probabilities of dialogue, music and SFX.
 *
 * The model is data: a small text file written by our own training
 * (train.h), shipped in models/ and installed to $(pkgdatadir).  It holds
 * the feature names it was trained on (a file for another feature set is
 * refused), the standardisation of each feature, one or more small
 * networks (tanh hidden layer, or none: multinomial logistic regression),
 * each seeing its own subset of the features, whose probabilities at a
 * calibrated temperature are averaged.
 * Writing is deterministic: the same model gives the same bytes.
 *
 * Depends on libc, err.h, strbuf.h and features.h.
 */
#ifndef TURNOVER_ANALYSIS_CLASSIFIER_H
#define TURNOVER_ANALYSIS_CLASSIFIER_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"
#include "analysis/features.h"

enum clip_class {
	CLIP_CLASS_DIALOGUE,
	CLIP_CLASS_MUSIC,
	CLIP_CLASS_SFX,
	CLIP_CLASS_COUNT
};

/* "dialogue", "music", "sfx"; "" when out of range. */
const char *clip_class_name(enum clip_class c);

/* The class named name (as clip_class_name() gives it); CLIP_CLASS_COUNT
 * when there is none. */
enum clip_class clip_class_parse(const char *name);

/* Most networks in one model. */
#define CLASSIFIER_MAX_NETS 64

/* One network: standardised features -> hidden (tanh) -> logits.  With
 * hidden == 0 the logits come straight from the features. */
struct classifier_net {
	int hidden;
	double *w1;		/* hidden x FEATURE_COUNT */
	double *b1;		/* hidden */
	double *w2;		/* CLIP_CLASS_COUNT x (hidden, or FEATURE_COUNT) */
	double b2[CLIP_CLASS_COUNT];
};

struct classifier {
	double mean[FEATURE_COUNT];
	double scale[FEATURE_COUNT];	/* 1 / standard deviation */
	double temperature;		/* logits are divided by it */
	int n_nets;
	struct classifier_net *nets;	/* owned */
};

/* A classifier with n_nets (1 .. CLASSIFIER_MAX_NETS) networks of hidden units each (weights zero,
 * scale 1, temperature 1); free with classifier_free(). */
struct classifier *classifier_new(int n_nets, int hidden);

void classifier_free(struct classifier *c);

/* Number of input weights of one network's first layer: hidden x
 * FEATURE_COUNT, or CLIP_CLASS_COUNT x FEATURE_COUNT without a hidden layer. */
size_t classifier_net_params(int hidden);

/* Each network's logits, before the temperature, for a raw feature
 * vector: out gets n_nets x CLIP_CLASS_COUNT values. */
void classifier_logits(const struct classifier *c, const double *v, double *out);

/* Softmax of logits / temperature. */
void classifier_softmax(const double logits[CLIP_CLASS_COUNT], double temperature,
			double p[CLIP_CLASS_COUNT]);

/* The calibrated probabilities from n networks' logits (n x
 * CLIP_CLASS_COUNT): the mean of their softmax at the temperature, so
 * networks that disagree give a guarded answer. */
void classifier_combine(const double *logits, int n, double temperature,
			double p[CLIP_CLASS_COUNT]);

/* Calibrated probabilities for a raw feature vector. */
void classifier_predict(const struct classifier *c, const double *v,
			double p[CLIP_CLASS_COUNT]);

/* Appends the model as text (the file format) to sb. */
void classifier_write(const struct classifier *c, struct strbuf *sb);

/*
 * Writes the model to path (through a temporary file and rename()).
 * errors: ERR_IO.
 */
enum err classifier_save(const struct classifier *c, const char *path, struct errbuf *eb);

/*
 * Parses a model from text (len bytes).  Returns NULL and fills eb
 * (ERR_MODEL) when it is malformed or made for other features.
 */
struct classifier *classifier_parse(const char *text, size_t len, struct errbuf *eb);

/*
 * Loads the model file at path; NULL with eb filled on failure
 * (ERR_MEDIA_MISSING is not used: ERR_NOT_FOUND, ERR_IO, ERR_MODEL).
 */
struct classifier *classifier_load(const char *path, struct errbuf *eb);

/*
 * Loads the shipped model: $TURNOVER_MODEL if set, else
 * $(pkgdatadir)/classifier.model, else the source tree's
 * models/classifier.model (an uninstalled build).  errors as
 * classifier_load(); the message names every place tried.
 */
struct classifier *classifier_load_default(struct errbuf *eb);

#endif
