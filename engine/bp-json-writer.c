#include "bp-json-writer.h"

#include <math.h>
#include <string.h>

void
bp_json_writer_init (BpJsonWriter *w)
{
  memset (w, 0, sizeof *w);
  w->out = g_string_new (NULL);
}

char *
bp_json_writer_finish (BpJsonWriter *w, gsize *length)
{
  g_assert (w->depth == 0);
  if (length)
    *length = w->out->len;
  char *text = g_string_free (w->out, FALSE);
  w->out = NULL;
  return text;
}

static void
write_quoted (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p; p++)
    switch (*p)
      {
      case '"':  g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

static void
put_key (BpJsonWriter *w, const char *key)
{
  if (w->depth > 0)
    {
      const guint top = w->depth - 1;
      if (!w->empty[top])
        g_string_append_c (w->out, ',');
      if (w->one_line[top])
        {
          if (!w->empty[top])
            g_string_append_c (w->out, ' ');
        }
      else
        {
          g_string_append_c (w->out, '\n');
          for (guint i = 0; i < w->depth; i++)
            g_string_append (w->out, "  ");
        }
      w->empty[top] = FALSE;
    }
  if (key)
    {
      write_quoted (w->out, key);
      g_string_append (w->out, ": ");
    }
}

void
bp_json_open (BpJsonWriter *w, const char *key, char bracket, gboolean one_line)
{
  g_assert (w->depth < BP_JSON_MAX_DEPTH);
  put_key (w, key);
  g_string_append_c (w->out, bracket);
  w->one_line[w->depth] = one_line || (w->depth > 0 && w->one_line[w->depth - 1]);
  w->empty[w->depth] = TRUE;
  w->depth++;
}

void
bp_json_close (BpJsonWriter *w, char bracket)
{
  g_assert (w->depth > 0);
  w->depth--;
  if (!w->empty[w->depth] && !w->one_line[w->depth])
    {
      g_string_append_c (w->out, '\n');
      for (guint i = 0; i < w->depth; i++)
        g_string_append (w->out, "  ");
    }
  g_string_append_c (w->out, bracket);
}

void
bp_json_string (BpJsonWriter *w, const char *key, const char *value)
{
  put_key (w, key);
  if (value)
    write_quoted (w->out, value);
  else
    g_string_append (w->out, "null");
}

void
bp_json_int (BpJsonWriter *w, const char *key, gint64 value)
{
  put_key (w, key);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

/* Seeds are 64-bit: above what JSON readers take as integers, a string. */
void
bp_json_uint64 (BpJsonWriter *w, const char *key, guint64 value)
{
  if (value <= G_MAXINT64)
    bp_json_int (w, key, (gint64) value);
  else
    {
      char buf[32];
      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
      bp_json_string (w, key, buf);
    }
}

void
bp_json_bool (BpJsonWriter *w, const char *key, gboolean value)
{
  put_key (w, key);
  g_string_append (w->out, value ? "true" : "false");
}

void
bp_format_double (char *buf, double value)
{
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

void
bp_format_float (char *buf, float value)
{
  for (int digits = 6; digits <= 9; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if ((float) g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

void
bp_csv_append_field (GString *out, const char *text)
{
  gsize length = strlen (text);
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL ||
                   (length > 0 && (text[0] == ' ' || text[length - 1] == ' '));
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
put_number (BpJsonWriter *w, const char *key, double value, gboolean single)
{
  put_key (w, key);
  if (!isfinite (value))
    {
      g_string_append (w->out, "null");
      return;
    }
  /* "-0" reads back as the integer 0; "-0.0" as the double -0. */
  if (value == 0 && signbit (value))
    {
      g_string_append (w->out, "-0.0");
      return;
    }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (single)
    bp_format_float (buf, (float) value);
  else
    bp_format_double (buf, value);
  g_string_append (w->out, buf);
}

void
bp_json_double (BpJsonWriter *w, const char *key, double value)
{
  put_number (w, key, value, FALSE);
}

void
bp_json_float (BpJsonWriter *w, const char *key, float value)
{
  put_number (w, key, value, TRUE);
}

char *
bp_format_grouped (guint64 value, const char *separator)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  GString *out = g_string_new (NULL);
  gsize len = strlen (plain);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, plain[i]);
    }
  return g_string_free (out, FALSE);
}
