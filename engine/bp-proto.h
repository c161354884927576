/* bp-proto.h: writing Protocol Buffers messages (the wire format only).
 *
 * Enough of https://protobuf.dev/programming-guides/encoding/ for ONNX
 * files: varints, 64-bit integers, fixed 32-bit floats, length-delimited
 * strings, bytes and nested messages, and packed floats. A nested message
 * is written into its own buffer first, then appended with its length.
 * Debian has no protobuf C library that knows ONNX's schema; the format
 * itself is small.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_PROTO_VARINT = 0,
  BP_PROTO_FIXED64 = 1,
  BP_PROTO_LENGTH = 2,
  BP_PROTO_FIXED32 = 5,
} BpProtoWireType;

void bp_proto_varint  (GByteArray *out, guint64 value);
void bp_proto_tag     (GByteArray *out, guint field, BpProtoWireType wire);
/* int32, int64 and enums: negative numbers take ten bytes, as protobuf has it. */
void bp_proto_int     (GByteArray *out, guint field, gint64 value);
void bp_proto_float   (GByteArray *out, guint field, float value);
void bp_proto_bytes   (GByteArray *out, guint field, const void *data, gsize length);
void bp_proto_string  (GByteArray *out, guint field, const char *text);
/* Appends @message as field @field and frees it. */
void bp_proto_message (GByteArray *out, guint field, GByteArray *message);
/* Little-endian float32 values as one length-delimited field (packed
 * repeated float, or bytes such as ONNX's raw_data). */
void bp_proto_floats  (GByteArray *out, guint field, const float *values, gsize n);

G_END_DECLS
