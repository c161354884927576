#include "bp-proto.h"

#include <string.h>

void
bp_proto_varint (GByteArray *out, guint64 value)
{
  guint8 buf[10];
  guint n = 0;
  do
    {
      guint8 byte = value & 0x7f;
      value >>= 7;
      buf[n++] = value ? byte | 0x80 : byte;
    }
  while (value);
  g_byte_array_append (out, buf, n);
}

void
bp_proto_tag (GByteArray *out, guint field, BpProtoWireType wire)
{
  bp_proto_varint (out, ((guint64) field << 3) | (guint64) wire);
}

void
bp_proto_int (GByteArray *out, guint field, gint64 value)
{
  bp_proto_tag (out, field, BP_PROTO_VARINT);
  bp_proto_varint (out, (guint64) value);
}

void
bp_proto_float (GByteArray *out, guint field, float value)
{
  guint32 bits;
  memcpy (&bits, &value, sizeof bits);
  bits = GUINT32_TO_LE (bits);
  bp_proto_tag (out, field, BP_PROTO_FIXED32);
  g_byte_array_append (out, (const guint8 *) &bits, sizeof bits);
}

void
bp_proto_bytes (GByteArray *out, guint field, const void *data, gsize length)
{
  bp_proto_tag (out, field, BP_PROTO_LENGTH);
  bp_proto_varint (out, length);
  if (length)
    g_byte_array_append (out, data, (guint) length);
}

void
bp_proto_string (GByteArray *out, guint field, const char *text)
{
  bp_proto_bytes (out, field, text, strlen (text));
}

void
bp_proto_message (GByteArray *out, guint field, GByteArray *message)
{
  bp_proto_bytes (out, field, message->data, message->len);
  g_byte_array_unref (message);
}

void
bp_proto_floats (GByteArray *out, guint field, const float *values, gsize n)
{
  bp_proto_tag (out, field, BP_PROTO_LENGTH);
  bp_proto_varint (out, n * sizeof (float));
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;
      memcpy (&bits, &values[i], sizeof bits);
      bits = GUINT32_TO_LE (bits);
      g_byte_array_append (out, (const guint8 *) &bits, sizeof bits);
    }
}
