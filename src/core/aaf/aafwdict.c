/*
 * aafwdict.c: the definitions turnover writes and the Dictionary that
 * holds them, named as Media Composer names them where it writes them.
 */
#include "config.h"

#include <stdlib.h>

#include "aaf/aafwdict.h"

enum def_kind { DEF_DATA, DEF_OP, DEF_PARAM, DEF_INTERP, DEF_CONTAINER };

struct def {
	enum def_kind kind;
	const struct aaf_auid *id;
	const char *name, *description;
	int32_t inputs;			/* operations */
	enum aafwdict_def param;	/* operations: the parameter they define */
};

static const struct def defs[AAFWDICT_COUNT] = {
	[AAFWDICT_DATA_SOUND] = { DEF_DATA, &AAF_DATADEF_SOUND, "Sound", "Sound data", 0, 0 },
	[AAFWDICT_DATA_PICTURE] = { DEF_DATA, &AAF_DATADEF_PICTURE, "Picture", "Picture data", 0, 0 },
	[AAFWDICT_DATA_TIMECODE] = { DEF_DATA, &AAF_DATADEF_TIMECODE, "Timecode", "Timecode data", 0, 0 },
	[AAFWDICT_DATA_DESCRIPTIVE] = { DEF_DATA, &AAF_DATADEF_DESCRIPTIVE_METADATA,
					"DescriptiveMetadata", "Descriptive metadata", 0, 0 },
	[AAFWDICT_OP_GAIN] = { DEF_OP, &AAF_OPDEF_MONO_AUDIO_GAIN, "Mono Audio Gain",
			       "Adjusts the volume of a mono audio clip", 1, AAFWDICT_PARAM_AMPLITUDE },
	[AAFWDICT_OP_PAN] = { DEF_OP, &AAF_OPDEF_MONO_AUDIO_PAN, "Audio Pan",
			      "Places a mono audio clip between left and right", 1, AAFWDICT_PARAM_PAN },
	[AAFWDICT_OP_DISSOLVE] = { DEF_OP, &AAF_OPDEF_MONO_AUDIO_DISSOLVE, "Audio Dissolve",
				   "Fades between two audio segments", 2, AAFWDICT_PARAM_LEVEL },
	[AAFWDICT_OP_COMBINER] = { DEF_OP, &AAF_OPDEF_AUDIO_CHANNEL_COMBINER, "Audio Channel Combiner",
				   "Combines mono channels into one multichannel clip", 1, AAFWDICT_COUNT },
	[AAFWDICT_PARAM_AMPLITUDE] = { DEF_PARAM, &AAF_PARAMDEF_AMPLITUDE, "Amplitude",
				       "Gain as an amplitude ratio", 0, 0 },
	[AAFWDICT_PARAM_PAN] = { DEF_PARAM, &AAF_PARAMDEF_PAN, "Pan",
				 "0 left, 1/2 centre, 1 right", 0, 0 },
	[AAFWDICT_PARAM_LEVEL] = { DEF_PARAM, &AAF_PARAMDEF_LEVEL, "Level",
				   "Mix of the incoming segment, 0 to 1", 0, 0 },
	[AAFWDICT_INTERP_LINEAR] = { DEF_INTERP, &AAF_INTERP_LINEAR, "LinearInterp",
				     "Linear keyframe interpolation", 0, 0 },
	[AAFWDICT_INTERP_POWER] = { DEF_INTERP, &AAF_INTERP_POWER, "PowerInterp",
				    "Power keyframe interpolation", 0, 0 },
	[AAFWDICT_INTERP_LOG] = { DEF_INTERP, &AAF_INTERP_LOG, "LogInterp",
				  "Logarithmic keyframe interpolation", 0, 0 },
	[AAFWDICT_INTERP_BSPLINE] = { DEF_INTERP, &AAF_INTERP_BSPLINE, "BSplineInterp",
				      "B-spline keyframe interpolation", 0, 0 },
	[AAFWDICT_CONTAINER_EXTERNAL] = { DEF_CONTAINER, &AAF_CONTAINERDEF_EXTERNAL,
					  "External Container", "Essence in files of their own", 0, 0 },
	[AAFWDICT_CONTAINER_AAF] = { DEF_CONTAINER, &AAF_CONTAINERDEF_AAF, "AAF Container",
				     "Essence inside this AAF file", 0, 0 },
	[AAFWDICT_CONTAINER_AAF_KLV] = { DEF_CONTAINER, &AAF_CONTAINERDEF_AAF_KLV, "MXF",
					 "Essence in MXF files", 0, 0 },
};

