/*
 * aafmodel.c: the properties and types the writer stores, as the AAF
 * object specification defines them (property and type AUIDs, local ids,
 * names).  Only what turnover writes is listed; the MetaDictionary of a
 * written file describes exactly this subset.
 */
#include "config.h"

#include "aaf/aafmodel.h"

#define AUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) \
	{ a, b, c, { d0, d1, d2, d3, d4, d5, d6, d7 } }
/* baseline property ids: xxxxxxxx-xxxx-xxxx-060e-2b34010101vv */
#define P(a, b, c, v) AUID(a, b, c, 0x06, 0x0e, 0x2b, 0x34, 0x01, 0x01, 0x01, v)
/* baseline type ids: xxxxxxxx-0000-0000-060e-2b3401040101 */
#define TY(a) AUID(a, 0x0000, 0x0000, 0x06, 0x0e, 0x2b, 0x34, 0x01, 0x04, 0x01, 0x01)
#define NITEMS(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))

static const struct aafmodel_enum_item boolean_items[] = {
	{ "False", 0, NULL }, { "True", 1, NULL },
};
static const struct aafmodel_enum_item release_items[] = {
	{ "VersionUnknown", 0, NULL }, { "VersionReleased", 1, NULL }, { "VersionDebug", 2, NULL },
	{ "VersionPatched", 3, NULL }, { "VersionBeta", 4, NULL }, { "VersionPrivateBuild", 5, NULL },
};
static const struct aafmodel_enum_item edit_hint_items[] = {
	{ "NoEditHint", 0, NULL }, { "Proportional", 1, NULL }, { "RelativeLeft", 2, NULL },
	{ "RelativeRight", 3, NULL }, { "RelativeFixed", 4, NULL },
};
static const struct aafmodel_enum_item usage_items[] = {
	{ "Usage_SubClip", 0, &AAF_USAGE_SUB_CLIP },
	{ "Usage_AdjustedClip", 0, &AAF_USAGE_ADJUSTED_CLIP },
	{ "Usage_TopLevel", 0, &AAF_USAGE_TOP_LEVEL },
	{ "Usage_LowerLevel", 0, &AAF_USAGE_LOWER_LEVEL },
	{ "Usage_Template", 0, &AAF_USAGE_TEMPLATE },
};

static const struct aafmodel_member auid_members[] = {
	{ "Data1", AAFT_UINT32 }, { "Data2", AAFT_UINT16 }, { "Data3", AAFT_UINT16 },
	{ "Data4", AAFT_UINT8_ARRAY8 },
};
static const struct aafmodel_member mobid_members[] = {
	{ "SMPTELabel", AAFT_UINT8_ARRAY12 }, { "length", AAFT_UINT8 },
	{ "instanceHigh", AAFT_UINT8 }, { "instanceMid", AAFT_UINT8 },
	{ "instanceLow", AAFT_UINT8 }, { "material", AAFT_AUID },
};
static const struct aafmodel_member rational_members[] = {
	{ "Numerator", AAFT_INT32 }, { "Denominator", AAFT_INT32 },
};
static const struct aafmodel_member product_version_members[] = {
	{ "major", AAFT_UINT16 }, { "minor", AAFT_UINT16 }, { "tertiary", AAFT_UINT16 },
	{ "patchLevel", AAFT_UINT16 }, { "type", AAFT_PRODUCT_RELEASE },
};
static const struct aafmodel_member version_members[] = {
	{ "major", AAFT_INT8 }, { "minor", AAFT_INT8 },
};
static const struct aafmodel_member date_members[] = {
	{ "year", AAFT_INT16 }, { "month", AAFT_UINT8 }, { "day", AAFT_UINT8 },
};
static const struct aafmodel_member time_members[] = {
	{ "hour", AAFT_UINT8 }, { "minute", AAFT_UINT8 }, { "second", AAFT_UINT8 },
	{ "fraction", AAFT_UINT8 },
};
static const struct aafmodel_member timestamp_members[] = {
	{ "date", AAFT_DATE }, { "time", AAFT_TIME },
};
static const struct aafmodel_member rgb_members[] = {
	{ "red", AAFT_UINT16 }, { "green", AAFT_UINT16 }, { "blue", AAFT_UINT16 },
};

#define INT(id, name, sz, sgn) { TY(id), name, AAFK_INTEGER, sz, sgn, 0, 0, 0, 0, NULL, NULL }
#define ELEM(id, name, kind, el) { TY(id), name, kind, 0, false, el, 0, 0, 0, NULL, NULL }
#define ENUM(id, name, items) { TY(id), name, AAFK_ENUM, 0, false, AAFT_UINT8, NITEMS(items), 0, 0, NULL, items }
#define RECORD(id, name, m) { TY(id), name, AAFK_RECORD, 0, false, 0, NITEMS(m), 0, 0, m, NULL }
#define STRONG(id, name, cls) { TY(id), name, AAFK_STRONG_REF, 0, false, 0, 0, cls, 0, NULL, NULL }
#define WEAK(id, name, cls, tgt) { TY(id), name, AAFK_WEAK_REF, 0, false, 0, 0, cls, tgt, NULL, NULL }