void aafwdict_init(struct aafwdict *d)
{
	for (int i = 0; i < AAFWDICT_COUNT; i++)
		d->used[i] = false;
}

const struct aaf_auid *aafwdict_id(enum aafwdict_def def)
{
	return defs[def].id;
}

void aafwdict_use(struct aafwdict *d, enum aafwdict_def def)
{
	d->used[def] = true;
}

static enum aafmodel_target target_of(enum def_kind k)
{
	switch (k) {
	case DEF_OP: return AAFM_TARGET_OPDEFS;
	case DEF_PARAM: return AAFM_TARGET_PARAMDEFS;
	case DEF_INTERP: return AAFM_TARGET_INTERPDEFS;
	case DEF_CONTAINER: return AAFM_TARGET_CONTAINERDEFS;
	default: return AAFM_TARGET_DATADEFS;
	}
}

void aafwdict_ref(struct aafwdict *d, struct aafwrite_obj *o, uint16_t pid,
		  enum aafwdict_def def)
{
	aafwdict_use(d, def);
	aafwrite_weak_auid(o, pid, target_of(defs[def].kind), defs[def].id);
}

static struct aafwrite_obj *def_object(struct aafwdict *d, enum aafwdict_def i)
{
	static const enum aaf_class classes[] = {
		[DEF_DATA] = AAF_CLASS_DATA_DEFINITION,
		[DEF_OP] = AAF_CLASS_OPERATION_DEFINITION,
		[DEF_PARAM] = AAF_CLASS_PARAMETER_DEFINITION,
		[DEF_INTERP] = AAF_CLASS_INTERPOLATION_DEFINITION,
		[DEF_CONTAINER] = AAF_CLASS_CONTAINER_DEFINITION,
	};
	const struct def *df = &defs[i];
	struct aafwrite_obj *o = aafwrite_obj_new(classes[df->kind]);

	aafwrite_auid(o, PID_DEF_IDENTIFICATION, df->id);
	aafwrite_string(o, PID_DEF_NAME, df->name);
	aafwrite_string(o, PID_DEF_DESCRIPTION, df->description);
	if (df->kind == DEF_OP) {
		aafwdict_ref(d, o, PID_OPDEF_DATADEF, AAFWDICT_DATA_SOUND);
		aafwrite_bool(o, PID_OPDEF_IS_TIME_WARP, false);
		aafwrite_u32(o, PID_OPDEF_NUMBER_INPUTS, (uint32_t)df->inputs);
		if (df->param != AAFWDICT_COUNT) {
			aafwdict_use(d, df->param);
			aafwrite_weak_add(o, PID_OPDEF_PARAMETERS_DEFINED, true, AAFM_TARGET_PARAMDEFS,
					  defs[df->param].id);
		}
	} else if (df->kind == DEF_PARAM) {
		aafwrite_weak_auid(o, PID_PARAMDEF_TYPE, AAFM_TARGET_TYPEDEFS,
				   &aafmodel_type(AAFT_RATIONAL)->id);
	}
	return o;
}

struct aafwrite_obj *aafwdict_build(struct aafwdict *d)
{
	static const uint16_t set_of[] = {
		[DEF_DATA] = PID_DICT_DATADEFS, [DEF_OP] = PID_DICT_OPERATIONDEFS,
		[DEF_PARAM] = PID_DICT_PARAMETERDEFS, [DEF_INTERP] = PID_DICT_INTERPOLATIONDEFS,
		[DEF_CONTAINER] = PID_DICT_CONTAINERDEFS,
	};
	struct aafwrite_obj *dict = aafwrite_obj_new(AAF_CLASS_DICTIONARY);

	/* operations first: they mark the parameters and data kinds they use */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < AAFWDICT_COUNT; i++) {
			if (!d->used[i] || (defs[i].kind == DEF_OP) != (pass == 0))
				continue;
			aafwrite_insert(dict, set_of[defs[i].kind], def_object(d, (enum aafwdict_def)i),
					PID_DEF_IDENTIFICATION);
		}
	return dict;
}

void aafwdict_containers(const struct aafwdict *d, struct aafwrite_obj *o, uint16_t pid)
{
	uint8_t ids[3 * 16];
	size_t n = 0;

	for (int i = 0; i < AAFWDICT_COUNT; i++)
		if (d->used[i] && defs[i].kind == DEF_CONTAINER)
			aaf_auid_encode(ids + 16 * n++, defs[i].id);
	if (n)
		aafwrite_data(o, pid, ids, 16 * n);
}