static const struct aafmodel_type_def types[AAFT_COUNT] = {
	[AAFT_UINT8] = INT(0x01010100, "aafUInt8", 1, false),
	[AAFT_UINT16] = INT(0x01010200, "aafUInt16", 2, false),
	[AAFT_UINT32] = INT(0x01010300, "aafUInt32", 4, false),
	[AAFT_INT8] = INT(0x01010500, "aafInt8", 1, true),
	[AAFT_INT16] = INT(0x01010600, "aafInt16", 2, true),
	[AAFT_INT32] = INT(0x01010700, "aafInt32", 4, true),
	[AAFT_INT64] = INT(0x01010800, "aafInt64", 8, true),
	[AAFT_CHARACTER] = ELEM(0x01100100, "aafCharacter", AAFK_CHARACTER, 0),
	[AAFT_STRING] = ELEM(0x01100200, "aafString", AAFK_STRING, AAFT_CHARACTER),
	[AAFT_POSITION] = ELEM(0x01012001, "aafPositionType", AAFK_RENAME, AAFT_INT64),
	[AAFT_LENGTH] = ELEM(0x01012002, "aafLengthType", AAFK_RENAME, AAFT_INT64),
	[AAFT_BOOLEAN] = ENUM(0x01040100, "Boolean", boolean_items),
	[AAFT_PRODUCT_RELEASE] = ENUM(0x02010101, "ProductReleaseType", release_items),
	[AAFT_EDIT_HINT] = ENUM(0x02010106, "EditHintType", edit_hint_items),
	[AAFT_USAGE] = { TY(0x02020104), "UsageType", AAFK_EXT_ENUM, 0, false, 0,
			 NITEMS(usage_items), 0, 0, NULL, usage_items },
	[AAFT_AUID] = RECORD(0x01030100, "AUID", auid_members),
	[AAFT_MOBID] = RECORD(0x01030200, "MobIDType", mobid_members),
	[AAFT_RATIONAL] = RECORD(0x03010100, "Rational", rational_members),
	[AAFT_PRODUCT_VERSION] = RECORD(0x03010200, "ProductVersion", product_version_members),
	[AAFT_VERSION] = RECORD(0x03010300, "VersionType", version_members),
	[AAFT_DATE] = RECORD(0x03010500, "DateStruct", date_members),
	[AAFT_TIME] = RECORD(0x03010600, "TimeStruct", time_members),
	[AAFT_TIMESTAMP] = RECORD(0x03010700, "TimeStamp", timestamp_members),
	/* Avid's marker colour */
	[AAFT_RGB_COLOR] = { AUID(0xe96e6d43, 0xc383, 0x11d3, 0xa0, 0x69, 0x00, 0x60, 0x94, 0xeb, 0x75, 0xcb),
			     "RGBColor", AAFK_RECORD, 0, false, 0, NITEMS(rgb_members), 0, 0,
			     rgb_members, NULL },
	[AAFT_UINT8_ARRAY8] = { TY(0x04010800), "aafUInt8Array8", AAFK_FIXED_ARRAY, 0, false,
				AAFT_UINT8, 8, 0, 0, NULL, NULL },
	[AAFT_UINT8_ARRAY12] = { TY(0x04010200), "aafUInt8Array12", AAFK_FIXED_ARRAY, 0, false,
				 AAFT_UINT8, 12, 0, 0, NULL, NULL },
	[AAFT_INT64_ARRAY] = ELEM(0x04010400, "aafInt64Array", AAFK_VARIABLE_ARRAY, AAFT_INT64),
	[AAFT_STRING_ARRAY] = ELEM(0x04010500, "aafStringArray", AAFK_VARIABLE_ARRAY, AAFT_CHARACTER),
	[AAFT_AUID_ARRAY] = ELEM(0x04010600, "aafAUIDArray", AAFK_VARIABLE_ARRAY, AAFT_AUID),
	[AAFT_AUID_SET] = ELEM(0x04030100, "AUIDSet", AAFK_SET, AAFT_AUID),
	[AAFT_UINT32_SET] = ELEM(0x04030200, "UInt32Set", AAFK_SET, AAFT_UINT32),
	[AAFT_DATA_VALUE] = ELEM(0x04100100, "aafDataValue", AAFK_VARIABLE_ARRAY, AAFT_UINT8),
	[AAFT_STREAM] = ELEM(0x04100200, "Stream", AAFK_STREAM, 0),
	[AAFT_INDIRECT] = ELEM(0x04100300, "aafIndirect", AAFK_INDIRECT, 0),

	[AAFT_SR_CONTENT] = STRONG(0x05020100, "ContentStorageStrongReference", AAF_CLASS_CONTENT_STORAGE),
	[AAFT_SR_DICTIONARY] = STRONG(0x05020200, "DictionaryStrongReference", AAF_CLASS_DICTIONARY),
	[AAFT_SR_DESCRIPTOR] = STRONG(0x05020300, "EssenceDescriptorStrongReference", AAF_CLASS_ESSENCE_DESCRIPTOR),
	[AAFT_SR_OPGROUP] = STRONG(0x05020500, "OperationGroupStrongReference", AAF_CLASS_OPERATION_GROUP),
	[AAFT_SR_SEGMENT] = STRONG(0x05020600, "SegmentStrongReference", AAF_CLASS_SEGMENT),
	[AAFT_SR_CLASSDEF] = STRONG(0x05020900, "ClassDefinitionStrongReference", AAF_CLASS_CLASS_DEFINITION),
	[AAFT_SR_COMPONENT] = STRONG(0x05020b00, "ComponentStrongReference", AAF_CLASS_COMPONENT),
	[AAFT_SR_CONTAINERDEF] = STRONG(0x05020c00, "ContainerDefinitionStrongReference", AAF_CLASS_CONTAINER_DEFINITION),
	[AAFT_SR_CONTROLPOINT] = STRONG(0x05020d00, "ControlPointStrongReference", AAF_CLASS_CONTROL_POINT),
	[AAFT_SR_DATADEF] = STRONG(0x05020e00, "DataDefinitionStrongReference", AAF_CLASS_DATA_DEFINITION),
	[AAFT_SR_ESSENCEDATA] = STRONG(0x05020f00, "EssenceDataStrongReference", AAF_CLASS_ESSENCE_DATA),
	[AAFT_SR_IDENT] = STRONG(0x05021000, "IdentificationStrongReference", AAF_CLASS_IDENTIFICATION),
	[AAFT_SR_INTERPDEF] = STRONG(0x05021100, "InterpolationDefinitionStrongReference", AAF_CLASS_INTERPOLATION_DEFINITION),
	[AAFT_SR_LOCATOR] = STRONG(0x05021200, "LocatorStrongReference", AAF_CLASS_LOCATOR),
	[AAFT_SR_MOB] = STRONG(0x05021300, "MobStrongReference", AAF_CLASS_MOB),
	[AAFT_SR_MOBSLOT] = STRONG(0x05021400, "MobSlotStrongReference", AAF_CLASS_MOB_SLOT),
	[AAFT_SR_OPDEF] = STRONG(0x05021500, "OperationDefinitionStrongReference", AAF_CLASS_OPERATION_DEFINITION),
	[AAFT_SR_PARAM] = STRONG(0x05021600, "ParameterStrongReference", AAF_CLASS_PARAMETER),
	[AAFT_SR_PARAMDEF] = STRONG(0x05021700, "ParameterDefinitionStrongReference", AAF_CLASS_PARAMETER_DEFINITION),
	[AAFT_SR_PROPDEF] = STRONG(0x05021900, "PropertyDefinitionStrongReference", AAF_CLASS_PROPERTY_DEFINITION),
	[AAFT_SR_TAGGEDVALUE] = STRONG(0x05021a00, "TaggedValueStrongReference", AAF_CLASS_TAGGED_VALUE),
	[AAFT_SR_TYPEDEF] = STRONG(0x05021b00, "TypeDefinitionStrongReference", AAF_CLASS_TYPE_DEFINITION),

	[AAFT_SRV_COMPONENT] = ELEM(0x05060100, "ComponentStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_COMPONENT),
	[AAFT_SRV_CONTROLPOINT] = ELEM(0x05060200, "ControlPointStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_CONTROLPOINT),
	[AAFT_SRV_IDENT] = ELEM(0x05060300, "IdentificationStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_IDENT),
	[AAFT_SRV_LOCATOR] = ELEM(0x05060400, "LocatorStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_LOCATOR),
	[AAFT_SRV_MOBSLOT] = ELEM(0x05060500, "MobSlotStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_MOBSLOT),
	[AAFT_SRV_SEGMENT] = ELEM(0x05060600, "SegmentStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_SEGMENT),
	[AAFT_SRV_TAGGEDVALUE] = ELEM(0x05060800, "TaggedValueStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_TAGGEDVALUE),
	[AAFT_SRV_PARAM] = ELEM(0x05060a00, "ParameterStrongReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_SR_PARAM),
	[AAFT_SRS_CLASSDEF] = ELEM(0x05050100, "ClassDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_CLASSDEF),
	[AAFT_SRS_CONTAINERDEF] = ELEM(0x05050300, "ContainerDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_CONTAINERDEF),
	[AAFT_SRS_DATADEF] = ELEM(0x05050400, "DataDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_DATADEF),
	[AAFT_SRS_ESSENCEDATA] = ELEM(0x05050500, "EssenceDataStrongReferenceSet", AAFK_SET, AAFT_SR_ESSENCEDATA),
	[AAFT_SRS_INTERPDEF] = ELEM(0x05050600, "InterpolationDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_INTERPDEF),
	[AAFT_SRS_MOB] = ELEM(0x05050700, "MobStrongReferenceSet", AAFK_SET, AAFT_SR_MOB),
	[AAFT_SRS_OPDEF] = ELEM(0x05050800, "OperationDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_OPDEF),
	[AAFT_SRS_PARAMDEF] = ELEM(0x05050900, "ParameterDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_PARAMDEF),
	[AAFT_SRS_PROPDEF] = ELEM(0x05050b00, "PropertyDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_PROPDEF),
	[AAFT_SRS_TYPEDEF] = ELEM(0x05050c00, "TypeDefinitionStrongReferenceSet", AAFK_SET, AAFT_SR_TYPEDEF),

	[AAFT_WR_CLASSDEF] = WEAK(0x05010100, "ClassDefinitionWeakReference", AAF_CLASS_CLASS_DEFINITION, AAFM_TARGET_CLASSDEFS),
	[AAFT_WR_CONTAINERDEF] = WEAK(0x05010200, "ContainerDefinitionWeakReference", AAF_CLASS_CONTAINER_DEFINITION, AAFM_TARGET_CONTAINERDEFS),
	[AAFT_WR_DATADEF] = WEAK(0x05010300, "DataDefinitionWeakReference", AAF_CLASS_DATA_DEFINITION, AAFM_TARGET_DATADEFS),
	[AAFT_WR_INTERPDEF] = WEAK(0x05010500, "InterpolationDefinitionWeakReference", AAF_CLASS_INTERPOLATION_DEFINITION, AAFM_TARGET_INTERPDEFS),
	[AAFT_WR_OPDEF] = WEAK(0x05010700, "OperationDefinitionWeakReference", AAF_CLASS_OPERATION_DEFINITION, AAFM_TARGET_OPDEFS),
	[AAFT_WR_PARAMDEF] = WEAK(0x05010800, "ParameterDefinitionWeakReference", AAF_CLASS_PARAMETER_DEFINITION, AAFM_TARGET_PARAMDEFS),
	[AAFT_WR_TYPEDEF] = WEAK(0x05010900, "TypeDefinitionWeakReference", AAF_CLASS_TYPE_DEFINITION, AAFM_TARGET_TYPEDEFS),
	[AAFT_WRS_PARAMDEF] = ELEM(0x05030e00, "ParameterDefinitionWeakReferenceSet", AAFK_SET, AAFT_WR_PARAMDEF),
	[AAFT_WRV_TYPEDEF] = ELEM(0x05040200, "TypeDefinitionWeakReferenceVector", AAFK_VARIABLE_ARRAY, AAFT_WR_TYPEDEF),
};

#define PR(pid, owner, name, id, type) { pid, AAF_CLASS_##owner, name, id, AAFT_##type, false, false }
#define OPT(pid, owner, name, id, type) { pid, AAF_CLASS_##owner, name, id, AAFT_##type, true, false }
#define KEY(pid, owner, name, id, type) { pid, AAF_CLASS_##owner, name, id, AAFT_##type, false, true }

/* Sorted by pid. */
static const struct aafmodel_prop props[] = {
	/* the root's two references are not described in the file */
	PR(0x0001, UNKNOWN, "MetaDictionary", P(0x0d010301, 0x0101, 0x0100, 0x02), AUID),
	PR(0x0002, UNKNOWN, "Header", P(0x0d010301, 0x0102, 0x0100, 0x02), AUID),
	OPT(0x0003, META_DICTIONARY, "ClassDefinitions", P(0x06010107, 0x0700, 0x0000, 0x02), SRS_CLASSDEF),
	OPT(0x0004, META_DICTIONARY, "TypeDefinitions", P(0x06010107, 0x0800, 0x0000, 0x02), SRS_TYPEDEF),
	KEY(0x0005, META_DEFINITION, "Identification", P(0x06010107, 0x1300, 0x0000, 0x02), AUID),
	PR(0x0006, META_DEFINITION, "Name", P(0x03020401, 0x0201, 0x0000, 0x02), STRING),
	OPT(0x0007, META_DEFINITION, "Description", P(0x06010107, 0x1401, 0x0000, 0x02), STRING),
	PR(0x0008, CLASS_DEFINITION, "ParentClass", P(0x06010107, 0x0100, 0x0000, 0x02), WR_CLASSDEF),
	OPT(0x0009, CLASS_DEFINITION, "Properties", P(0x06010107, 0x0200, 0x0000, 0x02), SRS_PROPDEF),
	PR(0x000A, CLASS_DEFINITION, "IsConcrete", P(0x06010107, 0x0300, 0x0000, 0x02), BOOLEAN),
	PR(0x000B, PROPERTY_DEFINITION, "Type", P(0x06010107, 0x0400, 0x0000, 0x02), AUID),
	PR(0x000C, PROPERTY_DEFINITION, "IsOptional", P(0x03010202, 0x0100, 0x0000, 0x02), BOOLEAN),
	PR(0x000D, PROPERTY_DEFINITION, "LocalIdentification", P(0x06010107, 0x0500, 0x0000, 0x02), UINT16),
	OPT(0x000E, PROPERTY_DEFINITION, "IsUniqueIdentifier", P(0x06010107, 0x0600, 0x0000, 0x02), BOOLEAN),
	PR(0x000F, TYPE_DEF_INTEGER, "Size", P(0x03010203, 0x0100, 0x0000, 0x02), UINT8),
	PR(0x0010, TYPE_DEF_INTEGER, "IsSigned", P(0x03010203, 0x0200, 0x0000, 0x02), BOOLEAN),
	PR(0x0011, TYPE_DEF_STRONG_REF, "ReferencedType", P(0x06010107, 0x0900, 0x0000, 0x02), WR_CLASSDEF),
	PR(0x0012, TYPE_DEF_WEAK_REF, "ReferencedType", P(0x06010107, 0x0a00, 0x0000, 0x02), WR_CLASSDEF),
	PR(0x0013, TYPE_DEF_WEAK_REF, "TargetSet", P(0x03010203, 0x0b00, 0x0000, 0x02), AUID_ARRAY),
	PR(0x0014, TYPE_DEF_ENUM, "ElementType", P(0x06010107, 0x0b00, 0x0000, 0x02), WR_TYPEDEF),
	PR(0x0015, TYPE_DEF_ENUM, "ElementNames", P(0x03010203, 0x0400, 0x0000, 0x02), STRING_ARRAY),
	PR(0x0016, TYPE_DEF_ENUM, "ElementValues", P(0x03010203, 0x0500, 0x0000, 0x02), INT64_ARRAY),
	PR(0x0017, TYPE_DEF_FIXED_ARRAY, "ElementType", P(0x06010107, 0x0c00, 0x0000, 0x02), WR_TYPEDEF),
	PR(0x0018, TYPE_DEF_FIXED_ARRAY, "ElementCount", P(0x03010203, 0x0300, 0x0000, 0x02), UINT32),
	PR(0x0019, TYPE_DEF_VARIABLE_ARRAY, "ElementType", P(0x06010107, 0x0d00, 0x0000, 0x02), WR_TYPEDEF),
	PR(0x001A, TYPE_DEF_SET, "ElementType", P(0x06010107, 0x0e00, 0x0000, 0x02), WR_TYPEDEF),
	PR(0x001B, TYPE_DEF_STRING, "ElementType", P(0x06010107, 0x0f00, 0x0000, 0x02), WR_TYPEDEF),
	PR(0x001C, TYPE_DEF_RECORD, "MemberTypes", P(0x06010107, 0x1100, 0x0000, 0x02), WRV_TYPEDEF),
	PR(0x001D, TYPE_DEF_RECORD, "MemberNames", P(0x03010203, 0x0600, 0x0000, 0x02), STRING_ARRAY),
	PR(0x001E, TYPE_DEF_RENAME, "RenamedType", P(0x06010107, 0x1200, 0x0000, 0x02), WR_TYPEDEF),
	PR(0x001F, TYPE_DEF_EXT_ENUM, "ElementNames", P(0x03010203, 0x0700, 0x0000, 0x02), STRING_ARRAY),
	PR(0x0020, TYPE_DEF_EXT_ENUM, "ElementValues", P(0x03010203, 0x0800, 0x0000, 0x02), AUID_ARRAY),
	PR(0x0201, COMPONENT, "DataDefinition", P(0x04070100, 0x0000, 0x0000, 0x02), WR_DATADEF),
	OPT(0x0202, COMPONENT, "Length", P(0x07020201, 0x0103, 0x0000, 0x02), LENGTH),
	PR(0x0601, EVENT, "Position", P(0x07020103, 0x0303, 0x0000, 0x02), POSITION),
	OPT(0x0602, EVENT, "Comment", P(0x05300404, 0x0100, 0x0000, 0x02), STRING),
	PR(0x0B01, OPERATION_GROUP, "Operation", P(0x05300506, 0x0000, 0x0000, 0x02), WR_OPDEF),
	OPT(0x0B02, OPERATION_GROUP, "InputSegments", P(0x06010104, 0x0602, 0x0000, 0x02), SRV_SEGMENT),
	OPT(0x0B03, OPERATION_GROUP, "Parameters", P(0x06010104, 0x060a, 0x0000, 0x02), SRV_PARAM),
	PR(0x0F01, SELECTOR, "Selected", P(0x06010104, 0x0209, 0x0000, 0x02), SR_SEGMENT),
	OPT(0x0F02, SELECTOR, "Alternates", P(0x06010104, 0x0608, 0x0000, 0x02), SRV_SEGMENT),
	PR(0x1001, SEQUENCE, "Components", P(0x06010104, 0x0609, 0x0000, 0x02), SRV_COMPONENT),
	OPT(0x1101, SOURCE_REFERENCE, "SourceID", P(0x06010103, 0x0100, 0x0000, 0x02), MOBID),
	PR(0x1102, SOURCE_REFERENCE, "SourceMobSlotID", P(0x06010103, 0x0200, 0x0000, 0x02), UINT32),
	OPT(0x1201, SOURCE_CLIP, "StartTime", P(0x07020103, 0x0104, 0x0000, 0x02), POSITION),
	PR(0x1501, TIMECODE, "Start", P(0x07020103, 0x0105, 0x0000, 0x02), POSITION),
	PR(0x1502, TIMECODE, "FPS", P(0x04040101, 0x0206, 0x0000, 0x02), UINT16),
	PR(0x1503, TIMECODE, "Drop", P(0x04040101, 0x0500, 0x0000, 0x01), BOOLEAN),
	PR(0x1801, TRANSITION, "OperationGroup", P(0x06010104, 0x0205, 0x0000, 0x02), SR_OPGROUP),
	PR(0x1802, TRANSITION, "CutPoint", P(0x07020103, 0x0106, 0x0000, 0x02), POSITION),
	PR(0x1901, CONTENT_STORAGE, "Mobs", P(0x06010104, 0x0501, 0x0000, 0x02), SRS_MOB),
	OPT(0x1902, CONTENT_STORAGE, "EssenceData", P(0x06010104, 0x0502, 0x0000, 0x02), SRS_ESSENCEDATA),
	PR(0x1A02, CONTROL_POINT, "Value", P(0x0530050d, 0x0000, 0x0000, 0x02), INDIRECT),
	PR(0x1A03, CONTROL_POINT, "Time", P(0x07020103, 0x1002, 0x0100, 0x02), RATIONAL),
	OPT(0x1A04, CONTROL_POINT, "EditHint", P(0x05300508, 0x0000, 0x0000, 0x02), EDIT_HINT),
	KEY(0x1B01, DEFINITION_OBJECT, "Identification", P(0x01011503, 0x0000, 0x0000, 0x02), AUID),
	PR(0x1B02, DEFINITION_OBJECT, "Name", P(0x01070102, 0x0301, 0x0000, 0x02), STRING),
	OPT(0x1B03, DEFINITION_OBJECT, "Description", P(0x03020301, 0x0201, 0x0000, 0x02), STRING),
	PR(0x1E01, OPERATION_DEFINITION, "DataDefinition", P(0x05300509, 0x0000, 0x0000, 0x02), WR_DATADEF),
	OPT(0x1E02, OPERATION_DEFINITION, "IsTimeWarp", P(0x05300503, 0x0000, 0x0000, 0x01), BOOLEAN),
	PR(0x1E07, OPERATION_DEFINITION, "NumberInputs", P(0x05300504, 0x0000, 0x0000, 0x01), INT32),
	OPT(0x1E08, OPERATION_DEFINITION, "Bypass", P(0x05300505, 0x0000, 0x0000, 0x01), UINT32),
	OPT(0x1E09, OPERATION_DEFINITION, "ParametersDefined", P(0x06010104, 0x0302, 0x0000, 0x02), WRS_PARAMDEF),
	PR(0x1F01, PARAMETER_DEFINITION, "Type", P(0x06010104, 0x0106, 0x0000, 0x02), WR_TYPEDEF),
	OPT(0x1F03, PARAMETER_DEFINITION, "DisplayUnits", P(0x0530050b, 0x0100, 0x0000, 0x02), STRING),
	OPT(0x2401, CONTAINER_DEFINITION, "EssenceIsIdentified", P(0x03010201, 0x0300, 0x0000, 0x01), BOOLEAN),
	OPT(0x2603, DICTIONARY, "OperationDefinitions", P(0x06010104, 0x0503, 0x0000, 0x02), SRS_OPDEF),
	OPT(0x2604, DICTIONARY, "ParameterDefinitions", P(0x06010104, 0x0504, 0x0000, 0x02), SRS_PARAMDEF),
	OPT(0x2605, DICTIONARY, "DataDefinitions", P(0x06010104, 0x0505, 0x0000, 0x02), SRS_DATADEF),
	OPT(0x2608, DICTIONARY, "ContainerDefinitions", P(0x06010104, 0x0508, 0x0000, 0x02), SRS_CONTAINERDEF),
	OPT(0x2609, DICTIONARY, "InterpolationDefinitions", P(0x06010104, 0x0509, 0x0000, 0x02), SRS_INTERPDEF),
	KEY(0x2701, ESSENCE_DATA, "MobID", P(0x06010106, 0x0100, 0x0000, 0x02), MOBID),
	PR(0x2702, ESSENCE_DATA, "Data", P(0x04070200, 0x0000, 0x0000, 0x02), STREAM),
	OPT(0x2F01, ESSENCE_DESCRIPTOR, "Locator", P(0x06010104, 0x0603, 0x0000, 0x02), SRV_LOCATOR),
	PR(0x3001, FILE_DESCRIPTOR, "SampleRate", P(0x04060101, 0x0000, 0x0000, 0x01), RATIONAL),
	PR(0x3002, FILE_DESCRIPTOR, "Length", P(0x04060102, 0x0000, 0x0000, 0x01), LENGTH),
	OPT(0x3004, FILE_DESCRIPTOR, "ContainerFormat", P(0x06010104, 0x0102, 0x0000, 0x02), WR_CONTAINERDEF),
	PR(0x3101, AIFC_DESCRIPTOR, "Summary", P(0x03030302, 0x0200, 0x0000, 0x02), DATA_VALUE),
	PR(0x3801, WAVE_DESCRIPTOR, "Summary", P(0x03030302, 0x0100, 0x0000, 0x02), DATA_VALUE),
	PR(0x3B01, HEADER, "ByteOrder", P(0x03010201, 0x0200, 0x0000, 0x01), INT16),
	PR(0x3B02, HEADER, "LastModified", P(0x07020110, 0x0204, 0x0000, 0x02), TIMESTAMP),
	PR(0x3B03, HEADER, "Content", P(0x06010104, 0x0201, 0x0000, 0x02), SR_CONTENT),
	PR(0x3B04, HEADER, "Dictionary", P(0x06010104, 0x0202, 0x0000, 0x02), SR_DICTIONARY),
	PR(0x3B05, HEADER, "Version", P(0x03010201, 0x0500, 0x0000, 0x02), VERSION),
	PR(0x3B06, HEADER, "IdentificationList", P(0x06010104, 0x0604, 0x0000, 0x02), SRV_IDENT),
	OPT(0x3B07, HEADER, "ObjectModelVersion", P(0x03010201, 0x0400, 0x0000, 0x02), UINT32),
	OPT(0x3B09, HEADER, "OperationalPattern", P(0x01020203, 0x0000, 0x0000, 0x05), AUID),
	OPT(0x3B0A, HEADER, "EssenceContainers", P(0x01020210, 0x0201, 0x0000, 0x05), AUID_SET),
	OPT(0x3B0B, HEADER, "DescriptiveSchemes", P(0x01020210, 0x0202, 0x0000, 0x05), AUID_SET),
	PR(0x3C01, IDENTIFICATION, "CompanyName", P(0x05200701, 0x0201, 0x0000, 0x02), STRING),
	PR(0x3C02, IDENTIFICATION, "ProductName", P(0x05200701, 0x0301, 0x0000, 0x02), STRING),
	OPT(0x3C03, IDENTIFICATION, "ProductVersion", P(0x05200701, 0x0400, 0x0000, 0x02), PRODUCT_VERSION),
	PR(0x3C04, IDENTIFICATION, "ProductVersionString", P(0x05200701, 0x0501, 0x0000, 0x02), STRING),
	PR(0x3C05, IDENTIFICATION, "ProductID", P(0x05200701, 0x0700, 0x0000, 0x02), AUID),
	PR(0x3C06, IDENTIFICATION, "Date", P(0x07020110, 0x0203, 0x0000, 0x02), TIMESTAMP),
	OPT(0x3C07, IDENTIFICATION, "ToolkitVersion", P(0x05200701, 0x0a00, 0x0000, 0x02), PRODUCT_VERSION),
	OPT(0x3C08, IDENTIFICATION, "Platform", P(0x05200701, 0x0601, 0x0000, 0x02), STRING),
	PR(0x3C09, IDENTIFICATION, "GenerationAUID", P(0x05200701, 0x0100, 0x0000, 0x02), AUID),
	PR(0x3D01, SOUND_DESCRIPTOR, "QuantizationBits", P(0x04020303, 0x0400, 0x0000, 0x04), UINT32),
	OPT(0x3D02, SOUND_DESCRIPTOR, "Locked", P(0x04020301, 0x0400, 0x0000, 0x04), BOOLEAN),
	PR(0x3D03, SOUND_DESCRIPTOR, "AudioSamplingRate", P(0x04020301, 0x0101, 0x0000, 0x05), RATIONAL),
	PR(0x3D07, SOUND_DESCRIPTOR, "Channels", P(0x04020101, 0x0400, 0x0000, 0x05), UINT32),
	PR(0x3D09, PCM_DESCRIPTOR, "AverageBPS", P(0x04020303, 0x0500, 0x0000, 0x05), UINT32),
	PR(0x3D0A, PCM_DESCRIPTOR, "BlockAlign", P(0x04020302, 0x0100, 0x0000, 0x05), UINT16),
	PR(0x4001, NETWORK_LOCATOR, "URLString", P(0x01020101, 0x0100, 0x0000, 0x01), STRING),
	KEY(0x4401, MOB, "MobID", P(0x01011510, 0x0000, 0x0000, 0x01), MOBID),
	OPT(0x4402, MOB, "Name", P(0x01030302, 0x0100, 0x0000, 0x01), STRING),
	PR(0x4403, MOB, "Slots", P(0x06010104, 0x0605, 0x0000, 0x02), SRV_MOBSLOT),
	PR(0x4404, MOB, "LastModified", P(0x07020110, 0x0205, 0x0000, 0x02), TIMESTAMP),
	PR(0x4405, MOB, "CreationTime", P(0x07020110, 0x0103, 0x0000, 0x02), TIMESTAMP),
	OPT(0x4408, MOB, "UsageCode", P(0x05010108, 0x0000, 0x0000, 0x07), USAGE),
	PR(0x4701, SOURCE_MOB, "EssenceDescription", P(0x06010104, 0x0203, 0x0000, 0x02), SR_DESCRIPTOR),
	PR(0x4801, MOB_SLOT, "SlotID", P(0x01070101, 0x0000, 0x0000, 0x02), UINT32),
	OPT(0x4802, MOB_SLOT, "SlotName", P(0x01070102, 0x0100, 0x0000, 0x02), STRING),
	PR(0x4803, MOB_SLOT, "Segment", P(0x06010104, 0x0204, 0x0000, 0x02), SR_SEGMENT),
	OPT(0x4804, MOB_SLOT, "PhysicalTrackNumber", P(0x01040103, 0x0000, 0x0000, 0x02), UINT32),
	PR(0x4901, EVENT_MOB_SLOT, "EditRate", P(0x05300402, 0x0000, 0x0000, 0x02), RATIONAL),
	PR(0x4B01, TIMELINE_MOB_SLOT, "EditRate", P(0x05300405, 0x0000, 0x0000, 0x02), RATIONAL),
	PR(0x4B02, TIMELINE_MOB_SLOT, "Origin", P(0x07020103, 0x0103, 0x0000, 0x02), POSITION),
	PR(0x4C01, PARAMETER, "Definition", P(0x06010104, 0x0104, 0x0000, 0x02), AUID),
	PR(0x4D01, CONSTANT_VALUE, "Value", P(0x05300507, 0x0000, 0x0000, 0x02), INDIRECT),
	PR(0x4E01, VARYING_VALUE, "Interpolation", P(0x06010104, 0x0105, 0x0000, 0x02), WR_INTERPDEF),
	PR(0x4E02, VARYING_VALUE, "PointList", P(0x06010104, 0x0606, 0x0000, 0x02), SRV_CONTROLPOINT),
	PR(0x5001, TAGGED_VALUE, "Name", P(0x03020102, 0x0901, 0x0000, 0x02), STRING),
	PR(0x5003, TAGGED_VALUE, "Value", P(0x03020102, 0x0a01, 0x0000, 0x02), INDIRECT),
	OPT(0x6102, DESCRIPTIVE_MARKER, "DescribedSlots", P(0x01070105, 0x0000, 0x0000, 0x04), UINT32_SET),
	/* Avid extensions, as Media Composer defines them (it spells the
	 * marker's user "CommentMarkerUSer"; readers that look properties up
	 * by name try "CommentMarkerUser" first) */
	OPT(0xFFC9, COMPONENT, "ComponentAttributeList",
	    AUID(0x60958184, 0x47b1, 0x11d4, 0xa0, 0x1c, 0x00, 0x04, 0xac, 0x96, 0x9f, 0x50), SRV_TAGGEDVALUE),
	OPT(0xFFDA, COMMENT_MARKER, "CommentMarkerUser",
	    AUID(0xc4c45d9a, 0x0967, 0x11d4, 0xa0, 0x8a, 0x00, 0x60, 0x94, 0xeb, 0x75, 0xcb), STRING),
	OPT(0xFFDB, COMMENT_MARKER, "CommentMarkerColor",
	    AUID(0xe96e6d44, 0xc383, 0x11d3, 0xa0, 0x69, 0x00, 0x60, 0x94, 0xeb, 0x75, 0xcb), RGB_COLOR),
	OPT(0xFFF2, TIMELINE_MOB_SLOT, "TimelineMobAttributeList",
	    AUID(0x107f8331, 0x1914, 0x4234, 0xb2, 0xc4, 0x5a, 0x3e, 0xb7, 0x55, 0xb7, 0xca), SRV_TAGGEDVALUE),
};

static const struct aafmodel_target_def targets[AAFM_TARGET_COUNT] = {
	[AAFM_TARGET_CLASSDEFS] = { { 0x0001, 0x0003, 0 }, 2, 0x0005 },
	[AAFM_TARGET_TYPEDEFS] = { { 0x0001, 0x0004, 0 }, 2, 0x0005 },
	[AAFM_TARGET_DATADEFS] = { { 0x0002, 0x3b04, 0x2605 }, 3, 0x1b01 },
	[AAFM_TARGET_OPDEFS] = { { 0x0002, 0x3b04, 0x2603 }, 3, 0x1b01 },
	[AAFM_TARGET_PARAMDEFS] = { { 0x0002, 0x3b04, 0x2604 }, 3, 0x1b01 },
	[AAFM_TARGET_CONTAINERDEFS] = { { 0x0002, 0x3b04, 0x2608 }, 3, 0x1b01 },
	[AAFM_TARGET_INTERPDEFS] = { { 0x0002, 0x3b04, 0x2609 }, 3, 0x1b01 },
};

const struct aafmodel_type_def *aafmodel_type(enum aafmodel_type t)
{
	return &types[(unsigned)t < AAFT_COUNT ? t : AAFT_UINT8];
}

const struct aafmodel_prop *aafmodel_prop(uint16_t pid)
{
	size_t lo = 0, hi = sizeof(props) / sizeof(props[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (props[mid].pid == pid)
			return &props[mid];
		if (props[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t aafmodel_prop_count(void)
{
	return sizeof(props) / sizeof(props[0]);
}

const struct aafmodel_prop *aafmodel_prop_at(size_t n)
{
	return n < aafmodel_prop_count() ? &props[n] : NULL;
}

const struct aafmodel_target_def *aafmodel_target(enum aafmodel_target t)
{
	return &targets[(unsigned)t < AAFM_TARGET_COUNT ? t : 0];
}

bool aafmodel_class_concrete(enum aaf_class k)
{
	switch (k) {
	case AAF_CLASS_UNKNOWN:
	case AAF_CLASS_INTERCHANGE_OBJECT:
	case AAF_CLASS_COMPONENT:
	case AAF_CLASS_SEGMENT:
	case AAF_CLASS_SOURCE_REFERENCE:
	case AAF_CLASS_EVENT:
	case AAF_CLASS_MOB:
	case AAF_CLASS_MOB_SLOT:
	case AAF_CLASS_ESSENCE_DESCRIPTOR:
	case AAF_CLASS_FILE_DESCRIPTOR:
	case AAF_CLASS_DIGITAL_IMAGE_DESCRIPTOR:
	case AAF_CLASS_PHYSICAL_DESCRIPTOR:
	case AAF_CLASS_LOCATOR:
	case AAF_CLASS_DEFINITION_OBJECT:
	case AAF_CLASS_PARAMETER:
	case AAF_CLASS_META_DEFINITION:
	case AAF_CLASS_TYPE_DEFINITION:
		return false;
	default:
		return true;
	}
}
